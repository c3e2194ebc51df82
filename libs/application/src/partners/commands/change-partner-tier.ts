import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { PartnerRules } from '../partners.rules';

export class ChangePartnerTier extends Command<CommandResult> {
  constructor(
    readonly partnerId: string,
    readonly input: { tier: Extract<PartnerCommand, { type: 'ChangePartnerTier' }>['data']['tier'] },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangePartnerTier)
export class ChangePartnerTierHandler implements ICommandHandler<ChangePartnerTier> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: PartnerRules,
  ) {}

  execute({ partnerId, input, ctx }: ChangePartnerTier): Promise<CommandResult> {
    return this.runner.run({
      id: partnerId,
      streamId: partnerStream(partnerId),
      decider: partnerDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, partnerId, state),
      command: (): PartnerCommand => ({ type: 'ChangePartnerTier', data: { tier: input.tier }, now: ctx.now }),
    });
  }
}
