import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { StoredEvent } from '@channel-ledger/event-store';
import { Projection } from '@channel-ledger/projection-runner';
import { WebhookTables, ownerOnCreation, payloadFor, subjectOf } from '@channel-ledger/webhooks';
import { partnerAudience, partnerEventData } from '@channel-ledger/domain/views';

// The webhook tables beside the runner's, as a type Kysely can add to the transaction.
type Tables = { [T in keyof WebhookTables]: WebhookTables[T] };

// Turns each state change of a partner's registrations, quotes, orders and cases into one delivery per active
// endpoint of that partner that subscribed to its topic. It runs as a projection, so a delivery is written in the
// same transaction that moves the checkpoint: every event fans out exactly once, and a replayed batch adds nothing
// (one delivery per endpoint and event). Endpoints get the events recorded after they were registered.
//
// It declares no tables on purpose: its rows are an outbox, not a read model, and a rebuild would send every
// change again.
export const webhookFanoutProjection: Projection = {
  name: 'webhooks',
  version: 1,
  // The events of the streams it fans out (a partner's registrations, quotes, orders and cases).
  handles: (event) => !!subjectOf(event.streamId),
  async apply(trx, events) {
    const db = trx.withTables<Tables>();
    const relevant = events.filter((e) => subjectOf(e.streamId));
    if (relevant.length === 0) return;

    const owners = new Map<string, string>();
    for (const event of relevant) {
      const owner = ownerOnCreation(event);
      if (owner) owners.set(event.streamId, owner);
    }
    if (owners.size > 0) {
      await db
        .insertInto('webhook_subjects')
        .values([...owners].map(([stream_id, partner_id]) => ({ stream_id, partner_id })))
        .onConflict((oc) => oc.column('stream_id').doNothing())
        .execute();
    }
    const unknown = [...new Set(relevant.map((e) => e.streamId).filter((s) => !owners.has(s)))];
    if (unknown.length > 0) {
      for (const row of await db.selectFrom('webhook_subjects').selectAll().where('stream_id', 'in', unknown).execute()) owners.set(row.stream_id, row.partner_id);
    }
    const partners = [...new Set(owners.values())];
    if (partners.length === 0) return;
    const endpoints = await db.selectFrom('webhook_endpoints').select(['endpoint_id', 'partner_id', 'topics', 'created_at']).where('active', '=', true).where('partner_id', 'in', partners).execute();
    if (endpoints.length === 0) return;

    const rows = [];
    for (const event of relevant) {
      const partnerId = owners.get(event.streamId);
      const subject = subjectOf(event.streamId)!;
      for (const endpoint of endpoints) {
        if (endpoint.partner_id !== partnerId) continue;
        if (endpoint.topics && !endpoint.topics.includes(subject.topic)) continue;
        if (event.recordedAt < endpoint.created_at) continue;
        rows.push(delivery(event, endpoint.endpoint_id, partnerId));
      }
    }
    for (let i = 0; i < rows.length; i += 500) {
      await db
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.constraint('webhook_deliveries_once').doNothing())
        .execute();
    }
  },
};

// A webhook goes to the partner that owns the record, outside the enterprise: its data is the partner's view of
// the event (the quote's or order's owner is its channel partner, whose lines are those without a partner).
function partnerPayload(event: StoredEvent, partnerId: string, deliveryId: string) {
  const payload = payloadFor(event, partnerId, deliveryId);
  return { ...payload, data: partnerEventData(event.type, event.data as Record<string, unknown>, partnerAudience([partnerId]), { channelPartnerId: partnerId, actorPartnerId: event.metadata.actor?.partnerId }) };
}

function delivery(event: StoredEvent, endpointId: string, partnerId: string) {
  const deliveryId = randomUUID();
  const subject = subjectOf(event.streamId)!;
  return {
    delivery_id: deliveryId,
    endpoint_id: endpointId,
    partner_id: partnerId,
    event_id: event.id,
    event_type: event.type,
    topic: subject.topic,
    subject_id: subject.id,
    position: event.position,
    payload: JSON.stringify(partnerPayload(event, partnerId, deliveryId)),
    status: 'pending' as const,
    next_attempt_at: sql<Date>`now()`,
    last_status_code: null,
    last_error: null,
    finished_at: null,
  };
}
