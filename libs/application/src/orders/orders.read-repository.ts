import { Inject, Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { Audience } from '@channel-ledger/domain';
import { READ_DB } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { OrderRow } from '@channel-ledger/projections/sales/sales.tables';
import { ownAmountSql, readAudience } from '../audience';
import { eq, keysetList } from '../keyset-list';
import { anyVisibleTo } from '../scope';
import { hasParty } from '../opportunities/opportunities.read-repository';

export interface OrderListFilter {
  status?: string;
  priority?: string;
  partnerId?: string;
  sort?: string;
  order?: string;
  limit?: number;
  cursor?: string;
}

// The orders read model, every query scoped to what the caller may see in the SQL.
@Injectable()
export class OrderReadRepository {
  constructor(@Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>) {}

  // Which partners' fields the caller may read in the answer.
  audience(actor: Actor): Promise<Audience> {
    return readAudience(this.db, actor);
  }

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
      sort: filter.sort ?? 'updatedAt',
      desc: (filter.order ?? 'desc') === 'desc',
      limit: filter.limit ?? 25,
      cursor: filter.cursor,
      where: [anyVisibleTo(actor, 'party_ids'), ...eq('status', filter.status), ...eq('priority', filter.priority), ...hasParty(filter.partnerId, audience)],
      map: (r: OrderRow) => map(r, audience),
    });
  }
}
