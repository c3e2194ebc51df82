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
import { Body, Controller, Get, Param, Patch, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { BusController, Changes, Creates } from '../common/routes';
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
export class DealRegistrationsController extends BusController {
  @Creates(undefined, ON_BEHALF)
  draft(@Body() body: DraftRegistrationDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new DraftRegistration(body, ctx));
  }

  @Get(':registrationId')
  get(@Param('registrationId', Id) registrationId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetRegistration(registrationId, request.actor));
  }

  @Changes(':registrationId', ON_BEHALF, Patch)
  edit(@Param('registrationId', Id) id: string, @Body() body: EditRegistrationDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new EditRegistration(id, body, ctx));
  }

  @Changes(':registrationId/submit', ON_BEHALF)
  submit(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SubmitRegistration(id, ctx));
  }

  @Changes(':registrationId/resubmit', ON_BEHALF)
  resubmit(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ResubmitRegistration(id, ctx));
  }

  @Changes(':registrationId/start-review', REVIEWERS)
  startReview(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new StartReview(id, ctx));
  }

  @Changes(':registrationId/request-info', REVIEWERS)
  requestInfo(@Param('registrationId', Id) id: string, @Body() body: MessageDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RequestInfo(id, body, ctx));
  }

  @Changes(':registrationId/send-for-approval', REVIEWERS)
  sendForApproval(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SendForApproval(id, ctx));
  }

  @Changes(':registrationId/approve', APPROVERS)
  approve(@Param('registrationId', Id) id: string, @Body() body: ApproveDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ApproveRegistration(id, body, ctx));
  }

  @Changes(':registrationId/reject', REVIEWERS)
  reject(@Param('registrationId', Id) id: string, @Body() body: ReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RejectRegistration(id, body, ctx));
  }

  @Changes(':registrationId/withdraw', PARTNER)
  withdraw(@Param('registrationId', Id) id: string, @Body() body: OptionalReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new WithdrawRegistration(id, body, ctx));
  }

  @Changes(':registrationId/cancel', ENTERPRISE_WRITERS)
  cancel(@Param('registrationId', Id) id: string, @Body() body: NoteDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CancelRegistration(id, body, ctx));
  }

  @Changes(':registrationId/extension-requests', PARTNER)
  requestExtension(@Param('registrationId', Id) id: string, @Body() body: ReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RequestExtension(id, body, ctx));
  }

  @Changes(':registrationId/extension-grants', REVIEWERS)
  grantExtension(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new GrantExtension(id, ctx));
  }

  @Changes(':registrationId/expire', ['admin', 'ops'])
  expire(@Param('registrationId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ExpireRegistration(id, ctx));
  }
}
