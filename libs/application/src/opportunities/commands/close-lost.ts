import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LossReason, OpportunityCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
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
  constructor(private readonly rules: OpportunityRules) {}

  execute({ opportunityId, input, ctx }: CloseLost): Promise<CommandResult> {
    return this.rules.run(opportunityId, ctx, (): OpportunityCommand => ({ type: 'CloseLost', data: { reason: input.reason, note: input.note ?? null }, by: ctx.actor.userId, now: ctx.now }));
  }
}
