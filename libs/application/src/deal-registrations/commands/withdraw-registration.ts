import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';

export class WithdrawRegistration extends RecordCommand<{ reason?: string | null }> {}

@CommandHandler(WithdrawRegistration)
export class WithdrawRegistrationHandler extends RegistrationCommandHandler<WithdrawRegistration> {
  protected decide({ input, ctx }: WithdrawRegistration): RegistrationCommand {
    return { type: 'WithdrawRegistration', data: { reason: input.reason ?? null }, by: ctx.actor.userId, now: ctx.now };
  }
}
