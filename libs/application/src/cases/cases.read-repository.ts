import { Injectable } from '@nestjs/common';
import { RawBuilder, SqlBool, sql } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { Audience } from '@channel-ledger/domain';
import { CaseRow } from '@channel-ledger/projections/support/support.tables';
import { ListPaging, keysetList } from '../keyset-list';
import { ReadRepository } from '../read-repository';
import { visibleTo } from '../scope';

export interface CaseListFilter extends ListPaging {
  status?: string;
  priority?: string;
  partnerId?: string;
  breached?: boolean;
}

// SLA breaches depend on time passing, not on events: computed when read, against the application clock. While a
// case is on hold its clock stands still at the moment it was put on hold.
export function slaBreachSql(now: Date) {
  const effectiveNow = sql`coalesce(held_since, ${now.toISOString()}::timestamptz)`;
  return {
    firstResponse: sql<SqlBool>`coalesce(first_responded_at, ${effectiveNow}) > first_response_due_at`,
    resolution: sql<SqlBool>`coalesce(resolved_at, ${effectiveNow}) > resolution_due_at`,
  };
}

// The cases read model, every query scoped to what the caller may see in the SQL.
@Injectable()
export class CaseReadRepository extends ReadRepository {
  // The list: filters, sorting and keyset pagination; breaches measured at now.
  list<Item>(actor: Actor, filter: CaseListFilter, now: Date, audience: Audience, map: (row: CaseRow, audience: Audience) => Item) {
    const breach = slaBreachSql(now);
    const breached = sql<SqlBool>`(${breach.firstResponse} or ${breach.resolution})`;
    const where: RawBuilder<SqlBool>[] = [visibleTo(actor, 'partner_id')];
    if (filter.status) where.push(sql<SqlBool>`status = ${filter.status}`);
    if (filter.priority) where.push(sql<SqlBool>`priority = ${filter.priority}`);
    if (filter.partnerId) where.push(sql<SqlBool>`partner_id = ${filter.partnerId}`);
    if (filter.breached !== undefined) where.push(filter.breached ? breached : sql<SqlBool>`not ${breached}`);
    return keysetList(this.db, {
      table: 'rm_cases',
      id: 'case_id',
      sorts: { updatedAt: { column: 'updated_at', type: 'timestamptz' }, openedAt: { column: 'opened_at', type: 'timestamptz' }, resolutionDue: { column: 'resolution_due_at', type: 'timestamptz' } },
      defaultSort: 'updatedAt',
      paging: filter,
      where,
      map: (r: CaseRow) => map(r, audience),
    });
  }
}
