import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { PartnerRules } from '../partners.rules';

type Member = Extract<PartnerCommand, { type: 'RegisterStaffMember' }>['data'];

export class RegisterStaffMember extends Command<CommandResult & { memberId: string }> {
  constructor(
    readonly partnerId: string,
    readonly input: Omit<Member, 'memberId'>,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterStaffMember)
export class RegisterStaffMemberHandler implements ICommandHandler<RegisterStaffMember> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: PartnerRules,
  ) {}

  async execute({ partnerId, input, ctx }: RegisterStaffMember): Promise<CommandResult & { memberId: string }> {
    const memberId = newRecordId('member', ctx);
    const data = { ...input, memberId } as Member;
    const result = await this.runner.run({
      id: partnerId,
      streamId: partnerStream(partnerId),
      decider: partnerDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, partnerId, state),
      command: (): PartnerCommand => ({ type: 'RegisterStaffMember', data, now: ctx.now }),
    });
    return { ...result, memberId };
  }
}
