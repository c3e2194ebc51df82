import { Kysely, sql } from 'kysely';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { ReadDB, createReadDb, executePrepared } from './read-db';

describe('executePrepared', () => {
  let database: TestDatabase;
  let db: Kysely<ReadDB>;

  beforeAll(async () => {
    database = await createTestDatabase('cl_prepared');
    // One connection: the statements this session prepared are the ones the test sees.
    db = createReadDb(database.url, 1);
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const square = (n: number) => sql<{ n: number; square: number }>`select ${n}::int as n, ${n}::int * ${n}::int as square`;
  const prepared = async () => (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(db)).rows.map((r) => r.name);

  it('runs a query as one named statement per SQL text, with each call its own parameters', async () => {
    expect(await prepared()).toEqual([]);
    expect(await executePrepared(db, square(3).compile(db))).toEqual([{ n: 3, square: 9 }]);
    expect(await executePrepared(db, square(4).compile(db))).toEqual([{ n: 4, square: 16 }]);
    const names = await prepared();
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^prepared_[0-9a-f]{20}$/);

    // Another shape of query is another statement.
    await executePrepared(db, sql<{ one: number }>`select 1 as one`.compile(db));
    expect(await prepared()).toHaveLength(2);
  });

  it('runs as a plain query inside a transaction (a connection it does not manage)', async () => {
    const before = await prepared();
    const rows = await db.transaction().execute((trx) => executePrepared<ReadDB, { two: number }>(trx, sql<{ two: number }>`select 2 as two`.compile(trx)));
    expect(rows).toEqual([{ two: 2 }]);
    expect(await prepared()).toEqual(before);
  });
});
