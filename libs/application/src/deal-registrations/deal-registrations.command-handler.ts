import { Injectable } from '@nestjs/common';
import { RegistrationCommand } from '@channel-ledger/domain';
import { BareRecordCommand, RecordCommand } from '../record-command';
import { RecordCommandHandler } from '../record-rules';
import { ExistingRegistration, RegistrationRules } from './deal-registrations.rules';

// The handler of a command on one registration: its `decide` says which registration command it is.
@Injectable()
export abstract class RegistrationCommandHandler<C extends RecordCommand<unknown> | BareRecordCommand> extends RecordCommandHandler<C, RegistrationCommand, ExistingRegistration> {
  constructor(protected override readonly rules: RegistrationRules) {
    super(rules);
  }
}
