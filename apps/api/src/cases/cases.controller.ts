import { UuidParam } from '../common/uuid-param';
import { CommandContext, CommandResult } from '@channel-ledger/application';
import { AssignCase, CloseCase, GetCase, OpenCase, PutCaseOnHold, RecordFirstResponse, ReopenCase, ResolveCase, ResumeCase } from '@channel-ledger/application/cases';
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { AssignCaseDto, CaseMessageDto, CaseReasonDto, OpenCaseDto, ResolveCaseDto } from './cases.dto';

const PARTNER: Role[] = ['partner_manager', 'partner_associate'];
const SUPPORT: Role[] = ['admin', 'channel_manager', 'ops'];
const EITHER: Role[] = [...PARTNER, ...SUPPORT];
const Id = new UuidParam();

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  // Partner staff open cases for themselves, their organisation or an end customer.
  @Post()
  @AllowRoles(...PARTNER)
  open(@Body() body: OpenCaseDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new OpenCase(body, ctx));
  }

  @Get(':caseId')
  get(@Param('caseId', Id) caseId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetCase(caseId, request.actor));
  }

  @Post(':caseId/assign')
  @HttpCode(200)
  @AllowRoles(...SUPPORT)
  assign(@Param('caseId', Id) id: string, @Body() body: AssignCaseDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new AssignCase(id, body, ctx));
  }

  @Post(':caseId/first-response')
  @HttpCode(200)
  @AllowRoles(...SUPPORT)
  firstResponse(@Param('caseId', Id) id: string, @Body() body: CaseMessageDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RecordFirstResponse(id, body, ctx));
  }

  @Post(':caseId/hold')
  @HttpCode(200)
  @AllowRoles(...SUPPORT)
  hold(@Param('caseId', Id) id: string, @Body() body: CaseReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new PutCaseOnHold(id, body, ctx));
  }

  @Post(':caseId/resume')
  @HttpCode(200)
  @AllowRoles(...EITHER)
  resume(@Param('caseId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ResumeCase(id, ctx));
  }

  @Post(':caseId/resolve')
  @HttpCode(200)
  @AllowRoles(...SUPPORT)
  resolve(@Param('caseId', Id) id: string, @Body() body: ResolveCaseDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ResolveCase(id, body, ctx));
  }

  @Post(':caseId/close')
  @HttpCode(200)
  @AllowRoles(...EITHER)
  close(@Param('caseId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CloseCase(id, ctx));
  }

  @Post(':caseId/reopen')
  @HttpCode(200)
  @AllowRoles(...EITHER)
  reopen(@Param('caseId', Id) id: string, @Body() body: CaseReasonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ReopenCase(id, body, ctx));
  }
}
