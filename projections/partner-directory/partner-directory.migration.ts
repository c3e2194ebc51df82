import { Kysely, sql } from 'kysely';
import { ReadStoreMigrations } from '@channel-ledger/read-store';

// The partner directory's tables, under the names of the read store migrations that first made them (frozen: the
// database records them as applied).
export const partnerDirectoryMigrations: ReadStoreMigrations = {
  '2026_11_22_0004_partner_and_registration_read_models': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        create table rm_partners (
          partner_id text primary key, name text not null, partner_type text not null, tier text not null,
          parent_id text, web_domain text not null, country text not null, industry text not null,
          point_of_contact text, registered_at timestamptz not null, updated_at timestamptz not null,
          last_position text not null
        )`.execute(db);
      await sql`create index rm_partners_name_idx on rm_partners (name, partner_id)`.execute(db);
      await sql`create index rm_partners_tier_idx on rm_partners (tier, name, partner_id)`.execute(db);
      await sql`create index rm_partners_parent_idx on rm_partners (parent_id)`.execute(db);

      // Every (ancestor, descendant) pair, self included at depth 0: partner scoping is one join inside the SQL.
      await sql`
        create table rm_partner_closure (
          ancestor_id text not null, partner_id text not null, depth integer not null,
          constraint rm_partner_closure_pkey primary key (ancestor_id, partner_id)
        )`.execute(db);
      await sql`create index rm_partner_closure_partner_idx on rm_partner_closure (partner_id)`.execute(db);

      await sql`
        create table rm_members (
          member_id text primary key, partner_id text not null, name text not null, email text not null,
          role text not null, active boolean not null, updated_at timestamptz not null, last_position text not null
        )`.execute(db);
      await sql`create index rm_members_partner_idx on rm_members (partner_id, name, member_id)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['rm_members', 'rm_partner_closure', 'rm_partners']) await sql`drop table ${sql.table(table)}`.execute(db);
    },
  },
  '2026_11_22_0006_list_indexes': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create index rm_members_name_idx on rm_members (name, member_id)`.execute(db);
      // Name prefix search (q=): lower(name) with pattern ops, so "like 'acm%'" is an index range.
      await sql`create index rm_partners_name_prefix_idx on rm_partners (lower(name) text_pattern_ops)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index rm_partners_name_prefix_idx`.execute(db);
      await sql`drop index rm_members_name_idx`.execute(db);
    },
  },
};
