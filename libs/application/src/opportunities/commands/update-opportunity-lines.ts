import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OpportunityCommand } from '@channel-ledger/domain';
import { CommandResult } from '../../command-runner';
import { RecordCommand } from '../../record-command';
import { OpportunityLineInput, OpportunityRules } from '../opportunities.rules';

export class UpdateOpportunityLines extends RecordCommand<{ lineItems: OpportunityLineInput[] }> {}

@CommandHandler(UpdateOpportunityLines)
export class UpdateOpportunityLinesHandler implements ICommandHandler<UpdateOpportunityLines> {
  constructor(private readonly rules: OpportunityRules) {}

  // The lines' partners are checked against the directory before the opportunity is read.
  async execute({ id, input, ctx }: UpdateOpportunityLines): Promise<CommandResult> {
    const lineItems = await this.rules.lines(input.lineItems);
    return this.rules.run(id, ctx, (): OpportunityCommand => ({ type: 'UpdateOpportunityLines', data: { lineItems }, now: ctx.now }));
  }
}
