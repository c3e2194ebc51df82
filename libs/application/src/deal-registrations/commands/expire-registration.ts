import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class ExpireRegistration extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExpireRegistration)
export class ExpireRegistrationHandler implements ICommandHandler<ExpireRegistration> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, ctx }: ExpireRegistration): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, (): RegistrationCommand => ({ type: 'ExpireRegistration', now: ctx.now }));
  }
}
