import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { Audience } from '@channel-ledger/domain';
import { OrderRow } from '@channel-ledger/projections/sales/sales.tables';
import { ownAmountSql } from '../audience';
import { eq, ListPaging, keysetList } from '../keyset-list';
import { ReadRepository } from '../read-repository';
import { anyVisibleTo } from '../scope';
import { hasParty } from '../opportunities/opportunities.read-repository';

export interface OrderListFilter extends ListPaging {
  status?: string;
  priority?: string;
  partnerId?: string;
}

// The orders read model, every query scoped to what the caller may see in the SQL.
@Injectable()
export class OrderReadRepository extends ReadRepository {
  // The list: filters, sorting and keyset pagination.
  list<Item>(actor: Actor, filter: OrderListFilter, audience: Audience, map: (row: OrderRow, audience: Audience) => Item) {
    return keysetList(this.db, {
      table: 'rm_orders',
      id: 'order_id',
      sorts: {
        updatedAt: { column: 'updated_at', type: 'timestamptz' },
        createdAt: { column: 'created_at', type: 'timestamptz' },
        total: { column: 'total_minor', type: 'bigint', expr: actor.kind === 'partner' ? ownAmountSql(actor, 'rm_orders', 'total_minor') : undefined },
      },
      defaultSort: 'updatedAt',
      paging: filter,
      where: [anyVisibleTo(actor, 'party_ids'), ...eq('status', filter.status), ...eq('priority', filter.priority), ...hasParty(filter.partnerId, audience)],
      map: (r: OrderRow) => map(r, audience),
    });
  }
}
