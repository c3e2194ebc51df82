import { CommandHandler } from '@nestjs/cqrs';
import { PartnershipCommand, Tier } from '@channel-ledger/domain';
import { PartnershipCommandHandler } from '../partnerships.command-handler';
import { PartnershipRecordCommand } from '../partnerships.rules';

export class ChangePartnershipTier extends PartnershipRecordCommand<{ tier: Tier }> {}

@CommandHandler(ChangePartnershipTier)
export class ChangePartnershipTierHandler extends PartnershipCommandHandler<ChangePartnershipTier> {
  protected async decide({ programId, input, ctx }: ChangePartnershipTier): Promise<PartnershipCommand> {
    return { type: 'ChangePartnershipTier', data: { tier: input.tier }, context: { programTiers: (await this.rules.programTiers(programId)).tiers }, now: ctx.now };
  }
}
