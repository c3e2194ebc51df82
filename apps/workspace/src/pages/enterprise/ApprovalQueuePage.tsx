import { useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../app/use-api';
import { Link } from '../../app/router';
import { type Column, Empty, ErrorMessage, Field, Loading, Page, StatusBadge, Table } from '../../ui/kit';
import { dateTime, duration, money, shortId } from '../../ui/format';
import { AWAITING_REVIEW, SLA_RUNNING, slaDueAt, statusWords, usePartnerNames, usePrograms } from './registration/lookups';

type Row = Schemas['DealRegistrationRow'];
type SortChoice = 'sla' | 'amount' | 'updated';

// The API's sort for each choice. "SLA due" asks for the oldest submissions first and then orders the page by the
// due time itself, since programs may set different SLAs.
const SORTS: Record<SortChoice, { label: string; sort: 'submittedAt' | 'amount' | 'updatedAt'; order: 'asc' | 'desc' }> = {
  sla: { label: 'SLA due, soonest first', sort: 'submittedAt', order: 'asc' },
  amount: { label: 'Estimated size, largest first', sort: 'amount', order: 'desc' },
  updated: { label: 'Last changed, newest first', sort: 'updatedAt', order: 'desc' },
};

interface Filters {
  status: string;
  partnerId: string;
  sort: SortChoice;
}

// Re-renders every minute, so the time left on each SLA stays current.
function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function FilterBar({ filters, onChange, text, onText, partners }: { filters: Filters; onChange: (f: Filters) => void; text: string; onText: (t: string) => void; partners: Schemas['PartnerRow'][] }) {
  return (
    <form className="filters" role="search" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
      <Field label="Status">
        {(props) => (
          <select {...props} value={filters.status} onChange={(e) => onChange({ ...filters, status: e.target.value })}>
            <option value="">All awaiting a decision</option>
            {AWAITING_REVIEW.map((s) => (
              <option key={s} value={s}>
                {statusWords(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Partner">
        {(props) => (
          <select {...props} value={filters.partnerId} onChange={(e) => onChange({ ...filters, partnerId: e.target.value })}>
            <option value="">All partners</option>
            {partners.map((p) => (
              <option key={p.partnerId} value={p.partnerId}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Customer contains" hint="Searches the rows loaded below.">
        {(props) => <input {...props} type="search" value={text} onChange={(e) => onText(e.target.value)} />}
      </Field>
      <Field label="Sort by">
        {(props) => (
          <select {...props} value={filters.sort} onChange={(e) => onChange({ ...filters, sort: e.target.value as SortChoice })}>
            {Object.entries(SORTS).map(([value, s]) => (
              <option key={value} value={value}>
                {s.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </form>
  );
}

function SlaCell({ due, status, now }: { due: number | undefined; status: string; now: number }) {
  if (!SLA_RUNNING.includes(status)) return <span>Waiting on the partner</span>;
  if (due === undefined) return <span>—</span>;
  const left = due - now;
  return (
    <span className={left < 0 ? 'sla-overdue' : undefined}>
      {left < 0 ? duration(left) : `${duration(left)} left`}
      <br />
      <small>
        due <time dateTime={new Date(due).toISOString()}>{dateTime(new Date(due).toISOString())}</time>
      </small>
    </span>
  );
}

// Registrations waiting for review or approval, the one whose SLA runs out first on top.
export function ApprovalQueuePage() {
  const [filters, setFilters] = useState<Filters>({ status: '', partnerId: '', sort: 'sla' });
  const [text, setText] = useState('');
  const [more, setMore] = useState<{ rows: Row[]; cursor: string | null } | undefined>();
  const [moreError, setMoreError] = useState<unknown>();
  const now = useNow();
  const { partners, names } = usePartnerNames();

  const query = () => ({
    status: filters.status || AWAITING_REVIEW.join(','),
    partnerId: filters.partnerId || undefined,
    sort: SORTS[filters.sort].sort,
    order: SORTS[filters.sort].order,
    limit: 50,
  });
  const list = useApi(() => unwrap(api.GET('/v1/deal-registrations', { params: { query: query() } })), [filters.status, filters.partnerId, filters.sort]);
  useEffect(() => setMore(undefined), [filters.status, filters.partnerId, filters.sort, list.data]);

  const rows = [...(list.data?.items ?? []), ...(more?.rows ?? [])];
  const nextCursor = more ? more.cursor : (list.data?.nextCursor ?? null);
  const programs = usePrograms(rows.map((r) => r.programId));
  const due = (row: Row) => slaDueAt(row.submittedAt, programs.data?.get(row.programId)?.rules.approvalSlaHours);

  const loadMore = async () => {
    if (!nextCursor) return;
    setMoreError(undefined);
    try {
      const page = await unwrap(api.GET('/v1/deal-registrations', { params: { query: { ...query(), cursor: nextCursor } } }));
      setMore({ rows: [...(more?.rows ?? []), ...page.items], cursor: page.nextCursor });
    } catch (error) {
      setMoreError(error);
    }
  };

  const needle = text.trim().toLowerCase();
  const shown = rows.filter((r) => !needle || r.customer.companyName.toLowerCase().includes(needle) || (r.customer.domain ?? '').toLowerCase().includes(needle));
  if (filters.sort === 'sla') shown.sort((a, b) => (due(a) ?? Infinity) - (due(b) ?? Infinity));

  const columns: Column<Row>[] = [
    {
      key: 'customer',
      label: 'Customer',
      render: (r) => (
        <>
          <Link to={`/registrations/${r.registrationId}`}>{r.customer.companyName}</Link>
          {r.customer.domain ? <div className="muted">{r.customer.domain}</div> : null}
        </>
      ),
    },
    { key: 'partner', label: 'Partner', render: (r) => names.get(r.partnerId) ?? shortId(r.partnerId) },
    { key: 'status', label: 'Status', render: (r) => <StatusBadge status={r.status} /> },
    {
      key: 'conflict',
      label: 'Conflict',
      render: (r) => ((r.conflictCount ?? 0) > 0 ? <span className="badge badge-rejected">In conflict ({r.conflictCount})</span> : <span className="muted">None</span>),
    },
    { key: 'size', label: 'Estimated size', numeric: true, render: (r) => money(r.estimatedSize) },
    { key: 'submitted', label: 'Submitted', render: (r) => dateTime(r.submittedAt) },
    { key: 'sla', label: 'Approval SLA', render: (r) => <SlaCell due={due(r)} status={r.status} now={now} /> },
  ];

  return (
    <Page title="Approval queue">
      <p>Deal registrations waiting for a review, an approval or the partner's answer. The SLA is the program's approval time, counted from submission.</p>
      <FilterBar filters={filters} onChange={setFilters} text={text} onText={setText} partners={partners.data?.items ?? []} />
      <ErrorMessage error={partners.error ?? programs.error} />
      {list.data === undefined ? (
        list.error ? <ErrorMessage error={list.error} /> : <Loading what="Loading the queue" />
      ) : (
        <>
          <ErrorMessage error={list.error} />
          <p role="status" className="muted">
            {shown.length} of {rows.length} loaded {rows.length === 1 ? 'registration' : 'registrations'} shown{nextCursor ? '; more to load' : ''}.
          </p>
          {shown.length === 0 ? (
            <Empty>{rows.length === 0 ? 'Nothing is waiting: no registration matches these filters.' : 'No loaded registration matches that customer.'}</Empty>
          ) : (
            <Table caption="Registrations awaiting a decision" columns={columns} rows={shown} rowKey={(r) => r.registrationId} />
          )}
          {nextCursor ? (
            <p>
              <button type="button" onClick={() => void loadMore()}>
                Load more
              </button>
            </p>
          ) : null}
          <ErrorMessage error={moreError} />
        </>
      )}
    </Page>
  );
}
