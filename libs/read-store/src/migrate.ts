import { Kysely, Migration, MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/2026_11_22_0001_projection_checkpoints';
import * as m0002 from './migrations/2026_11_22_0002_idempotency_keys';
import * as m0003 from './migrations/2026_11_22_0003_projection_runtime';
import * as m0007 from './migrations/2026_11_22_0007_projection_rebuilds';
import * as m0008 from './migrations/2026_11_22_0008_webhooks';

// Migrations by name: the name is what the database records as applied, so a name never changes once released.
export type ReadStoreMigrations = Record<string, Migration>;

// The read store's own tables (checkpoints, idempotency keys, rebuilds, webhooks). Each read model's tables are
// created by migrations kept beside its projection (`projections/read-models.ts` gathers them), passed in by whoever
// migrates: this library does not know the read models. Listed explicitly (not read from disk) so the compiled app
// and the tests apply the same set.
const own: ReadStoreMigrations = {
  '2026_11_22_0001_projection_checkpoints': m0001,
  '2026_11_22_0002_idempotency_keys': m0002,
  '2026_11_22_0003_projection_runtime': m0003,
  '2026_11_22_0007_projection_rebuilds': m0007,
  '2026_11_22_0008_webhooks': m0008,
};

// Several sets of migrations as one. Parts of one name (a migration that once created the tables of several read
// models, now kept with each of them) run as that one migration: up in the order the sets are given, down in reverse.
export function combineMigrations(...sets: ReadStoreMigrations[]): ReadStoreMigrations {
  const parts = new Map<string, Migration[]>();
  for (const set of sets) for (const [name, migration] of Object.entries(set)) parts.set(name, [...(parts.get(name) ?? []), migration]);
  const combined: ReadStoreMigrations = {};
  for (const [name, list] of parts) {
    combined[name] =
      list.length === 1
        ? list[0]
        : {
            up: async (db) => {
              for (const m of list) await m.up(db);
            },
            down: async (db) => {
              for (const m of [...list].reverse()) await m.down?.(db);
            },
          };
  }
  return combined;
}

function migrator<DB>(db: Kysely<DB>, readModels: ReadStoreMigrations): Migrator {
  // Names sort into the order they were written in, whichever set holds them.
  const all = combineMigrations(own, readModels);
  const provider: MigrationProvider = { getMigrations: async () => all };
  return new Migrator({ db, provider, migrationTableName: 'read_store_migrations', migrationLockTableName: 'read_store_migrations_lock' });
}

// `readModels`: the read models' migrations (`readModelMigrations` of the projections). Without them only the read
// store's own tables are made, which is what a test of the runner alone needs; on a database that has applied them
// before, leaving them out is an error, not a silent skip.
export async function migrateReadStore<DB>(db: Kysely<DB>, readModels: ReadStoreMigrations = {}): Promise<string[]> {
  const { error, results } = await migrator(db, readModels).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingReadStoreMigrations<DB>(db: Kysely<DB>, readModels: ReadStoreMigrations = {}): Promise<string[]> {
  const all = await migrator(db, readModels).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
