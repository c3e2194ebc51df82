import { api, unwrap, type Schemas } from '../../api/client';
import { Link, navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { useApi } from '../../app/use-api';
import { date, dateTime } from '../../ui/format';
import { Page, Show, Tabs } from '../../ui/kit';
import { KpiTiles } from './partner360/KpiTiles';
import { MembersTab } from './partner360/MembersTab';
import { CasesTab, ChildPartnersTab, OrdersTab, PartnershipsTab, RegistrationsTab, SoldProductsTab } from './partner360/RecordTabs';
import { words } from './partner360/words';

type P360 = Schemas['Partner360'];

// The command center for a channel partner: who they are, how they do, and every record of theirs one click away.
export function Partner360Page({ partnerId, tab }: { partnerId: string; tab?: string }) {
  // Re-read now and then: the partner's staff and the approvers change these figures while the page is open.
  const loaded = useApi(() => unwrap(api.GET('/v1/partners/{partnerId}/360', { params: { path: { partnerId } } })), [partnerId], 30_000);
  return (
    <Show loaded={loaded}>
      {(p) => (
        <Page title={p.profile.name} actions={<Link to="/partners">All partners</Link>}>
          <Profile p={p} />
          <KpiTiles kpis={p.kpis} />
          <PartnerTabs p={p} tab={tab} />
        </Page>
      )}
    </Show>
  );
}

function Profile({ p }: { p: P360 }) {
  const contact = p.tabs.members.find((m) => m.memberId === p.pointOfContact);
  return (
    <dl className="meta panel" aria-label="Profile">
      <div>
        <dt>Type</dt>
        <dd>{words(p.profile.partnerType)}</dd>
      </div>
      <div>
        <dt>Tier</dt>
        <dd>{p.profile.tier}</dd>
      </div>
      <div>
        <dt>Parent</dt>
        <dd>{p.parent ? <Link to={`/partners/${p.parent.partnerId}`}>{p.parent.name}</Link> : 'None'}</dd>
      </div>
      <div>
        <dt>Point of contact</dt>
        <dd>{contact ? `${contact.name} (${contact.email})` : p.pointOfContact ? 'A former member' : 'None named'}</dd>
      </div>
      <div>
        <dt>Country</dt>
        <dd>{p.profile.country ?? '—'}</dd>
      </div>
      <div>
        <dt>Industry</dt>
        <dd>{p.profile.industry ?? '—'}</dd>
      </div>
      <div>
        <dt>Web domain</dt>
        <dd>{p.profile.webDomain ?? '—'}</dd>
      </div>
      <div>
        <dt>Registered</dt>
        <dd>{date(p.profile.registeredAt)}</dd>
      </div>
      <div>
        <dt>Last activity</dt>
        <dd>{dateTime(p.kpis.lastActivityAt)}</dd>
      </div>
    </dl>
  );
}

function PartnerTabs({ p, tab }: { p: P360; tab?: string }) {
  const { can } = useSession();
  const id = p.profile.partnerId;
  const tabs = [
    { id: 'members', label: `Members (${p.tabs.members.length})`, panel: () => <MembersTab partnerId={id} members={p.tabs.members} pointOfContact={p.pointOfContact} /> },
    { id: 'partnerships', label: `Partnerships (${p.tabs.partnerships.length})`, panel: () => <PartnershipsTab rows={p.tabs.partnerships} /> },
    { id: 'children', label: `Child partners (${p.tabs.childPartners.length})`, panel: () => <ChildPartnersTab rows={p.tabs.childPartners} /> },
    ...(can('listCases') ? [{ id: 'cases', label: 'Cases', panel: () => <CasesTab partnerId={id} /> }] : []),
    ...(can('listDealRegistrations') ? [{ id: 'registrations', label: 'Deal registrations', panel: () => <RegistrationsTab partnerId={id} /> }] : []),
    ...(can('listOrders') ? [{ id: 'orders', label: 'Orders', panel: () => <OrdersTab partnerId={id} /> }] : []),
    { id: 'products', label: 'Sold products', panel: () => <SoldProductsTab rows={p.tabs.soldProducts} /> },
  ];
  const selected = tabs.some((t) => t.id === tab) ? (tab as string) : 'members';
  return (
    <section aria-label="Partner records">
      <Tabs tabs={tabs} selected={selected} onSelect={(next) => navigate(`/partners/${id}?tab=${next}`)} />
    </section>
  );
}
