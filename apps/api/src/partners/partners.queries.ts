import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Kysely, sql } from 'kysely';
import { TIERS } from '@channel-ledger/domain';
import { READ_DB } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { decodeCursor, pageOf } from '../common/pagination';
import { ReadYourWrites } from '../common/read-your-writes';
import { visibleTo, readAudience } from '@channel-ledger/application';
import { partnerRowView, present } from '@channel-ledger/domain/views';

export class ListPartnersQuery {
  @IsOptional() @IsIn(TIERS) tier?: string;
  @IsOptional() @IsUUID() parentId?: string;
  // Name prefix, case-insensitive.
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsString() cursor?: string;
  @IsOptional() @IsString() minPosition?: string;
}

export class ListMembersQuery {
  @IsOptional() @IsUUID() partnerId?: string;
  // Query strings are text: only "true" and "false" are booleans here.
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() active?: boolean;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsString() cursor?: string;
  @IsOptional() @IsString() minPosition?: string;
}

const PARTNERS_BY_NAME = { list: 'rm_partners', sort: 'name', desc: false };
const MEMBERS_BY_NAME = { list: 'rm_members', sort: 'name', desc: false };

@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1')
export class PartnerQueries {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>,
    private readonly freshness: ReadYourWrites,
  ) {}

  // Partners by name, scoped in the SQL: a partner user sees its organisation (and, as a manager, its descendants).
  @Get('partners')
  async partners(@Query() query: ListPartnersQuery, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['partner_directory']);
    const limit = query.limit ?? 25;
    const cursor = decodeCursor(query.cursor, { ...PARTNERS_BY_NAME, type: 'text' });
    let q = this.db.selectFrom('rm_partners').selectAll().where(visibleTo(request.actor, 'partner_id'));
    if (query.tier) q = q.where('tier', '=', query.tier);
    if (query.parentId) q = q.where('parent_id', '=', query.parentId);
    if (query.q) q = q.where(sql<boolean>`lower(name) like ${`${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    if (cursor) q = q.where(sql<boolean>`(name, partner_id) > (${cursor.value}, ${cursor.id})`);
    const rows = await q.orderBy('name').orderBy('partner_id').limit(limit + 1).execute();
    const audience = await readAudience(this.db, request.actor);
    const page = pageOf(
      rows.map((r) => ({
        partnerId: r.partner_id,
        name: r.name,
        partnerType: r.partner_type,
        tier: r.tier,
        parentId: r.parent_id,
        webDomain: r.web_domain,
        country: r.country,
        industry: r.industry,
        pointOfContact: r.point_of_contact,
        registeredAt: r.registered_at.toISOString(),
      })),
      limit,
      PARTNERS_BY_NAME,
      (r) => ({ value: r.name, id: r.partnerId }),
    );
    return { items: page.items.map((r) => present(partnerRowView, r, audience)), nextCursor: page.nextCursor };
  }

  @Get('members')
  async members(@Query() query: ListMembersQuery, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['partner_directory']);
    const limit = query.limit ?? 25;
    const cursor = decodeCursor(query.cursor, { ...MEMBERS_BY_NAME, type: 'text' });
    let q = this.db.selectFrom('rm_members').selectAll().where(visibleTo(request.actor, 'partner_id'));
    if (query.partnerId) q = q.where('partner_id', '=', query.partnerId);
    if (query.active !== undefined) q = q.where('active', '=', query.active);
    if (cursor) q = q.where(sql<boolean>`(name, member_id) > (${cursor.value}, ${cursor.id})`);
    const rows = await q.orderBy('name').orderBy('member_id').limit(limit + 1).execute();
    return pageOf(
      rows.map((r) => ({ memberId: r.member_id, partnerId: r.partner_id, name: r.name, email: r.email, role: r.role, active: r.active })),
      limit,
      MEMBERS_BY_NAME,
      (r) => ({ value: r.name, id: r.memberId }),
    );
  }
}
