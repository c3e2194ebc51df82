import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { PartnerRules } from '../partners.rules';

export class SetPointOfContact extends Command<CommandResult> {
  constructor(
    readonly partnerId: string,
    readonly input: { memberId: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetPointOfContact)
export class SetPointOfContactHandler implements ICommandHandler<SetPointOfContact> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: PartnerRules,
  ) {}

  execute({ partnerId, input, ctx }: SetPointOfContact): Promise<CommandResult> {
    return this.runner.run({
      id: partnerId,
      streamId: partnerStream(partnerId),
      decider: partnerDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, partnerId, state),
      command: (): PartnerCommand => ({ type: 'SetPointOfContact', data: { memberId: input.memberId }, now: ctx.now }),
    });
  }
}
