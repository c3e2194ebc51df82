import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The registrations list's table, under the names of the read store migrations that first made it (frozen: the
// database records them as applied).
export const registrationsMigrations: ReadStoreMigrations = {
  '2026_11_22_0004_partner_and_registration_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        create table rm_registrations (
          registration_id text primary key, partner_id text not null, program_id text not null,
          submitted_by text not null, registration_type text not null, customer_company text not null,
          customer_domain text, contact_email text not null, amount_minor bigint not null, currency text not null,
          expected_close_date text not null, status text not null, conflict_count integer not null default 0,
          created_at timestamptz not null, submitted_at timestamptz, decided_at timestamptz,
          protected_until timestamptz, updated_at timestamptz not null, last_position text not null
        )`.execute(db);
      // One index per filter and sort the list offers, each ending in the id for keyset pagination.
      await sql`create index rm_registrations_updated_idx on rm_registrations (updated_at, registration_id)`.execute(db);
      await sql`create index rm_registrations_partner_idx on rm_registrations (partner_id, updated_at, registration_id)`.execute(db);
      await sql`create index rm_registrations_status_idx on rm_registrations (status, updated_at, registration_id)`.execute(db);
      await sql`create index rm_registrations_program_idx on rm_registrations (program_id, updated_at, registration_id)`.execute(db);
      await sql`create index rm_registrations_amount_idx on rm_registrations (amount_minor, registration_id)`.execute(db);
      await sql`create index rm_registrations_submitted_idx on rm_registrations (submitted_at, registration_id)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table rm_registrations`.execute(db);
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
      await sql`create index rm_registrations_type_idx on rm_registrations (registration_type, updated_at, registration_id)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index rm_registrations_type_idx`.execute(db);
    },
  },
};
