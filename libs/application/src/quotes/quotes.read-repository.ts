import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { Audience } from '@channel-ledger/domain';
import { QuoteRow } from '@channel-ledger/projections/sales/sales.tables';
import { ownAmountSql } from '../audience';
import { eq, ListPaging, keysetList } from '../keyset-list';
import { ReadRepository } from '../read-repository';
import { visibleTo } from '../scope';

export interface QuoteListFilter extends ListPaging {
  status?: string;
  partnerId?: string;
  opportunityId?: string;
}

// The quotes read model, every query scoped to what the caller may see in the SQL.
@Injectable()
export class QuoteReadRepository extends ReadRepository {
  // The list: filters, sorting and keyset pagination.
  list<Item>(actor: Actor, filter: QuoteListFilter, audience: Audience, map: (row: QuoteRow, audience: Audience) => Item) {
    return keysetList(this.db, {
      table: 'rm_quotes',
      id: 'quote_id',
      sorts: {
        updatedAt: { column: 'updated_at', type: 'timestamptz' },
        total: { column: 'total_minor', type: 'bigint', expr: actor.kind === 'partner' ? ownAmountSql(actor, 'rm_quotes', 'total_minor') : undefined },
        validUntil: { column: 'valid_until', type: 'timestamptz' },
      },
      defaultSort: 'updatedAt',
      paging: filter,
      where: [visibleTo(actor, 'channel_partner_id'), ...eq('status', filter.status), ...eq('channel_partner_id', filter.partnerId), ...eq('opportunity_id', filter.opportunityId)],
      map: (r: QuoteRow) => map(r, audience),
    });
  }
}
