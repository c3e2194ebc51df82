import { Kysely, sql } from 'kysely';

// An index for every filter and sort the list endpoints offer, each ending in the row id for keyset paging.
const INDEXES: [string, string, string[]][] = [
  ['rm_registrations_type_idx', 'rm_registrations', ['registration_type', 'updated_at', 'registration_id']],
  ['rm_members_name_idx', 'rm_members', ['name', 'member_id']],
  ['rm_opportunities_source_idx', 'rm_opportunities', ['source', 'updated_at', 'opportunity_id']],
  ['rm_opportunities_created_idx', 'rm_opportunities', ['created_at', 'opportunity_id']],
  ['rm_opportunities_amount_idx', 'rm_opportunities', ['amount_minor', 'opportunity_id']],
  ['rm_quotes_opportunity_idx', 'rm_quotes', ['opportunity_id', 'updated_at', 'quote_id']],
  ['rm_quotes_total_idx', 'rm_quotes', ['total_minor', 'quote_id']],
  ['rm_quotes_valid_until_idx', 'rm_quotes', ['valid_until', 'quote_id']],
  ['rm_orders_priority_idx', 'rm_orders', ['priority', 'updated_at', 'order_id']],
  ['rm_orders_created_idx', 'rm_orders', ['created_at', 'order_id']],
  ['rm_orders_total_idx', 'rm_orders', ['total_minor', 'order_id']],
  ['rm_cases_opened_idx', 'rm_cases', ['opened_at', 'case_id']],
  ['rm_cases_resolution_due_idx', 'rm_cases', ['resolution_due_at', 'case_id']],
  ['rm_opportunities_registration_idx', 'rm_opportunities', ['registration_id']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
  // Name prefix search (q=): lower(name) with pattern ops, so "like 'acm%'" is an index range.
  await sql`create index rm_partners_name_prefix_idx on rm_partners (lower(name) text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index rm_partners_name_prefix_idx`.execute(db);
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
