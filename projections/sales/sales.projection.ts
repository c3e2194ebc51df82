import { Kysely, Transaction, sql } from 'kysely';
import { StoredEvent } from '../../libs/event-store/src';
import { OpportunityEvent, OrderEvent, QuoteEvent } from '../../libs/domain/src';
import { Projection } from '../../libs/projection-runner/src';
import { ReadDB } from '../../libs/read-store/src';
import { SalesTables } from './sales.tables';

type DB = ReadDB & SalesTables;
type SalesEvent = OpportunityEvent | QuoteEvent | OrderEvent;

const parties = (channel: string | null, lines: { partnerId: string | null }[]) => [...new Set([channel, ...lines.map((l) => l.partnerId)].filter((p): p is string => !!p))];

type Table = 'rm_opportunities' | 'rm_quotes' | 'rm_orders';
const KEY: Record<Table, string> = { rm_opportunities: 'opportunity_id', rm_quotes: 'quote_id', rm_orders: 'order_id' };

// What one event does to its row: create it (with an order's lines), or set columns (and fulfil an order line).
type Change =
  | { kind: 'create'; table: Table; id: string; row: Record<string, unknown>; lines?: Record<string, unknown>[] }
  | { kind: 'set'; table: Table; id: string; set: Record<string, unknown>; fulfilLine?: { lineId: string; at: Date }; linesUpdated?: { lineItems: { partnerId: string | null }[] } };

function changeOf(stored: StoredEvent): Change | undefined {
  const event = { type: stored.type, data: stored.data } as SalesEvent;
  const at = new Date(stored.metadata.occurredAt);
  switch (event.type) {
    case 'OpportunityCreated': {
      const d = event.data;
      return {
        kind: 'create',
        table: 'rm_opportunities',
        id: d.opportunityId,
        row: {
          opportunity_id: d.opportunityId,
          registration_id: d.registrationId,
          name: d.name,
          account_name: d.accountName,
          source: d.source,
          channel_partner_id: d.channelPartnerId,
          party_ids: parties(d.channelPartnerId, d.lineItems),
          stage: 'Qualify',
          amount_minor: String(d.amountMinor),
          won_amount_minor: null,
          loss_reason: null,
          currency: d.currency,
          expected_close_date: d.expectedCloseDate,
          created_at: at,
          closed_at: null,
          updated_at: at,
        },
      };
    }
    case 'OpportunityLinesUpdated':
      return { kind: 'set', table: 'rm_opportunities', id: event.data.opportunityId, set: { amount_minor: String(event.data.amountMinor), updated_at: at }, linesUpdated: { lineItems: event.data.lineItems } };
    case 'OpportunityStageChanged':
      return { kind: 'set', table: 'rm_opportunities', id: event.data.opportunityId, set: { stage: event.data.to, updated_at: at } };
    case 'OpportunityWon':
      return { kind: 'set', table: 'rm_opportunities', id: event.data.opportunityId, set: { stage: 'ClosedWon', won_amount_minor: String(event.data.amountMinor), closed_at: at, updated_at: at } };
    case 'OpportunityLost':
      return { kind: 'set', table: 'rm_opportunities', id: event.data.opportunityId, set: { stage: 'ClosedLost', loss_reason: event.data.reason, closed_at: at, updated_at: at } };
    case 'QuoteCreated': {
      const d = event.data;
      return {
        kind: 'create',
        table: 'rm_quotes',
        id: d.quoteId,
        row: { quote_id: d.quoteId, opportunity_id: d.opportunityId, channel_partner_id: d.channelPartnerId, status: 'Draft', version: 1, total_minor: String(d.totalMinor), currency: d.currency, valid_until: new Date(d.validUntil), created_at: at, updated_at: at },
      };
    }
    case 'QuoteRevised':
      return { kind: 'set', table: 'rm_quotes', id: event.data.quoteId, set: { status: 'Draft', version: event.data.version, total_minor: String(event.data.totalMinor), valid_until: new Date(event.data.validUntil), updated_at: at } };
    case 'QuoteSubmitted':
    case 'QuoteApproved':
    case 'QuoteRejected':
    case 'QuoteAccepted':
    case 'QuoteExpired': {
      const status = { QuoteSubmitted: 'Submitted', QuoteApproved: 'Approved', QuoteRejected: 'Rejected', QuoteAccepted: 'Accepted', QuoteExpired: 'Expired' }[event.type];
      return { kind: 'set', table: 'rm_quotes', id: event.data.quoteId, set: { status, updated_at: at } };
    }
    case 'OrderCreated': {
      const d = event.data;
      return {
        kind: 'create',
        table: 'rm_orders',
        id: d.orderId,
        row: {
          order_id: d.orderId,
          quote_id: d.quoteId,
          account: d.account,
          order_type: d.orderType,
          priority: d.priority,
          channel_partner_id: d.channelPartnerId,
          party_ids: parties(d.channelPartnerId, d.lines),
          status: 'Draft',
          total_minor: String(d.totalMinor),
          currency: d.currency,
          created_at: at,
          updated_at: at,
        },
        lines: d.lines.map((l) => ({ order_id: d.orderId, line_id: l.lineId, product: l.product, quantity: l.quantity, total_minor: String(l.totalMinor), currency: d.currency, partner_id: l.partnerId, fulfilled_at: null })),
      };
    }
    case 'OrderLineFulfilled':
      return { kind: 'set', table: 'rm_orders', id: event.data.orderId, set: { updated_at: at }, fulfilLine: { lineId: event.data.lineId, at } };
    case 'OrderSubmitted':
    case 'OrderFulfilmentStarted':
    case 'OrderFulfilled':
    case 'OrderClosed':
    case 'OrderCancelled': {
      const status = { OrderSubmitted: 'Submitted', OrderFulfilmentStarted: 'InFulfillment', OrderFulfilled: 'Fulfilled', OrderClosed: 'Closed', OrderCancelled: 'Cancelled' }[event.type];
      return { kind: 'set', table: 'rm_orders', id: event.data.orderId, set: { status, updated_at: at } };
    }
  }
  return undefined;
}

// One record's changes of one batch, merged into one insert or one update (plus its order lines). Each row
// remembers the last event applied to it; batches are applied whole or not at all, so a row has either none of
// these events or all of them, and the update is guarded by the first one: a replayed batch changes nothing.
interface NewRows {
  rows: Record<Table, Record<string, unknown>[]>;
  // Order lines by order id, inserted with the orders that were inserted.
  lines: Map<string, Record<string, unknown>[]>;
}

async function applyRecord(db: Kysely<DB>, changes: { change: Change; position: string }[], created: NewRows): Promise<void> {
  const [first] = changes;
  const table = first.change.table;
  const key = KEY[table];
  const last = changes[changes.length - 1].position;
  const fulfilled: { lineId: string; at: Date }[] = [];
  let set: Record<string, unknown> = {};
  let row: Record<string, unknown> | undefined;
  let lines: Record<string, unknown>[] | undefined;
  let channel: string | null | undefined;
  for (const { change } of changes) {
    if (change.kind === 'create') {
      row = { ...change.row };
      lines = change.lines?.map((l) => ({ ...l }));
      channel = change.row.channel_partner_id as string | null;
      continue;
    }
    if (change.linesUpdated) {
      if (channel === undefined) {
        const existing = await db.selectFrom('rm_opportunities').select('channel_partner_id').where('opportunity_id', '=', change.id).executeTakeFirst();
        if (!existing && !row) continue;
        channel = existing?.channel_partner_id ?? null;
      }
      set = { ...set, party_ids: parties(channel, change.linesUpdated.lineItems) };
    }
    set = { ...set, ...change.set };
    if (change.fulfilLine) fulfilled.push(change.fulfilLine);
  }
  if (row) {
    // Created in this batch: inserted with the batch's other new rows (see insertCreated).
    created.rows[table].push({ ...row, ...set, last_position: last });
    if (lines) {
      for (const f of fulfilled) for (const line of lines) if (line.line_id === f.lineId) line.fulfilled_at = f.at;
      created.lines.set(first.change.id, lines);
    }
    return;
  }
  const moved = await db
    .updateTable(table)
    .set({ ...set, last_position: last } as never)
    .where(sql.ref(key), '=', first.change.id)
    .where('last_position', '<', first.position)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return;
  for (const f of fulfilled) {
    await db.updateTable('rm_order_lines').set({ fulfilled_at: f.at }).where('order_id', '=', first.change.id).where('line_id', '=', f.lineId).execute();
  }
}

// The rows created in one batch, a few statements per table. A row that is already there (its creation was
// applied before) is left alone, and so are its lines.
async function insertCreated(db: Kysely<DB>, created: NewRows): Promise<void> {
  const CHUNK = 500;
  for (const table of Object.keys(created.rows) as Table[]) {
    const rows = created.rows[table];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const inserted = await db
        .insertInto(table)
        .values(rows.slice(i, i + CHUNK) as never)
        .onConflict((oc) => oc.column(KEY[table] as never).doNothing())
        .returning(sql<string>`${sql.ref(KEY[table])}`.as('id'))
        .execute();
      if (table !== 'rm_orders') continue;
      const lines = inserted.flatMap((r) => created.lines.get(r.id) ?? []);
      for (let j = 0; j < lines.length; j += CHUNK) await db.insertInto('rm_order_lines').values(lines.slice(j, j + CHUNK) as never).execute();
    }
  }
}

// Opportunities, quotes and orders (with their lines) as the workspace lists and Partner 360 read them.
export const salesProjection: Projection = {
  name: 'sales',
  version: 1,
  tables: [{ name: 'rm_opportunities', key: ['opportunity_id'] }, { name: 'rm_quotes', key: ['quote_id'] }, { name: 'rm_orders', key: ['order_id'] }, { name: 'rm_order_lines', key: ['order_id', 'line_id'] }],
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    const byRecord = new Map<string, { change: Change; position: string }[]>();
    for (const event of events) {
      if (!/^(Opportunity|Quote|Order)[A-Z]/.test(event.type)) continue;
      const change = changeOf(event);
      if (!change) continue;
      const id = `${change.table}/${change.id}`;
      const list = byRecord.get(id);
      if (list) list.push({ change, position: event.position });
      else byRecord.set(id, [{ change, position: event.position }]);
    }
    const db = trx as unknown as Kysely<DB>;
    const created: NewRows = { rows: { rm_opportunities: [], rm_quotes: [], rm_orders: [] }, lines: new Map() };
    for (const changes of byRecord.values()) await applyRecord(db, changes, created);
    await insertCreated(db, created);
  },
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_opportunities, rm_quotes, rm_orders, rm_order_lines`.execute(trx);
  },
};
