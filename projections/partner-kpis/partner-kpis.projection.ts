import { Kysely, Transaction, sql } from 'kysely';
import { StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { CLOSED_CASE_STATUSES, CaseEvent, OpportunityEvent, OrderEvent, RegistrationEvent } from '@channel-ledger/domain';
import { Projection } from '@channel-ledger/projection-runner';
import { ReadDB, writeBack } from '@channel-ledger/read-store';
import { STATUS_AFTER } from '../registrations/registrations.projection';
import { ORDER_STATUS_AFTER } from '../sales/sales.projection';
import { PricedLine, lineShares } from '../sales/line-shares';
import { CurrencyRevenue, KpiRecordKind, PartnerKpiRecord, PartnerKpiTables, PartnerKpis } from './partner-kpis.tables';

type DB = ReadDB & PartnerKpiTables;
type KpiEvent = RegistrationEvent | OpportunityEvent | OrderEvent | CaseEvent;

const CASE_STATUS_AFTER: Partial<Record<CaseEvent['type'], string>> = {
  CaseFirstResponseRecorded: 'InProgress',
  CaseResolved: 'Resolved',
  CaseClosed: 'Closed',
  CaseReopened: 'Reopened',
};
const CLOSED_STAGE = ['ClosedWon', 'ClosedLost'];

// The record an event is about, and of which kind (events of other aggregates are not this projection's).
function recordOf(event: StoredEvent): { kind: KpiRecordKind; id: string } | undefined {
  const data = event.data as { registrationId?: string; opportunityId?: string; orderId?: string; caseId?: string };
  if (event.type.startsWith('Registration') && data.registrationId) return { kind: 'registration', id: data.registrationId };
  if (event.type.startsWith('Opportunity') && data.opportunityId) return { kind: 'opportunity', id: data.opportunityId };
  if (/^Order[A-Z]/.test(event.type) && data.orderId) return { kind: 'order', id: data.orderId };
  if (/^Case[A-Z]/.test(event.type) && data.caseId) return { kind: 'case', id: data.caseId };
  return undefined;
}

const linePartners = (channel: string | null, lines: PricedLine[]) => lineShares(channel, lines).line_partner_ids.filter((p): p is string => p !== null);

function created(id: string, kind: KpiRecordKind, partnerId: string | null, status: string, at: Date, position: string): PartnerKpiRecord {
  return {
    record_id: id,
    kind,
    partner_id: partnerId,
    status,
    status_before_hold: null,
    decision: null,
    conflicted: false,
    created_at: at,
    submitted_at: null,
    decided_at: null,
    registration_partner_id: null,
    registration_created_at: null,
    closed_at: null,
    source: null,
    currency: null,
    won_amount_minor: null,
    line_partner_ids: [],
    updated_at: at,
    last_position: position,
  };
}

// What one event leaves a record's row as (undefined: there is no record yet). The same state changes as the
// record tables (registrations, sales, cases) keep, reduced to what the figures need. `registration` finds the
// row of the registration an opportunity comes from.
export function evolveRecord(
  row: PartnerKpiRecord | undefined,
  stored: StoredEvent,
  registration: (id: string) => PartnerKpiRecord | undefined,
): PartnerKpiRecord | undefined {
  const event = { type: stored.type, data: stored.data } as KpiEvent;
  const at = new Date(stored.metadata.occurredAt);
  const position = stored.position;
  switch (event.type) {
    case 'RegistrationDrafted':
      return row ?? created(event.data.registrationId, 'registration', event.data.partnerId, 'Draft', at, position);
    case 'OpportunityCreated': {
      if (row) return row;
      const d = event.data;
      const from = d.registrationId ? registration(d.registrationId) : undefined;
      return {
        ...created(d.opportunityId, 'opportunity', d.channelPartnerId, 'Qualify', at, position),
        registration_partner_id: from?.partner_id ?? null,
        registration_created_at: from?.created_at ?? null,
        source: d.source,
        currency: d.currency,
        line_partner_ids: linePartners(d.channelPartnerId, d.lineItems),
      };
    }
    case 'OrderCreated':
      return row ?? created(event.data.orderId, 'order', event.data.channelPartnerId, 'Draft', at, position);
    case 'CaseOpened':
      return row ?? created(event.data.caseId, 'case', event.data.partnerId, 'New', at, position);
  }
  // A breach is computed when read, from the case's due times: the row does not change.
  if (!row || event.type === 'CaseSlaBreached') return row;
  const touched = { ...row, updated_at: at, last_position: position };
  switch (event.type) {
    case 'RegistrationSubmitted':
      return { ...touched, status: 'Submitted', submitted_at: at };
    case 'RegistrationApproved':
      return { ...touched, status: 'Approved', decision: 'approved', decided_at: at };
    case 'RegistrationRejected':
      return { ...touched, status: 'Rejected', decision: 'rejected', decided_at: at };
    case 'RegistrationConflictDetected':
      return { ...touched, conflicted: touched.conflicted || event.data.matches.length > 0 };
    case 'OpportunityLinesUpdated':
      return { ...touched, line_partner_ids: linePartners(row.partner_id, event.data.lineItems) };
    case 'OpportunityStageChanged':
      return { ...touched, status: event.data.to };
    case 'OpportunityWon':
      return { ...touched, status: 'ClosedWon', won_amount_minor: String(event.data.amountMinor), closed_at: at };
    case 'OpportunityLost':
      return { ...touched, status: 'ClosedLost', closed_at: at };
    case 'CasePutOnHold':
      return { ...touched, status: 'OnHold', status_before_hold: row.status };
    case 'CaseResumed':
      return { ...touched, status: row.status_before_hold ?? 'InProgress', status_before_hold: null };
  }
  const after: Partial<Record<string, string>> = { registration: STATUS_AFTER, order: ORDER_STATUS_AFTER, case: CASE_STATUS_AFTER, opportunity: {} }[row.kind];
  return { ...touched, status: after[event.type] ?? row.status };
}

export function emptyKpis(partnerId: string, position: string): PartnerKpis {
  return {
    partner_id: partnerId,
    registrations_by_state: {},
    registrations_submitted: 0,
    registrations_decided: 0,
    registrations_approved: 0,
    registrations_conflicted: 0,
    opportunities_won: 0,
    opportunities_closed: 0,
    won_with_other_partners_lines: 0,
    revenue: {},
    orders_by_state: {},
    open_cases: 0,
    last_registration_at: null,
    last_record_activity_at: null,
    last_position: position,
  };
}

const later = (a: Date | null, b: Date | null) => (a === null ? b : b === null || a >= b ? a : b);
const bump = (counts: Record<string, number>, key: string, by: number) => {
  const n = (counts[key] ?? 0) + by;
  if (n === 0) delete counts[key];
  else counts[key] = n;
};

// Adds (sign 1) or takes away (sign -1) what one record counts for in its partner's figures. A record moves
// from one state to the next as "take away the row before, add the row after"; every figure is such a sum, but
// the latest times, which only move forward (a record's events are appended in time order).
export function addRecord(kpis: PartnerKpis, record: PartnerKpiRecord, sign: 1 | -1): void {
  if (sign === 1) kpis.last_record_activity_at = later(kpis.last_record_activity_at, record.updated_at);
  switch (record.kind) {
    case 'registration':
      bump(kpis.registrations_by_state, record.status, sign);
      if (record.submitted_at) kpis.registrations_submitted += sign;
      if (record.decision) kpis.registrations_decided += sign;
      if (record.decision === 'approved') kpis.registrations_approved += sign;
      if (record.conflicted) kpis.registrations_conflicted += sign;
      if (sign === 1) kpis.last_registration_at = later(kpis.last_registration_at, record.created_at);
      return;
    case 'opportunity': {
      if (CLOSED_STAGE.includes(record.status)) kpis.opportunities_closed += sign;
      if (record.status !== 'ClosedWon') return;
      kpis.opportunities_won += sign;
      if (record.line_partner_ids.some((p) => p !== record.partner_id)) kpis.won_with_other_partners_lines += sign;
      // Summed as bigint: many won deals of the largest size pass what a double holds exactly.
      const amount = BigInt(record.won_amount_minor ?? 0) * BigInt(sign);
      const add = (total: string) => String(BigInt(total) + amount);
      const currency = record.currency!;
      const r: CurrencyRevenue = kpis.revenue[currency] ?? { sourcedMinor: '0', influencedMinor: '0', wonCount: 0, wonTotalMinor: '0' };
      if (record.source === 'partner_sourced') r.sourcedMinor = add(r.sourcedMinor);
      if (record.source === 'partner_influenced') r.influencedMinor = add(r.influencedMinor);
      r.wonCount += sign;
      r.wonTotalMinor = add(r.wonTotalMinor);
      if (r.wonCount === 0) delete kpis.revenue[currency];
      else kpis.revenue[currency] = r;
      return;
    }
    case 'order':
      bump(kpis.orders_by_state, record.status, sign);
      return;
    case 'case':
      if (!(CLOSED_CASE_STATUSES as readonly string[]).includes(record.status)) kpis.open_cases += sign;
  }
}

// Partner 360's figures as a read model: per batch, the touched records' rows are read once and moved through
// their events in log order; each partner's row then takes away what its records counted for before the batch
// and adds what they count for after it, and both tables are written back in one statement each. A row
// remembers the last event applied to it, so a replayed batch changes nothing.
export const partnerKpisProjection: Projection = {
  name: 'partner_kpis',
  version: 1,
  tables: [
    { name: 'rm_partner_kpi_records', key: ['record_id'] },
    { name: 'rm_partner_kpis', key: ['partner_id'] },
  ],
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_partner_kpi_records, rm_partner_kpis`.execute(trx);
  },
  handles: (event) => recordOf(event) !== undefined,
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    const mine = events.flatMap((event) => {
      const record = recordOf(event);
      return record ? [{ event, ...record }] : [];
    });
    if (mine.length === 0) return;
    const db: Kysely<DB> = trx.withTables<PartnerKpiTables>();
    // The registrations an opportunity of this batch comes from are read with the batch's own records.
    const wanted = new Set(mine.map((m) => m.id));
    for (const { event } of mine) {
      const from = event.type === 'OpportunityCreated' ? (event.data as { registrationId: string | null }).registrationId : null;
      if (from) wanted.add(from);
    }
    const stored = await db.selectFrom('rm_partner_kpi_records').selectAll().where('record_id', 'in', [...wanted]).execute();
    const rows = new Map(stored.map((r) => [r.record_id, r]));
    const before = new Map<string, PartnerKpiRecord | undefined>();
    for (const { event, id } of mine) {
      const row = rows.get(id);
      if (row && comparePositions(event.position, row.last_position) <= 0) continue;
      if (!before.has(id)) before.set(id, row);
      const next = evolveRecord(row, event, (registrationId) => rows.get(registrationId));
      if (next) rows.set(id, next);
    }
    const changed = [...before.keys()].map((id) => rows.get(id)).filter((r): r is PartnerKpiRecord => r !== undefined && r !== before.get(r.record_id));
    if (changed.length === 0) return;
    const partners = new Set(changed.flatMap((r) => [r.partner_id, before.get(r.record_id)?.partner_id]).filter((p): p is string => !!p));
    const kpiRows = partners.size ? await db.selectFrom('rm_partner_kpis').selectAll().where('partner_id', 'in', [...partners]).execute() : [];
    const kpis = new Map(kpiRows.map((k) => [k.partner_id, k]));
    // A partner's row remembers the last event that changed it, as every row does.
    const of = (partnerId: string, position: string) => {
      const found = kpis.get(partnerId) ?? emptyKpis(partnerId, position);
      if (comparePositions(position, found.last_position) > 0) found.last_position = position;
      kpis.set(partnerId, found);
      return found;
    };
    for (const row of changed) {
      const was = before.get(row.record_id);
      if (was?.partner_id) addRecord(of(was.partner_id, row.last_position), was, -1);
      if (row.partner_id) addRecord(of(row.partner_id, row.last_position), row, 1);
    }
    await writeBack(db, 'rm_partner_kpi_records', 'record_id', changed);
    const touched = [...partners].map((p) => kpis.get(p)!);
    await writeBack(db, 'rm_partner_kpis', 'partner_id', touched.map((k) => ({ ...k, registrations_by_state: JSON.stringify(k.registrations_by_state), revenue: JSON.stringify(k.revenue), orders_by_state: JSON.stringify(k.orders_by_state) })));
  },
};
