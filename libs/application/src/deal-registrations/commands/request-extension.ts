import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class RequestExtension extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly input: { reason: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RequestExtension)
export class RequestExtensionHandler implements ICommandHandler<RequestExtension> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, input, ctx }: RequestExtension): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, async (state): Promise<RegistrationCommand> => ({
      type: 'RequestExtension',
      data: { reason: input.reason },
      by: ctx.actor.userId,
      context: { rules: (await this.rules.programFacts(state.partnerId, state.programId)).rules },
      now: ctx.now,
    }));
  }
}
