import { Page } from '../../ui/kit';

// To be built.
export function ApprovalQueuePage() {
  return <Page title="ApprovalQueuePage">{null}</Page>;
}
