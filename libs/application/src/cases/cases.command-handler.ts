import { Injectable } from '@nestjs/common';
import { CaseCommand } from '@channel-ledger/domain';
import { BareRecordCommand, RecordCommand } from '../record-command';
import { RecordCommandHandler } from '../record-rules';
import { CaseRules, ExistingCase } from './cases.rules';

// The handler of a command on one case: its `decide` says which case command it is.
@Injectable()
export abstract class CaseCommandHandler<C extends RecordCommand<unknown> | BareRecordCommand> extends RecordCommandHandler<C, CaseCommand, ExistingCase> {
  constructor(rules: CaseRules) {
    super(rules);
  }
}
