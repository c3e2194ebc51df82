import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { opportunityView, present } from '@channel-ledger/domain';
import { RecordQuery } from '../../record-query';
import { OpportunityRules } from '../opportunities.rules';

// One opportunity as its stream folds now, with its version for If-Match.
export class GetOpportunity extends RecordQuery {}

@QueryHandler(GetOpportunity)
export class GetOpportunityHandler implements IQueryHandler<GetOpportunity> {
  constructor(private readonly rules: OpportunityRules) {}

  async execute({ id, actor }: GetOpportunity): Promise<Record<string, unknown>> {
    const { record, version, audience } = await this.rules.read(id, actor, (o) => [o.channelPartnerId, ...o.lineItems.map((l) => l.partnerId)]);
    return present(opportunityView, { ...record, version }, audience);
  }
}
