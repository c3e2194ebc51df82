import { Kysely, PostgresDialect, Transaction, sql } from 'kysely';
import { Pool } from 'pg';
import { StoredEvent } from '@channel-ledger/event-store';
import { ReadDB } from '@channel-ledger/read-store';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { defineRowProjection } from './row-projection';

type Row = { id: string; count: number; last_position: string };
type DB = { kit_a: Row; kit_b: Row };

function event(streamId: string, type: string, n: number): StoredEvent {
  return { id: `e${n}`, streamId, revision: n, position: String(n) as never, type, data: {}, metadata: {} as never, recordedAt: new Date(0) };
}

const evolve = (row: Row | undefined, e: StoredEvent): Row | undefined =>
  e.type === 'Removed' ? undefined : { id: e.streamId, count: Number(row?.count ?? 0) + 1, last_position: String(e.position) };

const projection = defineRowProjection<DB>({
  name: 'kit',
  version: 1,
  tables: {
    kit_a: { key: 'id', filter: () => true, keyOf: (e) => e.streamId, evolve },
    kit_b: { key: 'id', filter: (e) => e.type === 'B', keyOf: (e) => e.streamId, evolve },
  },
});

describe('row projection kit (real PostgreSQL)', () => {
  let database: TestDatabase;
  let db: Kysely<ReadDB>;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('cl_kit');
    db = new Kysely<ReadDB>({
      dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }),
      log: (e) => void statements.push(e.query.sql),
    });
    for (const t of ['kit_a', 'kit_b']) await sql`create table ${sql.table(t)} (id text primary key, count int not null, last_position bigint not null)`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const run = (events: StoredEvent[]) => db.transaction().execute((trx) => projection.apply(trx as Transaction<ReadDB>, events));
  const rows = (t: string) => sql<Row>`select id, count from ${sql.table(t)} order by id`.execute(db).then((r) => r.rows);

  it('reads the touched rows once and writes them once per table, then deletes rows that evolve to nothing', async () => {
    statements.length = 0;
    await run([event('x', 'B', 1), event('y', 'A', 2), event('x', 'B', 3), event('y', 'A', 4)]);
    const work = statements.filter((s) => !/^(begin|commit)/i.test(s));
    expect(work.filter((s) => /^select/i.test(s))).toHaveLength(2);
    expect(work.filter((s) => /^insert/i.test(s))).toHaveLength(2);
    expect(work).toHaveLength(4);
    expect(await rows('kit_a')).toEqual([{ id: 'x', count: 2 }, { id: 'y', count: 2 }]);
    expect(await rows('kit_b')).toEqual([{ id: 'x', count: 2 }]);

    statements.length = 0;
    await run([event('y', 'Removed', 5), event('x', 'A', 6)]);
    expect(statements.filter((s) => /^delete/i.test(s))).toHaveLength(1);
    expect(await rows('kit_a')).toEqual([{ id: 'x', count: 3 }]);
    expect(await rows('kit_b')).toEqual([{ id: 'x', count: 2 }]);
  });

  it('resets every table it owns and names them with their keys', async () => {
    await db.transaction().execute((trx) => projection.reset!(trx));
    expect(await rows('kit_a')).toEqual([]);
    expect(projection.tables).toEqual([{ name: 'kit_a', key: ['id'] }, { name: 'kit_b', key: ['id'] }]);
  });
});
