import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The approval history's table, under the name of the read store migration that first made it (frozen: the
// database records it as applied).
export const dealApprovalHistoryMigrations: ReadStoreMigrations = {
  '2026_11_22_0004_partner_and_registration_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Append-only: one row per state change of a registration, keyed by the log position of the event.
      await sql`
        create table rm_deal_approval_history (
          position text primary key, registration_id text not null, partner_id text not null, event_type text not null,
          from_status text, to_status text not null, actor_id text, actor_role text, reason text, conflicts jsonb,
          at timestamptz not null
        )`.execute(db);
      await sql`create index rm_deal_approval_history_registration_idx on rm_deal_approval_history (registration_id, position)`.execute(db);
      await sql`comment on table rm_deal_approval_history is 'append-only audit of registration state changes'`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table rm_deal_approval_history`.execute(db);
    },
  },
};
