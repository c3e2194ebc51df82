import { UuidParam } from '../common/uuid-param';
import { CommandContext, CommandResult } from '@channel-ledger/application';
import { AcceptQuote, ApproveQuote, CreateQuote, ExpireQuote, GetQuote, RejectQuote, ReviseQuote, SubmitQuote } from '@channel-ledger/application/quotes';
import { Body } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { ApiController, BusController, Creates, RecordRoutes } from '../common/routes';
import { Ctx } from '../common/command-context';
import { CreateQuoteDto, QuoteTermsDto, RejectQuoteDto } from './quotes.dto';

// Quotes are self-service: partner staff create and revise them as the enterprise does.
const AUTHORS: Role[] = ['admin', 'channel_manager', 'partner_manager', 'partner_associate'];
const APPROVERS: Role[] = ['admin', 'channel_manager', 'approver'];
const Id = new UuidParam();

@ApiController('quotes', 'v1/quotes')
// The quote (GET /v1/quotes/:quoteId) and the commands on it (POST /v1/quotes/:quoteId/<path>, answered with its new version).
@RecordRoutes(':quoteId', Id, {
  get: { query: GetQuote, answers: 'Quote' },
  revise: { path: 'revisions', roles: AUTHORS, command: ReviseQuote, body: QuoteTermsDto },
  submit: { path: 'submit', roles: AUTHORS, command: SubmitQuote },
  approve: { path: 'approve', roles: APPROVERS, command: ApproveQuote },
  reject: { path: 'reject', roles: APPROVERS, command: RejectQuote, body: RejectQuoteDto },
  accept: { path: 'accept', roles: AUTHORS, command: AcceptQuote },
  expire: { path: 'expire', roles: ['admin', 'ops'], command: ExpireQuote },
})
export class QuotesController extends BusController {
  @Creates(undefined, AUTHORS)
  create(@Body() body: CreateQuoteDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new CreateQuote(body, ctx));
  }
}
