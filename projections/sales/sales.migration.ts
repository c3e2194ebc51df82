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
      await db.schema
        .createTable('rm_opportunities')
        .addColumn('opportunity_id', 'text', (c) => c.primaryKey())
        .addColumn('registration_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('account_name', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('channel_partner_id', 'text')
        .addColumn('party_ids', sql`text[]`, (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('won_amount_minor', 'bigint')
        .addColumn('loss_reason', 'text')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('expected_close_date', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('closed_at', 'timestamptz')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('last_position', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rm_opportunities_updated_idx').on('rm_opportunities').columns(['updated_at', 'opportunity_id']).execute();
      await db.schema.createIndex('rm_opportunities_stage_idx').on('rm_opportunities').columns(['stage', 'updated_at', 'opportunity_id']).execute();
      await db.schema.createIndex('rm_opportunities_partner_idx').on('rm_opportunities').columns(['channel_partner_id', 'updated_at', 'opportunity_id']).execute();
      await sql`create index rm_opportunities_parties_idx on rm_opportunities using gin (party_ids)`.execute(db);

      await db.schema
        .createTable('rm_quotes')
        .addColumn('quote_id', 'text', (c) => c.primaryKey())
        .addColumn('opportunity_id', 'text')
        .addColumn('channel_partner_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('total_minor', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'timestamptz', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('last_position', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rm_quotes_updated_idx').on('rm_quotes').columns(['updated_at', 'quote_id']).execute();
      await db.schema.createIndex('rm_quotes_partner_idx').on('rm_quotes').columns(['channel_partner_id', 'updated_at', 'quote_id']).execute();
      await db.schema.createIndex('rm_quotes_status_idx').on('rm_quotes').columns(['status', 'updated_at', 'quote_id']).execute();

      await db.schema
        .createTable('rm_orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('quote_id', 'text')
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('order_type', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('channel_partner_id', 'text')
        .addColumn('party_ids', sql`text[]`, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total_minor', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('last_position', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rm_orders_updated_idx').on('rm_orders').columns(['updated_at', 'order_id']).execute();
      await db.schema.createIndex('rm_orders_status_idx').on('rm_orders').columns(['status', 'updated_at', 'order_id']).execute();
      await db.schema.createIndex('rm_orders_partner_idx').on('rm_orders').columns(['channel_partner_id', 'updated_at', 'order_id']).execute();
      await sql`create index rm_orders_parties_idx on rm_orders using gin (party_ids)`.execute(db);

      await db.schema
        .createTable('rm_order_lines')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('line_id', 'text', (c) => c.notNull())
        .addColumn('product', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('total_minor', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('partner_id', 'text')
        .addColumn('fulfilled_at', 'timestamptz')
        .addPrimaryKeyConstraint('rm_order_lines_pkey', ['order_id', 'line_id'])
        .execute();
      await db.schema.createIndex('rm_order_lines_partner_idx').on('rm_order_lines').columns(['partner_id', 'fulfilled_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['rm_order_lines', 'rm_orders', 'rm_quotes', 'rm_opportunities']) await db.schema.dropTable(table).execute();
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
