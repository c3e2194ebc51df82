import type { ExistingQuote } from '@channel-ledger/application/quotes/quotes.rules';
import type { RecordAnswer } from '../openapi/shared.responses';

// GET /v1/quotes/:quoteId (views/sales.view.ts).
export type Quote = RecordAnswer<
  ExistingQuote & { version: number },
  'quoteId' | 'status' | 'currency' | 'validUntil' | 'version' | 'channelPartnerId' | 'opportunityId' | 'lines' | 'totalMinor'
>;
