import type { ReactNode } from 'react';
import { Link, type Route } from './router';
import { isPartner, useSession } from './session';

interface NavItem {
  to: string;
  label: string;
  // Shown when the caller may call this operation.
  needs: string;
}

const WORKSPACE_NAV: NavItem[] = [
  { to: '/partners', label: 'Partners', needs: 'listPartners' },
  { to: '/approvals', label: 'Approval queue', needs: 'listDealRegistrations' },
  { to: '/pipeline', label: 'Pipeline', needs: 'getPipeline' },
  { to: '/ops', label: 'Ops', needs: 'listProjections' },
];

const PORTAL_NAV: NavItem[] = [
  { to: '/portal', label: 'My organisation', needs: 'listDealRegistrations' },
  { to: '/portal/register', label: 'Register a deal', needs: 'draftDealRegistration' },
  { to: '/portal/cases/new', label: 'Open a case', needs: 'openCase' },
];

function roleWords(role: string): string {
  return role.replace(/_/g, ' ');
}

// "approveDealRegistration" -> "Approve deal registration".
function operationWords(operationId: string): string {
  const words = operationId.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// The frame of every signed-in page: who you are, what you may open, and the page.
export function Shell({ route, children }: { route: Route; children: ReactNode }) {
  const { me, can, signOut } = useSession();
  if (!me) return <>{children}</>;
  const nav = (isPartner(me) ? PORTAL_NAV : WORKSPACE_NAV).filter((item) => can(item.needs));
  const active = (to: string) => route.path === to || (to !== '/portal' && route.path.startsWith(`${to}/`));
  return (
    <div className="shell">
      {/* The routes live in the hash: following "#main" would leave the page, so the link moves the focus itself. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          Channel Ledger <span className="brand-area">{isPartner(me) ? 'Partner portal' : 'Workspace'}</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={active(item.to) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="whoami" aria-label="Signed in as">
          <span className="whoami-name">{me.name ?? me.subject}</span>
          <span className="whoami-role">
            {me.partner ? `${me.partner.name}, ` : ''}
            {me.roles.map(roleWords).join(', ')}
          </span>
          <details className="may-do">
            <summary>What you may do</summary>
            <ul aria-label="What you may do" tabIndex={0}>
              {me.operations.map((op) => (
                <li key={op}>{operationWords(op)}</li>
              ))}
            </ul>
          </details>
          <button type="button" className="link-button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
