import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, RegistrationDetails } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class EditRegistration extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly input: { changes: Partial<RegistrationDetails> },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EditRegistration)
export class EditRegistrationHandler implements ICommandHandler<EditRegistration> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, input, ctx }: EditRegistration): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, async (state): Promise<RegistrationCommand> => ({
      type: 'EditRegistration',
      data: { changes: JSON.parse(JSON.stringify(input.changes)) },
      by: ctx.actor.userId,
      context: await this.rules.programFacts(state.partnerId, state.programId),
      now: ctx.now,
    }));
  }
}
