import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The cases table, under the names of the read store migrations that first made it (frozen: the database records
// them as applied).
export const casesMigrations: ReadStoreMigrations = {
  '2026_11_22_0005_sales_and_support_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        create table rm_cases (
          case_id text primary key, partner_id text not null, priority text not null, subject text not null,
          about text not null, status text not null, assignee_id text, first_response_due_at timestamptz not null,
          resolution_due_at timestamptz not null, first_responded_at timestamptz, resolved_at timestamptz,
          held_since timestamptz, status_before_hold text, opened_at timestamptz not null,
          updated_at timestamptz not null, last_position text not null
        )`.execute(db);
      await sql`create index rm_cases_updated_idx on rm_cases (updated_at, case_id)`.execute(db);
      await sql`create index rm_cases_partner_idx on rm_cases (partner_id, updated_at, case_id)`.execute(db);
      await sql`create index rm_cases_status_idx on rm_cases (status, updated_at, case_id)`.execute(db);
      await sql`create index rm_cases_priority_idx on rm_cases (priority, updated_at, case_id)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table rm_cases`.execute(db);
    },
  },
  '2026_11_22_0006_list_indexes': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create index rm_cases_opened_idx on rm_cases (opened_at, case_id)`.execute(db);
      await sql`create index rm_cases_resolution_due_idx on rm_cases (resolution_due_at, case_id)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index rm_cases_opened_idx`.execute(db);
      await sql`drop index rm_cases_resolution_due_idx`.execute(db);
    },
  },
};
