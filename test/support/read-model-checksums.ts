import { Kysely, sql } from 'kysely';

// Every read table of the read models, with the key its rows are ordered by for a checksum.
export const READ_TABLES: [string, string][] = [
  ['rm_partners', 'partner_id'],
  ['rm_partner_closure', 'ancestor_id, partner_id'],
  ['rm_members', 'member_id'],
  ['rm_registrations', 'registration_id'],
  ['rm_deal_approval_history', 'position'],
  ['rm_partnerships', 'partner_id, program_id'],
  ['rm_opportunities', 'opportunity_id'],
  ['rm_quotes', 'quote_id'],
  ['rm_orders', 'order_id'],
  ['rm_order_lines', 'order_id, line_id'],
  ['rm_cases', 'case_id'],
  ['rm_partner_kpi_records', 'record_id'],
  ['rm_partner_kpis', 'partner_id'],
  ['pipeline_items', 'side, record_id'],
  ['pipeline_groups', 'group_key'],
];

// Row count and an md5 over every row of each read table: equal checksums mean equal tables.
export async function readModelChecksums<DB>(db: Kysely<DB>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, key] of READ_TABLES) {
    const { rows } = await sql<{ sum: string; n: string }>`select md5(coalesce(string_agg(t::text, '|' order by ${sql.raw(key)}), '')) as sum, count(*) as n from ${sql.table(table)} t`.execute(db);
    out[table] = `${rows[0].n}:${rows[0].sum}`;
  }
  return out;
}
