import type { ExistingOrder } from '@channel-ledger/application/orders/orders.rules';
import type { RecordAnswer } from '../openapi/shared.responses';

// GET /v1/orders/:orderId (views/sales.view.ts).
export type Order = RecordAnswer<
  ExistingOrder & { version: number },
  'orderId' | 'status' | 'account' | 'contact' | 'orderType' | 'priority' | 'currency' | 'version' | 'channelPartnerId' | 'quoteId' | 'lines' | 'totalMinor'
>;

export interface OrderTimelineEntry {
  type: string;
  [field: string]: unknown;
}

export type OrderTimeline = OrderTimelineEntry[];
