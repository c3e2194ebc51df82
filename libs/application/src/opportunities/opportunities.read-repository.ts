import { Injectable } from '@nestjs/common';
import { RawBuilder, SqlBool, sql } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { Audience, LineShare } from '@channel-ledger/domain';
import { OpportunityRow } from '@channel-ledger/projections/sales/sales.tables';
import { ownAmountSql } from '../audience';
import { eq, ListPaging, keysetList } from '../keyset-list';
import { ReadRepository } from '../read-repository';
import { anyVisibleTo } from '../scope';

export interface OpportunityListFilter extends ListPaging {
  stage?: string;
  source?: string;
  partnerId?: string;
}

// Each line's partner and amount, as the partner views read them.
export const sharesOf = (r: { line_partner_ids: (string | null)[]; line_amounts: string[] }): LineShare[] => r.line_partner_ids.map((partnerId, i) => ({ partnerId, amountMinor: Number(r.line_amounts[i]) }));

// A partner filtering by a partner it may not see finds nothing: otherwise the filter would tell it which of its
// records that partner has a line on.
export const hasParty = (value: string | undefined, audience: Audience): RawBuilder<SqlBool>[] =>
  value === undefined ? [] : audience.kind === 'partner' && !audience.sees(value) ? [sql<SqlBool>`false`] : [sql<SqlBool>`${value} = any(party_ids)`];

// The opportunities read model, every query scoped to what the caller may see in the SQL.
@Injectable()
export class OpportunityReadRepository extends ReadRepository {
  // The list: filters, sorting and keyset pagination.
  list<Item>(actor: Actor, filter: OpportunityListFilter, audience: Audience, map: (row: OpportunityRow, audience: Audience) => Item) {
    return keysetList(this.db, {
      table: 'rm_opportunities',
      id: 'opportunity_id',
      sorts: {
        updatedAt: { column: 'updated_at', type: 'timestamptz' },
        createdAt: { column: 'created_at', type: 'timestamptz' },
        amount: { column: 'amount_minor', type: 'bigint', expr: actor.kind === 'partner' ? ownAmountSql(actor, 'rm_opportunities', 'amount_minor') : undefined },
      },
      defaultSort: 'updatedAt',
      paging: filter,
      where: [anyVisibleTo(actor, 'party_ids'), ...eq('stage', filter.stage), ...eq('source', filter.source), ...hasParty(filter.partnerId, audience)],
      map: (r: OpportunityRow) => map(r, audience),
    });
  }
}
