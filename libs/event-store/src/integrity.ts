import { createHash } from 'node:crypto';
import { EventMetadata, NewEvent, StoredEvent } from './event-store.port';

// Tamper evidence. Every event carries the hash of its own content chained to the hash of the previous event of
// its stream, and the hash of the append (batch) it was written in. Editing, removing or reordering an event
// breaks the chain at that point, and verifyStream finds the first broken link.
export interface Integrity {
  hash: string;
  previous: string | null;
  batch: string;
}

const GENESIS = '0'.repeat(64);

// Stable JSON: keys sorted at every level, so the same content always hashes the same, whatever order a store
// gives the keys back in (jsonb does not keep it).
export function canonical(value: unknown): string {
  if (value && typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonical((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function contentOf(streamId: string, revision: number, event: { id: string; type: string; data: unknown; metadata: EventMetadata }): string {
  const { integrity: _integrity, ...metadata } = event.metadata;
  return canonical({ streamId, revision, id: event.id.toLowerCase(), type: event.type, data: event.data, metadata });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function eventHash(previous: string | null, streamId: string, revision: number, event: { id: string; type: string; data: unknown; metadata: EventMetadata }): string {
  return sha256(`${previous ?? GENESIS}\n${contentOf(streamId, revision, event)}`);
}

// Adds the integrity envelope to events about to be appended at firstRevision, after an event whose hash is previous.
export function chainEvents(previous: string | null, streamId: string, firstRevision: number, events: NewEvent[]): NewEvent[] {
  let prior = previous;
  const hashes = events.map((event, i) => {
    const hash = eventHash(prior, streamId, firstRevision + i, event);
    const link = { hash, previous: prior };
    prior = hash;
    return link;
  });
  const batch = sha256(hashes.map((h) => h.hash).join(''));
  return events.map((event, i) => ({ ...event, metadata: { ...event.metadata, integrity: { ...hashes[i], batch } satisfies Integrity } }));
}

export function integrityOf(event: { metadata: EventMetadata }): Integrity | undefined {
  const integrity = event.metadata.integrity as Integrity | undefined;
  return integrity && typeof integrity.hash === 'string' ? integrity : undefined;
}

export type Verification =
  | { ok: true; events: number }
  | { ok: false; events: number; revision: number; eventId: string | null; reason: string };

// Walks one stream in revision order and reports the first event whose link does not hold.
export function verifyStream(streamId: string, events: StoredEvent[]): Verification {
  let previous: string | null = null;
  const batches = new Map<string, string[]>();
  for (const [i, event] of events.entries()) {
    const broken = (reason: string): Verification => ({ ok: false, events: events.length, revision: event.revision, eventId: event.id, reason });
    if (event.revision !== i) return { ok: false, events: events.length, revision: i, eventId: null, reason: `revision ${i} is missing (found ${event.revision} in its place)` };
    const integrity = integrityOf(event);
    if (!integrity) return broken('the event carries no integrity hash');
    if (integrity.previous !== previous) return broken('its link to the previous event does not match (an event before it was removed, replaced or reordered)');
    if (eventHash(previous, streamId, event.revision, event) !== integrity.hash) return broken('its content does not match its hash (the event was altered)');
    batches.set(integrity.batch, [...(batches.get(integrity.batch) ?? []), integrity.hash]);
    previous = integrity.hash;
  }
  for (const [batch, hashes] of batches) {
    if (sha256(hashes.join('')) !== batch) {
      const first = events.find((e) => integrityOf(e)?.batch === batch)!;
      return { ok: false, events: events.length, revision: first.revision, eventId: first.id, reason: 'the append it belongs to is incomplete (an event of the same append is missing)' };
    }
  }
  return { ok: true, events: events.length };
}
