import { Page } from '../../ui/kit';

// To be built.
export function RegisterDealPage() {
  return <Page title="RegisterDealPage">{null}</Page>;
}
