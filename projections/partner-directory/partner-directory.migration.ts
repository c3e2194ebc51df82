import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The partner directory's tables, under the names of the read store migrations that first made them (frozen: the
// database records them as applied).
export const partnerDirectoryMigrations: ReadStoreMigrations = {
  '2026_11_22_0004_partner_and_registration_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
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
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['rm_members', 'rm_partner_closure', 'rm_partners']) await db.schema.dropTable(table).execute();
    },
  },
  '2026_11_22_0006_list_indexes': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('rm_members_name_idx').on('rm_members').columns(['name', 'member_id']).execute();
      // Name prefix search (q=): lower(name) with pattern ops, so "like 'acm%'" is an index range.
      await sql`create index rm_partners_name_prefix_idx on rm_partners (lower(name) text_pattern_ops)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index rm_partners_name_prefix_idx`.execute(db);
      await db.schema.dropIndex('rm_members_name_idx').execute();
    },
  },
};
