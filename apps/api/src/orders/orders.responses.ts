import type { ExistingOrder } from '@channel-ledger/application/orders/orders.rules';
import type { RecordAnswer } from '../openapi/shared.responses';

// GET /v1/orders/:orderId (views/sales.view.ts).
export type Order = RecordAnswer<
  ExistingOrder & { version: number },
  'orderId' | 'status' | 'account' | 'contact' | 'orderType' | 'priority' | 'currency' | 'version' | 'channelPartnerId' | 'quoteId' | 'lines' | 'totalMinor'
>;

// An entry of GET /v1/orders/:orderId/timeline: one event of the order's stream. A partner reads the data as its
// webhooks carry it, and staff of organisations it may not see by role only.
export interface OrderTimelineEntry {
  revision: number;
  type: string;
  at: string;
  actor: { userId?: string; role: string; partnerId?: string } | null;
  /** The event's data; its fields depend on `type`. */
  data: { [field: string]: unknown };
  position: string;
}

export type OrderTimeline = OrderTimelineEntry[];
