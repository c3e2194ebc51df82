import { UuidParam } from '../common/uuid-param';
import {
  newRecordId,
  AggregateReader,
  CommandContext,
  CommandResult,
  CommandRunner,
  PartnerDirectory,
  audienceOf,
} from '@channel-ledger/application';
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import {
  InvalidInput,
  NotFound,
  Quote,
  QuoteCommand,
  QuoteLineInput,
  opportunityDecider,
  opportunityStream,
  quoteDecider,
  quoteStream,
} from '@channel-ledger/domain';
import { Actor, Role } from '@channel-ledger/auth';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { CreateQuoteDto, QuoteLineDto, QuoteTermsDto, RejectQuoteDto } from './quotes.dto';
import { present, quoteView } from '@channel-ledger/domain/views';

// Quotes are self-service: partner staff create and revise them as the enterprise does.
const AUTHORS: Role[] = ['admin', 'channel_manager', 'partner_manager', 'partner_associate'];
const APPROVERS: Role[] = ['admin', 'channel_manager', 'approver'];
const Id = new UuidParam();
type Existing = Exclude<Quote, { status: 'None' }>;

@ApiTags('quotes')
@ApiBearerAuth()
@Controller('v1/quotes')
export class QuotesController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: AggregateReader,
    private readonly directory: PartnerDirectory,
  ) {}

  // A line names its partner; partner staff may name only partners they see, and one they do not see is refused
  // exactly like one that does not exist (it is not an oracle, and a partner cannot pull another into its quote).
  private async lines(dtos: QuoteLineDto[], actor: Actor): Promise<(QuoteLineInput & { lineId: string })[]> {
    for (const [i, line] of dtos.entries()) {
      if (line.partnerId && (!(await this.directory.exists(line.partnerId)) || !(await this.directory.canSee(actor, line.partnerId)))) {
        throw new InvalidInput(`lines[${i}].partnerId`, 'partner_not_found', 'partner not found');
      }
    }
    return dtos.map((l) => ({
      lineId: randomUUID(),
      productOffering: l.productOffering,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      ramp: l.ramp ? l.ramp.map((p) => ({ fromMonth: p.fromMonth, toMonth: p.toMonth, unitPriceMinor: p.unitPriceMinor })) : null,
      partnerId: l.partnerId ?? null,
    }));
  }

  private async visible(actor: Actor, state: Quote): Promise<Existing> {
    if (state.status === 'None' || !(await this.directory.canSee(actor, state.channelPartnerId))) throw new NotFound('quote_not_found', 'quote not found');
    return state;
  }

  private run(quoteId: string, ctx: CommandContext, _allowed: Role[], command: (state: Existing) => QuoteCommand | Promise<QuoteCommand>): Promise<CommandResult> {
    return this.runner.run({
      id: quoteId,
      streamId: quoteStream(quoteId),
      decider: quoteDecider,
      ctx,
      authorize: (state) => this.visible(ctx.actor, state),
      command,
    });
  }

  @Post()
  @AllowRoles(...AUTHORS)
  async create(@Body() body: CreateQuoteDto, @Ctx() ctx: CommandContext) {
    const { actor } = ctx;
    const channelPartnerId = body.channelPartnerId ?? (actor.kind === 'partner' ? actor.partnerId : undefined);
    if (!channelPartnerId) throw new InvalidInput('channelPartnerId', 'partner_required', 'name the channel partner of this quote');
    if (!(await this.directory.exists(channelPartnerId)) || !(await this.directory.canSee(actor, channelPartnerId))) {
      throw new InvalidInput('channelPartnerId', 'partner_not_found', 'partner not found');
    }
    if (body.opportunityId) {
      const { state } = await this.reader.load(opportunityDecider, opportunityStream(body.opportunityId));
      const partners = state.status === 'none' ? [] : [state.channelPartnerId, ...state.lineItems.map((l) => l.partnerId)];
      if (state.status === 'none' || !(await this.directory.canSeeAny(actor, partners))) {
        throw new InvalidInput('opportunityId', 'opportunity_not_found', 'opportunity not found');
      }
    }
    const quoteId = newRecordId('quote', ctx);
    const lines = await this.lines(body.lines, actor);
    return this.runner.run({
      id: quoteId,
      streamId: quoteStream(quoteId),
      decider: quoteDecider,
      ctx,
      // A new record: its id is fresh (or derived from this caller's own Idempotency-Key), so nobody else's.
      authorize: (state) => state,
      command: (): QuoteCommand => ({
        type: 'CreateQuote',
        data: { quoteId, opportunityId: body.opportunityId ?? null, channelPartnerId, currency: body.currency, validUntil: new Date(body.validUntil).toISOString(), lines },
        by: actor.userId,
        now: ctx.now,
      }),
    });
  }

  @Get(':quoteId')
  async get(@Param('quoteId', Id) quoteId: string, @Req() request: AuthenticatedRequest) {
    const { state, version } = await this.reader.load(quoteDecider, quoteStream(quoteId));
    const quote = await this.visible(request.actor, state);
    const audience = await audienceOf(this.directory, request.actor, [quote.channelPartnerId, ...quote.lines.map((l) => l.partnerId)]);
    return present(quoteView, { ...quote, streamVersion: version }, audience);
  }

  @Post(':quoteId/revisions')
  @HttpCode(200)
  @AllowRoles(...AUTHORS)
  async revise(@Param('quoteId', Id) id: string, @Body() body: QuoteTermsDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, AUTHORS, async () => ({
      type: 'ReviseQuote',
      data: { validUntil: new Date(body.validUntil).toISOString(), lines: await this.lines(body.lines, ctx.actor) },
      by: ctx.actor.userId,
      now: ctx.now,
    }));
  }

  @Post(':quoteId/submit')
  @HttpCode(200)
  @AllowRoles(...AUTHORS)
  submit(@Param('quoteId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, AUTHORS, () => ({ type: 'SubmitQuote', by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':quoteId/approve')
  @HttpCode(200)
  @AllowRoles(...APPROVERS)
  approve(@Param('quoteId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, APPROVERS, () => ({ type: 'ApproveQuote', by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':quoteId/reject')
  @HttpCode(200)
  @AllowRoles(...APPROVERS)
  reject(@Param('quoteId', Id) id: string, @Body() body: RejectQuoteDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, APPROVERS, () => ({ type: 'RejectQuote', data: { reason: body.reason }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':quoteId/accept')
  @HttpCode(200)
  @AllowRoles(...AUTHORS)
  accept(@Param('quoteId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, AUTHORS, () => ({ type: 'AcceptQuote', by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':quoteId/expire')
  @HttpCode(200)
  @AllowRoles('admin', 'ops')
  expire(@Param('quoteId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, ['admin', 'ops'], () => ({ type: 'ExpireQuote', now: ctx.now }));
  }
}
