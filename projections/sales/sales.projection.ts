import { Kysely, Transaction, sql } from 'kysely';
import { StoredEvent } from '../../libs/event-store/src';
import { OpportunityEvent, OrderEvent, QuoteEvent } from '../../libs/domain/src';
import { Projection } from '../../libs/projection-runner/src';
import { ReadDB } from '../../libs/read-store/src';
import { SalesTables } from './sales.tables';

type DB = ReadDB & SalesTables;
type SalesEvent = OpportunityEvent | QuoteEvent | OrderEvent;

const parties = (channel: string | null, lines: { partnerId: string | null }[]) => [...new Set([channel, ...lines.map((l) => l.partnerId)].filter((p): p is string => !!p))];

async function applyOne(db: Kysely<DB>, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as SalesEvent;
  const at = new Date(stored.metadata.occurredAt);
  const position = stored.position;
  // Each row remembers the last event applied to it: a replayed event changes nothing.
  const opportunity = (id: string) => db.updateTable('rm_opportunities').where('opportunity_id', '=', id).where('last_position', '<', position);
  const quote = (id: string) => db.updateTable('rm_quotes').where('quote_id', '=', id).where('last_position', '<', position);
  const order = (id: string) => db.updateTable('rm_orders').where('order_id', '=', id).where('last_position', '<', position);
  switch (event.type) {
    case 'OpportunityCreated': {
      const d = event.data;
      await db
        .insertInto('rm_opportunities')
        .values({
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
          last_position: position,
        })
        .onConflict((oc) => oc.column('opportunity_id').doNothing())
        .execute();
      return;
    }
    case 'OpportunityLinesUpdated': {
      const row = await db.selectFrom('rm_opportunities').select('channel_partner_id').where('opportunity_id', '=', event.data.opportunityId).executeTakeFirst();
      if (!row) return;
      await opportunity(event.data.opportunityId)
        .set({ amount_minor: String(event.data.amountMinor), party_ids: parties(row.channel_partner_id, event.data.lineItems), updated_at: at, last_position: position })
        .execute();
      return;
    }
    case 'OpportunityStageChanged':
      await opportunity(event.data.opportunityId).set({ stage: event.data.to, updated_at: at, last_position: position }).execute();
      return;
    case 'OpportunityWon':
      await opportunity(event.data.opportunityId).set({ stage: 'ClosedWon', won_amount_minor: String(event.data.amountMinor), closed_at: at, updated_at: at, last_position: position }).execute();
      return;
    case 'OpportunityLost':
      await opportunity(event.data.opportunityId).set({ stage: 'ClosedLost', loss_reason: event.data.reason, closed_at: at, updated_at: at, last_position: position }).execute();
      return;
    case 'QuoteCreated': {
      const d = event.data;
      await db
        .insertInto('rm_quotes')
        .values({
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
          last_position: position,
        })
        .onConflict((oc) => oc.column('quote_id').doNothing())
        .execute();
      return;
    }
    case 'QuoteRevised':
      await quote(event.data.quoteId)
        .set({ status: 'Draft', version: event.data.version, total_minor: String(event.data.totalMinor), valid_until: new Date(event.data.validUntil), updated_at: at, last_position: position })
        .execute();
      return;
    case 'QuoteSubmitted':
    case 'QuoteApproved':
    case 'QuoteRejected':
    case 'QuoteAccepted':
    case 'QuoteExpired': {
      const status = { QuoteSubmitted: 'Submitted', QuoteApproved: 'Approved', QuoteRejected: 'Rejected', QuoteAccepted: 'Accepted', QuoteExpired: 'Expired' }[event.type];
      await quote(event.data.quoteId).set({ status, updated_at: at, last_position: position }).execute();
      return;
    }
    case 'OrderCreated': {
      const d = event.data;
      const inserted = await db
        .insertInto('rm_orders')
        .values({
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
          last_position: position,
        })
        .onConflict((oc) => oc.column('order_id').doNothing())
        .returning('order_id')
        .executeTakeFirst();
      if (!inserted) return;
      await db
        .insertInto('rm_order_lines')
        .values(d.lines.map((l) => ({ order_id: d.orderId, line_id: l.lineId, product: l.product, quantity: l.quantity, total_minor: String(l.totalMinor), currency: d.currency, partner_id: l.partnerId, fulfilled_at: null })))
        .execute();
      return;
    }
    case 'OrderLineFulfilled': {
      const moved = await order(event.data.orderId).set({ updated_at: at, last_position: position }).executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 1) {
        await db.updateTable('rm_order_lines').set({ fulfilled_at: at }).where('order_id', '=', event.data.orderId).where('line_id', '=', event.data.lineId).execute();
      }
      return;
    }
    case 'OrderSubmitted':
    case 'OrderFulfilmentStarted':
    case 'OrderFulfilled':
    case 'OrderClosed':
    case 'OrderCancelled': {
      const status = { OrderSubmitted: 'Submitted', OrderFulfilmentStarted: 'InFulfillment', OrderFulfilled: 'Fulfilled', OrderClosed: 'Closed', OrderCancelled: 'Cancelled' }[event.type];
      await order(event.data.orderId).set({ status, updated_at: at, last_position: position }).execute();
      return;
    }
  }
}

// Opportunities, quotes and orders (with their lines) as the workspace lists and Partner 360 read them.
export const salesProjection: Projection = {
  name: 'sales',
  version: 1,
  tables: [{ name: 'rm_opportunities', key: ['opportunity_id'] }, { name: 'rm_quotes', key: ['quote_id'] }, { name: 'rm_orders', key: ['order_id'] }, { name: 'rm_order_lines', key: ['order_id', 'line_id'] }],
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    for (const event of events) {
      if (/^(Opportunity|Quote|Order)[A-Z]/.test(event.type)) await applyOne(trx as unknown as Kysely<DB>, event);
    }
  },
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_opportunities, rm_quotes, rm_orders, rm_order_lines`.execute(trx);
  },
};
