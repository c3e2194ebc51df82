import { type FormEvent, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { date } from '../../ui/format';
import { type Column, Field, Page, Table } from '../../ui/kit';
import { PAGE_SIZE, Paged } from '../../ui/Paged';
import { words } from './partner360/words';

type PartnerRow = Schemas['PartnerRow'];
type Tier = Schemas['Tier'];
const TIERS: Tier[] = ['Platinum', 'Gold', 'Silver', 'Bronze', 'Registered'];

function listPartners(query: { q?: string; tier?: Tier; cursor?: string }) {
  return unwrap(api.GET('/v1/partners', { params: { query: { ...query, limit: PAGE_SIZE } } }));
}

// The partners the caller may see, searched by name and filtered by tier as the API allows, each linking to its 360.
export function PartnersPage() {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [tier, setTier] = useState<Tier | ''>('');

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };

  return (
    <Page title="Partners">
      <form className="filters" role="search" aria-label="Find partners" onSubmit={search}>
        <Field label="Name contains">
          {(props) => <input {...props} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />}
        </Field>
        <Field label="Tier">
          {(props) => (
            <select
              {...props}
              value={tier}
              onChange={(e) => setTier(e.target.value as Tier | '')}
            >
              <option value="">Any tier</option>
              {TIERS.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="filter-actions">
          <button type="submit" className="primary">
            Search
          </button>
        </div>
      </form>
      <Paged deps={[q, tier]} empty={q || tier ? 'No partner matches this search.' : 'No partners yet.'} load={(cursor) => listPartners({ q: q || undefined, tier: tier || undefined, cursor })}>
        {(rows) => <PartnerTable rows={rows} />}
      </Paged>
    </Page>
  );
}

function PartnerTable({ rows }: { rows: PartnerRow[] }) {
  // A parent on this page is named; one on another page is still a link, by its short id.
  const names = new Map(rows.map((r) => [r.partnerId, r.name]));
  const columns: Column<PartnerRow>[] = [
    { key: 'name', label: 'Partner', render: (r) => <Link to={`/partners/${r.partnerId}`}>{r.name}</Link> },
    { key: 'type', label: 'Type', render: (r) => words(r.partnerType) },
    { key: 'tier', label: 'Tier', render: (r) => r.tier },
    {
      key: 'parent',
      label: 'Parent',
      render: (r) => (r.parentId ? <Link to={`/partners/${r.parentId}`}>{names.get(r.parentId) ?? 'Parent partner'}</Link> : '—'),
    },
    { key: 'country', label: 'Country', render: (r) => r.country ?? '—' },
    { key: 'industry', label: 'Industry', render: (r) => r.industry ?? '—' },
    { key: 'since', label: 'Registered', render: (r) => date(r.registeredAt) },
  ];
  return <Table caption="Partners" columns={columns} rows={rows} rowKey={(r) => r.partnerId} />;
}
