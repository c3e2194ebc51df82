import { Page } from '../../ui/kit';

// To be built.
export function Partner360Page(props: { partnerId: string; tab?: string }) {
  return <Page title="Partner360Page">{JSON.stringify(props)}</Page>;
}
