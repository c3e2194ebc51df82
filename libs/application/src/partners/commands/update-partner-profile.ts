import { CommandHandler } from '@nestjs/cqrs';
import { PartnerCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { PartnerCommandHandler } from '../partners.command-handler';

export class UpdatePartnerProfile extends RecordCommand<{ changes: Extract<PartnerCommand, { type: 'UpdatePartnerProfile' }>['data']['changes'] }> {}

@CommandHandler(UpdatePartnerProfile)
export class UpdatePartnerProfileHandler extends PartnerCommandHandler<UpdatePartnerProfile> {
  protected decide({ input, ctx }: UpdatePartnerProfile): PartnerCommand {
    return { type: 'UpdatePartnerProfile', data: { changes: { ...input.changes } }, now: ctx.now };
  }
}
