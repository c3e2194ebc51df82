import { Injectable } from '@nestjs/common';
import { Selectable, SqlBool, sql } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { ReadModelsDB } from '@channel-ledger/projections';
import { RegistrationRow } from '@channel-ledger/projections/registrations/registrations.tables';
import { eq, ListPaging, keysetList } from '../keyset-list';
import { ReadRepository } from '../read-repository';
import { visibleTo } from '../scope';

type ApprovalHistoryRow = Selectable<ReadModelsDB['rm_deal_approval_history']>;

export interface RegistrationListFilter extends ListPaging {
  status?: string;
  partnerId?: string;
  programId?: string;
  type?: string;
}

// The registration read models, every query scoped to what the caller may see in the SQL.
@Injectable()
export class RegistrationReadRepository extends ReadRepository {
  // The workspace list: filters, sorting and keyset pagination.
  list<Item>(actor: Actor, query: RegistrationListFilter, map: (row: RegistrationRow) => Item) {
    const sort = query.sort ?? 'updatedAt';
    const where = [visibleTo(actor, 'partner_id'), ...eq('partner_id', query.partnerId), ...eq('program_id', query.programId), ...eq('registration_type', query.type)];
    if (query.status) where.push(sql<SqlBool>`status in (${sql.join(query.status.split(','))})`);
    // Not yet submitted registrations have no place in an order by submission time.
    if (sort === 'submittedAt') where.push(sql<SqlBool>`submitted_at is not null`);
    return keysetList(this.db, {
      table: 'rm_registrations',
      id: 'registration_id',
      sorts: {
        updatedAt: { column: 'updated_at', type: 'timestamptz' },
        submittedAt: { column: 'submitted_at', type: 'timestamptz' },
        amount: { column: 'amount_minor', type: 'bigint' },
      },
      defaultSort: 'updatedAt',
      paging: query,
      where,
      map,
    });
  }

  // Every state change of one registration, in order.
  approvalHistory(actor: Actor, registrationId: string): Promise<ApprovalHistoryRow[]> {
    return this.db
      .selectFrom('rm_deal_approval_history')
      .selectAll()
      .where('registration_id', '=', registrationId)
      .where(visibleTo(actor, 'partner_id'))
      .orderBy('position')
      .execute();
  }
}
