import { UuidParam } from '../common/uuid-param';
import { CommandContext, CommandResult } from '@channel-ledger/application';
import {
  ApproveRegistration,
  CancelRegistration,
  DraftRegistration,
  EditRegistration,
  ExpireRegistration,
  GetRegistration,
  GrantExtension,
  RejectRegistration,
  RequestExtension,
  RequestInfo,
  ResubmitRegistration,
  SendForApproval,
  StartReview,
  SubmitRegistration,
  WithdrawRegistration,
} from '@channel-ledger/application/deal-registrations';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { ApproveDto, DraftRegistrationDto, EditRegistrationDto, MessageDto, NoteDto, OptionalReasonDto, ReasonDto } from './deal-registrations.dto';

const PARTNER: Role[] = ['partner_manager', 'partner_associate'];
const ON_BEHALF: Role[] = [...PARTNER, 'admin', 'channel_manager'];
const REVIEWERS: Role[] = ['admin', 'channel_manager', 'approver'];
const APPROVERS: Role[] = ['admin', 'approver'];
const ENTERPRISE_WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

@ApiTags('deal registrations')
@ApiBearerAuth()
@Controller('v1/deal-registrations')
export class DealRegistrationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @AllowRoles(...ON_BEHALF)
  draft(@Body() body: DraftRegistrationDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new DraftRegistration(body, ctx));
  }

  @Get(':registrationId')
  get(@Param('registrationId', Id) registrationId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetRegistration(registrationId, request.actor));
  }

  @Patch(':registrationId')
  @HttpCode(200)
  @AllowRoles(...ON_BEHALF)
  edit(@Param('registrationId', Id) id: string, @Body() body: EditRegistrationDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new EditRegistration(id, body, ctx));
  }

  @Post(':registrationId/submit')
  @HttpCode(200)
  @AllowRoles(...ON_BEHALF)
  submit(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SubmitRegistration(id, ctx));
  }

  @Post(':registrationId/resubmit')
  @HttpCode(200)
  @AllowRoles(...ON_BEHALF)
  resubmit(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ResubmitRegistration(id, ctx));
  }

  @Post(':registrationId/start-review')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  startReview(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new StartReview(id, ctx));
  }

  @Post(':registrationId/request-info')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  requestInfo(@Param('registrationId', Id) id: string, @Body() body: MessageDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RequestInfo(id, body, ctx));
  }

  @Post(':registrationId/send-for-approval')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  sendForApproval(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SendForApproval(id, ctx));
  }

  @Post(':registrationId/approve')
  @HttpCode(200)
  @AllowRoles(...APPROVERS)
  approve(@Param('registrationId', Id) id: string, @Body() body: ApproveDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ApproveRegistration(id, body, ctx));
  }

  @Post(':registrationId/reject')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  reject(@Param('registrationId', Id) id: string, @Body() body: ReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RejectRegistration(id, body, ctx));
  }

  @Post(':registrationId/withdraw')
  @HttpCode(200)
  @AllowRoles(...PARTNER)
  withdraw(@Param('registrationId', Id) id: string, @Body() body: OptionalReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new WithdrawRegistration(id, body, ctx));
  }

  @Post(':registrationId/cancel')
  @HttpCode(200)
  @AllowRoles(...ENTERPRISE_WRITERS)
  cancel(@Param('registrationId', Id) id: string, @Body() body: NoteDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CancelRegistration(id, body, ctx));
  }

  @Post(':registrationId/extension-requests')
  @HttpCode(200)
  @AllowRoles(...PARTNER)
  requestExtension(@Param('registrationId', Id) id: string, @Body() body: ReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RequestExtension(id, body, ctx));
  }

  @Post(':registrationId/extension-grants')
  @HttpCode(200)
  @AllowRoles(...REVIEWERS)
  grantExtension(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new GrantExtension(id, ctx));
  }

  @Post(':registrationId/expire')
  @HttpCode(200)
  @AllowRoles('admin', 'ops')
  expire(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ExpireRegistration(id, ctx));
  }
}
