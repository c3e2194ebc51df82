import type { OpportunityDetails } from '@channel-ledger/domain';
import type { Money, Page, RecordAnswer } from '../openapi/shared.responses';

// The domain's OPPORTUNITY_STAGES, spelt out: the schema generator cannot read a list built with a spread (the
// document test compares the two).
export type OpportunityStage = 'Qualify' | 'Develop' | 'Negotiate' | 'ClosedWon' | 'ClosedLost';

// The folded opportunity (the domain's Opportunity, once created), with its version.
type OpportunityRecord = OpportunityDetails & {
  status: 'open' | 'closed';
  opportunityId: string;
  registrationId: string | null;
  stage: OpportunityStage;
  amountMinor: number;
  wonAmountMinor: number | null;
  version: number;
};

// GET /v1/opportunities/:opportunityId (views/sales.view.ts): a partner reads the header, its own lines, and
// amounts summed from its own lines.
export type Opportunity = RecordAnswer<
  OpportunityRecord,
  'opportunityId' | 'status' | 'name' | 'accountName' | 'source' | 'stage' | 'currency' | 'expectedCloseDate' | 'version' | 'channelPartnerId' | 'registrationId' | 'lineItems' | 'wonAmountMinor',
  { amountMinor: number }
>;

// Rows of the sales lists (views/sales.view.ts). A partner reads the channel partner and the linked record's id as
// null when it may not see the channel partner, amounts summed from its own lines, and the won amount only when it
// sees every line.

export interface OpportunityRow {
  opportunityId: string;
  registrationId: string | null;
  name: string;
  accountName: string;
  source: string;
  channelPartnerId: string | null;
  stage: OpportunityStage;
  amount: Money;
  wonAmountMinor: number | null;
  lossReason: string | null;
  expectedCloseDate: string;
  createdAt: string;
  closedAt: string | null;
  updatedAt: string;
}

export interface QuoteRow {
  quoteId: string;
  opportunityId: string | null;
  channelPartnerId: string | null;
  status: string;
  version: number;
  total: Money;
  validUntil: string;
  updatedAt: string;
}

export interface OrderRow {
  orderId: string;
  quoteId: string | null;
  account: string;
  orderType: string;
  priority: string;
  channelPartnerId: string | null;
  status: string;
  total: Money;
  createdAt: string;
  updatedAt: string;
}

export type OpportunityList = Page<OpportunityRow>;
export type QuoteList = Page<QuoteRow>;
export type OrderList = Page<OrderRow>;
