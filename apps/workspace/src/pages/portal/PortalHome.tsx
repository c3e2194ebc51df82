import { Page } from '../../ui/kit';

// To be built.
export function PortalHome(props: { tab?: string }) {
  return <Page title="PortalHome">{JSON.stringify(props)}</Page>;
}
