import { CommandContext, CommandResult } from '@channel-ledger/application';
import { CreateProgram, GetProgram, LinkSegments, RetireProgram, SetCaseSla, UpdateProgramRules } from '@channel-ledger/application/programs';
import { UuidParam } from '../common/uuid-param';
import { Body, Get, Param, Put } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { ApiController, BusController, Creates, RecordRoutes } from '../common/routes';
import { Answers } from '../openapi/decorators';
import { Ctx } from '../common/command-context';
import { CaseSlaDto, CreateProgramDto, LinkSegmentsDto, UpdateProgramRulesDto } from './programs.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

@ApiController('programs', 'v1/programs')
// The commands on one program: at /v1/programs/:programId/<path>, answered with its new version.
@RecordRoutes(':programId', Id, {
  updateRules: { path: 'rules', roles: WRITERS, method: Put, command: UpdateProgramRules, body: UpdateProgramRulesDto },
  linkSegments: { path: 'segments', roles: WRITERS, command: LinkSegments, body: LinkSegmentsDto },
  setCaseSla: { path: 'case-sla', roles: WRITERS, method: Put, command: SetCaseSla, body: CaseSlaDto },
  retire: { path: 'retire', roles: WRITERS, command: RetireProgram },
})
export class ProgramsController extends BusController {
  @Creates(undefined, WRITERS)
  create(@Body() body: CreateProgramDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new CreateProgram(body, ctx));
  }

  // Programs are published terms: every signed-in user may read them.
  @Get(':programId')
  @Answers('Program', { fromLog: true })
  get(@Param('programId', Id) programId: string) {
    return this.queries.execute(new GetProgram(programId));
  }
}
