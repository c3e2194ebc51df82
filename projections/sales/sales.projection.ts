import { Kysely, Transaction, sql } from 'kysely';
import { StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { OpportunityEvent, OrderEvent, QuoteEvent } from '@channel-ledger/domain';
import { Projection } from '@channel-ledger/projection-runner';
import { ReadDB, writeBack } from '@channel-ledger/read-store';
import { SalesTables } from './sales.tables';

type DB = ReadDB & SalesTables;
type SalesEvent = OpportunityEvent | QuoteEvent | OrderEvent;

const parties = (channel: string | null, lines: { partnerId: string | null }[]) => [...new Set([channel, ...lines.map((l) => l.partnerId)].filter((p): p is string => !!p))];

// Whose each line is and what it is worth, for the figures a partner reads (the sum of its own lines).
type PricedLine = { partnerId: string | null } & ({ totalMinor: number } | { unitPriceMinor: number; quantity: number });
const lineShares = (channel: string | null, lines: PricedLine[]) => ({
  line_partner_ids: lines.map((l) => l.partnerId ?? channel),
  line_amounts: lines.map((l) => String('totalMinor' in l ? l.totalMinor : l.unitPriceMinor * l.quantity)),
});

type Table = 'rm_opportunities' | 'rm_quotes' | 'rm_orders';
const KEY: Record<Table, string> = { rm_opportunities: 'opportunity_id', rm_quotes: 'quote_id', rm_orders: 'order_id' };

// What one event does to its row: create it (with an order's lines), or set columns (and fulfil an order line).
type Change =
  | { kind: 'create'; table: Table; id: string; row: Record<string, unknown>; lines?: Record<string, unknown>[] }
  | { kind: 'set'; table: Table; id: string; set: Record<string, unknown>; fulfilLine?: { lineId: string; at: Date }; linesUpdated?: { lineItems: PricedLine[] } };

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
          ...lineShares(d.channelPartnerId, d.lineItems),
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
        row: {
          quote_id: d.quoteId,
          opportunity_id: d.opportunityId,
          channel_partner_id: d.channelPartnerId,
          status: 'Draft',
          version: 1,
          total_minor: String(d.totalMinor),
          currency: d.currency,
          valid_until: new Date(d.validUntil),
          created_at: at,
          updated_at: at,
          ...lineShares(d.channelPartnerId, d.lines),
        },
      };
    }
    case 'QuoteRevised':
      return { kind: 'set', table: 'rm_quotes', id: event.data.quoteId, set: { status: 'Draft', version: event.data.version, total_minor: String(event.data.totalMinor), valid_until: new Date(event.data.validUntil), updated_at: at }, linesUpdated: { lineItems: event.data.lines } };
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
          ...lineShares(d.channelPartnerId, d.lines),
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

// One record's changes of one batch, merged. A record the batch creates becomes a new row (inserted with the
// batch's other new rows); a record that exists changes in memory from the row as read, and is written back with
// the batch's other changed rows. Each row remembers the last event applied to it; batches are applied whole or
// not at all, so a row has either none of these events or all of them, and a row that already has the first one
// is left alone: a replayed batch changes nothing.
interface BatchRows {
  // Records created in this batch, by table, and their order lines by order id.
  created: Record<Table, Record<string, unknown>[]>;
  lines: Map<string, Record<string, unknown>[]>;
  // Existing records as read at the start of the batch (key -> row), and those that changed.
  existing: Record<Table, Map<string, Record<string, unknown>>>;
  changed: Record<Table, Record<string, unknown>[]>;
  fulfilled: { orderId: string; lineId: string; at: Date }[];
}

function applyRecord(changes: { change: Change; position: string }[], rows: BatchRows): void {
  const [first] = changes;
  const table = first.change.table;
  const last = changes[changes.length - 1].position;
  const stored = rows.existing[table].get(first.change.id);
  if (first.change.kind !== 'create' && (!stored || comparePositions(first.position, stored.last_position as string) <= 0)) return;
  const fulfilled: { lineId: string; at: Date }[] = [];
  let set: Record<string, unknown> = {};
  let row: Record<string, unknown> | undefined;
  let lines: Record<string, unknown>[] | undefined;
  let channel = stored?.channel_partner_id as string | null | undefined;
  for (const { change } of changes) {
    if (change.kind === 'create') {
      row = { ...change.row };
      lines = change.lines?.map((l) => ({ ...l }));
      channel = change.row.channel_partner_id as string | null;
      continue;
    }
    // A quote's parties are its channel partner alone (its visibility follows the header); its lines still say whose they are.
    if (change.linesUpdated) set = { ...set, ...(table === 'rm_quotes' ? {} : { party_ids: parties(channel ?? null, change.linesUpdated.lineItems) }), ...lineShares(channel ?? null, change.linesUpdated.lineItems) };
    set = { ...set, ...change.set };
    if (change.fulfilLine) fulfilled.push(change.fulfilLine);
  }
  if (row) {
    rows.created[table].push({ ...row, ...set, last_position: last });
    if (lines) {
      for (const f of fulfilled) for (const line of lines) if (line.line_id === f.lineId) line.fulfilled_at = f.at;
      rows.lines.set(first.change.id, lines);
    }
    return;
  }
  rows.changed[table].push({ ...stored, ...set, last_position: last });
  for (const f of fulfilled) rows.fulfilled.push({ orderId: first.change.id, ...f });
}

// The batch's changed rows, one upsert per table and 500 rows, and the order lines it fulfilled in one update.
async function writeChanged(db: Kysely<DB>, rows: BatchRows): Promise<void> {
  for (const table of Object.keys(rows.changed) as Table[]) await writeBack(db, table, KEY[table], rows.changed[table]);
  for (let i = 0; i < rows.fulfilled.length; i += 500) {
    const chunk = rows.fulfilled.slice(i, i + 500);
    await sql`
      update rm_order_lines l set fulfilled_at = v.at
      from (values ${sql.join(chunk.map((f) => sql`(${f.orderId}, ${f.lineId}, ${f.at}::timestamptz)`))}) as v(order_id, line_id, at)
      where l.order_id = v.order_id and l.line_id = v.line_id`.execute(db);
  }
}

// The rows created in one batch, a few statements per table. A row that is already there (its creation was
// applied before) is left alone, and so are its lines.
async function insertCreated(db: Kysely<DB>, batch: BatchRows): Promise<void> {
  const CHUNK = 500;
  for (const table of Object.keys(batch.created) as Table[]) {
    const rows = batch.created[table];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const inserted = await db
        .insertInto(table)
        .values(rows.slice(i, i + CHUNK) as never)
        .onConflict((oc) => oc.column(KEY[table] as never).doNothing())
        .returning(sql<string>`${sql.ref(KEY[table])}`.as('id'))
        .execute();
      if (table !== 'rm_orders') continue;
      const lines = inserted.flatMap((r) => batch.lines.get(r.id) ?? []);
      for (let j = 0; j < lines.length; j += CHUNK) await db.insertInto('rm_order_lines').values(lines.slice(j, j + CHUNK) as never).execute();
    }
  }
}

// Opportunities, quotes and orders (with their lines) as the workspace lists and Partner 360 read them.
export const salesProjection: Projection = {
  name: 'sales',
  version: 2,
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
    const rows: BatchRows = {
      created: { rm_opportunities: [], rm_quotes: [], rm_orders: [] },
      lines: new Map(),
      existing: { rm_opportunities: new Map(), rm_quotes: new Map(), rm_orders: new Map() },
      changed: { rm_opportunities: [], rm_quotes: [], rm_orders: [] },
      fulfilled: [],
    };
    // The rows of the records this batch changes but does not create, one query per table.
    const toRead: Record<Table, string[]> = { rm_opportunities: [], rm_quotes: [], rm_orders: [] };
    for (const [{ change }] of byRecord.values()) if (change.kind !== 'create') toRead[change.table].push(change.id);
    for (const table of Object.keys(toRead) as Table[]) {
      if (toRead[table].length === 0) continue;
      const found = await db.selectFrom(table).selectAll().where(sql.ref(KEY[table]), 'in', toRead[table]).execute();
      for (const row of found as Record<string, unknown>[]) rows.existing[table].set(row[KEY[table]] as string, row);
    }
    for (const changes of byRecord.values()) applyRecord(changes, rows);
    await insertCreated(db, rows);
    await writeChanged(db, rows);
  },
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_opportunities, rm_quotes, rm_orders, rm_order_lines`.execute(trx);
  },
};
