import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { DeliveryListFilter, WebhookReadRepository, deliveryView } from '../webhooks.read-repository';

type Page = { items: ReturnType<typeof deliveryView>[]; nextCursor: string | null };

// The deliveries to one endpoint the caller may see, newest first by default, with keyset pagination.
export class ListDeliveries extends Query<Page> {
  constructor(
    readonly endpointId: string,
    readonly filter: DeliveryListFilter,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(ListDeliveries)
export class ListDeliveriesHandler implements IQueryHandler<ListDeliveries> {
  constructor(private readonly webhooks: WebhookReadRepository) {}

  async execute({ endpointId, filter, actor }: ListDeliveries): Promise<Page> {
    await this.webhooks.endpoint(actor, endpointId);
    return this.webhooks.deliveries(actor, endpointId, filter, deliveryView);
  }
}
