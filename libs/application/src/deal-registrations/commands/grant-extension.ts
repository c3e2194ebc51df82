import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class GrantExtension extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(GrantExtension)
export class GrantExtensionHandler implements ICommandHandler<GrantExtension> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, ctx }: GrantExtension): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, async (state): Promise<RegistrationCommand> => ({
      type: 'GrantExtension',
      by: ctx.actor.userId,
      context: { rules: (await this.rules.programFacts(state.partnerId, state.programId)).rules },
      now: ctx.now,
    }));
  }
}
