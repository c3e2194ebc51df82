import { Kysely } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The registrations list's table, under the names of the read store migrations that first made it (frozen: the
// database records them as applied).
export const registrationsMigrations: ReadStoreMigrations = {
  '2026_11_22_0004_partner_and_registration_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
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
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('rm_registrations').execute();
    },
  },
  '2026_11_22_0005_sales_and_support_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('rm_registrations').addColumn('decision', 'text').addColumn('opportunity_id', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('rm_registrations').dropColumn('decision').dropColumn('opportunity_id').execute();
    },
  },
  '2026_11_22_0006_list_indexes': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('rm_registrations_type_idx').on('rm_registrations').columns(['registration_type', 'updated_at', 'registration_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('rm_registrations_type_idx').execute();
    },
  },
};
