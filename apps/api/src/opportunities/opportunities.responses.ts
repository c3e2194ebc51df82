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

export interface SalesRow {
  [field: string]: unknown;
}

export interface OpportunityRow extends SalesRow {
  opportunityId: string;
  amount?: Money;
}

export interface QuoteRow extends SalesRow {
  quoteId: string;
}

export interface OrderRow extends SalesRow {
  orderId: string;
}

export type OpportunityList = Page<OpportunityRow>;
export type QuoteList = Page<QuoteRow>;
export type OrderList = Page<OrderRow>;
