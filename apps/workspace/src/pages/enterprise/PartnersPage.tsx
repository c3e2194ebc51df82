import { Page } from '../../ui/kit';

// To be built.
export function PartnersPage() {
  return <Page title="PartnersPage">{null}</Page>;
}
