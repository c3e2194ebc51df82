import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { opportunityDecider, opportunityStream, opportunityView, present } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { audienceOf } from '../../audience';
import { PartnerDirectory } from '../../partner-directory';
import { OpportunityRules } from '../opportunities.rules';

// One opportunity as its stream folds now, with its version for If-Match.
export class GetOpportunity extends Query<Record<string, unknown>> {
  constructor(
    readonly opportunityId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetOpportunity)
export class GetOpportunityHandler implements IQueryHandler<GetOpportunity> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly rules: OpportunityRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ opportunityId, actor }: GetOpportunity): Promise<Record<string, unknown>> {
    const { state, version } = await this.reader.load(opportunityDecider, opportunityStream(opportunityId));
    const opportunity = await this.rules.visible(actor, state);
    const audience = await audienceOf(this.directory, actor, [opportunity.channelPartnerId, ...opportunity.lineItems.map((l) => l.partnerId)]);
    return present(opportunityView, { ...opportunity, version }, audience);
  }
}
