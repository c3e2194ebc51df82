import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { OwnPostgres, freePort, startOwnPostgres } from '@test/support/processes';
import { until } from '@test/support/until';
import { newEvent } from '@test/contract/event-store.contract';
import { within } from '@test/support/timing';
import { ConcurrencyError, DuplicateEventIdError, Position, StoredEvent } from '../event-store.port';
import { integrityKeys, verifyStream } from '../integrity';
import { countStatements } from '@test/support/statement-count';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PostgresEventStore, horizonOf } from './postgres-event-store';

describe('PostgreSQL adapter specifics', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('cl_pg_adapter');
    // Polling is set far beyond the test's patience: only a notification can wake the subscriber in time.
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true, pollIntervalMs: 600_000 });
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('wakes a waiting subscriber through LISTEN/NOTIFY, not by polling', async () => {
    const sub = store.subscribe({ after: await store.headPosition() });
    const iterator = sub[Symbol.asyncIterator]();
    const first = iterator.next();
    await new Promise((r) => setTimeout(r, 300)); // the subscriber is now idle and waiting
    const event = newEvent('Woken');
    await store.append(`wake-${randomUUID()}`, [event], { expectedRevision: 'no_stream' });
    const result = await within(first, 5_000, 'not woken' as const);
    await sub.close();
    expect(result).toMatchObject({ done: false, value: { id: event.id } });
  });

  it('counts the events a reader can see, up to a position', async () => {
    const stream = `count-${randomUUID()}`;
    const first = await store.append(stream, [newEvent('One'), newEvent('Two')], { expectedRevision: 'no_stream' });
    const second = await store.append(stream, [newEvent('Three')], { expectedRevision: 1 });
    const all = await store.readAll({ limit: 100_000 });
    // Wait until both appends are readable (an older transaction still open in this database holds them back).
    for (let i = 0; i < 200 && !all.some((e) => e.position === second.position); i++) {
      await new Promise((r) => setTimeout(r, 25));
      all.splice(0, all.length, ...(await store.readAll({ limit: 100_000 })));
    }
    expect(await store.countEvents()).toBe(all.length);
    expect(await store.countEvents(first.position)).toBe(all.findIndex((e) => e.position === first.position) + 1);
    expect(await store.countEvents(second.position)).toBe(all.length);
  });

  it('refuses an event id that was already used by a different append', async () => {
    const event = newEvent('Once');
    await store.append(`dup-a-${randomUUID()}`, [event], { expectedRevision: 'no_stream' });
    await expect(store.append(`dup-b-${randomUUID()}`, [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  describe('one statement per append', () => {
    const KEYS = integrityKeys('one-statement-audit-key-0123456789abcdef');
    let keyed: PostgresEventStore;
    beforeAll(async () => {
      keyed = await PostgresEventStore.connect({ connectionString: database.url, integrityKeys: KEYS });
    });
    afterAll(() => keyed.close());

    it('appends to a new stream, and after a read to a stream at the revision read, in one statement each', async () => {
      const id = `one-${randomUUID()}`;
      expect((await countStatements(() => keyed.append(id, [newEvent('A')], { expectedRevision: 'no_stream' }))).count).toBe(1);
      // Right after its own append, and after a read, the store knows what the next event chains from.
      expect((await countStatements(() => keyed.append(id, [newEvent('B')], { expectedRevision: 0 }))).count).toBe(1);
      await keyed.readStream(id);
      expect((await countStatements(() => keyed.append(id, [newEvent('C'), newEvent('D')], { expectedRevision: 1 }))).count).toBe(1);
      // Without a known revision the append locks the stream and reads its last event first, in a transaction.
      expect((await countStatements(() => keyed.append(id, [newEvent('E')], { expectedRevision: 'any' }))).statements).toEqual([
        'begin',
        expect.stringMatching(/^insert into "event_store"."streams"/),
        expect.stringMatching(/^with inserted as/),
        'commit',
      ]);
      expect(verifyStream(id, await keyed.readStream(id), KEYS)).toEqual({ ok: true, events: 5 });
    });

    it('appends to several streams in one statement, all or none', async () => {
      const [a, b, c] = [`many-a-${randomUUID()}`, `many-b-${randomUUID()}`, `many-c-${randomUUID()}`];
      await keyed.append(a, [newEvent('A1')], { expectedRevision: 'no_stream' });
      await keyed.append(b, [newEvent('B1')], { expectedRevision: 'no_stream' });
      const counted = await countStatements(() =>
        keyed.appendMany([
          { streamId: a, events: [newEvent('A2')], expectedRevision: 0 },
          { streamId: b, events: [newEvent('B2')], expectedRevision: 0 },
          { streamId: c, events: [newEvent('C1')], expectedRevision: 'no_stream' },
        ]),
      );
      expect(counted.count).toBe(1);
      // Another process moves b on: this store still takes b to be at revision 1, so the whole append is one
      // statement again, and it must undo itself: neither a's event nor d's new stream is written, and a's revision
      // stays where it was.
      const other = await PostgresEventStore.connect({ connectionString: database.url, integrityKeys: KEYS });
      await other.append(b, [newEvent('B3')], { expectedRevision: 'exists' }).finally(() => other.close());
      const d = `many-d-${randomUUID()}`;
      const refused = countStatements(() =>
        keyed.appendMany([
          { streamId: a, events: [newEvent('A3')], expectedRevision: 1 },
          { streamId: b, events: [newEvent('B-stale')], expectedRevision: 1 },
          { streamId: d, events: [newEvent('D1')], expectedRevision: 'no_stream' },
        ]),
      );
      await expect(refused).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await keyed.readStream(a)).map((e) => e.type)).toEqual(['A1', 'A2']);
      expect((await keyed.readStream(b)).map((e) => e.type)).toEqual(['B1', 'B2', 'B3']);
      expect(await keyed.readStream(d)).toEqual([]);
      expect(await keyed.recordedRevision(a)).toBe(1);
      expect(await keyed.recordedRevision(d)).toBeUndefined();
      expect((await keyed.readStreams([c])).get(c)!.map((e) => e.type)).toEqual(['C1']);
    });

    it('a revision another process moved past is refused, and the chain holds after reading again', async () => {
      const other = await PostgresEventStore.connect({ connectionString: database.url, integrityKeys: KEYS });
      try {
        const id = `two-${randomUUID()}`;
        await keyed.append(id, [newEvent('A')], { expectedRevision: 'no_stream' });
        await other.append(id, [newEvent('B')], { expectedRevision: 'any' });
        // This store last saw revision 0: an append expecting it is refused, not chained to the wrong event.
        await expect(keyed.append(id, [newEvent('Stale')], { expectedRevision: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
        const events = await keyed.readStream(id);
        await keyed.append(id, [newEvent('C')], { expectedRevision: events.at(-1)!.revision });
        await other.append(id, [newEvent('D')], { expectedRevision: 'exists' });
        const all = await keyed.readStream(id);
        expect(all.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
        expect(verifyStream(id, all, KEYS)).toEqual({ ok: true, events: 4 });
      } finally {
        await other.close();
      }
    });
  });

  it('migrating twice is a no-op', async () => {
    const again = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    await again.close();
    expect((await store.readAll({ limit: 1 })).length).toBeGreaterThanOrEqual(0);
  });
});

// A transaction held open on purpose, with an xid (as a writer has one): it stays open until end().
async function openTransaction(url: string): Promise<{ client: Client; xid: string; pid: number; end(): Promise<void> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  const { rows } = await client.query<{ xid: string; pid: number }>('select pg_current_xact_id()::text as xid, pg_backend_pid() as pid');
  return {
    client,
    ...rows[0],
    async end() {
      await client.query('rollback').catch(() => undefined);
      await client.end();
    },
  };
}

// Retries a check until it holds. While other databases' transactions come and go, one that ends between a read's
// snapshot and its look at pg_stat_activity is not listed any more, so that read waits for it: the horizon can step
// back for a read (never skipping anything). A check of the exact horizon is therefore retried, not read once.
async function settled<T>(what: string, check: () => Promise<T | false | undefined>, timeoutMs = 10_000): Promise<T> {
  return until(what, async () => (await check()) || undefined, timeoutMs);
}

async function readAllAfter(store: PostgresEventStore, after: Position | undefined): Promise<StoredEvent[]> {
  return store.readAll({ after, limit: 10_000 });
}

describe('PostgreSQL adapter: the log horizon', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('cl_pg_horizon');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('a transaction left open in another database of the server does not hold back an acknowledged append', async () => {
    const other = await createTestDatabase('cl_pg_horizon_other');
    const held = await openTransaction(other.url);
    const start = await store.headPosition();
    const sub = store.subscribe({ after: start });
    try {
      const stream = `other-db-${randomUUID()}`;
      const appended = await store.append(stream, [newEvent('Acknowledged')], { expectedRevision: 'no_stream' });
      // Each check is retried: see settled().
      await settled('the append readable and the head', async () => (await readAllAfter(store, start)).some((e) => e.streamId === stream) && (await store.headPosition()) === appended.position);
      const next = await within(sub[Symbol.asyncIterator]().next(), 10_000, 'not delivered' as const);
      expect(next).toMatchObject({ done: false, value: { streamId: stream } });
      await settled('nothing reported as holding the log back', async () => {
        const status = await store.horizonStatus();
        return status.blocker === undefined && status.otherDatabaseTransactions >= 1;
      });
      // The other transaction was open the whole time.
      expect((await held.client.query('select pg_current_xact_id()::text as xid')).rows[0].xid).toBe(held.xid);
    } finally {
      await sub.close();
      await held.end();
      await other.drop();
    }
  }, 30_000);

  it('an application role without monitoring rights reads past another database\'s open transaction too', async () => {
    // Another role's activity hides its query and state, not its database and xid, which is all the horizon needs.
    const role = `cl_horizon_reader_${randomUUID().slice(0, 8)}`;
    const admin = store.connectionPool;
    await admin.query(`create role ${role} login`);
    await admin.query(`grant usage on schema event_store to ${role}; grant select on all tables in schema event_store to ${role}`);
    const url = new URL(database.url);
    url.username = role;
    url.password = '';
    const reader = await PostgresEventStore.connect({ connectionString: url.toString() });
    const other = await createTestDatabase('cl_pg_horizon_other');
    const held = await openTransaction(other.url);
    try {
      const stream = `unprivileged-${randomUUID()}`;
      const start = await reader.headPosition();
      const appended = await store.append(stream, [newEvent('Acknowledged')], { expectedRevision: 'no_stream' });
      await settled('the append readable to the role', async () => (await reader.headPosition()) === appended.position && (await readAllAfter(reader, start)).some((e) => e.streamId === stream));
    } finally {
      await held.end();
      await other.drop();
      await reader.close();
      await admin.query(`drop owned by ${role}; drop role ${role}`);
    }
  }, 30_000);

  it('a transaction of this database with an xid that has not written to the log yet holds readers back, and its events come first', async () => {
    const start = await store.headPosition();
    const held = await openTransaction(database.url);
    const sub = store.subscribe({ after: start });
    try {
      const lateStream = `late-${randomUUID()}`;
      const laterStream = `later-${randomUUID()}`;
      const appended = await store.append(laterStream, [newEvent('Later')], { expectedRevision: 'no_stream' });
      // Acknowledged, but a transaction that began before it may still write events that come first.
      expect((await readAllAfter(store, start)).map((e) => e.streamId)).not.toContain(laterStream);
      expect(await store.headPosition()).not.toBe(appended.position);
      const status = await settled('the held transaction at the horizon', async () => {
        const s = await store.horizonStatus();
        return s.horizon === held.xid ? s : undefined;
      });
      expect(status.blocker).toMatchObject({ xid: held.xid, pid: held.pid, database: database.name, state: 'idle in transaction', preparedAs: null });
      expect(status.blocker!.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(status.pendingEvents).toBe(1);

      await held.client.query(
        `insert into event_store.events (stream_id, stream_revision, event_id, event_type, data, metadata)
         values ($1, 0, $2, 'Late', '{}', '{"schemaVersion": 1}')`,
        [lateStream, randomUUID()],
      );
      await held.client.query('commit');
      const mine = (e: StoredEvent) => e.streamId === lateStream || e.streamId === laterStream;
      const iterator = sub[Symbol.asyncIterator]();
      const seen: StoredEvent[] = [];
      while (seen.length < 2) {
        const next = await within(iterator.next(), 10_000, 'not delivered' as const);
        if (next === 'not delivered' || next.done) break;
        if (mine(next.value)) seen.push(next.value);
      }
      expect(seen.map((e) => e.type)).toEqual(['Late', 'Later']);
      const read = await settled('both readable', async () => {
        const events = (await readAllAfter(store, start)).filter(mine);
        return events.length === 2 ? events : undefined;
      });
      expect(read.map((e) => e.type)).toEqual(['Late', 'Later']);
    } finally {
      await sub.close();
      await held.end();
    }
  }, 30_000);

  it('an append inserted but not committed holds back a later one that committed first; both arrive, in log order', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const holding = await PostgresEventStore.connect({
      connectionString: database.url,
      beforeCommit: async (streamId) => {
        if (!streamId.startsWith('held-')) return;
        inserted();
        await gate;
      },
    });
    const start = await store.headPosition();
    const sub = store.subscribe({ after: start });
    try {
      const heldStream = `held-${randomUUID()}`;
      const quickStream = `quick-${randomUUID()}`;
      const heldAppend = holding.append(heldStream, [newEvent('Held')], { expectedRevision: 'no_stream' });
      await insertedYet;
      await holding.append(quickStream, [newEvent('Quick')], { expectedRevision: 'no_stream' });
      expect((await readAllAfter(store, start)).map((e) => e.streamId)).not.toContain(quickStream);
      // The quick one waits; the held one is not committed.
      await settled('one event pending', async () => (await store.horizonStatus()).pendingEvents === 1);
      release();
      await heldAppend;
      const mine = (e: StoredEvent) => e.streamId === heldStream || e.streamId === quickStream;
      const iterator = sub[Symbol.asyncIterator]();
      const seen: StoredEvent[] = [];
      while (seen.length < 2) {
        const next = await within(iterator.next(), 10_000, 'not delivered' as const);
        if (next === 'not delivered' || next.done) break;
        if (mine(next.value)) seen.push(next.value);
      }
      expect(seen.map((e) => e.type)).toEqual(['Held', 'Quick']);
    } finally {
      release();
      await sub.close();
      await holding.close();
    }
  }, 30_000);

  it('a session ended by idle_in_transaction_session_timeout releases what its open transaction held back', async () => {
    const client = new Client({ connectionString: database.url });
    client.on('error', () => undefined); // the server ends the session: expected here
    await client.connect();
    await client.query(`set idle_in_transaction_session_timeout = '1s'`);
    await client.query('begin');
    await client.query('select pg_current_xact_id()');
    try {
      const appended = await store.append(`timeout-${randomUUID()}`, [newEvent('Released')], { expectedRevision: 'no_stream' });
      expect(await store.headPosition()).not.toBe(appended.position);
      await settled('the server to end the idle transaction', async () => (await store.headPosition()) === appended.position, 15_000);
    } finally {
      await client.end().catch(() => undefined);
    }
  }, 30_000);

  it('out-of-order commits here while transactions come and go in another database: every reader sees every event once, in one order', async () => {
    const other = await createTestDatabase('cl_pg_horizon_busy');
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Transactions with xids in the other database, so readers here keep meeting them in their snapshots.
    let churning = true;
    let otherTransactions = 0;
    const churn = Array.from({ length: 3 }, async () => {
      const client = new Client({ connectionString: other.url });
      await client.connect();
      while (churning) {
        await client.query('begin');
        await client.query('select pg_current_xact_id()');
        await pause(Math.floor(random() * 30));
        await client.query('commit');
        otherTransactions += 1;
      }
      await client.end();
    });
    const writer = await PostgresEventStore.connect({
      connectionString: database.url,
      poolSize: 10,
      beforeCommit: async () => {
        if (random() < 0.35) await pause(10 + Math.floor(random() * 80));
      },
    });
    const start = await store.headPosition();
    const subscribers = [store.subscribe({ after: start, batchSize: 7 }), store.subscribe({ after: start, batchSize: 50 })];
    const received: StoredEvent[][] = subscribers.map(() => []);
    const done = subscribers.map((sub, i) =>
      (async () => {
        for await (const event of sub) received[i].push(event);
      })(),
    );
    const polled: StoredEvent[] = [];
    let polling = true;
    let sawOtherDatabase = false;
    const poller = (async () => {
      let cursor = start;
      while (polling) {
        const page = await store.readAll({ after: cursor, limit: 13 });
        polled.push(...page);
        if (page.length > 0) cursor = page[page.length - 1].position;
        if ((await store.horizonStatus()).otherDatabaseTransactions > 0) sawOtherDatabase = true;
      }
      polled.push(...(await readAllAfter(store, cursor)));
    })();
    const tag = randomUUID();
    const acknowledged: string[] = [];
    try {
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          let revision: number | 'no_stream' = 'no_stream';
          for (let batch = 0; batch < 10; batch++) {
            const events = Array.from({ length: 1 + ((w + batch) % 3) }, (_, k) => newEvent('Raced', { w, batch, k }));
            revision = (await writer.append(`busy-${tag}-${w}`, events, { expectedRevision: revision })).nextExpectedRevision;
            acknowledged.push(...events.map((e) => e.id));
          }
        }),
      );
      const ours = (events: StoredEvent[]) => events.filter((e) => e.streamId.startsWith(`busy-${tag}`));
      await until('every subscriber to have every event', async () => (received.every((r) => ours(r).length >= acknowledged.length) ? true : undefined), 30_000);
      polling = false;
      await poller;
      const fresh = ours(await readAllAfter(store, start));
      const expected = [...acknowledged].sort();
      for (const seen of [...received.map(ours), ours(polled), fresh]) {
        expect(seen.map((e) => e.id).sort()).toEqual(expected);
        expect(seen.map((e) => e.id)).toEqual(fresh.map((e) => e.id));
      }
      expect(otherTransactions).toBeGreaterThan(0);
      expect(sawOtherDatabase).toBe(true); // the readers did skip other-database transactions along the way
    } finally {
      polling = false;
      churning = false;
      await poller.catch(() => undefined);
      await Promise.all(subscribers.map((s) => s.close()));
      await Promise.all(done);
      await Promise.all(churn);
      await writer.close();
      await other.drop();
    }
  }, 60_000);

  it('falls back to the snapshot\'s xmin when its in-progress list does not account for it (as on a hot standby)', async () => {
    // The pool stays the store's: this Kysely is not destroyed.
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: store.connectionPool }) });
    const at = async (snapshot: string) =>
      (await sql<{ h: string }>`with ${horizonOf(sql`${snapshot}::pg_snapshot`)} select h::text from horizon`.execute(db)).rows[0].h;
    expect(await at('1000:1000:')).toBe('1000'); // nothing in progress
    expect(await at('1000:2000:')).toBe('1000'); // in progress, but not listed
    expect(await at('1000:2000:1000,1500')).toBe('1000'); // listed, of no other database
  });

  it('never steps back below a horizon the store already read past', async () => {
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: store.connectionPool }) });
    const at = async (snapshot: string, floor: bigint) =>
      (await sql<{ h: string }>`with ${horizonOf(sql`${snapshot}::pg_snapshot`, floor)} select h::text from horizon`.execute(db)).rows[0].h;
    // A read whose lists missed another database's transaction that ended in between computes 1000; the store had
    // already seen events of transaction 1799, so everything below 1800 was final and stays so.
    expect(await at('1000:2000:1000,1500', 1800n)).toBe('1800');
    expect(await at('1000:2000:1000,1500', 900n)).toBe('1000');
    // And the store keeps that floor: after reading an event, its reads never answer fewer events.
    const stream = `floor-${randomUUID()}`;
    await store.append(stream, [newEvent('Floored'), newEvent('Floored')], { expectedRevision: 'no_stream' });
    const start = await store.headPosition();
    const seen = await until('the appended events', async () => ((await store.readAll({ limit: 100_000 })).filter((e) => e.streamId === stream).length === 2 ? true : undefined));
    expect(seen).toBe(true);
    expect((store as unknown as { horizonFloor: bigint }).horizonFloor).toBeGreaterThan(0n);
    expect(start).toBeDefined();
  });

  it('backs off re-reading while an open transaction holds the horizon, and delivers once it ends', async () => {
    const start = await store.headPosition();
    const held = await openTransaction(database.url);
    const reads = jest.spyOn(store, 'readAll');
    const sub = store.subscribe({ after: start });
    try {
      const stream = `stalled-${randomUUID()}`;
      const next = sub[Symbol.asyncIterator]().next();
      await store.append(stream, [newEvent('Stalled')], { expectedRevision: 'no_stream' });
      const before = reads.mock.calls.length;
      const from = Date.now();
      // The window is measured by the server's clock of the held transaction, not slept through.
      await until('the transaction held for 3 s', async () => (((await store.horizonStatus()).blocker?.ageSeconds ?? 0) >= 3 ? true : undefined), 20_000, 100);
      const elapsedMs = Date.now() - from;
      const stalledReads = reads.mock.calls.length - before;
      // Doubling from 10 ms to the 1 s cap: about 8 reads for the first 1.3 s, then one a second. Re-reading every
      // 10 ms (as before) made ~70 a second.
      expect(stalledReads).toBeLessThanOrEqual(10 + Math.ceil(elapsedMs / 1_000));
      expect(stalledReads).toBeGreaterThanOrEqual(2);
      await held.end(); // a rollback: nothing is announced, the capped re-check finds the event
      const delivered = await within(next, 10_000, 'not delivered' as const);
      expect(delivered).toMatchObject({ done: false, value: { streamId: stream } });
    } finally {
      reads.mockRestore();
      await sub.close();
      await held.end().catch(() => undefined);
    }
  }, 40_000);
});

// The shared test server has max_prepared_transactions = 0; this server of the test's own allows a few.
describe('PostgreSQL adapter: the log horizon and prepared transactions (a server of the test\'s own)', () => {
  let dataDir: string;
  let server: OwnPostgres;
  let store: PostgresEventStore;
  const urlOf = (database: string) => {
    const url = new URL(server.url);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const run = async (database: string, statements: string[]) => {
    const client = new Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      const results = [];
      for (const statement of statements) results.push(await client.query(statement));
      return results;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'channel-ledger-horizon-'));
    const port = await freePort();
    server = await startOwnPostgres(dataDir, port);
    await run('postgres', ['alter system set max_prepared_transactions = 4', 'create database other_tenant']);
    await server.stop();
    server = await startOwnPostgres(dataDir, port); // the setting takes a restart
    store = await PostgresEventStore.connect({ connectionString: server.url, migrate: true });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a transaction prepared in another database is not waited for', async () => {
    const gid = `other-${randomUUID()}`;
    await run('other_tenant', ['begin', 'select pg_current_xact_id()', `prepare transaction '${gid}'`]);
    try {
      const appended = await store.append(`prepared-elsewhere-${randomUUID()}`, [newEvent('Acknowledged')], { expectedRevision: 'no_stream' });
      await until('the append readable', async () => ((await store.headPosition()) === appended.position ? true : undefined), 10_000);
      const status = await store.horizonStatus();
      expect(status.blocker).toBeUndefined();
      expect(status.otherDatabaseTransactions).toBe(1);
    } finally {
      await run('other_tenant', [`rollback prepared '${gid}'`]);
    }
  }, 30_000);

  it('a transaction prepared in this database holds readers back, is reported by name without a pid, and its event comes first', async () => {
    const gid = `ours-${randomUUID()}`;
    const start = await store.headPosition();
    const lateStream = `prepared-${randomUUID()}`;
    await run('channel_ledger', [
      'begin',
      `insert into event_store.events (stream_id, stream_revision, event_id, event_type, data, metadata)
       values ('${lateStream}', 0, '${randomUUID()}', 'Prepared', '{}', '{"schemaVersion": 1}')`,
      `prepare transaction '${gid}'`,
    ]);
    try {
      const laterStream = `after-prepared-${randomUUID()}`;
      await store.append(laterStream, [newEvent('Later')], { expectedRevision: 'no_stream' });
      expect((await readAllAfter(store, start)).map((e) => e.streamId)).not.toContain(laterStream);
      const status = await store.horizonStatus();
      expect(status.blocker).toMatchObject({ pid: null, database: 'channel_ledger', state: 'prepared', preparedAs: gid });
      expect(status.blocker!.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(status.pendingEvents).toBe(1);
      await run('channel_ledger', [`commit prepared '${gid}'`]);
      const mine = (e: StoredEvent) => e.streamId === lateStream || e.streamId === laterStream;
      const seen = await until('both events readable', async () => {
        const events = (await readAllAfter(store, start)).filter(mine);
        return events.length === 2 ? events : undefined;
      }, 10_000);
      expect(seen.map((e) => e.type)).toEqual(['Prepared', 'Later']);
    } finally {
      await run('channel_ledger', [`rollback prepared '${gid}'`]).catch(() => undefined);
    }
  }, 30_000);
});
