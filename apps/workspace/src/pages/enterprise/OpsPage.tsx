import { Page } from '../../ui/kit';

// To be built.
export function OpsPage() {
  return <Page title="OpsPage">{null}</Page>;
}
