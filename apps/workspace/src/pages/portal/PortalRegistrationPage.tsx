import { Page } from '../../ui/kit';

// To be built.
export function PortalRegistrationPage(props: { registrationId: string }) {
  return <Page title="PortalRegistrationPage">{JSON.stringify(props)}</Page>;
}
