import { Kysely, sql } from 'kysely';
import { ReadDB, createReadDb, migrateReadStore, pendingReadStoreMigrations } from '@channel-ledger/read-store';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { READ_TABLES } from '@test/support/read-model-checksums';
import { readModelMigrations } from './read-models';

// The names a database records as applied, in the order they run. A read model's migrations live beside its
// projection now, but a database migrated before that must find every name it applied, and nothing new to run.
const RECORDED = [
  '2026_11_22_0001_projection_checkpoints',
  '2026_11_22_0002_idempotency_keys',
  '2026_11_22_0003_projection_runtime',
  '2026_11_22_0004_partner_and_registration_read_models',
  '2026_11_22_0005_sales_and_support_read_models',
  '2026_11_22_0006_list_indexes',
  '2026_11_22_0007_projection_rebuilds',
  '2026_11_22_0008_webhooks',
  '2026_12_02_0001_sales_line_shares',
  '2026_12_02_0101_pipeline',
  '2026_12_02_0102_partner_kpis',
  '2026_12_02_0103_pipeline_totals_numeric',
];

describe('read store migrations with the read models beside their projections (real PostgreSQL)', () => {
  let database: TestDatabase;
  let db: Kysely<ReadDB>;

  beforeAll(async () => {
    database = await createTestDatabase('cl_read_models');
    db = createReadDb(database.url, 2);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('applies the same names in the same order and makes every read table', async () => {
    expect(await pendingReadStoreMigrations(db, readModelMigrations)).toEqual(RECORDED);
    expect(await migrateReadStore(db, readModelMigrations)).toEqual(RECORDED);
    const { rows } = await sql<{ name: string }>`select name from read_store_migrations order by timestamp, name`.execute(db);
    expect(rows.map((r) => r.name)).toEqual(RECORDED);
    for (const [table] of READ_TABLES) await sql`select 1 from ${sql.table(table)} limit 1`.execute(db);
    expect(await pendingReadStoreMigrations(db, readModelMigrations)).toEqual([]);
  });

  it('refuses to migrate a database that applied the read models without them, instead of skipping them', async () => {
    await expect(migrateReadStore(db)).rejects.toThrow(/2026_11_22_0004_partner_and_registration_read_models is missing/);
  });
});
