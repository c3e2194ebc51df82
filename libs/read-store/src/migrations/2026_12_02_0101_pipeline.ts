import { Kysely, sql } from 'kysely';

// The pipeline read model: one row per registration and opportunity, and the open ones added up per group.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pipeline_items')
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('open', 'boolean', (c) => c.notNull())
    .addColumn('channel_partner_id', 'text')
    .addColumn('program_id', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('party_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('line_partner_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('line_amounts', sql`bigint[]`, (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_position', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pipeline_items_pkey', ['side', 'record_id'])
    .execute();
  // Staleness is measured when read: the open records with an event in the last 30 days, per group, come from
  // this index alone (the rest of a group's count is stale).
  await sql`create index pipeline_items_fresh_idx on pipeline_items (updated_at) include (group_key) where open`.execute(db);

  await db.schema
    .createTable('pipeline_groups')
    .addColumn('group_key', 'text', (c) => c.primaryKey())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('channel_partner_id', 'text')
    .addColumn('program_id', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('party_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('line_amounts', 'jsonb', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pipeline_groups').execute();
  await db.schema.dropTable('pipeline_items').execute();
}
