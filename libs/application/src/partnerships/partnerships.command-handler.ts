import { Injectable } from '@nestjs/common';
import { PartnershipCommand, Partnership } from '@channel-ledger/domain';
import { RecordCommandHandler } from '../record-rules';
import { PartnershipRecordCommand, PartnershipRules } from './partnerships.rules';

// The handler of a command on one partnership: its `decide` says which partnership command it is.
@Injectable()
export abstract class PartnershipCommandHandler<C extends PartnershipRecordCommand<unknown>> extends RecordCommandHandler<C, PartnershipCommand, Partnership> {
  constructor(protected override readonly rules: PartnershipRules) {
    super(rules);
  }
}
