import { CommandHandler } from '@nestjs/cqrs';
import { PartnershipCommand } from '@channel-ledger/domain';
import { PartnershipCommandHandler } from '../partnerships.command-handler';
import { PartnershipRecordCommand } from '../partnerships.rules';

export class EndPartnership extends PartnershipRecordCommand<{ reason: string }> {}

@CommandHandler(EndPartnership)
export class EndPartnershipHandler extends PartnershipCommandHandler<EndPartnership> {
  protected decide({ input, ctx }: EndPartnership): PartnershipCommand {
    return { type: 'EndPartnership', data: { reason: input.reason }, now: ctx.now };
  }
}
