import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';

export class RejectRegistration extends RecordCommand<{ reason: string }> {}

@CommandHandler(RejectRegistration)
export class RejectRegistrationHandler extends RegistrationCommandHandler<RejectRegistration> {
  protected decide({ input, ctx }: RejectRegistration): RegistrationCommand {
    return { type: 'RejectRegistration', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now };
  }
}
