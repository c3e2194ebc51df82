import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The partnerships table, under the name of the read store migration that first made it (frozen: the database
// records it as applied).
export const partnershipsMigrations: ReadStoreMigrations = {
  '2026_11_22_0005_sales_and_support_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        create table rm_partnerships (
          partner_id text not null, program_id text not null, tier text not null, status text not null,
          start_date text not null, updated_at timestamptz not null, last_position text not null,
          constraint rm_partnerships_pkey primary key (partner_id, program_id)
        )`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table rm_partnerships`.execute(db);
    },
  },
};
