import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Order, OrderEvent, orderDecider, orderStream, partnerEventData } from '@channel-ledger/domain';
import { EventStore } from '@channel-ledger/event-store';
import { EVENT_STORE } from '@channel-ledger/platform';
import { audienceOf } from '../../audience';
import { foldRecord } from '../../fold-record';
import { PartnerDirectory } from '../../partner-directory';
import { RecordQuery } from '../../record-query';
import { OrderRules } from '../orders.rules';

// The order's timeline is its events, read from the log: what happened, when, and who did it.
export class GetOrderTimeline extends RecordQuery<Record<string, unknown>[]> {}

@QueryHandler(GetOrderTimeline)
export class GetOrderTimelineHandler implements IQueryHandler<GetOrderTimeline> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rules: OrderRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ id, actor: reader }: GetOrderTimeline): Promise<Record<string, unknown>[]> {
    const events = await this.store.readStream<OrderEvent>(orderStream(id));
    const order = await this.rules.visible(reader, foldRecord<OrderEvent, Order>(orderDecider, events));
    const audience = await audienceOf(this.directory, reader, [order.channelPartnerId, ...order.lines.map((l) => l.partnerId)]);
    // A partner reads each event as its webhooks would carry it; of who acted, the staff of organisations it may
    // not see read by role only.
    const actorOf = (actor: { userId: string; role: string; partnerId?: string } | undefined) => {
      if (!actor || audience.kind === 'enterprise') return actor ?? null;
      return !actor.partnerId || audience.sees(actor.partnerId) ? { userId: actor.userId, role: actor.role, ...(actor.partnerId ? { partnerId: actor.partnerId } : {}) } : { role: actor.role };
    };
    return events.map((e) => ({
      revision: e.revision,
      type: e.type,
      at: e.metadata.occurredAt,
      actor: actorOf(e.metadata.actor),
      data: audience.kind === 'enterprise' ? e.data : partnerEventData(e.type, e.data as Record<string, unknown>, audience, { channelPartnerId: order.channelPartnerId, actorPartnerId: e.metadata.actor?.partnerId }),
      position: e.position,
    }));
  }
}
