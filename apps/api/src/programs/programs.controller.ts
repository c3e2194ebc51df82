import { CommandContext, CommandResult } from '@channel-ledger/application';
import { CreateProgram, GetProgram, LinkSegments, RetireProgram, SetCaseSla, UpdateProgramRules } from '@channel-ledger/application/programs';
import { UuidParam } from '../common/uuid-param';
import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { AllowRoles } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { CaseSlaDto, CreateProgramDto, LinkSegmentsDto, UpdateProgramRulesDto } from './programs.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

@ApiTags('programs')
@ApiBearerAuth()
@Controller('v1/programs')
export class ProgramsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @AllowRoles(...WRITERS)
  create(@Body() body: CreateProgramDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new CreateProgram(body, ctx));
  }

  // Programs are published terms: every signed-in user may read them.
  @Get(':programId')
  get(@Param('programId', Id) programId: string) {
    return this.queries.execute(new GetProgram(programId));
  }

  @Put(':programId/rules')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  updateRules(@Param('programId', Id) programId: string, @Body() body: UpdateProgramRulesDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new UpdateProgramRules(programId, body, ctx));
  }

  @Post(':programId/segments')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  linkSegments(@Param('programId', Id) programId: string, @Body() body: LinkSegmentsDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new LinkSegments(programId, body, ctx));
  }

  @Put(':programId/case-sla')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  setCaseSla(@Param('programId', Id) programId: string, @Body() body: CaseSlaDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SetCaseSla(programId, body, ctx));
  }

  @Post(':programId/retire')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  retire(@Param('programId', Id) programId: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RetireProgram(programId, ctx));
  }
}
