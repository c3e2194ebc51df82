import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ registrationId, input, ctx }: CancelRegistration): Promise<CommandResult> {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): RegistrationCommand => ({ type: 'CancelRegistration', data: { note: input.note }, by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
