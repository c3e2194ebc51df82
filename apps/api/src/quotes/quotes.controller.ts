import { UuidParam } from '../common/uuid-param';
import { CommandContext, CommandResult } from '@channel-ledger/application';
import { AcceptQuote, ApproveQuote, CreateQuote, ExpireQuote, GetQuote, RejectQuote, ReviseQuote, SubmitQuote } from '@channel-ledger/application/quotes';
import { Body, Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { BusController, Changes, Creates } from '../common/routes';
import { Ctx } from '../common/command-context';
import { CreateQuoteDto, QuoteTermsDto, RejectQuoteDto } from './quotes.dto';

// Quotes are self-service: partner staff create and revise them as the enterprise does.
const AUTHORS: Role[] = ['admin', 'channel_manager', 'partner_manager', 'partner_associate'];
const APPROVERS: Role[] = ['admin', 'channel_manager', 'approver'];
const Id = new UuidParam();

@ApiTags('quotes')
@ApiBearerAuth()
@Controller('v1/quotes')
export class QuotesController extends BusController {
  @Creates(undefined, AUTHORS)
  create(@Body() body: CreateQuoteDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new CreateQuote(body, ctx));
  }

  @Get(':quoteId')
  get(@Param('quoteId', Id) quoteId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetQuote(quoteId, request.actor));
  }

  @Changes(':quoteId/revisions', AUTHORS)
  revise(@Param('quoteId', Id) id: string, @Body() body: QuoteTermsDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ReviseQuote(id, body, ctx));
  }

  @Changes(':quoteId/submit', AUTHORS)
  submit(@Param('quoteId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SubmitQuote(id, ctx));
  }

  @Changes(':quoteId/approve', APPROVERS)
  approve(@Param('quoteId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ApproveQuote(id, ctx));
  }

  @Changes(':quoteId/reject', APPROVERS)
  reject(@Param('quoteId', Id) id: string, @Body() body: RejectQuoteDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RejectQuote(id, body, ctx));
  }

  @Changes(':quoteId/accept', AUTHORS)
  accept(@Param('quoteId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new AcceptQuote(id, ctx));
  }

  @Changes(':quoteId/expire', ['admin', 'ops'])
  expire(@Param('quoteId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ExpireQuote(id, ctx));
  }
}
