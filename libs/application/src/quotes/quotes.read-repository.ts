import { Inject, Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { Audience } from '@channel-ledger/domain';
import { READ_DB } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { QuoteRow } from '@channel-ledger/projections/sales/sales.tables';
import { ownAmountSql, readAudience } from '../audience';
import { eq, keysetList } from '../keyset-list';
import { visibleTo } from '../scope';

export interface QuoteListFilter {
  status?: string;
  partnerId?: string;
  opportunityId?: string;
  sort?: string;
  order?: string;
  limit?: number;
  cursor?: string;
}

// The quotes read model, every query scoped to what the caller may see in the SQL.
@Injectable()
export class QuoteReadRepository {
  constructor(@Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>) {}

  // Which partners' fields the caller may read in the answer.
  audience(actor: Actor): Promise<Audience> {
    return readAudience(this.db, actor);
  }

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
      sort: filter.sort ?? 'updatedAt',
      desc: (filter.order ?? 'desc') === 'desc',
      limit: filter.limit ?? 25,
      cursor: filter.cursor,
      where: [visibleTo(actor, 'channel_partner_id'), ...eq('status', filter.status), ...eq('channel_partner_id', filter.partnerId), ...eq('opportunity_id', filter.opportunityId)],
      map: (r: QuoteRow) => map(r, audience),
    });
  }
}
