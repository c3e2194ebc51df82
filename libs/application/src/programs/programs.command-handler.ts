import { Injectable } from '@nestjs/common';
import { ProgramCommand, Program } from '@channel-ledger/domain';
import { BareRecordCommand, RecordCommand } from '../record-command';
import { RecordCommandHandler } from '../record-rules';
import { ProgramRules } from './programs.rules';

// The handler of a command on one program: its `decide` says which program command it is.
@Injectable()
export abstract class ProgramCommandHandler<C extends RecordCommand<unknown> | BareRecordCommand> extends RecordCommandHandler<C, ProgramCommand, Program> {
  constructor(rules: ProgramRules) {
    super(rules);
  }
}
