import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class EscalateApproval extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EscalateApproval)
export class EscalateApprovalHandler implements ICommandHandler<EscalateApproval> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ registrationId, ctx }: EscalateApproval): Promise<CommandResult> {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      // Each program's own approval SLA decides whether the registration is overdue.
      command: async (state): Promise<RegistrationCommand> => ({
        type: 'EscalateApproval',
        context: { rules: (await this.rules.programFacts(state.partnerId, state.programId)).rules },
        now: ctx.now,
      }),
    });
  }
}
