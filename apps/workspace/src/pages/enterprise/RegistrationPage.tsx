import { Page } from '../../ui/kit';

// To be built.
export function RegistrationPage(props: { registrationId: string }) {
  return <Page title="RegistrationPage">{JSON.stringify(props)}</Page>;
}
