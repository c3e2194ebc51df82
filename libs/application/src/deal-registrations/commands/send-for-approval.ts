import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class SendForApproval extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SendForApproval)
export class SendForApprovalHandler implements ICommandHandler<SendForApproval> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, ctx }: SendForApproval): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, (): RegistrationCommand => ({ type: 'SendForApproval', by: ctx.actor.userId, now: ctx.now }));
  }
}
