import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class StartReview extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(StartReview)
export class StartReviewHandler implements ICommandHandler<StartReview> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ registrationId, ctx }: StartReview): Promise<CommandResult> {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): RegistrationCommand => ({ type: 'StartReview', by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
