import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ registrationId, ctx }: GrantExtension): Promise<CommandResult> {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: async (state): Promise<RegistrationCommand> => ({
        type: 'GrantExtension',
        by: ctx.actor.userId,
        context: { rules: (await this.rules.programFacts(state.partnerId, state.programId)).rules },
        now: ctx.now,
      }),
    });
  }
}
