import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class ApproveRegistration extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly input: { overrideReason?: string | null },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ApproveRegistration)
export class ApproveRegistrationHandler implements ICommandHandler<ApproveRegistration> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ registrationId, input, ctx }: ApproveRegistration): Promise<CommandResult> {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: async (state): Promise<RegistrationCommand> => ({
        type: 'ApproveRegistration',
        data: { overrideReason: input.overrideReason ?? null },
        by: ctx.actor.userId,
        context: { rules: (await this.rules.programFacts(state.partnerId, state.programId)).rules },
        now: ctx.now,
      }),
    });
  }
}
