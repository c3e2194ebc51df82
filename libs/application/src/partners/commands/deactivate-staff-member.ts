import { CommandHandler } from '@nestjs/cqrs';
import { PartnerCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { PartnerCommandHandler } from '../partners.command-handler';

export class DeactivateStaffMember extends RecordCommand<{ memberId: string }> {}

@CommandHandler(DeactivateStaffMember)
export class DeactivateStaffMemberHandler extends PartnerCommandHandler<DeactivateStaffMember> {
  protected decide({ input, ctx }: DeactivateStaffMember): PartnerCommand {
    return { type: 'DeactivateStaffMember', data: { memberId: input.memberId }, now: ctx.now };
  }
}
