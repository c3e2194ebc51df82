import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class SendForApproval extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SendForApproval)
export class SendForApprovalHandler implements ICommandHandler<SendForApproval> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ registrationId, ctx }: SendForApproval): Promise<CommandResult> {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): RegistrationCommand => ({ type: 'SendForApproval', by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
