import { Page } from '../../ui/kit';

// To be built.
export function OpenCasePage() {
  return <Page title="OpenCasePage">{null}</Page>;
}
