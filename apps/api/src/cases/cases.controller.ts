import { UuidParam } from '../common/uuid-param';
import { CommandContext, CommandResult } from '@channel-ledger/application';
import { AssignCase, CloseCase, GetCase, OpenCase, PutCaseOnHold, RecordFirstResponse, ReopenCase, ResolveCase, ResumeCase } from '@channel-ledger/application/cases';
import { Body } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { ApiController, BusController, Creates, RecordRoutes } from '../common/routes';
import { Ctx } from '../common/command-context';
import { AssignCaseDto, CaseMessageDto, CaseReasonDto, OpenCaseDto, ResolveCaseDto } from './cases.dto';

const PARTNER: Role[] = ['partner_manager', 'partner_associate'];
const SUPPORT: Role[] = ['admin', 'channel_manager', 'ops'];
const EITHER: Role[] = [...PARTNER, ...SUPPORT];
const Id = new UuidParam();

@ApiController('cases', 'v1/cases')
// The case (GET /v1/cases/:caseId) and the commands on it (POST /v1/cases/:caseId/<path>, answered with its new version).
@RecordRoutes(':caseId', Id, {
  get: { query: GetCase, answers: 'Case' },
  assign: { path: 'assign', roles: SUPPORT, command: AssignCase, body: AssignCaseDto },
  firstResponse: { path: 'first-response', roles: SUPPORT, command: RecordFirstResponse, body: CaseMessageDto },
  hold: { path: 'hold', roles: SUPPORT, command: PutCaseOnHold, body: CaseReasonDto },
  resume: { path: 'resume', roles: EITHER, command: ResumeCase },
  resolve: { path: 'resolve', roles: SUPPORT, command: ResolveCase, body: ResolveCaseDto },
  close: { path: 'close', roles: EITHER, command: CloseCase },
  reopen: { path: 'reopen', roles: EITHER, command: ReopenCase, body: CaseReasonDto },
})
export class CasesController extends BusController {
  // Partner staff open cases for themselves, their organisation or an end customer.
  @Creates(undefined, PARTNER)
  open(@Body() body: OpenCaseDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new OpenCase(body, ctx));
  }
}
