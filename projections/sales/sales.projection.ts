import { StoredEvent } from '@channel-ledger/event-store';
import { OpportunityEvent, OrderEvent, OrderStatus, QuoteEvent, QuoteStatus } from '@channel-ledger/domain';
import { defineRowProjection } from '@channel-ledger/projection-runner';
import { lineShares, parties } from './line-shares';
import { OpportunityRow, OrderLineRow, OrderRow, QuoteRow, SalesTables } from './sales.tables';

const touched = (stored: StoredEvent) => ({ updated_at: new Date(stored.metadata.occurredAt), last_position: stored.position });

function evolveOpportunity(row: OpportunityRow | undefined, stored: StoredEvent): OpportunityRow | undefined {
  const event = { type: stored.type, data: stored.data } as OpportunityEvent;
  const at = new Date(stored.metadata.occurredAt);
  if (event.type === 'OpportunityCreated') {
    const d = event.data;
    return (
      row ?? {
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
        ...touched(stored),
      }
    );
  }
  if (!row) return row;
  switch (event.type) {
    case 'OpportunityLinesUpdated': {
      const lines = event.data.lineItems;
      return { ...row, party_ids: parties(row.channel_partner_id, lines), ...lineShares(row.channel_partner_id, lines), amount_minor: String(event.data.amountMinor), ...touched(stored) };
    }
    case 'OpportunityStageChanged':
      return { ...row, stage: event.data.to, ...touched(stored) };
    case 'OpportunityWon':
      return { ...row, stage: 'ClosedWon', won_amount_minor: String(event.data.amountMinor), closed_at: at, ...touched(stored) };
    case 'OpportunityLost':
      return { ...row, stage: 'ClosedLost', loss_reason: event.data.reason, closed_at: at, ...touched(stored) };
    default:
      return row;
  }
}

const QUOTE_STATUS_AFTER: Partial<Record<QuoteEvent['type'], QuoteStatus>> = { QuoteSubmitted: 'Submitted', QuoteApproved: 'Approved', QuoteRejected: 'Rejected', QuoteAccepted: 'Accepted', QuoteExpired: 'Expired' };

// A quote's parties are its channel partner alone (its visibility follows the header); its lines still say whose they are.
function evolveQuote(row: QuoteRow | undefined, stored: StoredEvent): QuoteRow | undefined {
  const event = { type: stored.type, data: stored.data } as QuoteEvent;
  const at = new Date(stored.metadata.occurredAt);
  if (event.type === 'QuoteCreated') {
    const d = event.data;
    return (
      row ?? {
        quote_id: d.quoteId,
        opportunity_id: d.opportunityId,
        channel_partner_id: d.channelPartnerId,
        status: 'Draft',
        version: 1,
        total_minor: String(d.totalMinor),
        currency: d.currency,
        valid_until: new Date(d.validUntil),
        created_at: at,
        ...lineShares(d.channelPartnerId, d.lines),
        ...touched(stored),
      }
    );
  }
  if (!row) return row;
  if (event.type === 'QuoteRevised') {
    const d = event.data;
    return { ...row, ...lineShares(row.channel_partner_id, d.lines), status: 'Draft', version: d.version, total_minor: String(d.totalMinor), valid_until: new Date(d.validUntil), ...touched(stored) };
  }
  const status = QUOTE_STATUS_AFTER[event.type];
  return status ? { ...row, status, ...touched(stored) } : row;
}

export const ORDER_STATUS_AFTER: Partial<Record<OrderEvent['type'], OrderStatus>> = { OrderSubmitted: 'Submitted', OrderFulfilmentStarted: 'InFulfillment', OrderFulfilled: 'Fulfilled', OrderClosed: 'Closed', OrderCancelled: 'Cancelled' };

function evolveOrder(row: OrderRow | undefined, stored: StoredEvent): OrderRow | undefined {
  const event = { type: stored.type, data: stored.data } as OrderEvent;
  if (event.type === 'OrderCreated') {
    const d = event.data;
    return (
      row ?? {
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
        created_at: new Date(stored.metadata.occurredAt),
        ...touched(stored),
      }
    );
  }
  if (!row) return row;
  if (event.type === 'OrderLineFulfilled') return { ...row, ...touched(stored) };
  const status = ORDER_STATUS_AFTER[event.type];
  return status ? { ...row, status, ...touched(stored) } : row;
}

// An order's lines: made with the order, each fulfilled on its own. They carry no last position: making a line that
// is there already, or fulfilling one again at the same time, leaves it as it is.
function evolveOrderLine(row: OrderLineRow | undefined, stored: StoredEvent, [orderId, lineId]: readonly string[]): OrderLineRow | undefined {
  const event = { type: stored.type, data: stored.data } as OrderEvent;
  if (event.type === 'OrderCreated') {
    const line = event.data.lines.find((l) => l.lineId === lineId);
    if (row || !line) return row;
    return { order_id: orderId, line_id: line.lineId, product: line.product, quantity: line.quantity, total_minor: String(line.totalMinor), currency: event.data.currency, partner_id: line.partnerId, fulfilled_at: null };
  }
  if (event.type === 'OrderLineFulfilled') return row && { ...row, fulfilled_at: new Date(stored.metadata.occurredAt) };
  return row;
}

const orderLineKeys = (stored: StoredEvent): [string, string][] => {
  const event = { type: stored.type, data: stored.data } as OrderEvent;
  if (event.type === 'OrderCreated') return event.data.lines.map((l) => [event.data.orderId, l.lineId]);
  if (event.type === 'OrderLineFulfilled') return [[event.data.orderId, event.data.lineId]];
  return [];
};

// Opportunities, quotes and orders (with their lines) as the workspace lists and Partner 360 read them.
export const salesProjection = defineRowProjection<SalesTables>({
  name: 'sales',
  version: 2,
  tables: {
    rm_opportunities: { key: ['opportunity_id'], filter: (e) => /^Opportunity[A-Z]/.test(e.type), keys: (e) => [(e.data as { opportunityId: string }).opportunityId], evolve: evolveOpportunity },
    rm_quotes: { key: ['quote_id'], filter: (e) => /^Quote[A-Z]/.test(e.type), keys: (e) => [(e.data as { quoteId: string }).quoteId], evolve: evolveQuote },
    rm_orders: { key: ['order_id'], filter: (e) => /^Order[A-Z]/.test(e.type), keys: (e) => [(e.data as { orderId: string }).orderId], evolve: evolveOrder },
    rm_order_lines: { key: ['order_id', 'line_id'], versioned: false, filter: (e) => e.type === 'OrderCreated' || e.type === 'OrderLineFulfilled', keys: orderLineKeys, evolve: evolveOrderLine },
  },
});
