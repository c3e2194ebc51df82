import { CommandHandler } from '@nestjs/cqrs';
import { PartnerCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { PartnerCommandHandler } from '../partners.command-handler';

export class ChangeStaffRole extends RecordCommand<{ memberId: string; role: Extract<PartnerCommand, { type: 'ChangeStaffRole' }>['data']['role'] }> {}

@CommandHandler(ChangeStaffRole)
export class ChangeStaffRoleHandler extends PartnerCommandHandler<ChangeStaffRole> {
  protected decide({ input, ctx }: ChangeStaffRole): PartnerCommand {
    return { type: 'ChangeStaffRole', data: { memberId: input.memberId, role: input.role }, by: ctx.actor.userId, now: ctx.now };
  }
}
