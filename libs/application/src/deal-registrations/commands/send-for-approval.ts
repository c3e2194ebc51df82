import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';

export class SendForApproval extends BareRecordCommand {}

@CommandHandler(SendForApproval)
export class SendForApprovalHandler extends RegistrationCommandHandler<SendForApproval> {
  protected decide({ ctx }: SendForApproval): RegistrationCommand {
    return { type: 'SendForApproval', by: ctx.actor.userId, now: ctx.now };
  }
}
