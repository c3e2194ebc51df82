import { UuidParam } from '../common/uuid-param';
import { CommandContext, CommandResult } from '@channel-ledger/application';
import { AssignCase, CloseCase, GetCase, OpenCase, PutCaseOnHold, RecordFirstResponse, ReopenCase, ResolveCase, ResumeCase } from '@channel-ledger/application/cases';
import { Body, Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { BusController, Changes, Creates } from '../common/routes';
import { Ctx } from '../common/command-context';
import { AssignCaseDto, CaseMessageDto, CaseReasonDto, OpenCaseDto, ResolveCaseDto } from './cases.dto';

const PARTNER: Role[] = ['partner_manager', 'partner_associate'];
const SUPPORT: Role[] = ['admin', 'channel_manager', 'ops'];
const EITHER: Role[] = [...PARTNER, ...SUPPORT];
const Id = new UuidParam();

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController extends BusController {
  // Partner staff open cases for themselves, their organisation or an end customer.
  @Creates(undefined, PARTNER)
  open(@Body() body: OpenCaseDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new OpenCase(body, ctx));
  }

  @Get(':caseId')
  get(@Param('caseId', Id) caseId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetCase(caseId, request.actor));
  }

  @Changes(':caseId/assign', SUPPORT)
  assign(@Param('caseId', Id) id: string, @Body() body: AssignCaseDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new AssignCase(id, body, ctx));
  }

  @Changes(':caseId/first-response', SUPPORT)
  firstResponse(@Param('caseId', Id) id: string, @Body() body: CaseMessageDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RecordFirstResponse(id, body, ctx));
  }

  @Changes(':caseId/hold', SUPPORT)
  hold(@Param('caseId', Id) id: string, @Body() body: CaseReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new PutCaseOnHold(id, body, ctx));
  }

  @Changes(':caseId/resume', EITHER)
  resume(@Param('caseId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ResumeCase(id, ctx));
  }

  @Changes(':caseId/resolve', SUPPORT)
  resolve(@Param('caseId', Id) id: string, @Body() body: ResolveCaseDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ResolveCase(id, body, ctx));
  }

  @Changes(':caseId/close', EITHER)
  close(@Param('caseId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CloseCase(id, ctx));
  }

  @Changes(':caseId/reopen', EITHER)
  reopen(@Param('caseId', Id) id: string, @Body() body: CaseReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ReopenCase(id, body, ctx));
  }
}
