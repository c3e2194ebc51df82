import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('rm_registrations').addColumn('decision', 'text').addColumn('opportunity_id', 'text').execute();

  await db.schema
    .createTable('rm_partnerships')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_position', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rm_partnerships_pkey', ['partner_id', 'program_id'])
    .execute();

  // party_ids: the channel partner and every line partner; partner scoping is an array overlap.
  await db.schema
    .createTable('rm_opportunities')
    .addColumn('opportunity_id', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('channel_partner_id', 'text')
    .addColumn('party_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('won_amount_minor', 'bigint')
    .addColumn('loss_reason', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('expected_close_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_position', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rm_opportunities_updated_idx').on('rm_opportunities').columns(['updated_at', 'opportunity_id']).execute();
  await db.schema.createIndex('rm_opportunities_stage_idx').on('rm_opportunities').columns(['stage', 'updated_at', 'opportunity_id']).execute();
  await db.schema.createIndex('rm_opportunities_partner_idx').on('rm_opportunities').columns(['channel_partner_id', 'updated_at', 'opportunity_id']).execute();
  await sql`create index rm_opportunities_parties_idx on rm_opportunities using gin (party_ids)`.execute(db);

  await db.schema
    .createTable('rm_quotes')
    .addColumn('quote_id', 'text', (c) => c.primaryKey())
    .addColumn('opportunity_id', 'text')
    .addColumn('channel_partner_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_position', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rm_quotes_updated_idx').on('rm_quotes').columns(['updated_at', 'quote_id']).execute();
  await db.schema.createIndex('rm_quotes_partner_idx').on('rm_quotes').columns(['channel_partner_id', 'updated_at', 'quote_id']).execute();
  await db.schema.createIndex('rm_quotes_status_idx').on('rm_quotes').columns(['status', 'updated_at', 'quote_id']).execute();

  await db.schema
    .createTable('rm_orders')
    .addColumn('order_id', 'text', (c) => c.primaryKey())
    .addColumn('quote_id', 'text')
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('order_type', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('channel_partner_id', 'text')
    .addColumn('party_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_position', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rm_orders_updated_idx').on('rm_orders').columns(['updated_at', 'order_id']).execute();
  await db.schema.createIndex('rm_orders_status_idx').on('rm_orders').columns(['status', 'updated_at', 'order_id']).execute();
  await db.schema.createIndex('rm_orders_partner_idx').on('rm_orders').columns(['channel_partner_id', 'updated_at', 'order_id']).execute();
  await sql`create index rm_orders_parties_idx on rm_orders using gin (party_ids)`.execute(db);

  await db.schema
    .createTable('rm_order_lines')
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('line_id', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text')
    .addColumn('fulfilled_at', 'timestamptz')
    .addPrimaryKeyConstraint('rm_order_lines_pkey', ['order_id', 'line_id'])
    .execute();
  await db.schema.createIndex('rm_order_lines_partner_idx').on('rm_order_lines').columns(['partner_id', 'fulfilled_at']).execute();

  await db.schema
    .createTable('rm_cases')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('about', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('first_response_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolution_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('first_responded_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('held_since', 'timestamptz')
    .addColumn('status_before_hold', 'text')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_position', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rm_cases_updated_idx').on('rm_cases').columns(['updated_at', 'case_id']).execute();
  await db.schema.createIndex('rm_cases_partner_idx').on('rm_cases').columns(['partner_id', 'updated_at', 'case_id']).execute();
  await db.schema.createIndex('rm_cases_status_idx').on('rm_cases').columns(['status', 'updated_at', 'case_id']).execute();
  await db.schema.createIndex('rm_cases_priority_idx').on('rm_cases').columns(['priority', 'updated_at', 'case_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rm_cases', 'rm_order_lines', 'rm_orders', 'rm_quotes', 'rm_opportunities', 'rm_partnerships']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('rm_registrations').dropColumn('decision').dropColumn('opportunity_id').execute();
}
