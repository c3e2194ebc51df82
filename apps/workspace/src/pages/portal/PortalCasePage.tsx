import { Page } from '../../ui/kit';

// To be built.
export function PortalCasePage(props: { caseId: string }) {
  return <Page title="PortalCasePage">{JSON.stringify(props)}</Page>;
}
