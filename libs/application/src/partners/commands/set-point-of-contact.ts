import { CommandHandler } from '@nestjs/cqrs';
import { PartnerCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { PartnerCommandHandler } from '../partners.command-handler';

export class SetPointOfContact extends RecordCommand<{ memberId: string }> {}

@CommandHandler(SetPointOfContact)
export class SetPointOfContactHandler extends PartnerCommandHandler<SetPointOfContact> {
  protected decide({ input, ctx }: SetPointOfContact): PartnerCommand {
    return { type: 'SetPointOfContact', data: { memberId: input.memberId }, now: ctx.now };
  }
}
