import { Injectable } from '@nestjs/common';
import { OpportunityCommand } from '@channel-ledger/domain';
import { BareRecordCommand, RecordCommand } from '../record-command';
import { RecordCommandHandler } from '../record-rules';
import { ExistingOpportunity, OpportunityRules } from './opportunities.rules';

// The handler of a command on one opportunity: its `decide` says which opportunity command it is.
@Injectable()
export abstract class OpportunityCommandHandler<C extends RecordCommand<unknown> | BareRecordCommand> extends RecordCommandHandler<C, OpportunityCommand, ExistingOpportunity> {
  constructor(protected override readonly rules: OpportunityRules) {
    super(rules);
  }
}
