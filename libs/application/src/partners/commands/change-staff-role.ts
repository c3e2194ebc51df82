import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { PartnerRules } from '../partners.rules';

export class ChangeStaffRole extends Command<CommandResult> {
  constructor(
    readonly partnerId: string,
    readonly memberId: string,
    readonly input: { role: Extract<PartnerCommand, { type: 'ChangeStaffRole' }>['data']['role'] },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeStaffRole)
export class ChangeStaffRoleHandler implements ICommandHandler<ChangeStaffRole> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: PartnerRules,
  ) {}

  execute({ partnerId, memberId, input, ctx }: ChangeStaffRole): Promise<CommandResult> {
    return this.runner.run({
      id: partnerId,
      streamId: partnerStream(partnerId),
      decider: partnerDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, partnerId, state),
      command: (): PartnerCommand => ({ type: 'ChangeStaffRole', data: { memberId, role: input.role }, by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
