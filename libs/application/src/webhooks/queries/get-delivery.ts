import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@channel-ledger/domain';
import { shownReason } from '@channel-ledger/webhooks';
import { WebhookReadRepository, deliveryView } from '../webhooks.read-repository';
import { RecordQuery } from '../../record-query';

// One delivery with its payload and the log of its attempts.
export class GetDelivery extends RecordQuery {}

@QueryHandler(GetDelivery)
export class GetDeliveryHandler implements IQueryHandler<GetDelivery> {
  constructor(private readonly webhooks: WebhookReadRepository) {}

  async execute({ id: deliveryId, actor }: GetDelivery): Promise<Record<string, unknown>> {
    const row = await this.webhooks.delivery(actor, deliveryId);
    if (!row) throw new NotFound('not_found', 'webhook delivery not found');
    const attempts = await this.webhooks.attempts(deliveryId);
    return {
      ...deliveryView(row),
      payload: row.payload,
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: a.started_at.toISOString(),
        durationMs: a.duration_ms,
        statusCode: a.status_code,
        // null duration: the attempt is under way, or its worker stopped before recording anything.
        error: a.duration_ms === null ? 'no_outcome' : shownReason(a.error, a.status_code),
      })),
    };
  }
}
