import { UuidParam } from '../common/uuid-param';
import {
  newRecordId,
  AggregateReader,
  CommandContext,
  CommandResult,
  CommandRunner,
  PartnerDirectory,
  CustomerClaims,
  audienceOf,
} from '@channel-ledger/application';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  InvalidInput,
  NotFound,
  ProgramFacts,
  Registration,
  RegistrationCommand,
  conflictKeys,
  partnershipDecider,
  partnershipStream,
  programDecider,
  programStream,
  registrationDecider,
  registrationStream,
} from '@channel-ledger/domain';
import { Actor, Role } from '@channel-ledger/auth';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { ApproveDto, DraftRegistrationDto, EditRegistrationDto, MessageDto, NoteDto, OptionalReasonDto, ReasonDto } from './deal-registrations.dto';
import { present, registrationView } from '@channel-ledger/domain/views';

const PARTNER: Role[] = ['partner_manager', 'partner_associate'];
const ON_BEHALF: Role[] = [...PARTNER, 'admin', 'channel_manager'];
const REVIEWERS: Role[] = ['admin', 'channel_manager', 'approver'];
const APPROVERS: Role[] = ['admin', 'approver'];
const ENTERPRISE_WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

type Existing = Exclude<Registration, { status: 'None' }>;

@ApiTags('deal registrations')
@ApiBearerAuth()
@Controller('v1/deal-registrations')
export class DealRegistrationsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: AggregateReader,
    private readonly directory: PartnerDirectory,
    private readonly claims: CustomerClaims,
  ) {}

  private async programFacts(partnerId: string, programId: string): Promise<ProgramFacts> {
    const [program, partnership] = await Promise.all([
      this.reader.load(programDecider, programStream(programId)),
      this.reader.load(partnershipDecider, partnershipStream(partnerId, programId)),
    ]);
    if (program.state.status === 'none') throw new NotFound('program_not_found', 'program not found');
    return { rules: program.state.rules, active: program.state.status === 'active', enrolled: partnership.state.status === 'active' };
  }

  // Another partner's registration is answered exactly like a missing one: the caller must not learn it exists.
  private async visible(actor: Actor, state: Registration): Promise<Existing> {
    if (state.status === 'None' || !(await this.directory.canSee(actor, state.partnerId))) {
      throw new NotFound('registration_not_found', 'deal registration not found');
    }
    return state;
  }

  private run(registrationId: string, ctx: CommandContext, _allowed: Role[], command: (state: Existing) => Promise<RegistrationCommand> | RegistrationCommand) {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.visible(ctx.actor, state),
      command,
    });
  }

  @Post()
  @AllowRoles(...ON_BEHALF)
  async draft(@Body() body: DraftRegistrationDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    const { actor } = ctx;
    const partnerId = body.partnerId ?? (actor.kind === 'partner' ? actor.partnerId : undefined);
    if (!partnerId) throw new InvalidInput('partnerId', 'partner_required', 'name the partner this registration is for');
    if ((await this.directory.load(partnerId)).state.status !== 'active' || !(await this.directory.canSee(actor, partnerId))) {
      throw new InvalidInput('partnerId', 'partner_not_found', 'partner not found');
    }
    const registrationId = newRecordId('registration', ctx);
    const { programId, partnerId: _given, ...details } = body;
    const context = await this.programFacts(partnerId, programId);
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      // A new record: its id is fresh (or derived from this caller's own Idempotency-Key), so nobody else's.
      authorize: (state) => state,
      command: (): RegistrationCommand => ({
        type: 'DraftRegistration',
        data: { ...JSON.parse(JSON.stringify(details)), registrationId, partnerId, programId, submittedBy: actor.userId },
        context,
        now: ctx.now,
      }),
    });
  }

  @Get(':registrationId')
  async get(@Param('registrationId', Id) registrationId: string, @Req() request: AuthenticatedRequest) {
    const { state, version } = await this.reader.load(registrationDecider, registrationStream(registrationId));
    const registration = await this.visible(request.actor, state);
    return present(registrationView, { ...registration, version }, await audienceOf(this.directory, request.actor, [registration.partnerId]));
  }

  @Patch(':registrationId')
  @HttpCode(200)
  @AllowRoles(...ON_BEHALF)
  edit(@Param('registrationId', Id) id: string, @Body() body: EditRegistrationDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, ON_BEHALF, async (state): Promise<RegistrationCommand> => ({
      type: 'EditRegistration',
      data: { changes: JSON.parse(JSON.stringify(body.changes)) },
      by: ctx.actor.userId,
      context: await this.programFacts(state.partnerId, state.programId),
      now: ctx.now,
    }));
  }

  @Post(':registrationId/submit')
  @HttpCode(200)
  @AllowRoles(...ON_BEHALF)
  submit(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, ON_BEHALF, (state) => this.withConflicts(state, ctx, 'SubmitRegistration'));
  }

  @Post(':registrationId/resubmit')
  @HttpCode(200)
  @AllowRoles(...ON_BEHALF)
  resubmit(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, ON_BEHALF, (state) => this.withConflicts(state, ctx, 'ResubmitRegistration'));
  }

  // Checks the command against the rules before claiming the customer, so a refused submission claims nothing.
  private async withConflicts(state: Existing, ctx: CommandContext, type: 'SubmitRegistration' | 'ResubmitRegistration'): Promise<RegistrationCommand> {
    const facts = await this.programFacts(state.partnerId, state.programId);
    const command = { type, by: ctx.actor.userId, context: { ...facts, conflicts: [] }, now: ctx.now } as RegistrationCommand;
    registrationDecider.decide(command, state);
    const conflicts = await this.claims.claim({
      registrationId: state.registrationId,
      partnerId: state.partnerId,
      submittedAt: state.submittedAt ?? ctx.now,
      keys: conflictKeys(state.details.customer),
    }, ctx.now);
    return { type, by: ctx.actor.userId, context: { ...facts, conflicts }, now: ctx.now } as RegistrationCommand;
  }

  @Post(':registrationId/start-review')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  startReview(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, REVIEWERS, () => ({ type: 'StartReview', by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':registrationId/request-info')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  requestInfo(@Param('registrationId', Id) id: string, @Body() body: MessageDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, REVIEWERS, () => ({ type: 'RequestInfo', data: { message: body.message }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':registrationId/send-for-approval')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  sendForApproval(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, REVIEWERS, () => ({ type: 'SendForApproval', by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':registrationId/approve')
  @HttpCode(200)
  @AllowRoles(...APPROVERS)
  approve(@Param('registrationId', Id) id: string, @Body() body: ApproveDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, APPROVERS, async (state): Promise<RegistrationCommand> => ({
      type: 'ApproveRegistration',
      data: { overrideReason: body.overrideReason ?? null },
      by: ctx.actor.userId,
      context: { rules: (await this.programFacts(state.partnerId, state.programId)).rules },
      now: ctx.now,
    }));
  }

  @Post(':registrationId/reject')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  reject(@Param('registrationId', Id) id: string, @Body() body: ReasonDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, REVIEWERS, () => ({ type: 'RejectRegistration', data: { reason: body.reason }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':registrationId/withdraw')
  @HttpCode(200)
  @AllowRoles(...PARTNER)
  withdraw(@Param('registrationId', Id) id: string, @Body() body: OptionalReasonDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, PARTNER, () => ({ type: 'WithdrawRegistration', data: { reason: body.reason ?? null }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':registrationId/cancel')
  @HttpCode(200)
  @AllowRoles(...ENTERPRISE_WRITERS)
  cancel(@Param('registrationId', Id) id: string, @Body() body: NoteDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, ENTERPRISE_WRITERS, () => ({ type: 'CancelRegistration', data: { note: body.note }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':registrationId/extension-requests')
  @HttpCode(200)
  @AllowRoles(...PARTNER)
  requestExtension(@Param('registrationId', Id) id: string, @Body() body: ReasonDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, PARTNER, async (state): Promise<RegistrationCommand> => ({
      type: 'RequestExtension',
      data: { reason: body.reason },
      by: ctx.actor.userId,
      context: { rules: (await this.programFacts(state.partnerId, state.programId)).rules },
      now: ctx.now,
    }));
  }

  @Post(':registrationId/extension-grants')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  grantExtension(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, REVIEWERS, async (state): Promise<RegistrationCommand> => ({
      type: 'GrantExtension',
      by: ctx.actor.userId,
      context: { rules: (await this.programFacts(state.partnerId, state.programId)).rules },
      now: ctx.now,
    }));
  }

  @Post(':registrationId/expire')
  @HttpCode(200)
  @AllowRoles('admin', 'ops')
  expire(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, ['admin', 'ops'], () => ({ type: 'ExpireRegistration', now: ctx.now }));
  }
}
