// The event store contract: every adapter runs exactly this suite (docs/ARCHITECTURE.md, "The event store contract").
import { randomUUID } from 'node:crypto';
import {
  ConcurrencyError,
  EventStore,
  NewEvent,
  Position,
  StoredEvent,
  appendToStreams,
  comparePositions,
  readStreams,
  integrityKeys,
  isPosition,
  verifyStream,
} from '@channel-ledger/event-store';
import { within } from '../support/timing';

// Every adapter chains its events with this key; the suite checks the chain with it.
export const CONTRACT_KEYS = integrityKeys('contract-suite-audit-key-0123456789abcdef');

export interface ContractTarget {
  // The store must chain events with `integrityKeys`.
  open(options: { integrityKeys: typeof CONTRACT_KEYS }): Promise<EventStore>;
  close(): Promise<void>;
  // Where the adapter has transactions that can be held open (PostgreSQL), hold each append's commit for
  // the returned number of milliseconds. Adapters whose server commits atomically leave this out.
  holdCommits?: (delayFor: ((streamId: string) => number) | undefined) => void;
}

export function newEvent(type = 'TestHappened', data: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: { schemaVersion: 1, occurredAt: new Date().toISOString(), ...metadata },
  };
}

function stream(label: string): string {
  return `contract-${label}-${randomUUID()}`;
}

// On PostgreSQL an append becomes visible to readers once every older transaction that could write to its database
// has ended (that is what makes the order gap-free), so tests wait for visibility rather than expect it at once.
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function collect(sub: AsyncIterable<StoredEvent>, count: number, timeoutMs: number, only: (e: StoredEvent) => boolean = () => true): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  const iterator = sub[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const next = await within(iterator.next(), remaining, 'timeout' as const);
    if (next === 'timeout' || next.done) break;
    if (only(next.value)) out.push(next.value);
  }
  return out;
}

async function readAllAfter(store: EventStore, after: Position | undefined, batch = 100): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.readAll({ after: cursor, limit: batch });
    out.push(...page);
    if (page.length < batch) return out;
    cursor = page[page.length - 1].position;
  }
}

function expectStrictlyIncreasing(events: StoredEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    expect(comparePositions(events[i - 1].position, events[i].position)).toBe(-1);
  }
}

export function eventStoreContract(target: ContractTarget): void {
  let store: EventStore;

  beforeAll(async () => {
    store = await target.open({ integrityKeys: CONTRACT_KEYS });
  });

  afterAll(async () => {
    await target.close();
  });

  describe('append and read a stream', () => {
    it('writes events at revisions 0..n-1 and reads them back with data and metadata intact', async () => {
      const id = stream('basic');
      const events = [
        newEvent('PartnerRegistered', { name: 'Acme', amountMinor: 125_000 }, {
          actor: { userId: 'u-1', role: 'channel_manager', partnerId: 'p-1' },
          correlationId: 'corr-1',
          causationId: 'cause-1',
          idempotencyKey: 'key-1',
          custom: { nested: ['kept'] },
        }),
        newEvent('PartnerRenamed', { name: 'Acme Ltd' }),
      ];
      const result = await store.append(id, events, { expectedRevision: 'no_stream' });
      expect(result).toEqual({ streamId: id, nextExpectedRevision: 1, position: expect.any(String) });
      expect(isPosition(result.position)).toBe(true);

      const read = await store.readStream(id);
      expect(read.map((e) => [e.id, e.revision, e.type, e.streamId])).toEqual([
        [events[0].id, 0, 'PartnerRegistered', id],
        [events[1].id, 1, 'PartnerRenamed', id],
      ]);
      expect(read[0].data).toEqual({ name: 'Acme', amountMinor: 125_000 });
      expect(read[0].metadata).toEqual({ ...events[0].metadata, integrity: expect.objectContaining({ hash: expect.any(String) }) });
      expect(read[1].position).toBe(result.position);
      expect(read[0].recordedAt).toBeInstanceOf(Date);
      expectStrictlyIncreasing(read);
    });

    it('reads a stream that does not exist as empty', async () => {
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('reads a stream up to a revision', async () => {
      const id = stream('to-revision');
      const events = [newEvent('A'), newEvent('B'), newEvent('C')];
      await store.append(id, events, { expectedRevision: 'no_stream' });
      expect((await store.readStream(id, { toRevision: 1 })).map((e) => e.type)).toEqual(['A', 'B']);
      expect((await store.readStream(id, { toRevision: 0 })).map((e) => e.type)).toEqual(['A']);
    });

    it('reads a stream as it stood at a moment (point-in-time audit)', async () => {
      const id = stream('to-time');
      await store.append(id, [newEvent('Before')], { expectedRevision: 'no_stream' });
      await new Promise((r) => setTimeout(r, 50));
      const between = new Date();
      await new Promise((r) => setTimeout(r, 50));
      await store.append(id, [newEvent('After')], { expectedRevision: 0 });
      expect((await store.readStream(id, { toTimestamp: between })).map((e) => e.type)).toEqual(['Before']);
      expect((await store.readStream(id, { toTimestamp: new Date(0) })).map((e) => e.type)).toEqual([]);
      expect((await store.readStream(id, { toTimestamp: new Date(Date.now() + 60_000) })).map((e) => e.type)).toEqual(['Before', 'After']);
    });
  });

  describe('optimistic concurrency', () => {
    it('refuses no_stream on an existing stream, naming stream, expected and actual', async () => {
      const id = stream('no-stream');
      await store.append(id, [newEvent()], { expectedRevision: 'no_stream' });
      const error = await store.append(id, [newEvent()], { expectedRevision: 'no_stream' }).catch((e) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId: id, expected: 'no_stream', actual: 0 });
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('refuses a stale revision and a missing stream for exists', async () => {
      const id = stream('stale');
      await store.append(id, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
      await expect(store.append(id, [newEvent()], { expectedRevision: 0 })).rejects.toMatchObject({
        name: 'ConcurrencyError',
        streamId: id,
        expected: 0,
        actual: 1,
      });
      const missing = stream('exists');
      await expect(store.append(missing, [newEvent()], { expectedRevision: 'exists' })).rejects.toMatchObject({
        name: 'ConcurrencyError',
        expected: 'exists',
        actual: 'no_stream',
      });
      await expect(store.append(missing, [newEvent()], { expectedRevision: 3 })).rejects.toMatchObject({ actual: 'no_stream' });
    });

    it('accepts the right revision, exists on an existing stream, and any', async () => {
      const id = stream('accepts');
      await store.append(id, [newEvent()], { expectedRevision: 'any' });
      await store.append(id, [newEvent()], { expectedRevision: 0 });
      await store.append(id, [newEvent()], { expectedRevision: 'exists' });
      const last = await store.append(id, [newEvent(), newEvent()], { expectedRevision: 'any' });
      expect(last.nextExpectedRevision).toBe(4);
      expect((await store.readStream(id)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    });

    it('lets exactly one of two racing writers win each revision; the other gets the concurrency error', async () => {
      const id = stream('race');
      await store.append(id, [newEvent('Opened')], { expectedRevision: 'no_stream' });
      const outcomes = { won: 0, lost: 0 };
      const otherErrors: unknown[] = [];
      for (let round = 0; round < 25; round++) {
        const [current] = (await store.readStream(id)).slice(-1);
        const results = await Promise.allSettled([
          store.append(id, [newEvent('WriterA', { round })], { expectedRevision: current.revision }),
          store.append(id, [newEvent('WriterB', { round })], { expectedRevision: current.revision }),
        ]);
        for (const r of results) {
          if (r.status === 'fulfilled') outcomes.won += 1;
          else if (r.reason instanceof ConcurrencyError) outcomes.lost += 1;
          else otherErrors.push(r.reason);
        }
      }
      expect(otherErrors).toEqual([]);
      expect(outcomes).toEqual({ won: 25, lost: 25 });
      const events = await store.readStream(id);
      expect(events.map((e) => e.revision)).toEqual([...Array(26).keys()]);
      expect(new Set(events.slice(1).map((e) => (e.data as { round: number }).round)).size).toBe(25);
    });
  });

  describe('several streams at once', () => {
    it('reads several streams in one call, each in revision order, a missing one as empty', async () => {
      const [a, b, missing] = [stream('many-a'), stream('many-b'), stream('many-missing')];
      await store.append(a, [newEvent('A1'), newEvent('A2')], { expectedRevision: 'no_stream' });
      await store.append(b, [newEvent('B1')], { expectedRevision: 'no_stream' });
      await store.append(a, [newEvent('A3')], { expectedRevision: 1 });
      const read = await readStreams(store, [b, missing, a, b]);
      expect([...read.keys()].sort()).toEqual([a, b, missing].sort());
      expect(read.get(a)!.map((e) => [e.type, e.revision])).toEqual([['A1', 0], ['A2', 1], ['A3', 2]]);
      expect(read.get(b)!.map((e) => e.type)).toEqual(['B1']);
      expect(read.get(missing)).toEqual([]);
      expect(read.get(a)).toEqual(await store.readStream(a));
    });

    it('appends to several streams, each at its revision, chained like single appends', async () => {
      const [a, b] = [stream('multi-a'), stream('multi-b')];
      await store.append(a, [newEvent('A1')], { expectedRevision: 'no_stream' });
      await readStreams(store, [a, b]);
      const results = await appendToStreams(store, [
        { streamId: a, events: [newEvent('A2'), newEvent('A3')], expectedRevision: 0 },
        { streamId: b, events: [newEvent('B1')], expectedRevision: 'no_stream' },
      ]);
      expect(results.map((r) => [r.streamId, r.nextExpectedRevision])).toEqual([[a, 2], [b, 0]]);
      for (const id of [a, b]) {
        const events = await store.readStream(id);
        expect(verifyStream(id, events, CONTRACT_KEYS).ok).toBe(true);
      }
      expect(comparePositions(results[0].position, (await store.readStream(a)).at(-1)!.position)).toBe(0);
    });

    it('refuses an append to several streams when one revision is stale', async () => {
      const [a, b] = [stream('multi-stale-a'), stream('multi-stale-b')];
      await store.append(a, [newEvent('A1')], { expectedRevision: 'no_stream' });
      await store.append(b, [newEvent('B1'), newEvent('B2')], { expectedRevision: 'no_stream' });
      await expect(
        appendToStreams(store, [
          { streamId: a, events: [newEvent('A2')], expectedRevision: 0 },
          { streamId: b, events: [newEvent('B3')], expectedRevision: 0 },
        ]),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B1', 'B2']);
    });
  });

  describe('tamper evidence', () => {
    it('chains every event to the previous one of its stream, across appends and racing writers', async () => {
      const id = stream('chain');
      await store.append(id, [newEvent('A', { n: 1, nested: { z: 1, a: [2, 'x'] } }), newEvent('B')], { expectedRevision: 'no_stream' });
      await Promise.all(Array.from({ length: 6 }, (_, i) => store.append(id, [newEvent('Raced', { i })], { expectedRevision: 'any' })));
      await store.append(id, [newEvent('C'), newEvent('D'), newEvent('E')], { expectedRevision: 7 });
      const events = await store.readStream(id);
      expect(events).toHaveLength(11);
      expect(verifyStream(id, events, CONTRACT_KEYS)).toEqual({ ok: true, events: 11 });
      const [first, second] = events.map((e) => e.metadata.integrity as { key: string; hash: string; previous: string | null; batch: string });
      expect(first.key).toBe(CONTRACT_KEYS.current.id);
      expect(first.previous).toBeNull();
      expect(second.previous).toBe(first.hash);
      expect(second.batch).toBe(first.batch);
    });

    it('detects content that does not match its hash', async () => {
      const id = stream('chain-check');
      await store.append(id, [newEvent('A', { amount: 100 }), newEvent('B')], { expectedRevision: 'no_stream' });
      const events = await store.readStream(id);
      const edited = events.map((e, i) => (i === 0 ? { ...e, data: { amount: 1 } } : e));
      expect(verifyStream(id, edited, CONTRACT_KEYS)).toMatchObject({ ok: false, revision: 0, reason: expect.stringContaining('altered') });
      expect(verifyStream(id, [events[1]], CONTRACT_KEYS)).toMatchObject({ ok: false, revision: 0 });
    });

    it('hashes the recorded time with the key: a back-dated event, or one checked with another key, does not verify', async () => {
      const id = stream('chain-time');
      await store.append(id, [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
      await store.append(id, [newEvent('C')], { expectedRevision: 1 });
      const events = await store.readStream(id);
      expect(events.map((e) => e.recordedAt.getTime())).toEqual([...events.map((e) => e.recordedAt.getTime())].sort((a, b) => a - b));
      const backDated = events.map((e, i) => (i === 2 ? { ...e, recordedAt: new Date(e.recordedAt.getTime() - 86_400_000), metadata: { ...e.metadata, integrity: { ...(e.metadata.integrity as object), recordedAt: new Date(e.recordedAt.getTime() - 86_400_000).toISOString() } } } : e));
      expect(verifyStream(id, backDated, CONTRACT_KEYS)).toMatchObject({ ok: false, revision: 2, reason: expect.stringContaining('altered') });
      expect(verifyStream(id, events, integrityKeys('another-key-that-is-long-enough-0123456789'))).toMatchObject({ ok: false, revision: 0, reason: expect.stringContaining('does not have') });
    });
  });

  describe('idempotent appends by event id', () => {
    it('answers a re-append of the same events with the first result and writes nothing', async () => {
      const id = stream('idempotent');
      const events = [newEvent('A'), newEvent('B')];
      const first = await store.append(id, events, { expectedRevision: 'no_stream' });
      const again = await store.append(id, events, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      const anyAgain = await store.append(id, events, { expectedRevision: 'any' });
      expect(anyAgain).toEqual(first);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('still answers with the first result after the stream moved on', async () => {
      const id = stream('idempotent-later');
      const events = [newEvent('A')];
      const first = await store.append(id, events, { expectedRevision: 'no_stream' });
      await store.append(id, [newEvent('B')], { expectedRevision: 0 });
      expect(await store.append(id, events, { expectedRevision: 'no_stream' })).toEqual(first);
      expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('writes once when the same append is sent concurrently', async () => {
      const id = stream('idempotent-race');
      const events = [newEvent('Once')];
      const results = await Promise.all(Array.from({ length: 6 }, () => store.append(id, events, { expectedRevision: 'any' })));
      expect(new Set(results.map((r) => r.position)).size).toBe(1);
      expect(await store.readStream(id)).toHaveLength(1);
    });
  });

  describe('the log: readAll, positions and subscriptions', () => {
    it('reads all events after an exclusive position in one increasing order, in pages', async () => {
      const start = await store.headPosition();
      const a = stream('log-a');
      const b = stream('log-b');
      await store.append(a, [newEvent('A1'), newEvent('A2')], { expectedRevision: 'no_stream' });
      await store.append(b, [newEvent('B1')], { expectedRevision: 'no_stream' });
      const last = await store.append(a, [newEvent('A3')], { expectedRevision: 1 });
      await eventually(() => store.headPosition(), (head) => head === last.position);

      const all = (await readAllAfter(store, start, 2)).filter((e) => e.streamId === a || e.streamId === b);
      expect(all.map((e) => e.type)).toEqual(['A1', 'A2', 'B1', 'A3']);
      expectStrictlyIncreasing(all);
      expect(await store.headPosition()).toBe(last.position);

      const afterSecond = await store.readAll({ after: all[1].position, limit: 10 });
      expect(afterSecond.map((e) => e.type)).toEqual(['B1', 'A3']);
      expect(await store.readAll({ after: last.position })).toEqual([]);
      expect(await store.readAll({ after: start, limit: 1 })).toHaveLength(1);
    });

    it('positions survive being stored as text and compare in log order', async () => {
      const id = stream('positions');
      const r1 = await store.append(id, [newEvent()], { expectedRevision: 'no_stream' });
      const r2 = await store.append(id, [newEvent()], { expectedRevision: 0 });
      const roundTripped = JSON.parse(JSON.stringify({ p: r1.position })).p as Position;
      expect(comparePositions(roundTripped, r2.position)).toBe(-1);
      expect(comparePositions(r2.position, roundTripped)).toBe(1);
      expect(comparePositions(roundTripped, r1.position)).toBe(0);
      const next = await eventually(() => store.readAll({ after: roundTripped, limit: 1 }), (page) => page.length === 1);
      expect(next[0].id).toBe((await store.readStream(id))[1].id);
    });

    it('subscribes after a position: history first, then live events, each once', async () => {
      const id = stream('subscribe');
      const start = await store.headPosition();
      await store.append(id, [newEvent('Old1'), newEvent('Old2')], { expectedRevision: 'no_stream' });
      const sub = store.subscribe({ after: start });
      try {
        // Only this stream: events of earlier tests may become visible after `start` was read.
        const mine = (e: StoredEvent) => e.streamId === id;
        const history = await collect(sub, 2, 10_000, mine);
        expect(history.map((e) => e.type)).toEqual(['Old1', 'Old2']);
        await store.append(id, [newEvent('Live1')], { expectedRevision: 1 });
        await store.append(id, [newEvent('Live2')], { expectedRevision: 2 });
        const live = await collect(sub, 2, 10_000, mine);
        expect(live.map((e) => e.type)).toEqual(['Live1', 'Live2']);
      } finally {
        await sub.close();
      }
    });

    it('8 concurrent writers committing out of order: every reader sees every event exactly once, in one shared order', async () => {
      const start = await store.headPosition();
      const subscribers = [store.subscribe({ after: start, batchSize: 7 }), store.subscribe({ after: start, batchSize: 50 })];
      const received: StoredEvent[][] = subscribers.map(() => []);
      const done = subscribers.map((sub, i) =>
        (async () => {
          for await (const event of sub) received[i].push(event);
        })(),
      );
      // A poller that reads the log while it is being written, as a projection would.
      const polled: StoredEvent[] = [];
      let polling = true;
      const poller = (async () => {
        let cursor = start;
        while (polling) {
          const page = await store.readAll({ after: cursor, limit: 13 });
          polled.push(...page);
          if (page.length > 0) cursor = page[page.length - 1].position;
          else await new Promise((r) => setTimeout(r, 2));
        }
        polled.push(...(await readAllAfter(store, cursor)));
      })();

      // Hold about a third of the commits open for up to 150 ms, so later transactions commit first.
      let seed = 42;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      target.holdCommits?.(() => (random() < 0.35 ? 20 + Math.floor(random() * 130) : 0));
      const tag = randomUUID();
      const acknowledged: string[] = [];
      try {
        await Promise.all(
          Array.from({ length: 8 }, async (_, writer) => {
            const id = `contract-race8-${tag}-${writer}`;
            let revision: number | 'no_stream' = 'no_stream';
            for (let batch = 0; batch < 12; batch++) {
              const events = Array.from({ length: 1 + ((writer + batch) % 3) }, (_, k) => newEvent('Raced', { writer, batch, k }));
              const result = await store.append(id, events, { expectedRevision: revision });
              revision = result.nextExpectedRevision;
              acknowledged.push(...events.map((e) => e.id));
            }
          }),
        );
      } finally {
        target.holdCommits?.(undefined);
      }

      const ours = (events: StoredEvent[]) => events.filter((e) => e.streamId.startsWith(`contract-race8-${tag}`));
      const deadline = Date.now() + 20_000;
      while (received.some((r) => ours(r).length < acknowledged.length) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      polling = false;
      await poller;
      await Promise.all(subscribers.map((s) => s.close()));
      await Promise.all(done);

      const fresh = ours(await readAllAfter(store, start));
      const expected = [...acknowledged].sort();
      for (const seen of [...received.map(ours), ours(polled), fresh]) {
        expect(seen.map((e) => e.id).sort()).toEqual(expected); // every acknowledged event, none twice
        expect(seen.map((e) => e.id)).toEqual(fresh.map((e) => e.id)); // the same order for every reader
        expectStrictlyIncreasing(seen);
      }
      // Within each stream the log order is the revision order.
      for (let writer = 0; writer < 8; writer++) {
        const revisions = fresh.filter((e) => e.streamId.endsWith(`-${writer}`)).map((e) => e.revision);
        expect(revisions).toEqual([...revisions].sort((x, y) => x - y));
      }
    });
  });
}
