import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';
import { ExistingRegistration } from '../deal-registrations.rules';

export class ResubmitRegistration extends BareRecordCommand {}

@CommandHandler(ResubmitRegistration)
export class ResubmitRegistrationHandler extends RegistrationCommandHandler<ResubmitRegistration> {
  protected decide({ ctx }: ResubmitRegistration, state: ExistingRegistration): Promise<RegistrationCommand> {
    return this.rules.withConflicts(state, ctx, 'ResubmitRegistration');
  }
}
