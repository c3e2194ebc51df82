import { NotFound, RuleBroken, unreachable, requireStatus } from '../shared/domain-error';
import { multiply, sum } from '../shared/money';

export const ORDER_TYPES = ['new', 'renewal', 'upgrade', 'amendment'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const ORDER_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type OrderPriority = (typeof ORDER_PRIORITIES)[number];
export const ORDER_STATUSES = ['Draft', 'Submitted', 'InFulfillment', 'Fulfilled', 'Closed', 'Cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLineInput {
  lineId: string;
  product: string;
  quantity: number;
  unitPriceMinor: number;
  // Split fulfilment: each line may be fulfilled by its own partner.
  partnerId: string | null;
}

export interface OrderLine extends OrderLineInput {
  totalMinor: number;
  fulfilledAt: string | null;
}

export interface OrderDetails {
  account: string;
  contact: { name: string; email: string };
  orderType: OrderType;
  priority: OrderPriority;
  channelPartnerId: string | null;
  currency: string;
  quoteId: string | null;
}

export type OrderEvent =
  | { type: 'OrderCreated'; data: OrderDetails & { orderId: string; lines: OrderLine[]; totalMinor: number; by: string; at: string } }
  | { type: 'OrderSubmitted'; data: { orderId: string; by: string; at: string } }
  | { type: 'OrderFulfilmentStarted'; data: { orderId: string; by: string; at: string } }
  | { type: 'OrderLineFulfilled'; data: { orderId: string; lineId: string; partnerId: string | null; by: string; at: string } }
  | { type: 'OrderFulfilled'; data: { orderId: string; at: string } }
  | { type: 'OrderClosed'; data: { orderId: string; by: string; at: string } }
  | { type: 'OrderCancelled'; data: { orderId: string; reason: string; by: string; at: string } };

export type Order = { status: 'None' } | (OrderDetails & { status: OrderStatus; orderId: string; lines: OrderLine[]; totalMinor: number });

export type OrderCommand =
  | { type: 'CreateOrder'; data: OrderDetails & { orderId: string; lines: OrderLineInput[] }; by: string; now: string }
  | { type: 'SubmitOrder'; by: string; now: string }
  | { type: 'StartFulfilment'; by: string; now: string }
  | { type: 'FulfilLine'; data: { lineId: string }; by: string; now: string }
  | { type: 'CloseOrder'; by: string; now: string }
  | { type: 'CancelOrder'; data: { reason: string }; by: string; now: string };

function existing(state: Order): Exclude<Order, { status: 'None' }> {
  if (state.status === 'None') throw new NotFound('order_not_found', 'order not found');
  return state;
}


export function decideOrder(command: OrderCommand, state: Order): OrderEvent[] {
  if (command.type === 'CreateOrder') {
    if (state.status !== 'None') throw new RuleBroken('order_exists', 'order already exists');
    const { lines, ...details } = command.data;
    const priced = lines.map((l, i) => ({ ...l, totalMinor: multiply(l.unitPriceMinor, l.quantity, `lines[${i}]`), fulfilledAt: null }));
    return [{ type: 'OrderCreated', data: { ...details, lines: priced, totalMinor: sum(priced.map((l) => l.totalMinor), 'lines'), by: command.by, at: command.now } }];
  }
  const order = existing(state);
  const orderId = order.orderId;
  switch (command.type) {
    case 'SubmitOrder':
      requireStatus('an order', order.status, ['Draft'], 'submit');
      return [{ type: 'OrderSubmitted', data: { orderId, by: command.by, at: command.now } }];
    case 'StartFulfilment':
      requireStatus('an order', order.status, ['Submitted'], 'start fulfilment of');
      return [{ type: 'OrderFulfilmentStarted', data: { orderId, by: command.by, at: command.now } }];
    case 'FulfilLine': {
      requireStatus('an order', order.status, ['InFulfillment'], 'fulfil a line of');
      const line = order.lines.find((l) => l.lineId === command.data.lineId);
      if (!line) throw new NotFound('order_line_not_found', `order line ${command.data.lineId} not found`);
      if (line.fulfilledAt) return [];
      const events: OrderEvent[] = [{ type: 'OrderLineFulfilled', data: { orderId, lineId: line.lineId, partnerId: line.partnerId, by: command.by, at: command.now } }];
      // The last line fulfilled fulfils the order.
      if (order.lines.every((l) => l.lineId === line.lineId || l.fulfilledAt)) events.push({ type: 'OrderFulfilled', data: { orderId, at: command.now } });
      return events;
    }
    case 'CloseOrder':
      requireStatus('an order', order.status, ['Fulfilled'], 'close');
      return [{ type: 'OrderClosed', data: { orderId, by: command.by, at: command.now } }];
    case 'CancelOrder':
      requireStatus('an order', order.status, ['Draft', 'Submitted', 'InFulfillment'], 'cancel');
      if (order.lines.some((l) => l.fulfilledAt)) throw new RuleBroken('partly_fulfilled', 'lines of this order are already fulfilled');
      return [{ type: 'OrderCancelled', data: { orderId, reason: command.data.reason, by: command.by, at: command.now } }];
    default:
      return unreachable(command);
  }
}

export function evolveOrder(state: Order, event: OrderEvent): Order {
  if (event.type === 'OrderCreated') {
    const { by: _by, at: _at, ...data } = event.data;
    return { ...data, status: 'Draft' };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'OrderSubmitted':
      return { ...state, status: 'Submitted' };
    case 'OrderFulfilmentStarted':
      return { ...state, status: 'InFulfillment' };
    case 'OrderLineFulfilled':
      return { ...state, lines: state.lines.map((l) => (l.lineId === event.data.lineId ? { ...l, fulfilledAt: event.data.at } : l)) };
    case 'OrderFulfilled':
      return { ...state, status: 'Fulfilled' };
    case 'OrderClosed':
      return { ...state, status: 'Closed' };
    case 'OrderCancelled':
      return { ...state, status: 'Cancelled' };
    default:
      return unreachable(event);
  }
}

export const orderDecider = { decide: decideOrder, evolve: evolveOrder, initialState: { status: 'None' } as Order };
export const orderStream = (orderId: string) => `order-${orderId}`;
