import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
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
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, ctx }: StartReview): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, (): RegistrationCommand => ({ type: 'StartReview', by: ctx.actor.userId, now: ctx.now }));
  }
}
