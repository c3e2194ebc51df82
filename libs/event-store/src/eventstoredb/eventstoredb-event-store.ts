import {
  ANY,
  AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AppendExpectedRevision,
  type JSONRecordedEvent,
  type RecordedEvent,
} from '@eventstore/db-client';
import { AppendResult, ConcurrencyError, EventMetadata, EventStore, EventStoreUnavailableError, ExpectedRevision, NewEvent, Position, ReadAllOptions, ReadStreamOptions, DomainEvent, Recorded, StoredEvent, SubscribeOptions, Subscription, comparePositions, decodePosition, encodePosition } from '../event-store.port';
import { sleep } from '../polling-subscription';
import { validateAppend } from '../validate-append';
import { IntegrityKeys, chainEvents, integrityOf } from '../integrity';

export interface EventStoreDbOptions {
  connectionString: string;
  // Resubscribe back-off bounds after a dropped subscription.
  resubscribeMinMs?: number;
  resubscribeMaxMs?: number;
  // The key new events are chained with (kept outside the store); without it the chain is unkeyed.
  integrityKeys?: IntegrityKeys;
}

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly client: EventStoreDBClient;

  constructor(private readonly options: EventStoreDbOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  async append(streamId: string, events: NewEvent[], { expectedRevision }: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    // The hash chain needs the previous event, so the append goes to the exact revision read; when the caller
    // allowed any revision and someone else appended in between, read again and retry.
    for (let attempt = 1; ; attempt++) {
      const last = await this.lastEvent(streamId);
      const current = last ? last.revision : ('no_stream' as const);
      if (expectedRevision === 'exists' && current === 'no_stream') {
        const earlier = await this.findEarlierAppend(streamId, events);
        if (earlier) return earlier;
        throw new ConcurrencyError(streamId, expectedRevision, 'no_stream');
      }
      const target: ExpectedRevision = typeof expectedRevision === 'number' || expectedRevision === 'no_stream' ? expectedRevision : current;
      const first = typeof target === 'number' ? target + 1 : 0;
      // The server's own commit time cannot be known before the append, so the recorded time is chosen here, kept
      // in the integrity envelope and hashed; it never goes back behind the stream's previous event.
      const recordedAt = new Date(Math.max(Date.now(), last?.recordedAt.getTime() ?? 0));
      const chained = chainEvents(this.options.integrityKeys, typeof target === 'number' && last ? integrityOf(last)?.hash ?? null : null, streamId, first, events, recordedAt);
      let result;
      try {
        // Safe to repeat: the same event ids make a repeated append a no-op.
        result = await retryTransient(() =>
          this.client.appendToStream(
            streamId,
            chained.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data as never, metadata: e.metadata })),
            { expectedRevision: toEsdbExpected(target) },
          ),
        );
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          // A retry of an append that already happened is answered with that append's result.
          const earlier = await this.findEarlierAppend(streamId, events);
          if (earlier) return earlier;
          if (target !== expectedRevision && attempt < 10) continue;
          const actual = error.actualVersion;
          throw new ConcurrencyError(streamId, expectedRevision, typeof actual === 'bigint' ? Number(actual) : 'no_stream');
        }
        throw this.unavailable(error);
      }
      // The server recognises an idempotent re-append itself but may answer without the first append's
      // position; the log holds it, so answer from there.
      const earlier = result.position ? undefined : await this.findEarlierAppend(streamId, events);
      if (earlier) return earlier;
      if (!result.position) throw new EventStoreUnavailableError(`EventStoreDB answered an append to ${streamId} without a position`);
      return {
        streamId,
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: encodePosition(result.position.commit, result.position.prepare),
      };
    }
  }

  private async lastEvent(streamId: string): Promise<StoredEvent | undefined> {
    try {
      const [last] = await retryTransient(() => drain(this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })));
      return last;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw this.unavailable(error);
    }
  }

  private async findEarlierAppend(streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const wanted = new Set(events.map((e) => e.id.toLowerCase()));
    const found = new Map<string, StoredEvent>();
    for (const event of await this.readStream(streamId)) {
      if (wanted.has(event.id)) found.set(event.id, event);
    }
    if (found.size !== wanted.size) return undefined;
    const last = found.get(events[events.length - 1].id.toLowerCase())!;
    return { streamId, nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream<E extends DomainEvent = StoredEvent>(streamId: string, options: ReadStreamOptions = {}): Promise<Recorded<E>[]> {
    const maxCount = options.toRevision !== undefined ? options.toRevision + 1 : undefined;
    if (maxCount === 0) return [];
    let events: StoredEvent[];
    try {
      events = await retryTransient(() => drain(this.client.readStream(streamId, { direction: FORWARDS, fromRevision: START, maxCount })));
    } catch (error) {
      // The client raises "not found" while iterating, not at the call.
      if (error instanceof StreamNotFoundError) return [];
      throw this.unavailable(error);
    }
    return (options.toTimestamp ? events.filter((e) => e.recordedAt <= options.toTimestamp!) : events) as Recorded<E>[];
  }

  async readAll({ after, limit = 500 }: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    let from: typeof START | { commit: bigint; prepare: bigint } = after === undefined ? START : toEsdbPosition(after);
    // $all also holds system events; keep reading pages until `limit` of ours or the end of the log.
    for (;;) {
      let page: StoredEvent[];
      try {
        const fromPosition = from;
        page = await retryTransient(() => drain(this.client.readAll({ fromPosition, maxCount: limit + 1, direction: FORWARDS }), { keepSystem: true }));
      } catch (error) {
        throw this.unavailable(error);
      }
      for (const event of page) {
        // readAll starts at its position inclusively; the port's `after` is exclusive.
        if (after !== undefined && comparePositions(event.position, after) <= 0) continue;
        if (isSystemEvent(event)) continue;
        out.push(event);
        if (out.length === limit) return out;
      }
      if (page.length < limit + 1) return out;
      after = page[page.length - 1].position;
      from = toEsdbPosition(after);
    }
  }

  async headPosition(): Promise<Position | undefined> {
    let page: StoredEvent[];
    try {
      page = await retryTransient(() => drain(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1_000 })));
    } catch (error) {
      throw this.unavailable(error);
    }
    return page[0]?.position;
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    return new ResubscribingSubscription(this.client, options.after, {
      minMs: this.options.resubscribeMinMs ?? 100,
      maxMs: this.options.resubscribeMaxMs ?? 5_000,
    });
  }

  async ping(): Promise<void> {
    try {
      await drain(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }), { keepSystem: true });
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  async close(): Promise<void> {
    // dispose() cancels the client's open streams but leaves its gRPC channel open, which would keep the
    // process alive; close the channel too.
    await this.client.dispose();
    const channel = await (this.client as unknown as { getChannel?: () => Promise<{ close(): void }> }).getChannel?.();
    channel?.close();
  }

  private unavailable(error: unknown): Error {
    if (error instanceof Error && error.name === 'InvalidAppendError') return error;
    return new EventStoreUnavailableError(`EventStoreDB: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

function toEsdbPosition(position: Position): { commit: bigint; prepare: bigint } {
  const { major, minor } = decodePosition(position);
  return { commit: major, prepare: minor };
}

// When any call on the shared channel fails with UNAVAILABLE the client closes and replaces the channel, and
// calls in flight fail with "Channel closed before call started". A few quick retries ride that out.
async function retryTransient<T>(operation: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof UnavailableError) || attempt >= attempts) throw error;
      await sleep(25 * 2 ** attempt);
    }
  }
}

function isSystemEvent(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

// Reads a client stream to its end. Leaving one half-read (a `break` in for-await) leaves a gRPC call open
// that the client's dispose() then waits for forever, so reads are bounded by maxCount and always drained.
async function drain(read: AsyncIterable<{ event?: RecordedEvent }>, { keepSystem = false } = {}): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const resolved of read) {
    if (!resolved.event) continue;
    const event = toStored(resolved.event);
    if (keepSystem || !isSystemEvent(event)) out.push(event);
  }
  return out;
}

function toStored(event: RecordedEvent): StoredEvent {
  const position = event.position;
  const metadata = (event.metadata ?? {}) as EventMetadata;
  const hashedTime = integrityOf({ metadata })?.recordedAt;
  return {
    id: event.id.toLowerCase(),
    streamId: event.streamId,
    revision: Number(event.revision),
    position: position ? encodePosition(position.commit, position.prepare) : '',
    type: event.type,
    data: (event as JSONRecordedEvent).data,
    metadata,
    recordedAt: hashedTime ? new Date(hashedTime) : event.created,
  };
}

// subscribeToAll has no automatic resubscribe: on any error or end, subscribe again from the last event handed
// to the consumer (the consumer asking for the next one means it processed the last), with exponential back-off.
class ResubscribingSubscription implements Subscription {
  private closed = false;
  private current: ReturnType<EventStoreDBClient['subscribeToAll']> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private after: Position | undefined,
    private readonly backoff: { minMs: number; maxMs: number },
  ) {}

  private iterator: AsyncGenerator<StoredEvent> | undefined;

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    this.iterator ??= this.run();
    return this.iterator;
  }

  private async *run(): AsyncGenerator<StoredEvent> {
    let failures = 0;
    while (!this.closed) {
      const queue: StoredEvent[] = [];
      let ended = false;
      const sub = this.client.subscribeToAll({
        fromPosition: this.after === undefined ? START : toEsdbPosition(this.after),
        filter: excludeSystemEvents(),
      });
      this.current = sub;
      const notify = () => this.wake?.();
      sub.on('data', (resolved: AllStreamResolvedEvent) => {
        if (resolved.event?.position) queue.push(toStored(resolved.event));
        // Bounded buffer: a slow consumer pauses the gRPC stream rather than growing memory.
        if (queue.length >= 1_000) sub.pause();
        notify();
      });
      sub.on('error', () => {
        ended = true;
        notify();
      });
      sub.on('end', () => {
        ended = true;
        notify();
      });
      sub.on('close', () => {
        ended = true;
        notify();
      });
      while (!this.closed) {
        const next = queue.shift();
        if (queue.length < 100 && sub.isPaused()) sub.resume();
        if (next) {
          // The server's start position is exclusive, but be strict anyway: never hand out an event twice.
          if (this.after !== undefined && comparePositions(next.position, this.after) <= 0) continue;
          failures = 0;
          this.after = next.position;
          yield next;
          continue;
        }
        if (ended) break;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
      sub.removeAllListeners();
      await sub.unsubscribe().catch(() => undefined);
      if (this.closed) return;
      failures += 1;
      await sleep(Math.min(this.backoff.minMs * 2 ** (failures - 1), this.backoff.maxMs));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.current?.unsubscribe().catch(() => undefined);
  }
}
