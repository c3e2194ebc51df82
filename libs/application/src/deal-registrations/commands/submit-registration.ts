import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class SubmitRegistration extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SubmitRegistration)
export class SubmitRegistrationHandler implements ICommandHandler<SubmitRegistration> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, ctx }: SubmitRegistration): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, (state) => this.rules.withConflicts(state, ctx, 'SubmitRegistration'));
  }
}
