import { createHash } from 'node:crypto';
import { SqlBool, Transaction, sql } from 'kysely';
import { StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { ACTIVE_STATUSES, OPEN_STAGES, OpportunityEvent, OpportunityLine, RegistrationEvent, RegistrationType } from '@channel-ledger/domain';
import { Projection } from '@channel-ledger/projection-runner';
import { ReadDB } from '@channel-ledger/read-store';
import { STATUS_AFTER } from '../registrations/registrations.projection';
import { lineShares, parties } from '../sales/line-shares';
import { PipelineGroupRow, PipelineItemRow, PipelineTables } from './pipeline.tables';

type Item = PipelineItemRow;
type Side = Item['side'];

// What counts as pipeline: registrations not yet decided for good, and opportunities not yet closed.
const OPEN: Record<Side, ReadonlySet<string>> = {
  registration: new Set(['Draft', ...ACTIVE_STATUSES]),
  opportunity: new Set(OPEN_STAGES),
};
const OPPORTUNITY_EVENTS = new Set(['OpportunityCreated', 'OpportunityLinesUpdated', 'OpportunityStageChanged', 'OpportunityWon', 'OpportunityLost']);

const sourceOf = (type: RegistrationType) => (type === 'influenced' ? 'partner_influenced' : 'partner_sourced');

// Everything a group is told apart by. The key is a digest of it, so the same group gets the same key in every
// rebuild, whatever the batches.
function groupKeyOf(item: Omit<Item, 'group_key' | 'open'>): string {
  const dims = [item.side, item.channel_partner_id, item.program_id, item.stage, item.source, item.currency, item.party_ids];
  return createHash('sha1').update(JSON.stringify(dims)).digest('hex');
}

function settled(item: Omit<Item, 'group_key' | 'open'>): Item {
  return { ...item, group_key: groupKeyOf(item), open: OPEN[item.side].has(item.stage) };
}

// An opportunity's lines as the sales read model reads them, and its parties in a fixed order (part of the group key).
const linesOf = (channel: string | null, lines: OpportunityLine[]) => ({ ...lineShares(channel, lines), party_ids: parties(channel, lines).sort() });

// A registration's item after one event (undefined: no registration drafted yet).
export function registrationItem(item: Item | undefined, stored: StoredEvent): Item | undefined {
  const event = { type: stored.type, data: stored.data } as RegistrationEvent;
  const touched = { updated_at: new Date(stored.metadata.occurredAt), last_position: stored.position };
  if (event.type === 'RegistrationDrafted') {
    const d = event.data;
    return settled({
      side: 'registration',
      record_id: d.registrationId,
      channel_partner_id: d.partnerId,
      program_id: d.programId,
      stage: 'Draft',
      source: sourceOf(d.registrationType),
      currency: d.estimatedSize.currency,
      amount_minor: String(d.estimatedSize.amountMinor),
      party_ids: [d.partnerId],
      line_partner_ids: [],
      line_amounts: [],
      ...touched,
    });
  }
  if (!item) return undefined;
  const next = { ...item, ...touched, stage: STATUS_AFTER[event.type] ?? item.stage };
  if (event.type === 'RegistrationEdited') {
    const c = event.data.changes;
    if (c.registrationType) next.source = sourceOf(c.registrationType);
    if (c.estimatedSize) Object.assign(next, { amount_minor: String(c.estimatedSize.amountMinor), currency: c.estimatedSize.currency });
  }
  return settled(next);
}

// An opportunity's item after one event; its program is the one of the registration it was made from.
export function opportunityItem(item: Item | undefined, stored: StoredEvent, programOf: (registrationId: string) => string | null): Item | undefined {
  const event = { type: stored.type, data: stored.data } as OpportunityEvent;
  const touched = { updated_at: new Date(stored.metadata.occurredAt), last_position: stored.position };
  if (event.type === 'OpportunityCreated') {
    const { opportunityId, channelPartnerId, registrationId, source, currency, amountMinor, lineItems } = event.data;
    const program_id = registrationId === null ? null : programOf(registrationId);
    const header = { side: 'opportunity' as const, record_id: opportunityId, channel_partner_id: channelPartnerId, program_id, stage: 'Qualify', source, currency };
    return settled({ ...header, amount_minor: String(amountMinor), ...linesOf(channelPartnerId, lineItems), ...touched });
  }
  if (!item) return undefined;
  switch (event.type) {
    case 'OpportunityLinesUpdated':
      return settled({ ...item, ...touched, amount_minor: String(event.data.amountMinor), ...linesOf(item.channel_partner_id, event.data.lineItems) });
    case 'OpportunityStageChanged':
      return settled({ ...item, ...touched, stage: event.data.to });
    case 'OpportunityWon':
      return settled({ ...item, ...touched, stage: 'ClosedWon' });
    case 'OpportunityLost':
      return settled({ ...item, ...touched, stage: 'ClosedLost' });
  }
}

// A group's totals while a batch adds and takes away records: amounts as bigint, line amounts per partner.
interface Totals {
  row: Omit<PipelineGroupRow, 'count' | 'amount_minor' | 'line_amounts'>;
  count: number;
  amount: bigint;
  lines: Map<string, bigint>;
}

function totalsOf(group: PipelineGroupRow): Totals {
  const { count, amount_minor, line_amounts, ...row } = group;
  return { row, count, amount: BigInt(amount_minor), lines: new Map(Object.entries(line_amounts).map(([p, a]) => [p, BigInt(a)])) };
}

// Adds an open item to its group (sign 1) or takes it out (sign -1).
function add(groups: Map<string, Totals>, item: Item, sign: 1 | -1): void {
  let totals = groups.get(item.group_key);
  if (!totals) {
    const { group_key, side, channel_partner_id, program_id, stage, source, currency, party_ids } = item;
    totals = { row: { group_key, side, channel_partner_id, program_id, stage, source, currency, party_ids }, count: 0, amount: 0n, lines: new Map() };
    groups.set(item.group_key, totals);
  }
  const s = BigInt(sign);
  totals.count += sign;
  totals.amount += s * BigInt(item.amount_minor);
  item.line_partner_ids.forEach((partner, i) => {
    if (partner !== null) totals.lines.set(partner, (totals.lines.get(partner) ?? 0n) + s * BigInt(item.line_amounts[i]));
  });
}

function groupRow(totals: Totals): PipelineGroupRow {
  const lines = [...totals.lines].filter(([, a]) => a !== 0n).sort(([a], [b]) => (a < b ? -1 : 1));
  return { ...totals.row, count: totals.count, amount_minor: String(totals.amount), line_amounts: Object.fromEntries(lines.map(([p, a]) => [p, String(a)])) };
}

const CHUNK = 500;

const itemKeyIn = (keys: { side: Side; record_id: string }[]) => sql<SqlBool>`(side, record_id) in (${sql.join(keys.map((k) => sql`(${k.side}, ${k.record_id})`))})`;

// Which side of the pipeline an event is about, if any.
const sideOf = (event: StoredEvent): Side | undefined => (event.type.startsWith('Registration') ? 'registration' : OPPORTUNITY_EVENTS.has(event.type) ? 'opportunity' : undefined);

function eventsByRecord(events: StoredEvent[]): Map<string, StoredEvent[]> {
  const byRecord = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const side = sideOf(event);
    if (!side) continue;
    const data = event.data as { registrationId?: string; opportunityId?: string };
    const k = `${side}/${side === 'registration' ? data.registrationId : data.opportunityId}`;
    const list = byRecord.get(k);
    if (list) list.push(event);
    else byRecord.set(k, [event]);
  }
  return byRecord;
}

// The pipeline: per batch, one read of the items it touches (and of the registrations its new opportunities were
// made from), the items evolved in memory, and each changed item taken out of the group it was counted in and
// added to the group it belongs to now; then one read of those groups, and the touched items and groups written
// back (an emptied group is deleted), all in the batch's transaction. An event at or before an item's last
// position is already in it: a replayed batch changes nothing.
export const pipelineProjection: Projection = {
  name: 'pipeline',
  version: 1,
  tables: [
    { name: 'pipeline_items', key: ['side', 'record_id'] },
    { name: 'pipeline_groups', key: ['group_key'] },
  ],
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate pipeline_items, pipeline_groups`.execute(trx);
  },
  handles: (event) => sideOf(event) !== undefined,
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    const byRecord = eventsByRecord(events);
    if (byRecord.size === 0) return;
    const db = trx.withTables<PipelineTables>();
    const wanted: Record<Side, Set<string>> = { registration: new Set(), opportunity: new Set() };
    for (const [k, list] of byRecord) {
      const [side, id] = k.split('/') as [Side, string];
      wanted[side].add(id);
      for (const e of list) {
        const registrationId = e.type === 'OpportunityCreated' ? (e.data as { registrationId: string | null }).registrationId : null;
        if (registrationId) wanted.registration.add(registrationId);
      }
    }
    const keysOf = (side: Side) => [...wanted[side]].map((id) => ({ side, record_id: id }));
    const loaded = await db.selectFrom('pipeline_items').selectAll().where(itemKeyIn([...keysOf('registration'), ...keysOf('opportunity')])).execute();
    const before = new Map(loaded.map((item) => [`${item.side}/${item.record_id}`, item]));
    const items = new Map(before);
    const programOf = (registrationId: string) => items.get(`registration/${registrationId}`)?.program_id ?? null;
    // Registrations first: the program of an opportunity made in this batch may come from a registration drafted in it.
    const records = [...byRecord].sort(([a], [b]) => Number(a.startsWith('opportunity')) - Number(b.startsWith('opportunity')));
    for (const [k, list] of records) {
      let item = items.get(k);
      for (const event of list) {
        if (item && comparePositions(event.position, item.last_position) <= 0) continue;
        item = k.startsWith('registration') ? registrationItem(item, event) : opportunityItem(item, event, programOf);
      }
      if (item) items.set(k, item);
    }
    const changed = [...items].filter(([k, item]) => before.get(k) !== item).map(([, item]) => item);
    if (changed.length === 0) return;

    const deltas = new Map<string, Totals>();
    for (const item of changed) {
      const old = before.get(`${item.side}/${item.record_id}`);
      if (old?.open) add(deltas, old, -1);
      if (item.open) add(deltas, item, 1);
    }
    const keys = [...deltas.keys()];
    const groups = new Map<string, Totals>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      for (const group of await db.selectFrom('pipeline_groups').selectAll().where('group_key', 'in', keys.slice(i, i + CHUNK)).execute()) groups.set(group.group_key, totalsOf(group));
    }
    for (const [k, delta] of deltas) {
      const totals = groups.get(k) ?? { ...delta, count: 0, amount: 0n, lines: new Map<string, bigint>() };
      totals.count += delta.count;
      totals.amount += delta.amount;
      for (const [p, a] of delta.lines) totals.lines.set(p, (totals.lines.get(p) ?? 0n) + a);
      groups.set(k, totals);
    }
    const kept = [...groups.values()].filter((t) => t.count > 0).map(groupRow);

    // Written back as deleted and inserted again: the touched rows are this batch's, and an emptied group stays deleted.
    for (let i = 0; i < keys.length; i += CHUNK) await db.deleteFrom('pipeline_groups').where('group_key', 'in', keys.slice(i, i + CHUNK)).execute();
    for (let i = 0; i < kept.length; i += CHUNK) await db.insertInto('pipeline_groups').values(kept.slice(i, i + CHUNK)).execute();
    for (let i = 0; i < changed.length; i += CHUNK) {
      const chunk = changed.slice(i, i + CHUNK);
      await db.deleteFrom('pipeline_items').where(itemKeyIn(chunk)).execute();
      await db.insertInto('pipeline_items').values(chunk).execute();
    }
  },
};
