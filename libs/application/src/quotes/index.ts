import { Provider } from '@nestjs/common';
import { QuoteRules } from './quotes.rules';
import { QuoteReadRepository } from './quotes.read-repository';
import { AcceptQuote, AcceptQuoteHandler } from './commands/accept-quote';
import { ApproveQuote, ApproveQuoteHandler } from './commands/approve-quote';
import { CreateQuote, CreateQuoteHandler } from './commands/create-quote';
import { ExpireQuote, ExpireQuoteHandler } from './commands/expire-quote';
import { RejectQuote, RejectQuoteHandler } from './commands/reject-quote';
import { ReviseQuote, ReviseQuoteHandler } from './commands/revise-quote';
import { SubmitQuote, SubmitQuoteHandler } from './commands/submit-quote';
import { GetQuote, GetQuoteHandler } from './queries/get-quote';
import { ListQuotes, ListQuotesHandler } from './queries/list-quotes';

export { QuoteRules };
export { AcceptQuote, ApproveQuote, CreateQuote, ExpireQuote, RejectQuote, ReviseQuote, SubmitQuote, GetQuote, ListQuotes };

// The command and query handlers of quotes: one use case a file, under commands/ or queries/.
export const QUOTES_HANDLERS: Provider[] = [
  QuoteRules,
  AcceptQuoteHandler,
  ApproveQuoteHandler,
  CreateQuoteHandler,
  ExpireQuoteHandler,
  RejectQuoteHandler,
  ReviseQuoteHandler,
  SubmitQuoteHandler,
  GetQuoteHandler,
  QuoteReadRepository,
  ListQuotesHandler,
];
