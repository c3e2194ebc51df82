import { Kysely, Migration, MigrationProvider, Migrator, sql } from 'kysely';

// Frozen: a released migration is never edited, a change is a new entry. Each takes the schema it lives in,
// so tests can give every suite a schema of its own.
const migrations: Record<string, (schema: string) => Migration> = {
  '2026_11_22_0001_events': (schema) => ({
    async up(db) {
      const s = sql.id(schema);
      await sql`create schema if not exists ${s}`.execute(db);
      // One row per stream holds its revision: every append updates it with a single conditional statement,
      // which is what makes "exactly one writer wins each revision" true under READ COMMITTED.
      await sql`
        create table ${s}.streams (
          stream_id text primary key,
          revision bigint not null
        )`.execute(db);
      // transaction_id (xid8) plus the readers' "below the oldest open transaction" rule gives a total
      // order that never skips a late-committing transaction; global_position orders events inside one.
      await sql`
        create table ${s}.events (
          global_position bigint generated always as identity primary key,
          transaction_id xid8 not null default pg_current_xact_id(),
          stream_id text not null,
          stream_revision bigint not null,
          event_id uuid not null,
          event_type text not null,
          data jsonb not null,
          metadata jsonb not null,
          recorded_at timestamptz not null default now(),
          constraint events_stream_revision_key unique (stream_id, stream_revision),
          constraint events_event_id_key unique (event_id)
        )`.execute(db);
      await sql`create index events_log_order_idx on ${s}.events (transaction_id, global_position)`.execute(db);
    },
  }),
  '2026_12_03_0001_refuse_append': (schema) => ({
    async up(db) {
      // An append to several streams in one statement checks each stream's revision in a sub-statement of its own;
      // when one of them does not match, the others have already moved theirs, so the statement calls this to undo
      // itself whole. The SQLSTATE is the store's own, so it cannot be mistaken for another error.
      await sql`
        create function ${sql.id(schema, 'refuse_append')}() returns boolean language plpgsql volatile as $$
        begin
          raise exception 'an expected revision did not match' using errcode = 'CLA01';
        end $$`.execute(db);
    },
  }),
};

class SchemaMigrations implements MigrationProvider {
  constructor(private readonly schema: string) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(Object.entries(migrations).map(([name, make]) => [name, make(this.schema)]));
  }
}

export async function migrateEventStore(db: Kysely<unknown>, schema: string): Promise<string[]> {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: new SchemaMigrations(schema),
    migrationTableSchema: schema,
    migrationTableName: 'event_store_migrations',
    migrationLockTableName: 'event_store_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingEventStoreMigrations(db: Kysely<unknown>, schema: string): Promise<string[]> {
  const { rows } = await sql<{ exists: boolean }>`select to_regclass(${`${schema}.event_store_migrations`}) is not null as exists`.execute(db);
  if (!rows[0]?.exists) return Object.keys(migrations);
  const done = await sql<{ name: string }>`select name from ${sql.table(`${schema}.event_store_migrations`)}`.execute(db);
  const executed = new Set(done.rows.map((r) => r.name));
  return Object.keys(migrations).filter((name) => !executed.has(name));
}
