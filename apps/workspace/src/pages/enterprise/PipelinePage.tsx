import { Page } from '../../ui/kit';

// To be built.
export function PipelinePage() {
  return <Page title="PipelinePage">{null}</Page>;
}
