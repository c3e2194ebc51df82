import { Kysely, sql } from 'kysely';
import { PostgresEventStore, comparePositions } from '../libs/event-store/src';
import { ProjectionRunner } from '../libs/projection-runner/src';
import { ReadDB, createReadDb, migrateReadStore } from '../libs/read-store/src';
import { generate } from '../bench/generate';
import { createTestDatabase, TestDatabase } from '../test/support/database';
import { READ_TABLES, readModelChecksums } from '../test/support/read-model-checksums';
import { until } from '../test/support/until';
import { allProjections } from './read-models';

jest.setTimeout(120_000);

// The projections merge the events of one batch per record (and insert new records together), so the rows
// must not depend on where the batches are cut: a realistic log (the bench's generator, through the real
// deciders) projected in batches of 500 and one event at a time leaves identical tables.
describe('read models do not depend on batch size', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let db: Kysely<ReadDB>;
  // The last position the generator appended: the head read once may trail it until older transactions end.
  let last: string | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('cl_batches');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    db = createReadDb(database.url);
    await migrateReadStore(db as unknown as Kysely<unknown>);
    await generate(
      async (s) => {
        const { position } = await store.append(s.streamId, s.events, { expectedRevision: 'no_stream' });
        if (last === undefined || comparePositions(position, last) > 0) last = position;
      },
      {
      events: 1_500,
      seed: 7,
      partners: 12,
      programs: 2,
      writers: 1,
      start: new Date('2026-01-01T00:00:00Z'),
      },
    );
  });

  afterAll(async () => {
    await db.destroy();
    await store.close();
    await database.drop();
  });

  async function project(batchSize: number): Promise<Record<string, string>> {
    for (const [table] of READ_TABLES) await sql`truncate ${sql.table(table)}`.execute(db);
    await db.deleteFrom('projection_checkpoints').execute();
    const runner = new ProjectionRunner({ store, db, connectionString: database.url, projections: allProjections(), instanceId: `batch-${batchSize}`, batchSize, idleMs: 10 });
    await runner.start();
    await until(
      `every projection past the last append in batches of ${batchSize}`,
      async () => {
        const rows = await db.selectFrom('projection_checkpoints').select(['position', 'status']).execute();
        if (rows.some((r) => r.status === 'failed')) throw new Error(`a projection failed: ${JSON.stringify(rows)}`);
        return rows.length === allProjections().length && rows.every((r) => r.position !== null && comparePositions(r.position, last!) >= 0) ? true : undefined;
      },
      90_000,
    );
    await runner.stop();
    return readModelChecksums(db as unknown as Kysely<unknown>);
  }

  it('leaves the same rows in batches of 500 and of 1', async () => {
    const whole = await project(500);
    const single = await project(1);
    expect(single).toEqual(whole);
    for (const table of ['rm_registrations', 'rm_opportunities', 'rm_orders', 'rm_order_lines', 'rm_cases']) expect(Number(whole[table].split(':')[0])).toBeGreaterThan(0);
  });
});
