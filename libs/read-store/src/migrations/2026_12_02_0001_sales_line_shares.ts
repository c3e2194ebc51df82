import { Kysely, sql } from 'kysely';

// Each line's partner (its own, else the record's channel partner) and amount, side by side, so that the figures a
// partner reads of a record with several partners' lines are the sum of its own lines, computed in the SQL.
const TABLES = ['rm_opportunities', 'rm_quotes', 'rm_orders'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} add column line_partner_ids text[] not null default '{}', add column line_amounts bigint[] not null default '{}'`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql`alter table ${sql.table(table)} drop column line_partner_ids, drop column line_amounts`.execute(db);
}
