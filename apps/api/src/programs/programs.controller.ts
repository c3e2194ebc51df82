import { CommandContext, CommandResult } from '@channel-ledger/application';
import { CreateProgram, GetProgram, LinkSegments, RetireProgram, SetCaseSla, UpdateProgramRules } from '@channel-ledger/application/programs';
import { UuidParam } from '../common/uuid-param';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { BusController, Changes, Creates } from '../common/routes';
import { Ctx } from '../common/command-context';
import { CaseSlaDto, CreateProgramDto, LinkSegmentsDto, UpdateProgramRulesDto } from './programs.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

@ApiTags('programs')
@ApiBearerAuth()
@Controller('v1/programs')
export class ProgramsController extends BusController {
  @Creates(undefined, WRITERS)
  create(@Body() body: CreateProgramDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new CreateProgram(body, ctx));
  }

  // Programs are published terms: every signed-in user may read them.
  @Get(':programId')
  get(@Param('programId', Id) programId: string) {
    return this.queries.execute(new GetProgram(programId));
  }

  @Changes(':programId/rules', WRITERS, Put)
  updateRules(@Param('programId', Id) programId: string, @Body() body: UpdateProgramRulesDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new UpdateProgramRules(programId, body, ctx));
  }

  @Changes(':programId/segments', WRITERS)
  linkSegments(@Param('programId', Id) programId: string, @Body() body: LinkSegmentsDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new LinkSegments(programId, body, ctx));
  }

  @Changes(':programId/case-sla', WRITERS, Put)
  setCaseSla(@Param('programId', Id) programId: string, @Body() body: CaseSlaDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SetCaseSla(programId, body, ctx));
  }

  @Changes(':programId/retire', WRITERS)
  retire(@Param('programId', Id) programId: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RetireProgram(programId, ctx));
  }
}
