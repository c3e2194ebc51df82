import { foldRecord, newRecordId, CommandContext, CommandResult, CommandRunner } from '@channel-ledger/application';
import { UuidParam } from '../common/uuid-param';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@channel-ledger/event-store';
import { NotFound, Program, ProgramCommand, ProgramEvent, programDecider, programStream } from '@channel-ledger/domain';
import { EVENT_STORE } from '@channel-ledger/platform';
import { Role } from '@channel-ledger/auth';
import { AllowRoles } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { CaseSlaDto, CreateProgramDto, LinkSegmentsDto, UpdateProgramRulesDto } from './programs.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('v1/programs')
export class ProgramsController {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  private run(programId: string, ctx: CommandContext, command: ProgramCommand): Promise<CommandResult> {
    return this.runner.run({
      id: programId,
      streamId: programStream(programId),
      decider: programDecider,
      ctx,
      authorize: (state) => {
        if (state.status === 'none' && command.type !== 'CreateProgram') throw new NotFound('program_not_found', 'program not found');
        return state;
      },
      command: () => command,
    });
  }

  @Post()
  @AllowRoles(...WRITERS)
  create(@Body() body: CreateProgramDto, @Ctx() ctx: CommandContext) {
    const programId = newRecordId('program', ctx);
    return this.run(programId, ctx, { type: 'CreateProgram', data: { programId, ...plain(body) }, now: ctx.now });
  }

  // Programs are published terms: every signed-in user may read them.
  @Get(':programId')
  async get(@Param('programId', Id) programId: string) {
    const events = await this.store.readStream<ProgramEvent>(programStream(programId));
    const state = foldRecord<ProgramEvent, Program>(programDecider, events);
    if (state.status === 'none') throw new NotFound('program_not_found', 'program not found');
    return { ...state, version: events.length };
  }

  @Put(':programId/rules')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  updateRules(@Param('programId', Id) programId: string, @Body() body: UpdateProgramRulesDto, @Ctx() ctx: CommandContext) {
    return this.run(programId, ctx, { type: 'UpdateProgramRules', data: { rules: plain(body.rules) }, now: ctx.now });
  }

  @Post(':programId/segments')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  linkSegments(@Param('programId', Id) programId: string, @Body() body: LinkSegmentsDto, @Ctx() ctx: CommandContext) {
    return this.run(programId, ctx, { type: 'LinkSegments', data: { segments: body.segments }, now: ctx.now });
  }

  @Put(':programId/case-sla')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  setCaseSla(@Param('programId', Id) programId: string, @Body() body: CaseSlaDto, @Ctx() ctx: CommandContext) {
    return this.run(programId, ctx, { type: 'SetCaseSla', data: { caseSla: plain(body) }, now: ctx.now });
  }

  @Post(':programId/retire')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  retire(@Param('programId', Id) programId: string, @Ctx() ctx: CommandContext) {
    return this.run(programId, ctx, { type: 'RetireProgram', now: ctx.now });
  }
}
