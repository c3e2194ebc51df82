import type { ReactNode } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { Link, navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { useApi } from '../../app/use-api';
import { type Column, Page, Show, StatusBadge, Table, Tabs } from '../../ui/kit';
import { date, dateTime, money, shortId } from '../../ui/format';
import { usePartnerNames } from './portal-data';

// The organisation's records as the API scopes them to the caller: its own (and, for a manager, its descendants').

type Names = Map<string, string> | undefined;

function organisation(names: Names, partnerId: string | null): string {
  if (!partnerId) return '—';
  return names?.get(partnerId) ?? shortId(partnerId);
}

function RegistrationsTab({ names }: { names: Names }) {
  const loaded = useApi(() => unwrap(api.GET('/v1/deal-registrations', { params: { query: { sort: 'updatedAt', order: 'desc', limit: 100 } } })), []);
  const columns: Column<Schemas['DealRegistrationRow']>[] = [
    { key: 'customer', label: 'Customer', render: (r) => <Link to={`/portal/registrations/${r.registrationId}`}>{r.customer.companyName}</Link> },
    { key: 'org', label: 'Organisation', render: (r) => organisation(names, r.partnerId) },
    { key: 'type', label: 'Type', render: (r) => r.registrationType },
    {
      key: 'status',
      label: 'Status',
      render: (r) => (
        <>
          <StatusBadge status={r.status} /> {r.inConflict ? <span className="badge badge-conflict">In conflict</span> : null}
        </>
      ),
    },
    { key: 'size', label: 'Estimated size', numeric: true, render: (r) => money(r.estimatedSize) },
    { key: 'close', label: 'Expected close', render: (r) => date(r.expectedCloseDate) },
    { key: 'updated', label: 'Updated', render: (r) => dateTime(r.updatedAt) },
  ];
  return (
    <Show loaded={loaded} empty={(d) => (d.items.length === 0 ? 'No deal registrations yet.' : undefined)}>
      {(d) => <Table caption="Deal registrations" columns={columns} rows={d.items} rowKey={(r) => r.registrationId} />}
    </Show>
  );
}

function OpportunitiesTab({ names }: { names: Names }) {
  const loaded = useApi(() => unwrap(api.GET('/v1/opportunities', { params: { query: { limit: 100 } } })), []);
  const columns: Column<Schemas['OpportunityRow']>[] = [
    { key: 'name', label: 'Opportunity', render: (r) => r.name },
    { key: 'account', label: 'Account', render: (r) => r.accountName },
    { key: 'org', label: 'Organisation', render: (r) => organisation(names, r.channelPartnerId) },
    { key: 'stage', label: 'Stage', render: (r) => <StatusBadge status={r.stage} /> },
    { key: 'amount', label: 'Amount', numeric: true, render: (r) => money(r.amount) },
    { key: 'close', label: 'Expected close', render: (r) => date(r.expectedCloseDate) },
  ];
  return (
    <Show loaded={loaded} empty={(d) => (d.items.length === 0 ? 'No opportunities yet.' : undefined)}>
      {(d) => <Table caption="Opportunities" columns={columns} rows={d.items} rowKey={(r) => r.opportunityId} />}
    </Show>
  );
}

function QuotesTab({ names }: { names: Names }) {
  const loaded = useApi(() => unwrap(api.GET('/v1/quotes', { params: { query: { limit: 100 } } })), []);
  const columns: Column<Schemas['QuoteRow']>[] = [
    { key: 'id', label: 'Quote', render: (r) => shortId(r.quoteId) },
    { key: 'org', label: 'Organisation', render: (r) => organisation(names, r.channelPartnerId) },
    { key: 'status', label: 'Status', render: (r) => <StatusBadge status={r.status} /> },
    { key: 'version', label: 'Version', numeric: true, render: (r) => r.version },
    { key: 'total', label: 'Total', numeric: true, render: (r) => money(r.total) },
    { key: 'valid', label: 'Valid until', render: (r) => date(r.validUntil) },
  ];
  return (
    <Show loaded={loaded} empty={(d) => (d.items.length === 0 ? 'No quotes yet.' : undefined)}>
      {(d) => <Table caption="Quotes" columns={columns} rows={d.items} rowKey={(r) => r.quoteId} />}
    </Show>
  );
}

function OrdersTab({ names }: { names: Names }) {
  const loaded = useApi(() => unwrap(api.GET('/v1/orders', { params: { query: { limit: 100 } } })), []);
  const columns: Column<Schemas['OrderRow']>[] = [
    { key: 'account', label: 'Account', render: (r) => r.account },
    { key: 'org', label: 'Organisation', render: (r) => organisation(names, r.channelPartnerId) },
    { key: 'type', label: 'Type', render: (r) => r.orderType },
    { key: 'status', label: 'Status', render: (r) => <StatusBadge status={r.status} /> },
    { key: 'total', label: 'Total', numeric: true, render: (r) => money(r.total) },
    { key: 'updated', label: 'Updated', render: (r) => dateTime(r.updatedAt) },
  ];
  return (
    <Show loaded={loaded} empty={(d) => (d.items.length === 0 ? 'No orders yet.' : undefined)}>
      {(d) => <Table caption="Orders" columns={columns} rows={d.items} rowKey={(r) => r.orderId} />}
    </Show>
  );
}

function CasesTab({ names }: { names: Names }) {
  const loaded = useApi(() => unwrap(api.GET('/v1/cases', { params: { query: { sort: 'updatedAt', order: 'desc', limit: 100 } } })), []);
  const columns: Column<Schemas['CaseRow']>[] = [
    { key: 'subject', label: 'Subject', render: (r) => <Link to={`/portal/cases/${r.caseId}`}>{r.subject}</Link> },
    { key: 'org', label: 'Organisation', render: (r) => organisation(names, r.partnerId) },
    { key: 'priority', label: 'Priority', render: (r) => r.priority },
    { key: 'status', label: 'Status', render: (r) => <StatusBadge status={r.status} /> },
    { key: 'due', label: 'Resolution due', render: (r) => dateTime(r.resolutionDueAt) },
    { key: 'sla', label: 'SLA', render: (r) => (r.firstResponseBreached || r.resolutionBreached ? <span className="badge badge-failed">Breached</span> : 'On time') },
  ];
  return (
    <Show loaded={loaded} empty={(d) => (d.items.length === 0 ? 'No cases yet.' : undefined)}>
      {(d) => <Table caption="Cases" columns={columns} rows={d.items} rowKey={(r) => r.caseId} />}
    </Show>
  );
}

const TABS: { id: string; label: string; needs: string; Panel: (props: { names: Names }) => ReactNode }[] = [
  { id: 'registrations', label: 'Deal registrations', needs: 'listDealRegistrations', Panel: RegistrationsTab },
  { id: 'opportunities', label: 'Opportunities', needs: 'listOpportunities', Panel: OpportunitiesTab },
  { id: 'quotes', label: 'Quotes', needs: 'listQuotes', Panel: QuotesTab },
  { id: 'orders', label: 'Orders', needs: 'listOrders', Panel: OrdersTab },
  { id: 'cases', label: 'Cases', needs: 'listCases', Panel: CasesTab },
];

export function PortalHome({ tab }: { tab?: string }) {
  const { me, can } = useSession();
  const names = usePartnerNames();
  const tabs = TABS.filter((t) => can(t.needs));
  const selected = tabs.find((t) => t.id === tab)?.id ?? tabs[0]?.id ?? '';
  const actions = (
    <>
      {can('draftDealRegistration') ? (
        <Link className="button primary" to="/portal/register">
          Register a deal
        </Link>
      ) : null}
      {can('openCase') ? (
        <Link className="button" to="/portal/cases/new">
          Open a case
        </Link>
      ) : null}
    </>
  );
  return (
    <Page title={me?.partner?.name ?? 'My organisation'} actions={actions}>
      {tabs.length === 0 ? (
        <p>Your role does not give you any of the organisation's records.</p>
      ) : (
        <Tabs
          selected={selected}
          onSelect={(id) => navigate(`/portal?tab=${id}`)}
          tabs={tabs.map((t) => ({ id: t.id, label: t.label, panel: () => <t.Panel names={names.data} /> }))}
        />
      )}
    </Page>
  );
}
