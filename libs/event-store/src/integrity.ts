import { KeyObject, createHash, createHmac, createPublicKey, sign, timingSafeEqual, verify } from 'node:crypto';
import { EventMetadata, EventStore, NewEvent, Position, StoredEvent, comparePositions } from './event-store.port';

// Tamper evidence against someone who can write to the database.
//
// 1. A keyed chain per stream: every event carries HMAC-SHA256(key, previous link || content), where the content is
//    everything an answer depends on (stream, revision, id, type, data, metadata and the recorded time). The key is
//    kept outside the database, so rewriting an event and recomputing the chain needs more than database access.
// 2. Signed checkpoints of the whole log: the count of events, the last position and a hash over every event in log
//    order, signed with an Ed25519 key the database never sees. An auditor keeps them; the log must still hold each
//    one as a prefix, which catches what a per-stream chain cannot: a stream's last events or a whole stream
//    deleted, and transactions reordered across streams.
export interface Integrity {
  // Absent on events written before the chain was keyed (the first format); null when written without a key.
  key?: string | null;
  hash: string;
  previous: string | null;
  batch: string;
  // The recorded time the hash covers (the store's own column holds it too on PostgreSQL).
  recordedAt?: string;
  // 2: the batch value is keyed like the links, and the event's hash covers this marker, so the batch cannot be
  // downgraded to the unkeyed form. Absent on events written before.
  format?: 2;
}

export interface IntegrityKey {
  id: string;
  secret: Buffer;
}

// The key new events are chained with, and every key older events may have been chained with (rotation).
export interface IntegrityKeys {
  current: IntegrityKey;
  byId: ReadonlyMap<string, Buffer>;
}

const GENESIS = '0'.repeat(64);
export const MIN_KEY_LENGTH = 32;

// The id is derived from the key, so an id can never be paired with the wrong secret; it is a one-way digest and
// says nothing usable about the key.
export function integrityKey(secret: string): IntegrityKey {
  return { id: sha256(`channel-ledger audit key id\n${secret}`).slice(0, 16), secret: Buffer.from(secret, 'utf8') };
}

export function integrityKeys(current: string, retired: string[] = []): IntegrityKeys {
  const keys = [current, ...retired].map(integrityKey);
  return { current: keys[0], byId: new Map(keys.map((k) => [k.id, k.secret])) };
}

// Stable JSON: keys sorted at every level, so the same content always hashes the same, whatever order a store
// gives the keys back in (jsonb does not keep it). Written with a stack of its own instead of recursion: a row an
// insider nested thousands of levels deep (the database and JSON.parse take it) must still hash and be reported,
// not overflow the call stack of verify, of a checkpoint or of the history endpoint.
export function canonical(root: unknown): string {
  const out: string[] = [];
  // What is still to write, the next on top: a value to expand, or text to write as it is.
  const todo: ({ text: string } | { value: unknown })[] = [{ value: root }];
  while (todo.length > 0) {
    const item = todo.pop()!;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    let value = item.value;
    while (value && typeof (value as { toJSON?: unknown }).toJSON === 'function') value = (value as { toJSON(): unknown }).toJSON();
    if (Array.isArray(value)) {
      todo.push({ text: ']' });
      for (let i = value.length - 1; i >= 0; i--) {
        todo.push({ value: value[i] });
        if (i > 0) todo.push({ text: ',' });
      }
      todo.push({ text: '[' });
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
      todo.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i--) {
        todo.push({ value: record[keys[i]] });
        todo.push({ text: `${JSON.stringify(keys[i])}:` });
        if (i > 0) todo.push({ text: ',' });
      }
      todo.push({ text: '{' });
    } else {
      out.push(JSON.stringify(value) ?? 'null');
    }
  }
  return out.join('');
}

type Hashable = { id: string; type: string; data: unknown; metadata: EventMetadata };

function withoutIntegrity(metadata: EventMetadata): EventMetadata {
  const { integrity: _integrity, ...rest } = metadata;
  return rest;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// The first format: unkeyed, and without the recorded time.
function legacyHash(previous: string | null, streamId: string, revision: number, event: Hashable): string {
  return sha256(`${previous ?? GENESIS}\n${canonical({ streamId, revision, id: event.id.toLowerCase(), type: event.type, data: event.data, metadata: withoutIntegrity(event.metadata) })}`);
}

// The recorded time is hashed at millisecond precision, which is what both stores keep for events written this way.
export function eventHash(key: IntegrityKey | Buffer | null, previous: string | null, streamId: string, revision: number, event: Hashable, recordedAt: Date, format?: 2): string {
  const content = canonical({
    streamId,
    revision,
    id: event.id.toLowerCase(),
    type: event.type,
    data: event.data,
    metadata: withoutIntegrity(event.metadata),
    recordedAt: recordedAt.toISOString(),
    format,
  });
  return keyedDigest(key, `${previous ?? GENESIS}\n${content}`);
}

function keyedDigest(key: IntegrityKey | Buffer | null, text: string): string {
  if (key === null) return sha256(text);
  return createHmac('sha256', Buffer.isBuffer(key) ? key : key.secret).update(text).digest('hex');
}

// The value every event of one append carries: it commits to the whole set of links written together, so removing
// the append's last events (and lowering the stream row to match) shows. Keyed, or whoever removes them could
// simply recompute it over the links that are left.
function batchDigest(key: IntegrityKey | Buffer | null, hashes: string[], format: 2 | undefined): string {
  return format === 2 ? keyedDigest(key, `channel-ledger batch\n${hashes.join('')}`) : sha256(hashes.join(''));
}

// Adds the integrity envelope to events about to be appended at firstRevision, after an event whose hash is previous,
// to be recorded at recordedAt. Without keys (tests and tools that build a store by hand) the chain is unkeyed, and
// verification says so.
export function chainEvents(keys: IntegrityKeys | undefined, previous: string | null, streamId: string, firstRevision: number, events: NewEvent[], recordedAt: Date): NewEvent[] {
  const key = keys?.current ?? null;
  let prior = previous;
  const hashes = events.map((event, i) => {
    const hash = eventHash(key, prior, streamId, firstRevision + i, event, recordedAt, 2);
    const link = { hash, previous: prior };
    prior = hash;
    return link;
  });
  const batch = batchDigest(key, hashes.map((h) => h.hash), 2);
  return events.map((event, i) => ({
    ...event,
    metadata: { ...event.metadata, integrity: { key: key?.id ?? null, ...hashes[i], batch, recordedAt: recordedAt.toISOString(), format: 2 } satisfies Integrity },
  }));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// Rows are read back from a database an insider can write to, so nothing about their shape is taken on trust.
export function integrityOf(event: { metadata: unknown }): Integrity | undefined {
  const integrity = isRecord(event.metadata) ? event.metadata.integrity : undefined;
  return isRecord(integrity) && typeof integrity.hash === 'string' ? (integrity as unknown as Integrity) : undefined;
}

const HEX64 = /^[0-9a-f]{64}$/;
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

// What makes a stored row unfit to be hashed, folded or shown as an event: the one check every reader of untrusted
// rows goes through before it looks inside one. undefined when the row has the shape every writer gives it.
// Deeper than any event the API writes (its bodies stop at 64 levels): past this a row is an insider's, and
// answering it as JSON would overflow the serializer.
export const MAX_EVENT_DEPTH = 256;

// Whether a JSON value nests deeper than `max` levels, walked with a stack of its own (no recursion to overflow).
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const todo: [unknown, number][] = [[value, 0]];
  while (todo.length > 0) {
    const [item, depth] = todo.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) todo.push([child, depth + 1]);
  }
  return false;
}

export function malformation(event: StoredEvent): string | undefined {
  if (typeof event.type !== 'string' || event.type.length === 0) return 'its type is not a non-empty string';
  if (nestedDeeperThan(event.data, MAX_EVENT_DEPTH)) return `its data is nested deeper than ${MAX_EVENT_DEPTH} levels`;
  if (nestedDeeperThan(event.metadata, MAX_EVENT_DEPTH)) return `its metadata is nested deeper than ${MAX_EVENT_DEPTH} levels`;
  if (!isRecord(event.data)) return `its data is ${describeJson(event.data)}, not an object`;
  const metadata: unknown = event.metadata;
  if (!isRecord(metadata)) return `its metadata is ${describeJson(metadata)}, not an object`;
  if (typeof metadata.schemaVersion !== 'number') return 'its metadata has no numeric schemaVersion';
  if (typeof metadata.occurredAt !== 'string') return 'its metadata has no occurredAt time';
  if (metadata.actor !== undefined && (!isRecord(metadata.actor) || typeof metadata.actor.userId !== 'string' || typeof metadata.actor.role !== 'string')) {
    return 'its metadata has an actor without a user id and role';
  }
  for (const field of ['correlationId', 'causationId', 'idempotencyKey'] as const) {
    if (!isOptionalString(metadata[field])) return `its metadata field ${field} is not a string`;
  }
  const integrity = metadata.integrity;
  if (integrity === undefined) return undefined;
  if (!isRecord(integrity)) return `its integrity envelope is ${describeJson(integrity)}, not an object`;
  if (typeof integrity.hash !== 'string' || !HEX64.test(integrity.hash)) return 'its integrity hash is not a SHA-256 hex digest';
  if (integrity.previous !== null && (typeof integrity.previous !== 'string' || !HEX64.test(integrity.previous))) return 'its link to the previous event is not a hex digest';
  if (typeof integrity.batch !== 'string' || !HEX64.test(integrity.batch)) return 'its append digest is not a hex digest';
  if (integrity.key !== undefined && integrity.key !== null && typeof integrity.key !== 'string') return 'its audit key id is not a string';
  if (!isOptionalString(integrity.recordedAt)) return 'its hashed recorded time is not a string';
  if (integrity.format !== undefined && integrity.format !== 2) return `its integrity format ${JSON.stringify(integrity.format)} is unknown`;
  return undefined;
}

function describeJson(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export type Verification =
  | { ok: true; events: number }
  // unkeyed: every link holds, but from `revision` on the events were written without a key (before the log was
  // keyed), so anyone with write access could have rewritten them and recomputed the chain.
  | { ok: false; events: number; revision: number; eventId: string | null; reason: string; unkeyed?: true };

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

// What the store keeps about a stream apart from its events (PostgreSQL's stream row): its revision read just before
// the events and again just after them, null when there is no row. Appends raise the row and add the events in one
// transaction, so an append landing between the reads can make `before` look behind the events and `after` look
// ahead of them, never the other way round: a row ahead is judged on `before`, a row behind or missing on `after`.
export interface StreamRecord {
  before: number | null;
  after: number | null;
}

// Reads a stream for verification with its stream row around it (see StreamRecord); the record is undefined when the
// store keeps no such row.
export async function readForAudit(store: EventStore, streamId: string): Promise<{ events: StoredEvent[]; record?: StreamRecord }> {
  if (!store.recordedRevision) return { events: await store.readStream(streamId) };
  const before = (await store.recordedRevision(streamId)) ?? null;
  const events = await store.readStream(streamId);
  const after = (await store.recordedRevision(streamId)) ?? null;
  return { events, record: { before, after } };
}

// Walks one stream in revision order and reports the first event whose link does not hold. Every row is checked for
// shape before anything reads inside it, so a row made unreadable on purpose is reported as a broken link, naming the
// event, rather than stopping the audit. `record` is what the store keeps for the stream apart from its events (a
// single revision stands for a row read once, null for no row), compared with the events in both directions.
export function verifyStream(streamId: string, events: StoredEvent[], keys: IntegrityKeys | undefined, record?: number | null | StreamRecord): Verification {
  let previous: string | null = null;
  let firstUnkeyed: StoredEvent | undefined;
  const batches = new Map<string, { key: Buffer | null; format: 2 | undefined; hashes: string[]; first: StoredEvent; broken?: string }>();
  for (const [i, event] of events.entries()) {
    const broken = (reason: string): Verification => ({ ok: false, events: events.length, revision: event.revision, eventId: event.id, reason });
    if (event.revision !== i) return { ok: false, events: events.length, revision: i, eventId: null, reason: `revision ${i} is missing (found ${event.revision} in its place)` };
    const shape = malformation(event);
    if (shape) return broken(`the row is malformed: ${shape}`);
    const integrity = integrityOf(event);
    if (!integrity) return broken('the event carries no integrity hash');
    if (integrity.previous !== previous) return broken('its link to the previous event does not match (an event before it was removed, replaced or reordered)');
    let expected: string;
    let secret: Buffer | null = null;
    if (integrity.key === undefined) {
      if (integrity.format !== undefined) return broken('its integrity envelope mixes the first format with a later one');
      expected = legacyHash(previous, streamId, event.revision, event);
    } else {
      if (integrity.recordedAt !== undefined && integrity.recordedAt !== event.recordedAt.toISOString()) {
        return broken(`its recorded time was changed (hashed ${integrity.recordedAt}, stored ${event.recordedAt.toISOString()})`);
      }
      const found = integrity.key === null ? null : keys?.byId.get(integrity.key);
      if (found === undefined) return broken(`it was chained with audit key ${integrity.key}, which this installation does not have (set AUDIT_KEY_FILE with it)`);
      secret = found;
      expected = eventHash(secret, previous, streamId, event.revision, event, event.recordedAt, integrity.format);
    }
    if (!sameHex(expected, integrity.hash)) return broken('its content does not match its hash (the event was altered)');
    if (!integrity.key) firstUnkeyed ??= event;
    const batch = batches.get(integrity.batch);
    if (!batch) batches.set(integrity.batch, { key: secret, format: integrity.format, hashes: [integrity.hash], first: event });
    else {
      if (batch.format !== integrity.format || (batch.key === null) !== (secret === null) || (batch.key && secret && !batch.key.equals(secret))) batch.broken ??= 'the events of one append disagree on how it was sealed';
      batch.hashes.push(integrity.hash);
    }
    previous = integrity.hash;
  }
  for (const [value, batch] of batches) {
    const reason = batch.broken ?? (sameHex(batchDigest(batch.key, batch.hashes, batch.format), value) ? undefined : 'the append it belongs to is incomplete (an event of the same append is missing)');
    if (reason) return { ok: false, events: events.length, revision: batch.first.revision, eventId: batch.first.id, reason };
  }
  const { before, after } = record === undefined || record === null || typeof record === 'number' ? { before: record, after: record } : record;
  const last = events.length - 1;
  for (const value of [before, after]) {
    if (typeof value === 'number' && (!Number.isSafeInteger(value) || value < 0)) {
      return { ok: false, events: events.length, revision: 0, eventId: events[0]?.id ?? null, reason: `the store records revision ${value} for the stream, which no append writes (the stream row was edited)` };
    }
  }
  if (typeof before === 'number' && before > last) {
    return {
      ok: false,
      events: events.length,
      revision: events.length,
      eventId: null,
      reason: `the store records revision ${before} for the stream but its events end at ${last} (events at its end were removed; appends to it are refused until they are restored)`,
    };
  }
  if (events.length > 0 && after === null) {
    return { ok: false, events: events.length, revision: last, eventId: events[last].id, reason: `the store keeps no stream row for it although its events go to revision ${last} (the row was deleted; appends to it are refused)` };
  }
  if (typeof after === 'number' && after < last) {
    return {
      ok: false,
      events: events.length,
      revision: Math.max(after + 1, 0),
      eventId: events[Math.max(after + 1, 0)]?.id ?? null,
      reason: `the store records revision ${after} for the stream but its events go to ${last} (the stream row was lowered; appends to it are refused)`,
    };
  }
  if (firstUnkeyed) {
    return {
      ok: false,
      unkeyed: true,
      events: events.length,
      revision: firstUnkeyed.revision,
      eventId: firstUnkeyed.id,
      reason: 'written without an audit key (before the log was keyed): its chain holds, but anyone with write access could have recomputed it',
    };
  }
  return { ok: true, events: events.length };
}

// ---- The whole log, in log order, and signed checkpoints of it ----

const LOG_GENESIS = sha256('channel-ledger log');

// Everything stored about an event, position included, so that changing, removing, inserting or moving any event
// changes every log hash from there on.
function eventDigest(event: StoredEvent): string {
  return sha256(
    canonical({
      position: event.position,
      streamId: event.streamId,
      revision: event.revision,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      recordedAt: event.recordedAt.toISOString(),
    }),
  );
}

export class LogDigest {
  hash = LOG_GENESIS;
  events = 0;
  position: Position | null = null;

  add(event: StoredEvent): void {
    this.hash = sha256(`${this.hash}\n${eventDigest(event)}`);
    this.events += 1;
    this.position = event.position;
  }
}

export const CHECKPOINT_FORMAT = 'channel-ledger-checkpoint/1';

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  // The last event the checkpoint covers (null: the log was empty), how many events the log held up to it, and the
  // hash of all of them in log order.
  position: Position | null;
  events: number;
  logHash: string;
  takenAt: string;
  // Fingerprint of the public key that checks the signature.
  signer: string;
  // Ed25519 over the canonical JSON of the other fields, base64.
  signature: string;
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export function keyFingerprint(publicKey: KeyObject): string {
  return sha256(publicKey.export({ type: 'spki', format: 'der' }).toString('base64')).slice(0, 16);
}

function signedPart(checkpoint: Omit<Checkpoint, 'signature'>): Buffer {
  const { format, position, events, logHash, takenAt, signer } = checkpoint;
  return Buffer.from(canonical({ format, position, events, logHash, takenAt, signer }));
}

export function signCheckpoint(digest: LogDigest, privateKey: KeyObject, takenAt: Date): Checkpoint {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new CheckpointError('the checkpoint key must be an Ed25519 private key');
  const body = { format: CHECKPOINT_FORMAT, position: digest.position, events: digest.events, logHash: digest.hash, takenAt: takenAt.toISOString(), signer: keyFingerprint(createPublicKey(privateKey)) } as const;
  return { ...body, signature: sign(null, signedPart(body), privateKey).toString('base64') };
}

// Parses a checkpoint file and checks its signature; anything else is refused with the reason.
export function readCheckpoint(text: string, publicKey: KeyObject): Checkpoint {
  let value: Checkpoint;
  try {
    value = JSON.parse(text) as Checkpoint;
  } catch {
    throw new CheckpointError('is not JSON');
  }
  if (!value || value.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`is not a ${CHECKPOINT_FORMAT} file`);
  if (!Number.isSafeInteger(value.events) || value.events < 0 || typeof value.logHash !== 'string' || typeof value.signature !== 'string' || (value.position !== null && typeof value.position !== 'string')) {
    throw new CheckpointError('is malformed');
  }
  if (value.signer !== keyFingerprint(publicKey) || !verify(null, signedPart(value), publicKey, Buffer.from(value.signature, 'base64'))) {
    throw new CheckpointError('has a signature that the given public key does not confirm (forged, edited, or signed with another key)');
  }
  return value;
}

export type CheckpointResult = { checkpoint: Checkpoint; name: string } & ({ ok: true } | { ok: false; reason: string });

export interface LogVerification {
  events: number;
  position: Position | null;
  logHash: string;
  streams: string[];
  checkpoints: CheckpointResult[];
}

// Reads the whole log once in log order: the log hash, the streams it holds, and for every kept checkpoint whether
// the log still holds it as a prefix (the same number of events up to its position, with the same hash).
export async function verifyLog(store: EventStore, checkpoints: { name: string; checkpoint: Checkpoint }[], onPage?: (events: number) => void): Promise<LogVerification> {
  const digest = new LogDigest();
  const streams = new Set<string>();
  const pending = [...checkpoints].sort((a, b) => a.checkpoint.events - b.checkpoint.events);
  const results: CheckpointResult[] = [];
  const settle = (reason?: string) => {
    const next = pending.shift()!;
    results.push(reason === undefined ? { ...next, ok: true } : { ...next, ok: false, reason });
  };
  const check = (next: Checkpoint) => {
    if (digest.position !== next.position) {
      return `the log has ${next.events} events up to ${digest.position ?? 'its start'}, not up to ${next.position ?? 'its start'} (events before it were removed or inserted)`;
    }
    if (digest.hash !== next.logHash) return `the ${next.events} events up to ${next.position ?? 'the start'} are not the ones signed (an event was changed, replaced or moved)`;
    return undefined;
  };
  while (pending[0]?.checkpoint.events === 0) settle(check(pending[0].checkpoint));
  let after: Position | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: 2_000 });
    for (const event of page) {
      // A checkpoint's position reached with fewer events than it counted: events before it are gone.
      while (pending[0] && digest.position !== null && pending[0].checkpoint.position !== null && comparePositions(digest.position, pending[0].checkpoint.position) >= 0) {
        settle(`the log holds ${digest.events} events up to ${digest.position}, the checkpoint ${pending[0].checkpoint.events} up to ${pending[0].checkpoint.position} (events were removed)`);
      }
      digest.add(event);
      streams.add(event.streamId);
      while (pending[0]?.checkpoint.events === digest.events) settle(check(pending[0].checkpoint));
    }
    onPage?.(digest.events);
    if (page.length < 2_000) break;
    after = page[page.length - 1].position;
  }
  while (pending[0]) {
    const { events, position } = pending[0].checkpoint;
    const passed = digest.position !== null && position !== null && comparePositions(digest.position, position) >= 0;
    settle(
      passed
        ? `the log holds ${digest.events} events up to ${digest.position}, the checkpoint ${events} up to ${position} (events were removed)`
        : `the log ends after ${digest.events} events at ${digest.position ?? 'its start'}, before the checkpoint's ${events} events up to ${position} (its tail was removed)`,
    );
  }
  return { events: digest.events, position: digest.position, logHash: digest.hash, streams: [...streams], checkpoints: results };
}

// The checkpoint of the log as a reader sees it now.
export async function takeCheckpoint(store: EventStore, privateKey: KeyObject, now: Date = new Date()): Promise<Checkpoint> {
  const digest = new LogDigest();
  let after: Position | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: 2_000 });
    for (const event of page) digest.add(event);
    if (page.length < 2_000) break;
    after = page[page.length - 1].position;
  }
  return signCheckpoint(digest, privateKey, now);
}
