import { specFor } from '../shared/given-when-then';
import { OrderEvent, orderDecider } from './order.decider';

const given = specFor(orderDecider);
const at = '2026-11-22T10:00:00.000Z';
const details = {
  account: 'Initech',
  contact: { name: 'Bill', email: 'bill@initech.example' },
  orderType: 'new' as const,
  priority: 'high' as const,
  channelPartnerId: 'acme',
  currency: 'USD',
  quoteId: 'q1',
};
const lines = [
  { lineId: 'l1', product: 'ledger-enterprise', quantity: 3, unitPriceMinor: 1_000_00, partnerId: 'acme' },
  { lineId: 'l2', product: 'ledger-audit', quantity: 2, unitPriceMinor: 500_00, partnerId: 'globex' },
];
const created: OrderEvent = {
  type: 'OrderCreated',
  data: {
    ...details,
    orderId: 'o1',
    lines: [
      { ...lines[0], totalMinor: 3_000_00, fulfilledAt: null },
      { ...lines[1], totalMinor: 1_000_00, fulfilledAt: null },
    ],
    totalMinor: 4_000_00,
    by: 'cm',
    at,
  },
};
const submitted: OrderEvent = { type: 'OrderSubmitted', data: { orderId: 'o1', by: 'cm', at } };
const started: OrderEvent = { type: 'OrderFulfilmentStarted', data: { orderId: 'o1', by: 'ops', at } };
const l1: OrderEvent = { type: 'OrderLineFulfilled', data: { orderId: 'o1', lineId: 'l1', partnerId: 'acme', by: 'acme-mgr', at } };

describe('order decider', () => {
  it('prices lines in integer minor units', () => {
    given([]).when({ type: 'CreateOrder', data: { ...details, orderId: 'o1', lines }, by: 'cm', now: at }).then([created]);
  });

  it('fulfils lines one by one; the last one fulfils the order', () => {
    given([created, submitted, started]).when({ type: 'FulfilLine', data: { lineId: 'l1' }, by: 'acme-mgr', now: at }).then([l1]);
    given([created, submitted, started, l1])
      .when({ type: 'FulfilLine', data: { lineId: 'l2' }, by: 'globex-mgr', now: at })
      .then([
        { type: 'OrderLineFulfilled', data: { orderId: 'o1', lineId: 'l2', partnerId: 'globex', by: 'globex-mgr', at } },
        { type: 'OrderFulfilled', data: { orderId: 'o1', at } },
      ]);
    given([created, submitted, started, l1]).when({ type: 'FulfilLine', data: { lineId: 'l1' }, by: 'x', now: at }).then([]);
    given([created, submitted]).when({ type: 'FulfilLine', data: { lineId: 'l1' }, by: 'x', now: at }).thenRefuses('rule_broken', 'invalid_transition');
  });

  it('closes only when fulfilled, and cancels only before anything was fulfilled', () => {
    given([created, submitted, started, l1]).when({ type: 'CloseOrder', by: 'cm', now: at }).thenRefuses('rule_broken', 'invalid_transition');
    given([created, submitted, started, l1]).when({ type: 'CancelOrder', data: { reason: 'x' }, by: 'cm', now: at }).thenRefuses('rule_broken', 'partly_fulfilled');
    given([created, submitted])
      .when({ type: 'CancelOrder', data: { reason: 'Customer withdrew' }, by: 'cm', now: at })
      .then([{ type: 'OrderCancelled', data: { orderId: 'o1', reason: 'Customer withdrew', by: 'cm', at } }]);
  });
});
