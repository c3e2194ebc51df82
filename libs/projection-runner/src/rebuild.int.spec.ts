import { randomUUID } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { PostgresEventStore } from '@channel-ledger/event-store';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { newEvent } from '@test/contract/event-store.contract';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { Projection } from './projection';
import { ProjectionRunner } from './runner';
import { RebuildError, rebuildProjection } from './rebuild';

jest.setTimeout(60_000);

// Counts events per stream; refuses "Poison" events while the switch says so (as a bug fixed later would).
let refusePoison = true;
const counting: Projection = {
  name: 'stream_counts',
  version: 1,
  tables: [{ name: 'rb_stream_counts', key: ['stream_id'] }],
  async apply(trx, events) {
    for (const event of events) {
      if (event.type === 'Poison' && refusePoison) throw new Error('cannot count Poison');
      await sql`insert into rb_stream_counts (stream_id, events) values (${event.streamId}, 1)
        on conflict (stream_id) do update set events = rb_stream_counts.events + 1`.execute(trx);
    }
  },
};

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('rebuildProjection (real PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let db: Kysely<ReadDB>;

  beforeAll(async () => {
    database = await createTestDatabase('cl_rebuild');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    db = createReadDb(database.url);
    await migrateReadStore(db);
    await sql`create table rb_stream_counts (stream_id text primary key, events integer not null)`.execute(db);
  });

  afterAll(async () => {
    await db.destroy();
    await store.close();
    await database.drop();
  });

  const checkpoint = () => db.selectFrom('projection_checkpoints').selectAll().where('projection', '=', counting.name).executeTakeFirstOrThrow();
  const counts = async () => (await sql<{ stream_id: string; events: number }>`select stream_id, events from rb_stream_counts order by stream_id`.execute(db)).rows;

  it('brings a projection stopped on a poison event back, once the projection gets past it, and the runner goes on', async () => {
    const stream = `s-${randomUUID()}`;
    await store.append(stream, [newEvent('Counted'), newEvent('Counted')], { expectedRevision: 'no_stream' });
    await store.append(stream, [newEvent('Poison')], { expectedRevision: 1 });
    const last = await store.append(stream, [newEvent('Counted')], { expectedRevision: 2 });
    // A rebuild goes to the head readers can see; an append is readable once older transactions in the cluster end.
    await until(async () => ((await store.headPosition()) ?? '') >= last.position, 'the appends to be readable');
    const runner = new ProjectionRunner({ store, db, connectionString: database.url, instanceId: 'r', projections: [counting], batchSize: 10, idleMs: 10 });
    await runner.start();
    try {
      await until(async () => (await checkpoint()).status === 'failed', 'the projection to fail');
      expect(await counts()).toEqual([{ stream_id: stream, events: 2 }]);

      // Still poison: the rebuild fails and leaves the live copy as it was.
      await expect(rebuildProjection(db, store, counting)).rejects.toBeInstanceOf(RebuildError);
      expect((await checkpoint()).status).toBe('failed');
      expect(await counts()).toEqual([{ stream_id: stream, events: 2 }]);

      refusePoison = false;
      const result = await rebuildProjection(db, store, counting);
      expect(result.events).toBeGreaterThanOrEqual(4);
      expect((await checkpoint()).status).toBe('running');
      expect(await counts()).toEqual([{ stream_id: stream, events: 4 }]);
      expect(((await checkpoint()).position ?? '') >= last.position).toBe(true);

      // The runner picks up from the switched checkpoint.
      await store.append(stream, [newEvent('Counted')], { expectedRevision: 3 });
      await until(async () => (await counts())[0]?.events === 5, 'the runner to apply the next event');
      const { rows } = await sql<{ n: string }>`select count(*) as n from information_schema.schemata where schema_name like 'rebuild_%'`.execute(db);
      expect(Number(rows[0].n)).toBe(0);
    } finally {
      await runner.stop();
    }
  });

  it('keeps up with a live copy that moves during the rebuild, and ends equal to a replay', async () => {
    const runner = new ProjectionRunner({ store, db, connectionString: database.url, instanceId: 'r2', projections: [counting], batchSize: 5, idleMs: 5 });
    await runner.start();
    let writing = true;
    const writer = (async () => {
      while (writing) await store.append(`w-${randomUUID().slice(0, 4)}`, [newEvent('Counted')], { expectedRevision: 'any' });
    })();
    try {
      await new Promise((r) => setTimeout(r, 200));
      const progress: number[] = [];
      const result = await rebuildProjection(db, store, counting, { batchSize: 7, onProgress: (p) => void progress.push(p.done) });
      writing = false;
      await writer;
      expect(progress.length).toBeGreaterThan(1);
      expect(result.position).not.toBeNull();
      // The checkpoint never went back, and the rows equal a replay once the runner has caught up.
      const settled = async () => {
        const all = await store.readAll({ limit: 100_000 });
        return (await checkpoint()).position === all[all.length - 1].position;
      };
      await until(settled, 'the runner to catch up');
      const expected = new Map<string, number>();
      for (const e of await store.readAll({ limit: 100_000 })) expected.set(e.streamId, (expected.get(e.streamId) ?? 0) + 1);
      expect(await counts()).toEqual([...expected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([stream_id, events]) => ({ stream_id, events })));
    } finally {
      writing = false;
      await writer;
      await runner.stop();
    }
  });
});
