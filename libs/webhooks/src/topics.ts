import { randomUUID } from 'node:crypto';
import { StoredEvent } from '@channel-ledger/event-store';
import { AGGREGATES, aggregateOf } from '@channel-ledger/domain';

// What partners can subscribe to: the state changes of their deal registrations, quotes, orders and cases.
export type Topic = NonNullable<(typeof AGGREGATES)[number]['topic']>;
export const TOPICS: readonly Topic[] = AGGREGATES.flatMap((a) => (a.topic ? [a.topic] : []));

export function subjectOf(streamId: string): { topic: Topic; id: string } | undefined {
  const aggregate = aggregateOf(streamId);
  return aggregate?.topic ? { topic: aggregate.topic, id: streamId.slice(aggregate.prefix.length) } : undefined;
}

// The partner a record belongs to, from the event that created it (the channel partner of a quote or order).
export function ownerOnCreation(event: StoredEvent): string | undefined {
  const data = event.data as Record<string, unknown>;
  const value =
    event.type === 'RegistrationDrafted' || event.type === 'CaseOpened' ? data.partnerId : event.type === 'QuoteCreated' || event.type === 'OrderCreated' ? data.channelPartnerId : undefined;
  return typeof value === 'string' ? value : undefined;
}

// Fields that are internal to the enterprise and never leave it (as in the approval history partners read).
const INTERNAL = new Set(['overrideReason']);

export interface WebhookPayload {
  deliveryId: string;
  topic: Topic;
  partnerId: string;
  subject: { type: Topic; id: string };
  event: { id: string; type: string; position: string; revision: number; occurredAt: string; recordedAt: string };
  data: Record<string, unknown>;
}

export function payloadFor(event: StoredEvent, partnerId: string, deliveryId: string = randomUUID()): WebhookPayload {
  const subject = subjectOf(event.streamId);
  if (!subject) throw new Error(`no webhook topic for stream ${event.streamId}`);
  const data = Object.fromEntries(Object.entries(event.data as Record<string, unknown>).filter(([key]) => !INTERNAL.has(key)));
  return {
    deliveryId,
    topic: subject.topic,
    partnerId,
    subject: { type: subject.topic, id: subject.id },
    event: {
      id: event.id,
      type: event.type,
      position: event.position,
      revision: event.revision,
      occurredAt: String(event.metadata.occurredAt ?? event.recordedAt.toISOString()),
      recordedAt: event.recordedAt.toISOString(),
    },
    data,
  };
}
