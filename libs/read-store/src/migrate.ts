import { Kysely, Migration, MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/2026_11_22_0001_projection_checkpoints';
import * as m0002 from './migrations/2026_11_22_0002_idempotency_keys';
import * as m0003 from './migrations/2026_11_22_0003_projection_runtime';
import * as m0004 from './migrations/2026_11_22_0004_partner_and_registration_read_models';
import * as m0005 from './migrations/2026_11_22_0005_sales_and_support_read_models';
import * as m0006 from './migrations/2026_11_22_0006_list_indexes';
import * as m0007 from './migrations/2026_11_22_0007_projection_rebuilds';
import * as m0008 from './migrations/2026_11_22_0008_webhooks';
import * as sales_line_shares from './migrations/2026_12_02_0001_sales_line_shares';
import * as pipeline from './migrations/2026_12_02_0101_pipeline';

// Listed explicitly (not read from disk) so the compiled app and the tests apply the same set.
const migrations: Record<string, Migration> = {
  '2026_11_22_0001_projection_checkpoints': m0001,
  '2026_11_22_0002_idempotency_keys': m0002,
  '2026_11_22_0003_projection_runtime': m0003,
  '2026_11_22_0004_partner_and_registration_read_models': m0004,
  '2026_11_22_0005_sales_and_support_read_models': m0005,
  '2026_11_22_0006_list_indexes': m0006,
  '2026_11_22_0007_projection_rebuilds': m0007,
  '2026_11_22_0008_webhooks': m0008,
  '2026_12_02_0001_sales_line_shares': sales_line_shares,
  '2026_12_02_0101_pipeline': pipeline,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider, migrationTableName: 'read_store_migrations', migrationLockTableName: 'read_store_migrations_lock' });
}

export async function migrateReadStore(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingReadStoreMigrations(db: Kysely<unknown>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
