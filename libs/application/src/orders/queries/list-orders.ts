import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { present, orderRowView } from '@channel-ledger/domain';
import { OrderListFilter, OrderReadRepository } from '../orders.read-repository';
import { sharesOf } from '../../opportunities/opportunities.read-repository';
import { ListQuery, Page } from '../../record-query';

export class ListOrders extends ListQuery<OrderListFilter> {}

@QueryHandler(ListOrders)
export class ListOrdersHandler implements IQueryHandler<ListOrders> {
  constructor(private readonly orders: OrderReadRepository) {}

  async execute({ filter, actor }: ListOrders): Promise<Page> {
    const audience = await this.orders.audience(actor);
    return this.orders.list(actor, filter, audience, (r, audience) => present(orderRowView, {
        orderId: r.order_id,
        quoteId: r.quote_id,
        account: r.account,
        orderType: r.order_type,
        priority: r.priority,
        channelPartnerId: r.channel_partner_id,
        status: r.status,
        total: { amountMinor: Number(r.total_minor), currency: r.currency },
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        currency: r.currency,
        lineShares: sharesOf(r),
      }, audience));
  }
}
