import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInput, OpportunityCommand, OpportunitySource } from '@channel-ledger/domain';
import { CommandResult } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { PartnerDirectory } from '../../partner-directory';
import { NewRecordCommand } from '../../record-command';
import { OpportunityLineInput, OpportunityRules } from '../opportunities.rules';

export class CreateOpportunity extends NewRecordCommand<{
  name: string;
  accountName: string;
  source: OpportunitySource;
  channelPartnerId?: string;
  currency: string;
  expectedCloseDate: string;
  lineItems: OpportunityLineInput[];
}> {}

@CommandHandler(CreateOpportunity)
export class CreateOpportunityHandler implements ICommandHandler<CreateOpportunity> {
  constructor(
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
    return this.rules.create(opportunityId, ctx, (): OpportunityCommand => ({ type: 'CreateOpportunity', data, now: ctx.now }));
  }
}
