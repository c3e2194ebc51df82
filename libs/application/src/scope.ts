import { RawBuilder, SqlBool, sql } from 'kysely';
import { Actor } from '@channel-ledger/auth';

// The partner filter every partner-owned read model query carries, inside the SQL: enterprise roles see all,
// an associate its own organisation, a manager its organisation and every descendant (from the closure table
// the partner directory projection maintains). Counts and totals come from the same filtered rows.
export function visibleTo(actor: Actor, column: string): RawBuilder<SqlBool> {
  if (actor.kind === 'enterprise') return sql<SqlBool>`true`;
  if (!actor.roles.includes('partner_manager')) return sql<SqlBool>`${sql.ref(column)} = ${actor.partnerId}`;
  return sql<SqlBool>`${sql.ref(column)} in (select partner_id from rm_partner_closure where ancestor_id = ${actor.partnerId})`;
}

// The same rule for records with several parties (an order's channel partner and line partners): visible when
// any party is.
export function anyVisibleTo(actor: Actor, arrayColumn: string): RawBuilder<SqlBool> {
  if (actor.kind === 'enterprise') return sql<SqlBool>`true`;
  if (!actor.roles.includes('partner_manager')) return sql<SqlBool>`${actor.partnerId} = any(${sql.ref(arrayColumn)})`;
  return sql<SqlBool>`${sql.ref(arrayColumn)} && array(select partner_id from rm_partner_closure where ancestor_id = ${actor.partnerId})`;
}
