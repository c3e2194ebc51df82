import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnershipCommand, Tier, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { CommandResult } from '../../command-runner';
import { NewRecordCommand } from '../../record-command';
import { PartnershipRules, partnershipId } from '../partnerships.rules';

export class StartPartnership extends NewRecordCommand<{ partnerId: string; programId: string; tier: Tier; terms: string; startDate: string }> {}

@CommandHandler(StartPartnership)
export class StartPartnershipHandler implements ICommandHandler<StartPartnership> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly rules: PartnershipRules,
  ) {}

  execute({ input, ctx }: StartPartnership): Promise<CommandResult> {
    // Enterprise writers only (the route's roles); the partnership's id is its partner's and its program's.
    return this.rules.create(partnershipId(input.partnerId, input.programId), ctx, async (): Promise<PartnershipCommand> => {
      const [partner, program] = await Promise.all([this.reader.load(partnerDecider, partnerStream(input.partnerId)), this.rules.programTiers(input.programId)]);
      return {
        type: 'StartPartnership',
        data: { ...input },
        context: { partnerExists: partner.state.status === 'active', programActive: program.active, programTiers: program.tiers },
        now: ctx.now,
      };
    });
  }
}
