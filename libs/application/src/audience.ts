import { Kysely, RawBuilder, SqlBool, sql } from 'kysely';
import { Audience, ENTERPRISE, partnerAudience } from '@channel-ledger/domain';
import { Actor } from '@channel-ledger/auth';
import { PartnerDirectory } from './partner-directory';

// Whom an answer is for, resolved for the partners a record names: from the log (as the record's own visibility
// is) for a record read from its stream.
export async function audienceOf(directory: PartnerDirectory, actor: Actor, partnerIds: (string | null | undefined)[]): Promise<Audience> {
  if (actor.kind === 'enterprise') return ENTERPRISE;
  const ids = [...new Set(partnerIds.filter((p): p is string => !!p))];
  const seen = await Promise.all(ids.map(async (id) => ((await directory.canSee(actor, id)) ? id : undefined)));
  return partnerAudience(seen.filter((id): id is string => id !== undefined));
}

// The same for rows of the read models, from the hierarchy the list filters themselves read (the closure table).
export async function readAudience(db: Kysely<any>, actor: Actor): Promise<Audience> {
  if (actor.kind === 'enterprise') return ENTERPRISE;
  if (!actor.roles.includes('partner_manager')) return partnerAudience([actor.partnerId]);
  const { rows } = await sql<{ partner_id: string }>`select partner_id from rm_partner_closure where ancestor_id = ${actor.partnerId}`.execute(db);
  return partnerAudience([actor.partnerId, ...rows.map((r) => r.partner_id)]);
}

// Inside the SQL: whether the caller may see the partner an expression names (null, the enterprise's, never).
export function seesPartner(actor: Actor, partnerId: RawBuilder<unknown>): RawBuilder<SqlBool> {
  if (actor.kind === 'enterprise') return sql<SqlBool>`true`;
  if (!actor.roles.includes('partner_manager')) return sql<SqlBool>`coalesce(${partnerId} = ${actor.partnerId}, false)`;
  return sql<SqlBool>`coalesce(${partnerId} in (select partner_id from rm_partner_closure where ancestor_id = ${actor.partnerId}), false)`;
}

// The part of a sales record's amount that is the caller's: the sum of the lines of partners it may see (all of
// it for the enterprise). `alias` is the row's table alias.
export function ownAmountSql(actor: Actor, alias: string, whole: string): RawBuilder<string> {
  if (actor.kind === 'enterprise') return sql<string>`${sql.ref(`${alias}.${whole}`)}`;
  return sql<string>`(select coalesce(sum(s.amount), 0) from unnest(${sql.ref(`${alias}.line_partner_ids`)}, ${sql.ref(`${alias}.line_amounts`)}) as s(partner_id, amount) where ${seesPartner(actor, sql.ref('s.partner_id'))})`;
}

// Whether the caller may see every line of a sales record (and so the figures of the whole deal).
export function seesEveryLine(actor: Actor, alias: string): RawBuilder<SqlBool> {
  if (actor.kind === 'enterprise') return sql<SqlBool>`true`;
  return sql<SqlBool>`not exists (select 1 from unnest(${sql.ref(`${alias}.line_partner_ids`)}) as s(partner_id) where not ${seesPartner(actor, sql.ref('s.partner_id'))})`;
}
