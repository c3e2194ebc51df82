import type { ExistingQuote } from '@channel-ledger/application/quotes/quotes.rules';
import type { RecordAnswer } from '../openapi/shared.responses';

// GET /v1/quotes/:quoteId (views/sales.view.ts). `version` is the quote's own revision number; the stream's
// version, what If-Match takes, is `streamVersion`.
export type Quote = RecordAnswer<
  ExistingQuote & { streamVersion: number },
  'quoteId' | 'status' | 'currency' | 'validUntil' | 'version' | 'streamVersion' | 'channelPartnerId' | 'opportunityId' | 'lines' | 'totalMinor'
>;
