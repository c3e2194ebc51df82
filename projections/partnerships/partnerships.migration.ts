import { Kysely } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The partnerships table, under the name of the read store migration that first made it (frozen: the database
// records it as applied).
export const partnershipsMigrations: ReadStoreMigrations = {
  '2026_11_22_0005_sales_and_support_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
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
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('rm_partnerships').execute();
    },
  },
};
