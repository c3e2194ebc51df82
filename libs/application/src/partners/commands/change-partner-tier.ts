import { CommandHandler } from '@nestjs/cqrs';
import { PartnerCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { PartnerCommandHandler } from '../partners.command-handler';

export class ChangePartnerTier extends RecordCommand<{ tier: Extract<PartnerCommand, { type: 'ChangePartnerTier' }>['data']['tier'] }> {}

@CommandHandler(ChangePartnerTier)
export class ChangePartnerTierHandler extends PartnerCommandHandler<ChangePartnerTier> {
  protected decide({ input, ctx }: ChangePartnerTier): PartnerCommand {
    return { type: 'ChangePartnerTier', data: { tier: input.tier }, now: ctx.now };
  }
}
