import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
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
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, input, ctx }: ApproveRegistration): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, async (state): Promise<RegistrationCommand> => ({
      type: 'ApproveRegistration',
      data: { overrideReason: input.overrideReason ?? null },
      by: ctx.actor.userId,
      context: { rules: (await this.rules.programFacts(state.partnerId, state.programId)).rules },
      now: ctx.now,
    }));
  }
}
