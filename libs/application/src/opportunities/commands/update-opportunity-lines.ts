import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OpportunityCommand, opportunityDecider, opportunityStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: OpportunityRules,
  ) {}

  async execute({ opportunityId, input, ctx }: UpdateOpportunityLines): Promise<CommandResult> {
    const lineItems = await this.rules.lines(input.lineItems);
    return this.runner.run({
      id: opportunityId,
      streamId: opportunityStream(opportunityId),
      decider: opportunityDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): OpportunityCommand => ({ type: 'UpdateOpportunityLines', data: { lineItems }, now: ctx.now }),
    });
  }
}
