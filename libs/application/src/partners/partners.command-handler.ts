import { Injectable } from '@nestjs/common';
import { PartnerCommand, Partner } from '@channel-ledger/domain';
import { BareRecordCommand, RecordCommand } from '../record-command';
import { RecordCommandHandler } from '../record-rules';
import { PartnerRules } from './partners.rules';

// The handler of a command on one partner: its `decide` says which partner command it is.
@Injectable()
export abstract class PartnerCommandHandler<C extends RecordCommand<unknown> | BareRecordCommand> extends RecordCommandHandler<C, PartnerCommand, Partner> {
  constructor(rules: PartnerRules) {
    super(rules);
  }
}
