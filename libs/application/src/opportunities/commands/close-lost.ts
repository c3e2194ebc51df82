import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LossReason, OpportunityCommand, opportunityDecider, opportunityStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { OpportunityRules } from '../opportunities.rules';

export class CloseLost extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly input: { reason: LossReason; note?: string | null },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CloseLost)
export class CloseLostHandler implements ICommandHandler<CloseLost> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: OpportunityRules,
  ) {}

  execute({ opportunityId, input, ctx }: CloseLost): Promise<CommandResult> {
    return this.runner.run({
      id: opportunityId,
      streamId: opportunityStream(opportunityId),
      decider: opportunityDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): OpportunityCommand => ({ type: 'CloseLost', data: { reason: input.reason, note: input.note ?? null }, by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
