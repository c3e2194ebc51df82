import { UuidParam } from '../common/uuid-param';
import { ReplayStoredAnswer } from '../common/idempotency.interceptor';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import {
  InvalidInput,
  NotFound,
  Opportunity,
  OpportunityCommand,
  OpportunityDetails,
  OpportunityLine,
  RegistrationCommand,
  opportunityDecider,
  opportunityStream,
  registrationDecider,
  registrationStream,
} from '@channel-ledger/domain';
import { Actor, Role } from '@channel-ledger/auth';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import {
  AggregateReader,
  CommandContext,
  CommandResult,
  CommandRunner,
  deterministicUuid,
  newRecordId,
  PartnerDirectory,
  audienceOf,
} from '@channel-ledger/application';
import { Ctx } from '../common/command-context';
import {
  ChangeStageDto,
  CloseLostDto,
  CloseWonDto,
  CreateOpportunityDto,
  OpportunityFromRegistrationDto,
  OpportunityLineDto,
  OpportunityLinesDto,
} from './opportunities.dto';
import { opportunityView, present } from '@channel-ledger/domain/views';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();
type Existing = Exclude<Opportunity, { status: 'none' }>;

@ApiTags('opportunities')
@ApiBearerAuth()
@Controller('v1')
export class OpportunitiesController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: AggregateReader,
    private readonly directory: PartnerDirectory,
  ) {}

  private async lines(dtos: OpportunityLineDto[]): Promise<OpportunityLine[]> {
    for (const [i, line] of dtos.entries()) {
      if (line.partnerId && !(await this.directory.exists(line.partnerId))) {
        throw new InvalidInput(`lineItems[${i}].partnerId`, 'partner_not_found', `partner ${line.partnerId} does not exist`);
      }
    }
    return dtos.map((l) => ({ lineId: randomUUID(), product: l.product, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, partnerId: l.partnerId ?? null }));
  }

  private async visible(actor: Actor, state: Opportunity): Promise<Existing> {
    const partners = state.status === 'none' ? [] : [state.channelPartnerId, ...state.lineItems.map((l) => l.partnerId)];
    if (state.status === 'none' || !(await this.directory.canSeeAny(actor, partners))) throw new NotFound('opportunity_not_found', 'opportunity not found');
    return state;
  }

  private run(opportunityId: string, ctx: CommandContext, command: (state: Existing) => OpportunityCommand | Promise<OpportunityCommand>): Promise<CommandResult> {
    return this.runner.run({
      id: opportunityId,
      streamId: opportunityStream(opportunityId),
      decider: opportunityDecider,
      ctx,
      authorize: (state) => this.visible(ctx.actor, state),
      command,
    });
  }

  private create(ctx: CommandContext, data: OpportunityDetails & { opportunityId: string; registrationId: string | null }): Promise<CommandResult> {
    return this.runner.run({
      id: data.opportunityId,
      streamId: opportunityStream(data.opportunityId),
      decider: opportunityDecider,
      ctx,
      // A new record: its id is fresh (or derived from this caller's own Idempotency-Key), so nobody else's.
      authorize: (state) => state,
      command: (): OpportunityCommand => ({ type: 'CreateOpportunity', data, now: ctx.now }),
    });
  }

  @Post('opportunities')
  @AllowRoles(...WRITERS)
  async createDirect(@Body() body: CreateOpportunityDto, @Ctx() ctx: CommandContext) {
    const channelPartnerId = body.channelPartnerId ?? null;
    if (channelPartnerId && !(await this.directory.exists(channelPartnerId))) throw new InvalidInput('channelPartnerId', 'partner_not_found', 'partner not found');
    return this.create(ctx, {
      opportunityId: newRecordId('opportunity', ctx),
      registrationId: null,
      name: body.name,
      accountName: body.accountName,
      source: body.source,
      channelPartnerId,
      currency: body.currency,
      expectedCloseDate: body.expectedCloseDate,
      lineItems: await this.lines(body.lineItems),
    });
  }

  // Converts an approved registration: the opportunity keeps the link and the registration records the
  // conversion. The opportunity's id comes from the registration's, so a retry or a race makes one, not two.
  @Post('deal-registrations/:registrationId/opportunity')
  @AllowRoles(...WRITERS)
  // Enterprise writers only, who see every record; run again, the conversion check would refuse the converted
  // registration before the runner could recognise the retry.
  @ReplayStoredAnswer()
  async fromRegistration(@Param('registrationId', Id) registrationId: string, @Body() body: OpportunityFromRegistrationDto, @Ctx() ctx: CommandContext) {
    const { state: registration } = await this.reader.load(registrationDecider, registrationStream(registrationId));
    if (registration.status === 'None') throw new NotFound('registration_not_found', 'deal registration not found');
    const opportunityId = deterministicUuid(`opportunity-of-registration:${registrationId}`);
    // Check the conversion is allowed before anything is written.
    registrationDecider.decide({ type: 'ConvertRegistration', data: { opportunityId }, by: ctx.actor.userId, now: ctx.now }, registration);
    const existing = await this.reader.load(opportunityDecider, opportunityStream(opportunityId));
    const created =
      existing.state.status === 'none'
        ? await this.create(ctx, {
            opportunityId,
            registrationId,
            name: body.name,
            accountName: registration.details.customer.companyName,
            source: registration.details.registrationType === 'influenced' ? 'partner_influenced' : 'partner_sourced',
            channelPartnerId: registration.partnerId,
            currency: registration.details.estimatedSize.currency,
            expectedCloseDate: registration.details.expectedCloseDate,
            lineItems: await this.lines(body.lineItems),
          })
        : undefined;
    await this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx: { ...ctx, expectedVersion: undefined },
      authorize: (state) => {
        if (state.status === 'None') throw new NotFound('registration_not_found', 'deal registration not found');
        return state;
      },
      command: (): RegistrationCommand => ({ type: 'ConvertRegistration', data: { opportunityId }, by: ctx.actor.userId, now: ctx.now }),
    });
    const latest = await this.reader.load(opportunityDecider, opportunityStream(opportunityId));
    return created ?? { id: opportunityId, version: latest.version, position: null };
  }

  @Get('opportunities/:opportunityId')
  async get(@Param('opportunityId', Id) opportunityId: string, @Req() request: AuthenticatedRequest) {
    const { state, version } = await this.reader.load(opportunityDecider, opportunityStream(opportunityId));
    const opportunity = await this.visible(request.actor, state);
    const audience = await audienceOf(this.directory, request.actor, [opportunity.channelPartnerId, ...opportunity.lineItems.map((l) => l.partnerId)]);
    return present(opportunityView, { ...opportunity, version }, audience);
  }

  @Put('opportunities/:opportunityId/lines')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  async updateLines(@Param('opportunityId', Id) id: string, @Body() body: OpportunityLinesDto, @Ctx() ctx: CommandContext) {
    const lineItems = await this.lines(body.lineItems);
    return this.run(id, ctx, () => ({ type: 'UpdateOpportunityLines', data: { lineItems }, now: ctx.now }));
  }

  @Post('opportunities/:opportunityId/stage')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  changeStage(@Param('opportunityId', Id) id: string, @Body() body: ChangeStageDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, () => ({ type: 'ChangeStage', data: { stage: body.stage }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post('opportunities/:opportunityId/won')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  closeWon(@Param('opportunityId', Id) id: string, @Body() body: CloseWonDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, () => ({ type: 'CloseWon', data: { amountMinor: body.amountMinor }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post('opportunities/:opportunityId/lost')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  closeLost(@Param('opportunityId', Id) id: string, @Body() body: CloseLostDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, () => ({ type: 'CloseLost', data: { reason: body.reason, note: body.note ?? null }, by: ctx.actor.userId, now: ctx.now }));
  }
}
