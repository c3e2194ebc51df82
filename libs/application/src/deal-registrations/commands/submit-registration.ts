import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';
import { ExistingRegistration } from '../deal-registrations.rules';

export class SubmitRegistration extends BareRecordCommand {}

@CommandHandler(SubmitRegistration)
export class SubmitRegistrationHandler extends RegistrationCommandHandler<SubmitRegistration> {
  protected decide({ ctx }: SubmitRegistration, state: ExistingRegistration): Promise<RegistrationCommand> {
    return this.rules.withConflicts(state, ctx, 'SubmitRegistration');
  }
}
