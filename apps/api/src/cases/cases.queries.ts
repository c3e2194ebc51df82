import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { Kysely, RawBuilder, SqlBool, sql } from 'kysely';
import { CASE_PRIORITIES } from '@channel-ledger/domain';
import { CLOCK, Clock, READ_DB } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { CaseRow } from '@channel-ledger/projections/support/support.tables';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { keysetList } from '../common/keyset-list';
import { ListQuery } from '../common/list-query.dto';
import { ReadYourWrites } from '../common/read-your-writes';
import { visibleTo, readAudience } from '@channel-ledger/application';
import { caseRowView, present } from '@channel-ledger/domain/views';

const CASE_STATUSES = ['New', 'InProgress', 'OnHold', 'Resolved', 'Closed', 'Reopened'] as const;

// SLA breaches depend on time passing, not on events: computed when read, against the application clock. While a
// case is on hold its clock stands still at the moment it was put on hold.
export function slaBreachSql(now: Date) {
  const effectiveNow = sql`coalesce(held_since, ${now.toISOString()}::timestamptz)`;
  return {
    firstResponse: sql<SqlBool>`coalesce(first_responded_at, ${effectiveNow}) > first_response_due_at`,
    resolution: sql<SqlBool>`coalesce(resolved_at, ${effectiveNow}) > resolution_due_at`,
  };
}

export class ListCasesQuery extends ListQuery {
  @IsOptional() @IsIn(CASE_STATUSES) status?: string;
  @IsOptional() @IsIn(CASE_PRIORITIES) priority?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() breached?: boolean;
  @IsOptional() @IsIn(['updatedAt', 'openedAt', 'resolutionDue']) sort?: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CaseQueries {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly freshness: ReadYourWrites,
  ) {}

  @Get()
  async list(@Query() q: ListCasesQuery, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['cases', 'partner_directory']);
    const breach = slaBreachSql(this.clock.now());
    const breached = sql<SqlBool>`(${breach.firstResponse} or ${breach.resolution})`;
    const where: RawBuilder<SqlBool>[] = [visibleTo(request.actor, 'partner_id')];
    if (q.status) where.push(sql<SqlBool>`status = ${q.status}`);
    if (q.priority) where.push(sql<SqlBool>`priority = ${q.priority}`);
    if (q.partnerId) where.push(sql<SqlBool>`partner_id = ${q.partnerId}`);
    if (q.breached !== undefined) where.push(q.breached ? breached : sql<SqlBool>`not ${breached}`);
    const now = this.clock.now();
    const effective = (r: CaseRow) => (r.held_since ?? now).getTime();
    const audience = await readAudience(this.db, request.actor);
    return keysetList(this.db, {
      table: 'rm_cases',
      id: 'case_id',
      sorts: { updatedAt: { column: 'updated_at', type: 'timestamptz' }, openedAt: { column: 'opened_at', type: 'timestamptz' }, resolutionDue: { column: 'resolution_due_at', type: 'timestamptz' } },
      sort: q.sort ?? 'updatedAt',
      desc: (q.order ?? 'desc') === 'desc',
      limit: q.limit ?? 25,
      cursor: q.cursor,
      where,
      map: (r: CaseRow) => present(caseRowView, {
        caseId: r.case_id,
        partnerId: r.partner_id,
        priority: r.priority,
        subject: r.subject,
        about: r.about,
        status: r.status,
        assigneeId: r.assignee_id,
        firstResponseDueAt: r.first_response_due_at.toISOString(),
        resolutionDueAt: r.resolution_due_at.toISOString(),
        firstResponseBreached: (r.first_responded_at?.getTime() ?? effective(r)) > r.first_response_due_at.getTime(),
        resolutionBreached: (r.resolved_at?.getTime() ?? effective(r)) > r.resolution_due_at.getTime(),
        openedAt: r.opened_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      }, audience),
    });
  }
}
