import { type ReactNode, useEffect, useRef } from 'react';
import { Shell } from './Shell';
import { navigate, type Route, useRoute } from './router';
import { isPartner, useSession } from './session';
import { SignIn } from '../pages/SignIn';
import { NotFound } from '../pages/NotFound';
import { PartnersPage } from '../pages/enterprise/PartnersPage';
import { Partner360Page } from '../pages/enterprise/Partner360Page';
import { ApprovalQueuePage } from '../pages/enterprise/ApprovalQueuePage';
import { RegistrationPage } from '../pages/enterprise/RegistrationPage';
import { PipelinePage } from '../pages/enterprise/PipelinePage';
import { OpsPage } from '../pages/enterprise/OpsPage';
import { PortalHome } from '../pages/portal/PortalHome';
import { RegisterDealPage } from '../pages/portal/RegisterDealPage';
import { PortalRegistrationPage } from '../pages/portal/PortalRegistrationPage';
import { OpenCasePage } from '../pages/portal/OpenCasePage';
import { PortalCasePage } from '../pages/portal/PortalCasePage';

// Which page a route shows. Enterprise users get the workspace, partner staff the portal, and neither the other's.
function workspacePage(route: Route): ReactNode {
  const [top, id] = route.parts;
  if (top === 'partners' && !id) return <PartnersPage />;
  if (top === 'partners' && id) return <Partner360Page partnerId={id} tab={route.query.get('tab') ?? undefined} />;
  if (top === 'approvals') return <ApprovalQueuePage />;
  if (top === 'registrations' && id) return <RegistrationPage registrationId={id} />;
  if (top === 'pipeline') return <PipelinePage />;
  if (top === 'ops') return <OpsPage />;
  return <NotFound />;
}

function portalPage(route: Route): ReactNode {
  const [top, section, id] = route.parts;
  if (top !== 'portal') return <NotFound />;
  if (!section) return <PortalHome tab={route.query.get('tab') ?? undefined} />;
  if (section === 'register') return <RegisterDealPage />;
  if (section === 'registrations' && id) return <PortalRegistrationPage registrationId={id} />;
  if (section === 'cases' && id === 'new') return <OpenCasePage />;
  if (section === 'cases' && id) return <PortalCasePage caseId={id} />;
  return <NotFound />;
}

export function App() {
  const route = useRoute();
  const { me } = useSession();
  const home = isPartner(me) ? '/portal' : '/partners';
  useEffect(() => {
    if (me && (route.path === '/' || route.path === '/signin')) navigate(home);
  }, [me, route.path, home]);
  // Focus moves to the page on each navigation, for keyboard and screen-reader users; not on the first load, where the
  // first Tab should reach the skip link. (Keyed on the path it last saw, so an effect run twice does not count as a
  // navigation.)
  const shownPath = useRef(route.path);
  useEffect(() => {
    if (shownPath.current === route.path) return;
    shownPath.current = route.path;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route.path]);
  if (!me) return <SignIn />;
  return <Shell route={route}>{isPartner(me) ? portalPage(route) : workspacePage(route)}</Shell>;
}
