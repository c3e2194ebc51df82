import { Selectable } from 'kysely';
import { OpportunitySource, OpportunityStage, OrderPriority, OrderStatus, OrderType, QuoteStatus } from '@channel-ledger/domain';

export interface RmOpportunitiesTable {
  opportunity_id: string;
  registration_id: string | null;
  name: string;
  account_name: string;
  source: OpportunitySource;
  channel_partner_id: string | null;
  party_ids: string[];
  stage: OpportunityStage;
  amount_minor: string;
  won_amount_minor: string | null;
  loss_reason: string | null;
  currency: string;
  expected_close_date: string;
  created_at: Date;
  closed_at: Date | null;
  updated_at: Date;
  // Each line's partner (its own, else the channel partner) and amount, in line order.
  line_partner_ids: (string | null)[];
  line_amounts: string[];
  last_position: string;
}

export interface RmQuotesTable {
  quote_id: string;
  opportunity_id: string | null;
  channel_partner_id: string;
  status: QuoteStatus;
  version: number;
  total_minor: string;
  currency: string;
  valid_until: Date;
  created_at: Date;
  updated_at: Date;
  // Each line's partner (its own, else the channel partner) and amount, in line order.
  line_partner_ids: (string | null)[];
  line_amounts: string[];
  last_position: string;
}

export interface RmOrdersTable {
  order_id: string;
  quote_id: string | null;
  account: string;
  order_type: OrderType;
  priority: OrderPriority;
  channel_partner_id: string | null;
  party_ids: string[];
  status: OrderStatus;
  total_minor: string;
  currency: string;
  created_at: Date;
  updated_at: Date;
  // Each line's partner (its own, else the channel partner) and amount, in line order.
  line_partner_ids: (string | null)[];
  line_amounts: string[];
  last_position: string;
}

export interface RmOrderLinesTable {
  order_id: string;
  line_id: string;
  product: string;
  quantity: number;
  total_minor: string;
  currency: string;
  partner_id: string | null;
  fulfilled_at: Date | null;
}

export interface SalesTables {
  rm_opportunities: RmOpportunitiesTable;
  rm_quotes: RmQuotesTable;
  rm_orders: RmOrdersTable;
  rm_order_lines: RmOrderLinesTable;
}

export type OpportunityRow = Selectable<RmOpportunitiesTable>;
export type QuoteRow = Selectable<RmQuotesTable>;
export type OrderRow = Selectable<RmOrdersTable>;
export type OrderLineRow = Selectable<RmOrderLinesTable>;
