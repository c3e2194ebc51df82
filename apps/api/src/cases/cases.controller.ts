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
import {
  CaseCommand,
  DEFAULT_CASE_SLA,
  InvalidInput,
  NotFound,
  SupportCase,
  caseDecider,
  caseStream,
  programDecider,
  programStream,
} from '@channel-ledger/domain';
import { Actor, Role } from '@channel-ledger/auth';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { AssignCaseDto, CaseMessageDto, CaseReasonDto, OpenCaseDto, ResolveCaseDto } from './cases.dto';
import { caseView, present } from '@channel-ledger/domain/views';

const PARTNER: Role[] = ['partner_manager', 'partner_associate'];
const SUPPORT: Role[] = ['admin', 'channel_manager', 'ops'];
const EITHER: Role[] = [...PARTNER, ...SUPPORT];
const Id = new UuidParam();
type Existing = Exclude<SupportCase, { status: 'None' }>;

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: AggregateReader,
    private readonly directory: PartnerDirectory,
  ) {}

  private async visible(actor: Actor, state: SupportCase): Promise<Existing> {
    if (state.status === 'None' || !(await this.directory.canSee(actor, state.partnerId))) throw new NotFound('case_not_found', 'case not found');
    return state;
  }

  private run(caseId: string, ctx: CommandContext, _allowed: Role[], command: (state: Existing) => CaseCommand): Promise<CommandResult> {
    return this.runner.run({
      id: caseId,
      streamId: caseStream(caseId),
      decider: caseDecider,
      ctx,
      authorize: (state) => this.visible(ctx.actor, state),
      command,
    });
  }

  // Partner staff open cases for themselves, their organisation or an end customer.
  @Post()
  @AllowRoles(...PARTNER)
  async open(@Body() body: OpenCaseDto, @Ctx() ctx: CommandContext) {
    const actor = ctx.actor as Extract<Actor, { kind: 'partner' }>;
    const partnerId = body.partnerId ?? actor.partnerId;
    if (!(await this.directory.exists(partnerId)) || !(await this.directory.canSee(actor, partnerId))) {
      throw new InvalidInput('partnerId', 'partner_not_found', 'partner not found');
    }
    const requestedBy = body.requestedBy ?? actor.userId;
    if (!(await this.directory.isActiveMember(partnerId, requestedBy))) {
      throw new InvalidInput('requestedBy', 'member_not_found', 'requestedBy must be an active staff member of the partner');
    }
    let sla = DEFAULT_CASE_SLA;
    if (body.programId) {
      const { state: program } = await this.reader.load(programDecider, programStream(body.programId));
      if (program.status === 'none') throw new InvalidInput('programId', 'program_not_found', 'program not found');
      sla = program.caseSla ?? DEFAULT_CASE_SLA;
    }
    const caseId = newRecordId('case', ctx);
    return this.runner.run({
      id: caseId,
      streamId: caseStream(caseId),
      decider: caseDecider,
      ctx,
      // A new record: its id is fresh (or derived from this caller's own Idempotency-Key), so nobody else's.
      authorize: (state) => state,
      command: (): CaseCommand => ({
        type: 'OpenCase',
        data: {
          caseId,
          partnerId,
          openedBy: actor.userId,
          requestedBy,
          about: body.about,
          endCustomer: body.endCustomer ? { companyName: body.endCustomer.companyName, contactEmail: body.endCustomer.contactEmail } : null,
          priority: body.priority,
          subject: body.subject,
          description: body.description,
        },
        context: { sla },
        now: ctx.now,
      }),
    });
  }

  @Get(':caseId')
  async get(@Param('caseId', Id) caseId: string, @Req() request: AuthenticatedRequest) {
    const { state, version } = await this.reader.load(caseDecider, caseStream(caseId));
    const found = await this.visible(request.actor, state);
    return present(caseView, { ...found, version }, await audienceOf(this.directory, request.actor, [found.partnerId]));
  }

  @Post(':caseId/assign')
  @HttpCode(200)
  @AllowRoles(...SUPPORT)
  assign(@Param('caseId', Id) id: string, @Body() body: AssignCaseDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, SUPPORT, () => ({ type: 'AssignCase', data: { assigneeId: body.assigneeId }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':caseId/first-response')
  @HttpCode(200)
  @AllowRoles(...SUPPORT)
  firstResponse(@Param('caseId', Id) id: string, @Body() body: CaseMessageDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, SUPPORT, () => ({ type: 'RecordFirstResponse', data: { message: body.message }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':caseId/hold')
  @HttpCode(200)
  @AllowRoles(...SUPPORT)
  hold(@Param('caseId', Id) id: string, @Body() body: CaseReasonDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, SUPPORT, () => ({ type: 'PutCaseOnHold', data: { reason: body.reason }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':caseId/resume')
  @HttpCode(200)
  @AllowRoles(...EITHER)
  resume(@Param('caseId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, EITHER, () => ({ type: 'ResumeCase', by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':caseId/resolve')
  @HttpCode(200)
  @AllowRoles(...SUPPORT)
  resolve(@Param('caseId', Id) id: string, @Body() body: ResolveCaseDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, SUPPORT, () => ({ type: 'ResolveCase', data: { resolution: body.resolution }, by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':caseId/close')
  @HttpCode(200)
  @AllowRoles(...EITHER)
  close(@Param('caseId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, EITHER, () => ({ type: 'CloseCase', by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':caseId/reopen')
  @HttpCode(200)
  @AllowRoles(...EITHER)
  reopen(@Param('caseId', Id) id: string, @Body() body: CaseReasonDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, EITHER, () => ({ type: 'ReopenCase', data: { reason: body.reason }, by: ctx.actor.userId, now: ctx.now }));
  }
}
