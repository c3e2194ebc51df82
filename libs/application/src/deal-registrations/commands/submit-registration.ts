import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ registrationId, ctx }: SubmitRegistration): Promise<CommandResult> {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (state) => this.rules.withConflicts(state, ctx, 'SubmitRegistration'),
    });
  }
}
