import { Kysely, sql } from 'kysely';

// One row per rebuild of a projection beside its live copy: who asked, where it stands, how it ended.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projection_rebuilds')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('projection', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn('phase', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('runner', 'text')
    .addColumn('events_done', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('events_total', 'bigint')
    .addColumn('position', 'text')
    .addColumn('error', 'text')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // At most one rebuild of a projection at a time.
  await sql`create unique index projection_rebuilds_one_active on projection_rebuilds (projection) where status in ('queued', 'running')`.execute(db);
  await db.schema.createIndex('projection_rebuilds_recent').on('projection_rebuilds').columns(['projection', 'requested_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('projection_rebuilds').execute();
}
