import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { NotFound, Program, ProgramCommand, ProgramEvent, programDecider, programStream } from '@channel-ledger/domain';
import { AggregateReader } from '../aggregate-reader';
import { CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';
import { RecordRules } from '../record-rules';

// What every program use case but its creation asks: whether the program exists. Programs are published terms:
// every signed-in user may read them; the roles that change them are set on the route.
@Injectable()
export class ProgramRules extends RecordRules<ProgramCommand, ProgramEvent, Program, Program> {
  constructor(runner: CommandRunner, reader: AggregateReader, directory: PartnerDirectory) {
    super(runner, reader, directory, { decider: programDecider, stream: programStream });
  }

  visible(_actor: Actor, state: Program): Program {
    return this.existing(state);
  }

  existing(state: Program): Program {
    if (state.status === 'none') throw new NotFound('program_not_found', 'program not found');
    return state;
  }
}

// Validated bodies arrive as class instances; the events carry plain data.
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
