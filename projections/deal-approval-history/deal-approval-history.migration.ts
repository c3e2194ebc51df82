import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The approval history's table, under the name of the read store migration that first made it (frozen: the
// database records it as applied).
export const dealApprovalHistoryMigrations: ReadStoreMigrations = {
  '2026_11_22_0004_partner_and_registration_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
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
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('rm_deal_approval_history').execute();
    },
  },
};
