import { UuidParam } from '../common/uuid-param';
import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { Kysely, SqlBool, sql } from 'kysely';
import {
  ConflictMatch,
  NotFound,
  REGISTRATION_STATUSES,
  REGISTRATION_TYPES,
  approvalHistoryEntryView,
  present,
  registrationRowView,
} from '@channel-ledger/domain';
import { READ_DB } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { RegistrationRow } from '@channel-ledger/projections/registrations/registrations.tables';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { readAudience, visibleTo } from '@channel-ledger/application';
import { eq, keysetList } from '../common/keyset-list';
import { ListQuery } from '../common/list-query.dto';
import { ReadYourWrites } from '../common/read-your-writes';

const STATUS_LIST = new RegExp(`^(${REGISTRATION_STATUSES.join('|')})(,(${REGISTRATION_STATUSES.join('|')}))*$`);

export class ListRegistrationsQuery extends ListQuery {
  @IsOptional() @Matches(STATUS_LIST, { message: `status must be a comma-separated list of ${REGISTRATION_STATUSES.join(', ')}` }) status?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @IsUUID() programId?: string;
  @IsOptional() @IsIn(REGISTRATION_TYPES) type?: string;
  @IsOptional() @IsIn(['updatedAt', 'submittedAt', 'amount']) sort?: string;
}

@ApiTags('deal registrations')
@ApiBearerAuth()
@Controller('v1/deal-registrations')
export class DealRegistrationQueries {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>,
    private readonly freshness: ReadYourWrites,
  ) {}

  // The workspace list: filters, sorting and keyset pagination, scoped to what the caller may see in the SQL.
  @Get()
  async list(@Query() query: ListRegistrationsQuery, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['registrations', 'partner_directory']);
    const sort = query.sort ?? 'updatedAt';
    const where = [visibleTo(request.actor, 'partner_id'), ...eq('partner_id', query.partnerId), ...eq('program_id', query.programId), ...eq('registration_type', query.type)];
    if (query.status) where.push(sql<SqlBool>`status in (${sql.join(query.status.split(','))})`);
    // Not yet submitted registrations have no place in an order by submission time.
    if (sort === 'submittedAt') where.push(sql<SqlBool>`submitted_at is not null`);
    const audience = await readAudience(this.db, request.actor);
    return keysetList(this.db, {
      table: 'rm_registrations',
      id: 'registration_id',
      sorts: {
        updatedAt: { column: 'updated_at', type: 'timestamptz' },
        submittedAt: { column: 'submitted_at', type: 'timestamptz' },
        amount: { column: 'amount_minor', type: 'bigint' },
      },
      sort,
      desc: (query.order ?? 'desc') === 'desc',
      limit: query.limit ?? 25,
      cursor: query.cursor,
      where,
      map: (r: RegistrationRow) => present(registrationRowView, toRegistration(r), audience),
    });
  }

  // Every state change, who made it and why, from the append-only approval history.
  @Get(':registrationId/approval-history')
  async history(@Param('registrationId', new UuidParam()) registrationId: string, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['deal_approval_history', 'partner_directory']);
    const rows = await this.db
      .selectFrom('rm_deal_approval_history')
      .selectAll()
      .where('registration_id', '=', registrationId)
      .where(visibleTo(request.actor, 'partner_id'))
      .orderBy('position')
      .execute();
    if (rows.length === 0) throw new NotFound('registration_not_found', 'deal registration not found');
    const audience = await readAudience(this.db, request.actor);
    return rows.map((r) =>
      present(
        approvalHistoryEntryView,
        {
          position: r.position,
          eventType: r.event_type,
          from: r.from_status,
          to: r.to_status,
          actor: r.actor_id ? { userId: r.actor_id, role: r.actor_role } : null,
          reason: r.reason,
          conflicts: r.conflicts as ConflictMatch[] | null,
          at: r.at.toISOString(),
        },
        audience,
      ),
    );
  }
}

function toRegistration(r: RegistrationRow) {
  return {
    registrationId: r.registration_id,
    partnerId: r.partner_id,
    programId: r.program_id,
    registrationType: r.registration_type,
    status: r.status,
    customer: { companyName: r.customer_company, domain: r.customer_domain, contactEmail: r.contact_email },
    estimatedSize: { amountMinor: Number(r.amount_minor), currency: r.currency },
    expectedCloseDate: r.expected_close_date,
    conflictCount: r.conflict_count,
    createdAt: r.created_at.toISOString(),
    submittedAt: r.submitted_at?.toISOString() ?? null,
    decidedAt: r.decided_at?.toISOString() ?? null,
    protectedUntil: r.protected_until?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
  };
}
