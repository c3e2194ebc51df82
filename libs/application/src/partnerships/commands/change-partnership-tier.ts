import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnershipCommand, Tier, partnershipDecider, partnershipStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { PartnershipRules } from '../partnerships.rules';

export class ChangePartnershipTier extends Command<CommandResult> {
  constructor(
    readonly partnerId: string,
    readonly programId: string,
    readonly input: { tier: Tier },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangePartnershipTier)
export class ChangePartnershipTierHandler implements ICommandHandler<ChangePartnershipTier> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: PartnershipRules,
  ) {}

  execute({ partnerId, programId, input, ctx }: ChangePartnershipTier): Promise<CommandResult> {
    return this.runner.run({
      id: `${partnerId}_${programId}`,
      streamId: partnershipStream(partnerId, programId),
      decider: partnershipDecider,
      ctx,
      // Enterprise writers only (the route's roles); partnerships are not partner-visible commands.
      authorize: (state) => state,
      command: async (): Promise<PartnershipCommand> => ({
        type: 'ChangePartnershipTier',
        data: { tier: input.tier },
        context: { programTiers: (await this.rules.programTiers(programId)).tiers },
        now: ctx.now,
      }),
    });
  }
}
