import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class ResubmitRegistration extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ResubmitRegistration)
export class ResubmitRegistrationHandler implements ICommandHandler<ResubmitRegistration> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, ctx }: ResubmitRegistration): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, (state) => this.rules.withConflicts(state, ctx, 'ResubmitRegistration'));
  }
}
