import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { Link } from '../../../app/router';
import { useSession } from '../../../app/session';
import { useApi } from '../../../app/use-api';
import { date, dateTime, money } from '../../../ui/format';
import { type Column, Empty, StatusBadge, Table } from '../../../ui/kit';
import { CaseDialog, OrderDialog, RegistrationDialog } from './RecordDialogs';
import { PAGE_SIZE, Paged } from '../../../ui/Paged';
import { words } from './words';

type Tabs = Schemas['Partner360']['tabs'];

// The 360's own lists of cases, registrations and orders hold only the latest few: these tabs read the full lists,
// filtered to the partner, a page at a time.

export function CasesTab({ partnerId }: { partnerId: string }) {
  const [open, setOpen] = useState<string>();
  const columns: Column<Schemas['CaseRow']>[] = [
    {
      key: 'subject',
      label: 'Subject',
      render: (c) => (
        <button type="button" className="link-button" onClick={() => setOpen(c.caseId)}>
          {c.subject}
        </button>
      ),
    },
    { key: 'priority', label: 'Priority', render: (c) => c.priority },
    { key: 'status', label: 'Status', render: (c) => <StatusBadge status={c.status} /> },
    { key: 'due', label: 'Resolution due', render: (c) => dateTime(c.resolutionDueAt) },
    { key: 'breached', label: 'SLA', render: (c) => (c.firstResponseBreached || c.resolutionBreached ? <StatusBadge status="Breached" /> : 'On time') },
  ];
  return (
    <>
      <Paged
        deps={[partnerId]}
        empty="No cases for this partner."
        load={(cursor) => unwrap(api.GET('/v1/cases', { params: { query: { partnerId, cursor, limit: PAGE_SIZE, sort: 'updatedAt', order: 'desc' } } }))}
      >
        {(rows) => <Table caption="Cases" columns={columns} rows={rows} rowKey={(c) => c.caseId} />}
      </Paged>
      {open ? <CaseDialog caseId={open} onClose={() => setOpen(undefined)} /> : null}
    </>
  );
}

export function RegistrationsTab({ partnerId }: { partnerId: string }) {
  const [open, setOpen] = useState<string>();
  const columns: Column<Schemas['DealRegistrationRow']>[] = [
    {
      key: 'customer',
      label: 'Customer',
      render: (r) => (
        <button type="button" className="link-button" onClick={() => setOpen(r.registrationId)}>
          {r.customer.companyName}
        </button>
      ),
    },
    { key: 'status', label: 'Status', render: (r) => <StatusBadge status={r.status} /> },
    { key: 'type', label: 'Type', render: (r) => words(r.registrationType) },
    { key: 'size', label: 'Estimated size', numeric: true, render: (r) => money(r.estimatedSize) },
    { key: 'close', label: 'Expected close', render: (r) => date(r.expectedCloseDate) },
    { key: 'conflicts', label: 'Conflicts', numeric: true, render: (r) => r.conflictCount ?? '—' },
  ];
  return (
    <>
    <Paged
      deps={[partnerId]}
      empty="No deal registrations for this partner."
      load={(cursor) => unwrap(api.GET('/v1/deal-registrations', { params: { query: { partnerId, cursor, limit: PAGE_SIZE, sort: 'updatedAt', order: 'desc' } } }))}
    >
      {(rows) => <Table caption="Deal registrations" columns={columns} rows={rows} rowKey={(r) => r.registrationId} />}
    </Paged>
    {open ? <RegistrationDialog registrationId={open} onClose={() => setOpen(undefined)} /> : null}
    </>
  );
}

export function OrdersTab({ partnerId }: { partnerId: string }) {
  const [open, setOpen] = useState<string>();
  const columns: Column<Schemas['OrderRow']>[] = [
    {
      key: 'account',
      label: 'Account',
      render: (o) => (
        <button type="button" className="link-button" onClick={() => setOpen(o.orderId)}>
          {o.account}
        </button>
      ),
    },
    { key: 'status', label: 'Status', render: (o) => <StatusBadge status={o.status} /> },
    { key: 'type', label: 'Type', render: (o) => words(o.orderType) },
    { key: 'total', label: 'Total', numeric: true, render: (o) => money(o.total) },
    { key: 'created', label: 'Created', render: (o) => date(o.createdAt) },
  ];
  return (
    <>
      <Paged
        deps={[partnerId]}
        empty="No orders for this partner."
        load={(cursor) => unwrap(api.GET('/v1/orders', { params: { query: { partnerId, cursor, limit: PAGE_SIZE, sort: 'updatedAt', order: 'desc' } } }))}
      >
        {(rows) => <Table caption="Orders" columns={columns} rows={rows} rowKey={(o) => o.orderId} />}
      </Paged>
      {open ? <OrderDialog orderId={open} onClose={() => setOpen(undefined)} /> : null}
    </>
  );
}

// A program by its name when the caller may read programs, else by its id.
function ProgramName({ programId }: { programId: string }) {
  const { can } = useSession();
  const allowed = can('getProgram');
  const program = useApi(() => (allowed ? unwrap(api.GET('/v1/programs/{programId}', { params: { path: { programId } } })) : Promise.resolve(undefined)), [programId, allowed]);
  return <>{program.data?.name ?? programId}</>;
}

export function PartnershipsTab({ rows }: { rows: Tabs['partnerships'] }) {
  const columns: Column<Tabs['partnerships'][number]>[] = [
    { key: 'program', label: 'Program', render: (p) => <ProgramName programId={p.programId} /> },
    { key: 'tier', label: 'Tier', render: (p) => p.tier },
    { key: 'status', label: 'Status', render: (p) => <StatusBadge status={p.status} /> },
    { key: 'start', label: 'Start date', render: (p) => date(p.startDate) },
  ];
  if (rows.length === 0) return <Empty>No partnerships.</Empty>;
  return <Table caption="Partnerships" columns={columns} rows={rows} rowKey={(p) => `${p.programId}:${p.startDate}`} />;
}

export function ChildPartnersTab({ rows }: { rows: Tabs['childPartners'] }) {
  if (rows.length === 0) return <Empty>No child partners.</Empty>;
  const columns: Column<Tabs['childPartners'][number]>[] = [
    { key: 'name', label: 'Partner', render: (c) => <Link to={`/partners/${c.partnerId}`}>{c.name}</Link> },
    { key: 'tier', label: 'Tier', render: (c) => c.tier },
  ];
  return <Table caption="Child partners" columns={columns} rows={rows} rowKey={(c) => c.partnerId} />;
}

export function SoldProductsTab({ rows }: { rows: Tabs['soldProducts'] }) {
  if (rows.length === 0) return <Empty>No products sold through this partner yet.</Empty>;
  const columns: Column<Tabs['soldProducts'][number]>[] = [
    { key: 'product', label: 'Product', render: (p) => p.product },
    { key: 'quantity', label: 'Quantity', numeric: true, render: (p) => p.quantity },
    { key: 'total', label: 'Total', numeric: true, render: (p) => money({ amountMinor: p.totalMinor, currency: p.currency }) },
  ];
  return <Table caption="Sold products" columns={columns} rows={rows} rowKey={(p) => `${p.product}:${p.currency}`} />;
}
