import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// Indexes for every filter and sort the sales lists offer, each ending in the row id for keyset paging.
const LIST_INDEXES: [string, string, string[]][] = [
  ['rm_opportunities_source_idx', 'rm_opportunities', ['source', 'updated_at', 'opportunity_id']],
  ['rm_opportunities_created_idx', 'rm_opportunities', ['created_at', 'opportunity_id']],
  ['rm_opportunities_amount_idx', 'rm_opportunities', ['amount_minor', 'opportunity_id']],
  ['rm_quotes_opportunity_idx', 'rm_quotes', ['opportunity_id', 'updated_at', 'quote_id']],
  ['rm_quotes_total_idx', 'rm_quotes', ['total_minor', 'quote_id']],
  ['rm_quotes_valid_until_idx', 'rm_quotes', ['valid_until', 'quote_id']],
  ['rm_orders_priority_idx', 'rm_orders', ['priority', 'updated_at', 'order_id']],
  ['rm_orders_created_idx', 'rm_orders', ['created_at', 'order_id']],
  ['rm_orders_total_idx', 'rm_orders', ['total_minor', 'order_id']],
  ['rm_opportunities_registration_idx', 'rm_opportunities', ['registration_id']],
];

// Tables with each line's partner (its own, else the record's channel partner) and amount, side by side, so that
// the figures a partner reads of a record with several partners' lines are the sum of its own lines, in the SQL.
const LINE_SHARE_TABLES = ['rm_opportunities', 'rm_quotes', 'rm_orders'];

// The sales tables, under the names of the read store migrations that first made them (frozen: the database
// records them as applied).
export const salesMigrations: ReadStoreMigrations = {
  '2026_11_22_0005_sales_and_support_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
      // party_ids: the channel partner and every line partner; partner scoping is an array overlap.
      await sql`
        create table rm_opportunities (
          opportunity_id text primary key, registration_id text, name text not null, account_name text not null,
          source text not null, channel_partner_id text, party_ids text[] not null, stage text not null, amount_minor bigint not null,
          won_amount_minor bigint, loss_reason text, currency text not null, expected_close_date text not null,
          created_at timestamptz not null, closed_at timestamptz, updated_at timestamptz not null,
          last_position text not null
        )`.execute(db);
      await sql`create index rm_opportunities_updated_idx on rm_opportunities (updated_at, opportunity_id)`.execute(db);
      await sql`create index rm_opportunities_stage_idx on rm_opportunities (stage, updated_at, opportunity_id)`.execute(db);
      await sql`create index rm_opportunities_partner_idx on rm_opportunities (channel_partner_id, updated_at, opportunity_id)`.execute(db);
      await sql`create index rm_opportunities_parties_idx on rm_opportunities using gin (party_ids)`.execute(db);

      await sql`
        create table rm_quotes (
          quote_id text primary key, opportunity_id text, channel_partner_id text not null, status text not null,
          version integer not null, total_minor bigint not null, currency text not null,
          valid_until timestamptz not null, created_at timestamptz not null, updated_at timestamptz not null,
          last_position text not null
        )`.execute(db);
      await sql`create index rm_quotes_updated_idx on rm_quotes (updated_at, quote_id)`.execute(db);
      await sql`create index rm_quotes_partner_idx on rm_quotes (channel_partner_id, updated_at, quote_id)`.execute(db);
      await sql`create index rm_quotes_status_idx on rm_quotes (status, updated_at, quote_id)`.execute(db);

      await sql`
        create table rm_orders (
          order_id text primary key, quote_id text, account text not null, order_type text not null,
          priority text not null, channel_partner_id text, party_ids text[] not null, status text not null, total_minor bigint not null,
          currency text not null, created_at timestamptz not null, updated_at timestamptz not null,
          last_position text not null
        )`.execute(db);
      await sql`create index rm_orders_updated_idx on rm_orders (updated_at, order_id)`.execute(db);
      await sql`create index rm_orders_status_idx on rm_orders (status, updated_at, order_id)`.execute(db);
      await sql`create index rm_orders_partner_idx on rm_orders (channel_partner_id, updated_at, order_id)`.execute(db);
      await sql`create index rm_orders_parties_idx on rm_orders using gin (party_ids)`.execute(db);

      await sql`
        create table rm_order_lines (
          order_id text not null, line_id text not null, product text not null, quantity integer not null,
          total_minor bigint not null, currency text not null, partner_id text, fulfilled_at timestamptz,
          constraint rm_order_lines_pkey primary key (order_id, line_id)
        )`.execute(db);
      await sql`create index rm_order_lines_partner_idx on rm_order_lines (partner_id, fulfilled_at)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['rm_order_lines', 'rm_orders', 'rm_quotes', 'rm_opportunities']) await sql`drop table ${sql.table(table)}`.execute(db);
    },
  },
  '2026_11_22_0006_list_indexes': {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const [name, table, columns] of LIST_INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const [name] of LIST_INDEXES) await db.schema.dropIndex(name).execute();
    },
  },
  '2026_12_02_0001_sales_line_shares': {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of LINE_SHARE_TABLES) {
        await sql`alter table ${sql.table(table)} add column line_partner_ids text[] not null default '{}', add column line_amounts bigint[] not null default '{}'`.execute(db);
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of LINE_SHARE_TABLES) await sql`alter table ${sql.table(table)} drop column line_partner_ids, drop column line_amounts`.execute(db);
    },
  },
};
