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
import { Body, Patch } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { ApiController, BusController, Creates, RecordRoutes } from '../common/routes';
import { Ctx } from '../common/command-context';
import { AnswerDto, ApproveDto, DraftRegistrationDto, EditRegistrationDto, MessageDto, NoteDto, OptionalReasonDto, ReasonDto } from './deal-registrations.dto';

const PARTNER: Role[] = ['partner_manager', 'partner_associate'];
const ON_BEHALF: Role[] = [...PARTNER, 'admin', 'channel_manager'];
const REVIEWERS: Role[] = ['admin', 'channel_manager', 'approver'];
const APPROVERS: Role[] = ['admin', 'approver'];
const ENTERPRISE_WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

@ApiController('deal registrations', 'v1/deal-registrations')
// The registration (GET /v1/deal-registrations/:registrationId) and the commands on it, each answered with its new version.
@RecordRoutes(':registrationId', Id, {
  get: { query: GetRegistration, answers: 'DealRegistration' },
  edit: { roles: ON_BEHALF, method: Patch, command: EditRegistration, body: EditRegistrationDto },
  submit: { path: 'submit', roles: ON_BEHALF, command: SubmitRegistration },
  resubmit: { path: 'resubmit', roles: ON_BEHALF, command: ResubmitRegistration, body: AnswerDto },
  startReview: { path: 'start-review', roles: REVIEWERS, command: StartReview },
  requestInfo: { path: 'request-info', roles: REVIEWERS, command: RequestInfo, body: MessageDto },
  sendForApproval: { path: 'send-for-approval', roles: REVIEWERS, command: SendForApproval },
  approve: { path: 'approve', roles: APPROVERS, command: ApproveRegistration, body: ApproveDto },
  reject: { path: 'reject', roles: REVIEWERS, command: RejectRegistration, body: ReasonDto },
  withdraw: { path: 'withdraw', roles: PARTNER, command: WithdrawRegistration, body: OptionalReasonDto },
  cancel: { path: 'cancel', roles: ENTERPRISE_WRITERS, command: CancelRegistration, body: NoteDto },
  requestExtension: { path: 'extension-requests', roles: PARTNER, command: RequestExtension, body: ReasonDto },
  grantExtension: { path: 'extension-grants', roles: REVIEWERS, command: GrantExtension },
  expire: { path: 'expire', roles: ['admin', 'ops'], command: ExpireRegistration },
})
export class DealRegistrationsController extends BusController {
  @Creates(undefined, ON_BEHALF)
  draft(@Body() body: DraftRegistrationDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new DraftRegistration(body, ctx));
  }
}
