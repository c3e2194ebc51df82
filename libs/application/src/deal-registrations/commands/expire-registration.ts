import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';

export class ExpireRegistration extends BareRecordCommand {}

@CommandHandler(ExpireRegistration)
export class ExpireRegistrationHandler extends RegistrationCommandHandler<ExpireRegistration> {
  protected decide({ ctx }: ExpireRegistration): RegistrationCommand {
    return { type: 'ExpireRegistration', now: ctx.now };
  }
}
