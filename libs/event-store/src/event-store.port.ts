// The one interface the application talks to; the PostgreSQL and EventStoreDB adapters both implement it
// and both pass test/contract/event-store.contract.ts.

export type ExpectedRevision = 'no_stream' | 'any' | 'exists' | number;

// Who appended an event, as its metadata records it (the role it acted in, not every role it holds).
export interface EventActor {
  userId: string;
  role: string;
  partnerId?: string;
}

export interface EventMetadata {
  schemaVersion: number;
  occurredAt: string;
  actor?: EventActor;
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  // Extensible on purpose: audit hashing and other envelopes add keys here.
  [key: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  // A UUID. Appending the same id again is a no-op that returns the first append's result.
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

// An opaque, totally ordered token: compare with comparePositions, store as text.
export type Position = string;

// A domain event as the deciders name it: its type and its data.
export interface DomainEvent {
  type: string;
  data: unknown;
}

// What the log adds to an event it holds.
export interface RecordedFields {
  id: string;
  streamId: string;
  // 0-based index of the event within its stream.
  revision: number;
  position: Position;
  metadata: EventMetadata;
  recordedAt: Date;
}

// An event of a known union as read back from the log: the domain event (so it folds without a cast) and what the
// log recorded of it.
export type Recorded<E extends DomainEvent> = E & RecordedFields;

export interface StoredEvent<Type extends string = string, Data = unknown> extends RecordedFields {
  type: Type;
  data: Data;
}

export interface AppendResult {
  streamId: string;
  // Revision of the last event written: the stream's new expected revision.
  nextExpectedRevision: number;
  // Position of the last event written.
  position: Position;
}

// One stream's part of an append to several streams.
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  // Inclusive upper bound on revision.
  toRevision?: number;
  // Only events recorded at or before this moment (point-in-time audit).
  toTimestamp?: Date;
}

export interface ReadAllOptions {
  // Exclusive: events strictly after this position. Omit to start at the beginning of the log.
  after?: Position;
  limit?: number;
}

export interface SubscribeOptions {
  after?: Position;
  batchSize?: number;
}

export interface Subscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  readonly kind: 'postgres' | 'eventstoredb';
  append(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  // Empty array when the stream does not exist.
  // Typed by the caller with the stream's event union (an aggregate's stream holds only its own events; a stored row
  // that does not fit is caught by the fold, see malformation).
  readStream<E extends DomainEvent = StoredEvent>(streamId: string, options?: ReadStreamOptions): Promise<Recorded<E>[]>;
  // Several streams at once, each as readStream gives it; every id asked for is in the answer. Only where it is one
  // round trip; callers go through readStreams() below, which reads one by one otherwise.
  readStreams?<E extends DomainEvent = StoredEvent>(streamIds: string[]): Promise<Map<string, Recorded<E>[]>>;
  // Appends to several streams, each at its own expected revision, all or none (a ConcurrencyError when any does not
  // match). Only where the store can do that; callers go through appendToStreams() below.
  appendMany?(appends: StreamAppend[]): Promise<AppendResult[]>;
  // A prefix of the total order after `after`. Never skips a committed event.
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  // Every event after `after`, then live ones, in the same order as readAll; ends only on close().
  subscribe(options?: SubscribeOptions): Subscription;
  // The position of the last event a reader can see now, or undefined for an empty log.
  headPosition(): Promise<Position | undefined>;
  // How many events a reader can see now, up to and including `upTo`. Only where it is cheap (progress bars);
  // an adapter without a cheap count leaves it out and callers show progress without a total.
  countEvents?(upTo?: Position): Promise<number>;
  // Resolves when events after `after` may be readable (a notification), after `maxWaitMs` at the latest, or on
  // abort. Only where the store can be told of appends; others leave it out and callers poll.
  waitForEvents?(after: Position | undefined, maxWaitMs: number, signal: AbortSignal): Promise<void>;
  // The revision a store keeps for a stream apart from its events (PostgreSQL's stream row), for audit: more than the
  // last event's revision means events at the stream's end were removed. Stores without such a record leave it out.
  recordedRevision?(streamId: string): Promise<number | undefined>;
  // The streams the store keeps a record of apart from their events, in id order after `after`, for audit: a stream
  // whose events were all removed is still listed. Stores without such a record leave it out.
  listStreams?(options: { after?: string; limit: number }): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Several streams in one round trip where the store can, otherwise one read per stream (concurrently).
export async function readStreams<E extends DomainEvent = StoredEvent>(store: EventStore, streamIds: string[]): Promise<Map<string, Recorded<E>[]>> {
  if (store.readStreams) return store.readStreams<E>(streamIds);
  const ids = [...new Set(streamIds)];
  const read = await Promise.all(ids.map((id) => store.readStream<E>(id)));
  return new Map(ids.map((id, i) => [id, read[i]]));
}

// Appends to several streams: all or none in one statement where the store can (appendMany); otherwise one stream
// after another in the order given, so a ConcurrencyError can leave the appends before it written. Callers must
// therefore be able to repeat the whole call after reading again (each append is recognisable by its event ids or
// its content).
export async function appendToStreams(store: EventStore, appends: StreamAppend[]): Promise<AppendResult[]> {
  if (store.appendMany) return store.appendMany(appends);
  const results: AppendResult[] = [];
  for (const a of appends) results.push(await store.append(a.streamId, a.events, { expectedRevision: a.expectedRevision }));
  return results;
}

// Positions are fixed-width digit groups, so plain string comparison is the order; this keeps them opaque
// to callers while letting them be compared, sorted and stored as text.
export function comparePositions(a: Position, b: Position): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function encodePosition(major: bigint, minor: bigint): Position {
  return `${major.toString().padStart(20, '0')}-${minor.toString().padStart(20, '0')}`;
}

export function decodePosition(position: Position): { major: bigint; minor: bigint } {
  const match = /^(\d{20})-(\d{20})$/.exec(position);
  if (!match) throw new InvalidPositionError(position);
  return { major: BigInt(match[1]), minor: BigInt(match[2]) };
}

export function isPosition(value: string): boolean {
  return /^\d{20}-\d{20}$/.test(value);
}

export abstract class EventStoreError extends Error {}

export class ConcurrencyError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    // The stream's revision when the append was refused; 'no_stream' when it does not exist.
    readonly actual: number | 'no_stream',
  ) {
    super(`Wrong expected revision on stream ${streamId}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

export class DuplicateEventIdError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`Event ids ${eventIds.join(', ')} were already appended, but not as this exact append to ${streamId}`);
    this.name = 'DuplicateEventIdError';
  }
}

export class InvalidPositionError extends EventStoreError {
  constructor(readonly value: string) {
    super(`Not a log position: ${JSON.stringify(value)}`);
    this.name = 'InvalidPositionError';
  }
}

export class EventStoreUnavailableError extends EventStoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
