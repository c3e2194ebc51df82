import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInput, OpportunityCommand, OpportunitySource, opportunityDecider, opportunityStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { PartnerDirectory } from '../../partner-directory';
import { OpportunityLineInput, OpportunityRules } from '../opportunities.rules';

export class CreateOpportunity extends Command<CommandResult> {
  constructor(
    readonly input: {
      name: string;
      accountName: string;
      source: OpportunitySource;
      channelPartnerId?: string;
      currency: string;
      expectedCloseDate: string;
      lineItems: OpportunityLineInput[];
    },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CreateOpportunity)
export class CreateOpportunityHandler implements ICommandHandler<CreateOpportunity> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: OpportunityRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ input, ctx }: CreateOpportunity): Promise<CommandResult> {
    const channelPartnerId = input.channelPartnerId ?? null;
    if (channelPartnerId && !(await this.directory.exists(channelPartnerId))) throw new InvalidInput('channelPartnerId', 'partner_not_found', 'partner not found');
    const opportunityId = newRecordId('opportunity', ctx);
    const data = {
      opportunityId,
      registrationId: null,
      name: input.name,
      accountName: input.accountName,
      source: input.source,
      channelPartnerId,
      currency: input.currency,
      expectedCloseDate: input.expectedCloseDate,
      lineItems: await this.rules.lines(input.lineItems),
    };
    return this.runner.run({
      id: opportunityId,
      streamId: opportunityStream(opportunityId),
      decider: opportunityDecider,
      ctx,
      // A new record: its id is fresh (or derived from this caller's own Idempotency-Key), so nobody else's.
      authorize: (state) => state,
      command: (): OpportunityCommand => ({ type: 'CreateOpportunity', data, now: ctx.now }),
    });
  }
}
