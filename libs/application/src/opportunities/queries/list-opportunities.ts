import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { present, opportunityRowView } from '@channel-ledger/domain';
import { OpportunityListFilter, OpportunityReadRepository, sharesOf } from '../opportunities.read-repository';
import { ListQuery, Page } from '../../record-query';

export class ListOpportunities extends ListQuery<OpportunityListFilter> {}

@QueryHandler(ListOpportunities)
export class ListOpportunitiesHandler implements IQueryHandler<ListOpportunities> {
  constructor(private readonly opportunities: OpportunityReadRepository) {}

  async execute({ filter, actor }: ListOpportunities): Promise<Page> {
    const audience = await this.opportunities.audience(actor);
    return this.opportunities.list(actor, filter, audience, (r, audience) => present(opportunityRowView, {
        opportunityId: r.opportunity_id,
        registrationId: r.registration_id,
        name: r.name,
        accountName: r.account_name,
        source: r.source,
        channelPartnerId: r.channel_partner_id,
        stage: r.stage,
        amount: { amountMinor: Number(r.amount_minor), currency: r.currency },
        wonAmountMinor: r.won_amount_minor === null ? null : Number(r.won_amount_minor),
        lossReason: r.loss_reason,
        expectedCloseDate: r.expected_close_date,
        createdAt: r.created_at.toISOString(),
        closedAt: r.closed_at?.toISOString() ?? null,
        updatedAt: r.updated_at.toISOString(),
        currency: r.currency,
        lineShares: sharesOf(r),
      }, audience));
  }
}
