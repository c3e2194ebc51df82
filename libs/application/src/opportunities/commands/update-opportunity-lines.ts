import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OpportunityCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { OpportunityLineInput, OpportunityRules } from '../opportunities.rules';

export class UpdateOpportunityLines extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly input: { lineItems: OpportunityLineInput[] },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(UpdateOpportunityLines)
export class UpdateOpportunityLinesHandler implements ICommandHandler<UpdateOpportunityLines> {
  constructor(private readonly rules: OpportunityRules) {}

  async execute({ opportunityId, input, ctx }: UpdateOpportunityLines): Promise<CommandResult> {
    const lineItems = await this.rules.lines(input.lineItems);
    return this.rules.run(opportunityId, ctx, (): OpportunityCommand => ({ type: 'UpdateOpportunityLines', data: { lineItems }, now: ctx.now }));
  }
}
