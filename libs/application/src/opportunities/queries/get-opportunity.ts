import { QueryHandler } from '@nestjs/cqrs';
import { opportunityView } from '@channel-ledger/domain';
import { RecordQuery, RecordViewHandler } from '../../record-query';
import { ExistingOpportunity, OpportunityRules } from '../opportunities.rules';

// One opportunity as its stream folds now, with its version for If-Match.
export class GetOpportunity extends RecordQuery {}

@QueryHandler(GetOpportunity)
export class GetOpportunityHandler extends RecordViewHandler<GetOpportunity, ExistingOpportunity> {
  constructor(rules: OpportunityRules) {
    super(rules, opportunityView, (o) => [o.channelPartnerId, ...o.lineItems.map((l) => l.partnerId)]);
  }
}
