import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnershipCommand, Tier, partnerDecider, partnerStream, partnershipDecider, partnershipStream } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { PartnershipRules } from '../partnerships.rules';

export class StartPartnership extends Command<CommandResult> {
  constructor(
    readonly input: { partnerId: string; programId: string; tier: Tier; terms: string; startDate: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(StartPartnership)
export class StartPartnershipHandler implements ICommandHandler<StartPartnership> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: AggregateReader,
    private readonly rules: PartnershipRules,
  ) {}

  execute({ input, ctx }: StartPartnership): Promise<CommandResult> {
    return this.runner.run({
      id: `${input.partnerId}_${input.programId}`,
      streamId: partnershipStream(input.partnerId, input.programId),
      decider: partnershipDecider,
      ctx,
      // Enterprise writers only (the route's roles); partnerships are not partner-visible commands.
      authorize: (state) => state,
      command: async (): Promise<PartnershipCommand> => {
        const [partner, program] = await Promise.all([this.reader.load(partnerDecider, partnerStream(input.partnerId)), this.rules.programTiers(input.programId)]);
        return {
          type: 'StartPartnership',
          data: { ...input },
          context: { partnerExists: partner.state.status === 'active', programActive: program.active, programTiers: program.tiers },
          now: ctx.now,
        };
      },
    });
  }
}
