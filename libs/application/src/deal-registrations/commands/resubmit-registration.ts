import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ registrationId, ctx }: ResubmitRegistration): Promise<CommandResult> {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (state) => this.rules.withConflicts(state, ctx, 'ResubmitRegistration'),
    });
  }
}
