import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OpportunityCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { OpportunityRules } from '../opportunities.rules';

export class CloseWon extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly input: { amountMinor: number },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CloseWon)
export class CloseWonHandler implements ICommandHandler<CloseWon> {
  constructor(private readonly rules: OpportunityRules) {}

  execute({ opportunityId, input, ctx }: CloseWon): Promise<CommandResult> {
    return this.rules.run(opportunityId, ctx, (): OpportunityCommand => ({ type: 'CloseWon', data: { amountMinor: input.amountMinor }, by: ctx.actor.userId, now: ctx.now }));
  }
}
