import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OpenStage, OpportunityCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { OpportunityRules } from '../opportunities.rules';

export class ChangeStage extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly input: { stage: OpenStage },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeStage)
export class ChangeStageHandler implements ICommandHandler<ChangeStage> {
  constructor(private readonly rules: OpportunityRules) {}

  execute({ opportunityId, input, ctx }: ChangeStage): Promise<CommandResult> {
    return this.rules.run(opportunityId, ctx, (): OpportunityCommand => ({ type: 'ChangeStage', data: { stage: input.stage }, by: ctx.actor.userId, now: ctx.now }));
  }
}
