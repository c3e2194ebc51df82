import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { PartnerRules } from '../partners.rules';

export class DeactivateStaffMember extends Command<CommandResult> {
  constructor(
    readonly partnerId: string,
    readonly memberId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DeactivateStaffMember)
export class DeactivateStaffMemberHandler implements ICommandHandler<DeactivateStaffMember> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: PartnerRules,
  ) {}

  execute({ partnerId, memberId, ctx }: DeactivateStaffMember): Promise<CommandResult> {
    return this.runner.run({
      id: partnerId,
      streamId: partnerStream(partnerId),
      decider: partnerDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, partnerId, state),
      command: (): PartnerCommand => ({ type: 'DeactivateStaffMember', data: { memberId }, now: ctx.now }),
    });
  }
}
