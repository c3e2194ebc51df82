import { Kysely } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The cases table, under the names of the read store migrations that first made it (frozen: the database records
// them as applied).
export const casesMigrations: ReadStoreMigrations = {
  '2026_11_22_0005_sales_and_support_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
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
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('rm_cases').execute();
    },
  },
  '2026_11_22_0006_list_indexes': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('rm_cases_opened_idx').on('rm_cases').columns(['opened_at', 'case_id']).execute();
      await db.schema.createIndex('rm_cases_resolution_due_idx').on('rm_cases').columns(['resolution_due_at', 'case_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('rm_cases_opened_idx').execute();
      await db.schema.dropIndex('rm_cases_resolution_due_idx').execute();
    },
  },
};
