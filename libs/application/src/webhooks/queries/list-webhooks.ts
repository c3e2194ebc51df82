import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { WebhookReadRepository, endpointView } from '../webhooks.read-repository';

type Endpoints = { items: ReturnType<typeof endpointView>[] };

// The endpoints the caller may see, newest first.
export class ListWebhooks extends Query<Endpoints> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(ListWebhooks)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooks> {
  constructor(private readonly webhooks: WebhookReadRepository) {}

  async execute({ actor }: ListWebhooks): Promise<Endpoints> {
    const rows = await this.webhooks.listEndpoints(actor);
    return { items: rows.map(endpointView) };
  }
}
