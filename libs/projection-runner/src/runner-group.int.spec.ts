import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { PostgresEventStore, StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { newEvent } from '@test/contract/event-store.contract';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { RECORDING_TABLE, recorded, recordingProjection } from '@test/support/recording-projection';
import { Projection } from './projection';
import { ProjectionRunner } from './runner';

jest.setTimeout(90_000);

// The projections of one runner at the same checkpoint share a page: one transaction for all their rows and
// checkpoints, none for those with nothing in it.
describe('projection runner: projections at the same checkpoint share one transaction per page', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let db: Kysely<ReadDB>;
  // The runner's own pool, its statements counted on its clients.
  let pool: Pool;
  let counted: Kysely<ReadDB>;
  let counting = false;
  let statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('cl_runner_group');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    db = createReadDb(database.url);
    await migrateReadStore(db);
    await RECORDING_TABLE.execute(db);
    pool = new Pool({ connectionString: database.url, max: 10 });
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if (counting) statements.push(String(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text));
        return query(...args);
      };
    });
    counted = new Kysely<ReadDB>({ dialect: new PostgresDialect({ pool }) });
  });

  afterAll(async () => {
    await counted.destroy();
    await db.destroy();
    await store.close();
    await database.drop();
  });

  const checkpoint = (name: string) => db.selectFrom('projection_checkpoints').selectAll().where('projection', '=', name).executeTakeFirstOrThrow();
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const past = async (names: string[], position: string) => {
    for (const name of names) {
      const at = (await checkpoint(name)).position;
      if (at === null || comparePositions(at, position) < 0) return false;
    }
    return true;
  };
  const appendOne = async (type: string) => (await store.append(`group-${randomUUID()}`, [newEvent(type)], { expectedRevision: 'no_stream' })).position;
  const handling = (projection: Projection, types: string[]): Projection => ({ ...projection, handles: (e: StoredEvent) => types.includes(e.type) });
  // A projection that must never be given a page: it handles nothing that is appended here.
  const untouchable = (name: string): Projection => ({
    name,
    version: 1,
    handles: (e) => e.type === 'NeverAppended',
    apply: () => Promise.reject(new Error(`${name} was given a page it does not handle`)),
  });

  // The statements the runner sends per page of one event, apart from the projections' own writes.
  async function bookkeepingPerPage(projections: Projection[], type: string, pages = 10): Promise<{ perPage: number; own: number }> {
    const names = projections.map((p) => p.name);
    const runner = new ProjectionRunner({ store, db: counted, connectionString: database.url, instanceId: 'count', projections, idleMs: 20 });
    await runner.start();
    try {
      const head = (await store.headPosition())!;
      await until(() => past(names, head), 'the runner at the head');
      statements = [];
      counting = true;
      for (let i = 0; i < pages; i++) {
        const position = await appendOne(type);
        await until(() => past(names, position), 'the page');
      }
      counting = false;
      const own = statements.filter((s) => s.includes('recorded_events')).length;
      return { perPage: (statements.length - own) / pages, own: own / pages };
    } finally {
      counting = false;
      await runner.stop();
    }
  }

  it('sends the same statements per page for one projection and for eight (a constant number around their own)', async () => {
    await appendOne('Warmup');
    const one = await bookkeepingPerPage([handling(recordingProjection('count_1_a', 'count'), ['Counted'])], 'Counted');
    const eight = await bookkeepingPerPage(
      Array.from({ length: 8 }, (_, i) => handling(recordingProjection(`count_8_${i}`, 'count'), ['Counted'])),
      'Counted',
    );
    expect(one.own).toBe(1);
    expect(eight.own).toBe(8);
    // BEGIN, one UPDATE of the checkpoints (locking them), COMMIT.
    expect(one.perPage).toBe(3);
    expect(eight.perPage).toBe(one.perPage);
    // Seven that have nothing in the page add nothing to the one that has.
    const mixed = await bookkeepingPerPage([handling(recordingProjection('count_mixed', 'count'), ['Counted']), ...Array.from({ length: 7 }, (_, i) => untouchable(`count_idle_${i}`))], 'Counted');
    expect(mixed).toEqual({ perPage: 3, own: 1 });
    // A page none of them handles: one UPDATE of their checkpoints, no transaction.
    const none = await bookkeepingPerPage(Array.from({ length: 8 }, (_, i) => untouchable(`count_none_${i}`)), 'Counted');
    expect(none).toEqual({ perPage: 1, own: 0 });
  });

  it('a projection that handles none of the events passes them: its checkpoint reaches the last one, apply never called', async () => {
    const log: string[] = [];
    const runner = new ProjectionRunner({
      store,
      db,
      connectionString: database.url,
      instanceId: 'pass',
      projections: [untouchable('pass_alone'), untouchable('pass_beside'), handling(recordingProjection('pass_worker', 'pass'), ['Counted'])],
      idleMs: 20,
      log: (line) => log.push(line),
    });
    await runner.start();
    try {
      const head = (await store.headPosition())!;
      await until(() => past(['pass_alone', 'pass_beside', 'pass_worker'], head), 'the runner at the head');
      // Alone in the page (no one handles it), then beside one that handles it.
      const skipped = await appendOne('Ignored');
      await until(() => past(['pass_alone', 'pass_beside', 'pass_worker'], skipped), 'the ignored event passed');
      const handled = await appendOne('Counted');
      await until(() => past(['pass_alone', 'pass_beside', 'pass_worker'], handled), 'the handled event passed');
      for (const name of ['pass_alone', 'pass_beside']) expect(await checkpoint(name)).toMatchObject({ position: handled, status: 'running', owner: 'pass' });
      expect(log.filter((line) => line.includes('was given a page'))).toEqual([]);
      expect((await recorded(db, 'pass_worker')).map((r) => r.position)).toContain(handled);
      expect((await recorded(db, 'pass_worker')).map((r) => r.position)).not.toContain(skipped);
    } finally {
      await runner.stop();
    }
  });

  it("a checkpoint a rebuild's switch moved after the page was read drops that projection from the page; the others apply it", async () => {
    const first = await appendOne('Counted');
    const second = await appendOne('Counted');
    const third = await appendOne('Counted');
    const start = (await store.readAll({ limit: 100_000 })).filter((e) => comparePositions(e.position, first) < 0).pop()!.position;
    for (const name of ['switch_moved', 'switch_stayed']) await db.insertInto('projection_checkpoints').values({ projection: name, position: start, version: 1, error: null, owner: null }).execute();
    // The page after `start` is read; before the group's transaction, a switch moves one checkpoint (its new copy
    // already holds the first two events).
    let switched = false;
    const switching = new Proxy(store, {
      get(target, property) {
        if (property === 'readAll')
          return async (options: Parameters<PostgresEventStore['readAll']>[0]) => {
            const page = await target.readAll(options);
            if (!switched && options?.after === start) {
              switched = true;
              await db.updateTable('projection_checkpoints').set({ position: second }).where('projection', '=', 'switch_moved').execute();
            }
            return page;
          };
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const runner = new ProjectionRunner({
      store: switching,
      db,
      connectionString: database.url,
      instanceId: 'switch',
      projections: [recordingProjection('switch_moved', 'switch'), recordingProjection('switch_stayed', 'switch')],
      idleMs: 20,
    });
    await runner.start();
    try {
      await until(() => past(['switch_moved', 'switch_stayed'], third), 'both past the last event');
      expect(switched).toBe(true);
      expect((await recorded(db, 'switch_stayed')).map((r) => r.position)).toEqual([first, second, third]);
      // Not given the page it was read for: only what comes after where the switch left it.
      expect((await recorded(db, 'switch_moved')).map((r) => r.position)).toEqual([third]);
      for (const name of ['switch_moved', 'switch_stayed']) expect(await checkpoint(name)).toMatchObject({ position: third, status: 'running' });
    } finally {
      await runner.stop();
    }
  });

  it('a poison event in a shared page dead-letters only its projection; the others commit the page together', async () => {
    const before = await appendOne('Counted');
    const poison = newEvent('Poison');
    await store.append(`poison-${randomUUID()}`, [poison], { expectedRevision: 'no_stream' });
    const after = await appendOne('Counted');
    const names = ['shared_fragile', 'shared_sturdy', 'shared_steady'];
    // From just before these three events, so they are one page for all three projections.
    const start = (await store.readAll({ limit: 100_000 })).filter((e) => comparePositions(e.position, before) < 0).pop()!.position;
    for (const name of names) await db.insertInto('projection_checkpoints').values({ projection: name, position: start, version: 1, error: null, owner: null }).execute();
    const runner = new ProjectionRunner({
      store,
      db,
      connectionString: database.url,
      instanceId: 'shared',
      projections: [recordingProjection('shared_fragile', 'shared', { poisonType: 'Poison' }), recordingProjection('shared_sturdy', 'shared'), recordingProjection('shared_steady', 'shared')],
      idleMs: 20,
    });
    await runner.start();
    try {
      await until(() => past(['shared_sturdy', 'shared_steady'], after), 'the sturdy ones');
      await until(async () => (await checkpoint('shared_fragile')).status === 'failed', 'the fragile one to fail');
      const letters = await db.selectFrom('projection_dead_letters').selectAll().where('projection', 'in', names).execute();
      expect(letters).toEqual([expect.objectContaining({ projection: 'shared_fragile', event_id: poison.id, event_type: 'Poison' })]);
      expect(await checkpoint('shared_fragile')).toMatchObject({ position: before, status: 'failed' });
      expect((await recorded(db, 'shared_fragile')).map((r) => r.position)).toEqual([before]);
      for (const name of ['shared_sturdy', 'shared_steady']) {
        expect(await checkpoint(name)).toMatchObject({ position: after, status: 'running', events_applied: '3' });
        expect((await recorded(db, name)).map((r) => r.position)).toEqual([before, (await store.readAll({ after: before, limit: 1 }))[0].position, after]);
      }
      // The two wrote the page in one transaction.
      const { rows } = await sql<{ tx: string }>`select distinct tx from recorded_events where stream_id like 'shared_sturdy:%' or stream_id like 'shared_steady:%'`.execute(db);
      expect(rows).toHaveLength(1);
    } finally {
      await runner.stop();
    }
  });
});
