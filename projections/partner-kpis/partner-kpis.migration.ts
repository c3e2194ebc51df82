import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The Partner 360 read model: one row of counters per partner, and the contribution of each of its records.
async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table rm_partner_kpi_records (
      record_id text primary key, kind text not null, partner_id text, status text not null, status_before_hold text,
      decision text, conflicted boolean not null, created_at timestamptz not null, submitted_at timestamptz,
      decided_at timestamptz, registration_partner_id text, registration_created_at timestamptz, closed_at timestamptz,
      source text, currency text, won_amount_minor bigint, line_partner_ids text[] not null,
      updated_at timestamptz not null, last_position text not null
    )`.execute(db);
  // The medians read a partner's decided registrations and its won deals.
  await sql`create index rm_partner_kpi_records_partner on rm_partner_kpi_records (partner_id, kind)`.execute(db);
  await sql`create index rm_partner_kpi_records_registration_partner on rm_partner_kpi_records (registration_partner_id) where registration_partner_id is not null`.execute(db);
  await sql`
    create table rm_partner_kpis (
      partner_id text primary key, registrations_by_state jsonb not null, registrations_submitted integer not null,
      registrations_decided integer not null, registrations_approved integer not null,
      registrations_conflicted integer not null, opportunities_won integer not null,
      opportunities_closed integer not null, won_with_other_partners_lines integer not null, revenue jsonb not null,
      orders_by_state jsonb not null, open_cases integer not null, last_registration_at timestamptz,
      last_record_activity_at timestamptz, last_position text not null
    )`.execute(db);
}

async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rm_partner_kpis`.execute(db);
  await sql`drop table rm_partner_kpi_records`.execute(db);
}

export const partnerKpisMigrations: ReadStoreMigrations = { '2026_12_02_0102_partner_kpis': { up, down } };
