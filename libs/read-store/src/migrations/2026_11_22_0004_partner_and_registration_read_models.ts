import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rm_partners')
    .addColumn('partner_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('partner_type', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('web_domain', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('industry', 'text', (c) => c.notNull())
    .addColumn('point_of_contact', 'text')
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_position', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rm_partners_name_idx').on('rm_partners').columns(['name', 'partner_id']).execute();
  await db.schema.createIndex('rm_partners_tier_idx').on('rm_partners').columns(['tier', 'name', 'partner_id']).execute();
  await db.schema.createIndex('rm_partners_parent_idx').on('rm_partners').columns(['parent_id']).execute();

  // Every (ancestor, descendant) pair, self included at depth 0: partner scoping is one join inside the SQL.
  await db.schema
    .createTable('rm_partner_closure')
    .addColumn('ancestor_id', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rm_partner_closure_pkey', ['ancestor_id', 'partner_id'])
    .execute();
  await db.schema.createIndex('rm_partner_closure_partner_idx').on('rm_partner_closure').columns(['partner_id']).execute();

  await db.schema
    .createTable('rm_members')
    .addColumn('member_id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_position', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rm_members_partner_idx').on('rm_members').columns(['partner_id', 'name', 'member_id']).execute();

  await db.schema
    .createTable('rm_registrations')
    .addColumn('registration_id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('registration_type', 'text', (c) => c.notNull())
    .addColumn('customer_company', 'text', (c) => c.notNull())
    .addColumn('customer_domain', 'text')
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('expected_close_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('conflict_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('protected_until', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_position', 'text', (c) => c.notNull())
    .execute();
  // One index per filter and sort the list offers, each ending in the id for keyset pagination.
  await db.schema.createIndex('rm_registrations_updated_idx').on('rm_registrations').columns(['updated_at', 'registration_id']).execute();
  await db.schema.createIndex('rm_registrations_partner_idx').on('rm_registrations').columns(['partner_id', 'updated_at', 'registration_id']).execute();
  await db.schema.createIndex('rm_registrations_status_idx').on('rm_registrations').columns(['status', 'updated_at', 'registration_id']).execute();
  await db.schema.createIndex('rm_registrations_program_idx').on('rm_registrations').columns(['program_id', 'updated_at', 'registration_id']).execute();
  await db.schema.createIndex('rm_registrations_amount_idx').on('rm_registrations').columns(['amount_minor', 'registration_id']).execute();
  await db.schema.createIndex('rm_registrations_submitted_idx').on('rm_registrations').columns(['submitted_at', 'registration_id']).execute();

  // Append-only: one row per state change of a registration, keyed by the log position of the event.
  await db.schema
    .createTable('rm_deal_approval_history')
    .addColumn('position', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('reason', 'text')
    .addColumn('conflicts', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rm_deal_approval_history_registration_idx').on('rm_deal_approval_history').columns(['registration_id', 'position']).execute();
  await sql`comment on table rm_deal_approval_history is 'append-only audit of registration state changes'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rm_deal_approval_history', 'rm_registrations', 'rm_members', 'rm_partner_closure', 'rm_partners']) {
    await db.schema.dropTable(table).execute();
  }
}
