import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Kysely, RawBuilder, SqlBool, sql } from 'kysely';
import {
  Audience,
  LineShare,
  OPPORTUNITY_SOURCES,
  ORDER_PRIORITIES,
  opportunityRowView,
  orderRowView,
  present,
  quoteRowView,
} from '@channel-ledger/domain';
import { READ_DB } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { OpportunityRow, OrderRow, QuoteRow } from '@channel-ledger/projections/sales/sales.tables';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { ownAmountSql, readAudience, anyVisibleTo, visibleTo } from '@channel-ledger/application';
import { eq, keysetList } from '../common/keyset-list';
import { ListQuery } from '../common/list-query.dto';
import { ReadYourWrites } from '../common/read-your-writes';

const OPPORTUNITY_STAGES = ['Qualify', 'Develop', 'Negotiate', 'ClosedWon', 'ClosedLost'] as const;
const QUOTE_STATUSES = ['Draft', 'Submitted', 'Approved', 'Rejected', 'Accepted', 'Expired'] as const;
const ORDER_STATUSES = ['Draft', 'Submitted', 'InFulfillment', 'Fulfilled', 'Closed', 'Cancelled'] as const;

export class ListOpportunitiesQuery extends ListQuery {
  @IsOptional() @IsIn(OPPORTUNITY_STAGES) stage?: string;
  @IsOptional() @IsIn(OPPORTUNITY_SOURCES) source?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @IsIn(['updatedAt', 'amount', 'createdAt']) sort?: string;
}

export class ListQuotesQuery extends ListQuery {
  @IsOptional() @IsIn(QUOTE_STATUSES) status?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @IsUUID() opportunityId?: string;
  @IsOptional() @IsIn(['updatedAt', 'total', 'validUntil']) sort?: string;
}

export class ListOrdersQuery extends ListQuery {
  @IsOptional() @IsIn(ORDER_STATUSES) status?: string;
  @IsOptional() @IsIn(ORDER_PRIORITIES) priority?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @IsIn(['updatedAt', 'total', 'createdAt']) sort?: string;
}

// Each line's partner and amount, as the partner views read them.
const sharesOf = (r: { line_partner_ids: (string | null)[]; line_amounts: string[] }): LineShare[] => r.line_partner_ids.map((partnerId, i) => ({ partnerId, amountMinor: Number(r.line_amounts[i]) }));

// A partner filtering by a partner it may not see finds nothing: otherwise the filter would tell it which of its
// records that partner has a line on.
const hasParty = (value: string | undefined, audience: Audience): RawBuilder<SqlBool>[] =>
  value === undefined ? [] : audience.kind === 'partner' && !audience.sees(value) ? [sql<SqlBool>`false`] : [sql<SqlBool>`${value} = any(party_ids)`];

@ApiTags('opportunities')
@ApiBearerAuth()
@Controller('v1')
export class SalesQueries {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>,
    private readonly freshness: ReadYourWrites,
  ) {}

  @Get('opportunities')
  async opportunities(@Query() q: ListOpportunitiesQuery, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['sales', 'partner_directory']);
    const audience = await readAudience(this.db, request.actor);
    return keysetList(this.db, {
      table: 'rm_opportunities',
      id: 'opportunity_id',
      sorts: {
        updatedAt: { column: 'updated_at', type: 'timestamptz' },
        createdAt: { column: 'created_at', type: 'timestamptz' },
        amount: { column: 'amount_minor', type: 'bigint', expr: request.actor.kind === 'partner' ? ownAmountSql(request.actor, 'rm_opportunities', 'amount_minor') : undefined },
      },
      sort: q.sort ?? 'updatedAt',
      desc: (q.order ?? 'desc') === 'desc',
      limit: q.limit ?? 25,
      cursor: q.cursor,
      where: [anyVisibleTo(request.actor, 'party_ids'), ...eq('stage', q.stage), ...eq('source', q.source), ...hasParty(q.partnerId, audience)],
      map: (r: OpportunityRow) => present(opportunityRowView, {
        opportunityId: r.opportunity_id,
        registrationId: r.registration_id,
        name: r.name,
        accountName: r.account_name,
        source: r.source,
        channelPartnerId: r.channel_partner_id,
        stage: r.stage,
        amount: { amountMinor: Number(r.amount_minor), currency: r.currency },
        wonAmountMinor: r.won_amount_minor === null ? null : Number(r.won_amount_minor),
        lossReason: r.loss_reason,
        expectedCloseDate: r.expected_close_date,
        createdAt: r.created_at.toISOString(),
        closedAt: r.closed_at?.toISOString() ?? null,
        updatedAt: r.updated_at.toISOString(),
        currency: r.currency,
        lineShares: sharesOf(r),
      }, audience),
    });
  }

  @Get('quotes')
  async quotes(@Query() q: ListQuotesQuery, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['sales', 'partner_directory']);
    const audience = await readAudience(this.db, request.actor);
    return keysetList(this.db, {
      table: 'rm_quotes',
      id: 'quote_id',
      sorts: {
        updatedAt: { column: 'updated_at', type: 'timestamptz' },
        total: { column: 'total_minor', type: 'bigint', expr: request.actor.kind === 'partner' ? ownAmountSql(request.actor, 'rm_quotes', 'total_minor') : undefined },
        validUntil: { column: 'valid_until', type: 'timestamptz' },
      },
      sort: q.sort ?? 'updatedAt',
      desc: (q.order ?? 'desc') === 'desc',
      limit: q.limit ?? 25,
      cursor: q.cursor,
      where: [visibleTo(request.actor, 'channel_partner_id'), ...eq('status', q.status), ...eq('channel_partner_id', q.partnerId), ...eq('opportunity_id', q.opportunityId)],
      map: (r: QuoteRow) =>
        present(
          quoteRowView,
          {
            quoteId: r.quote_id,
            opportunityId: r.opportunity_id,
            channelPartnerId: r.channel_partner_id,
            status: r.status,
            version: r.version,
            total: { amountMinor: Number(r.total_minor), currency: r.currency },
            validUntil: r.valid_until.toISOString(),
            updatedAt: r.updated_at.toISOString(),
            currency: r.currency,
            lineShares: sharesOf(r),
          },
          audience,
        ),
    });
  }

  @Get('orders')
  async orders(@Query() q: ListOrdersQuery, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['sales', 'partner_directory']);
    const audience = await readAudience(this.db, request.actor);
    return keysetList(this.db, {
      table: 'rm_orders',
      id: 'order_id',
      sorts: {
        updatedAt: { column: 'updated_at', type: 'timestamptz' },
        createdAt: { column: 'created_at', type: 'timestamptz' },
        total: { column: 'total_minor', type: 'bigint', expr: request.actor.kind === 'partner' ? ownAmountSql(request.actor, 'rm_orders', 'total_minor') : undefined },
      },
      sort: q.sort ?? 'updatedAt',
      desc: (q.order ?? 'desc') === 'desc',
      limit: q.limit ?? 25,
      cursor: q.cursor,
      where: [anyVisibleTo(request.actor, 'party_ids'), ...eq('status', q.status), ...eq('priority', q.priority), ...hasParty(q.partnerId, audience)],
      map: (r: OrderRow) => present(orderRowView, {
        orderId: r.order_id,
        quoteId: r.quote_id,
        account: r.account,
        orderType: r.order_type,
        priority: r.priority,
        channelPartnerId: r.channel_partner_id,
        status: r.status,
        total: { amountMinor: Number(r.total_minor), currency: r.currency },
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        currency: r.currency,
        lineShares: sharesOf(r),
      }, audience),
    });
  }
}
