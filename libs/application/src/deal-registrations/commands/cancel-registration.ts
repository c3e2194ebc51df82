import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';

export class CancelRegistration extends RecordCommand<{ note: string }> {}

@CommandHandler(CancelRegistration)
export class CancelRegistrationHandler extends RegistrationCommandHandler<CancelRegistration> {
  protected decide({ input, ctx }: CancelRegistration): RegistrationCommand {
    return { type: 'CancelRegistration', data: { note: input.note }, by: ctx.actor.userId, now: ctx.now };
  }
}
