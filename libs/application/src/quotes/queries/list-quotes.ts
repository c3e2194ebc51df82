import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { present, quoteRowView } from '@channel-ledger/domain';
import { QuoteListFilter, QuoteReadRepository } from '../quotes.read-repository';
import { sharesOf } from '../../opportunities/opportunities.read-repository';
import { ListQuery, Page } from '../../record-query';

export class ListQuotes extends ListQuery<QuoteListFilter> {}

@QueryHandler(ListQuotes)
export class ListQuotesHandler implements IQueryHandler<ListQuotes> {
  constructor(private readonly quotes: QuoteReadRepository) {}

  async execute({ filter, actor }: ListQuotes): Promise<Page> {
    const audience = await this.quotes.audience(actor);
    return this.quotes.list(actor, filter, audience, (r, audience) =>
        present(
          quoteRowView,
          {
            quoteId: r.quote_id,
            opportunityId: r.opportunity_id,
            channelPartnerId: r.channel_partner_id,
            status: r.status,
            version: r.version,
            total: { amountMinor: Number(r.total_minor), currency: r.currency },
            validUntil: r.valid_until.toISOString(),
            updatedAt: r.updated_at.toISOString(),
            currency: r.currency,
            lineShares: sharesOf(r),
          },
          audience,
        ));
  }
}
