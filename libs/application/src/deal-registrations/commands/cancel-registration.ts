import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class CancelRegistration extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly input: { note: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CancelRegistration)
export class CancelRegistrationHandler implements ICommandHandler<CancelRegistration> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, input, ctx }: CancelRegistration): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, (): RegistrationCommand => ({ type: 'CancelRegistration', data: { note: input.note }, by: ctx.actor.userId, now: ctx.now }));
  }
}
