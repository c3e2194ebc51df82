import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The pipeline read model: one row per registration and opportunity, and the open ones added up per group.
async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table pipeline_items (
      side text not null, record_id text not null, group_key text not null, open boolean not null,
      channel_partner_id text, program_id text, stage text not null, source text not null, currency text not null,
      amount_minor bigint not null, party_ids text[] not null, line_partner_ids text[] not null, line_amounts bigint[] not null,
      updated_at timestamptz not null, last_position text not null,
      constraint pipeline_items_pkey primary key (side, record_id)
    )`.execute(db);
  // Staleness is measured when read: the open records with an event in the last 30 days, per group, come from
  // this index alone (the rest of a group's count is stale).
  await sql`create index pipeline_items_fresh_idx on pipeline_items (updated_at) include (group_key) where open`.execute(db);
  await sql`
    create table pipeline_groups (
      group_key text primary key, side text not null, channel_partner_id text, program_id text, stage text not null,
      source text not null, currency text not null, party_ids text[] not null,
      count integer not null, amount_minor bigint not null, line_amounts jsonb not null
    )`.execute(db);
}

async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table pipeline_groups, pipeline_items`.execute(db);
}

// A group adds up every open record of its key, each as large as a safe integer: the total passes bigint long
// before the records do (1,025 drafts of the largest size), and a total that cannot be written would stop the
// projection for everyone. Totals are numeric.
async function totalsUp(db: Kysely<unknown>): Promise<void> {
  await sql`alter table pipeline_groups alter column amount_minor type numeric`.execute(db);
}

async function totalsDown(db: Kysely<unknown>): Promise<void> {
  await sql`alter table pipeline_groups alter column amount_minor type bigint`.execute(db);
}

export const pipelineMigrations: ReadStoreMigrations = {
  '2026_12_02_0101_pipeline': { up, down },
  '2026_12_02_0103_pipeline_totals_numeric': { up: totalsUp, down: totalsDown },
};
