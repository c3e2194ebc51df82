import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand } from '@channel-ledger/domain';
import { CommandResult } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { RecordCommand } from '../../record-command';
import { PartnerRules } from '../partners.rules';

type Member = Extract<PartnerCommand, { type: 'RegisterStaffMember' }>['data'];

export class RegisterStaffMember extends RecordCommand<Omit<Member, 'memberId'>, CommandResult & { memberId: string }> {}

@CommandHandler(RegisterStaffMember)
export class RegisterStaffMemberHandler implements ICommandHandler<RegisterStaffMember> {
  constructor(private readonly rules: PartnerRules) {}

  async execute({ id, input, ctx }: RegisterStaffMember): Promise<CommandResult & { memberId: string }> {
    const memberId = newRecordId('member', ctx);
    const data = { ...input, memberId } as Member;
    const result = await this.rules.run(id, ctx, (): PartnerCommand => ({ type: 'RegisterStaffMember', data, now: ctx.now }));
    return { ...result, memberId };
  }
}
