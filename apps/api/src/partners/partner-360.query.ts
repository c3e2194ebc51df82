import { Controller, Get, Inject, Param, ParseUUIDPipe, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Kysely, sql } from 'kysely';
import { NotFound } from '../../../../libs/domain/src';
import { CLOCK, Clock, READ_DB } from '../../../../libs/platform/src';
import { ReadModelsDB } from '../../../../projections/read-models';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { ReadYourWrites } from '../common/read-your-writes';
import { visibleTo } from '../common/scope';
import { slaBreachSql } from '../cases/cases.queries';

const DAY = 86_400_000;
const INACTIVE_AFTER_DAYS = 90;
const TAB_ROWS = 20;

// Partner 360: one partner's profile, KPI tiles and tabs, aggregated in SQL from the read models. Figures follow
// DESIGN.md's KPI definitions; money is per currency, never summed across currencies.
@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1/partners')
export class Partner360Query {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly freshness: ReadYourWrites,
  ) {}

  @Get(':partnerId/360')
  async partner360(@Param('partnerId', new ParseUUIDPipe({ version: '4' })) partnerId: string, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['partner_directory', 'registrations', 'sales', 'cases', 'partnerships']);
    const db = this.db;
    const profile = await db.selectFrom('rm_partners').selectAll().where('partner_id', '=', partnerId).where(visibleTo(request.actor, 'partner_id')).executeTakeFirst();
    if (!profile) throw new NotFound('partner_not_found', 'partner not found');
    const now = this.clock.now();
    const breach = slaBreachSql(now);

    const [parent, children, members, partnerships, registrationsByState, ordersByState, cases, decisions, opportunities, revenue, registrationToClose, soldProducts, lastActivity, lastRegistration, conflicts] =
      await Promise.all([
        profile.parent_id ? db.selectFrom('rm_partners').select(['partner_id', 'name', 'tier']).where('partner_id', '=', profile.parent_id).executeTakeFirst() : undefined,
        db.selectFrom('rm_partners').select(['partner_id', 'name', 'tier']).where('parent_id', '=', partnerId).orderBy('name').execute(),
        db.selectFrom('rm_members').select(['member_id', 'name', 'email', 'role', 'active']).where('partner_id', '=', partnerId).orderBy('name').execute(),
        db.selectFrom('rm_partnerships').select(['program_id', 'tier', 'status', 'start_date']).where('partner_id', '=', partnerId).orderBy('start_date').execute(),
        db.selectFrom('rm_registrations').select(['status', sql<string>`count(*)`.as('n')]).where('partner_id', '=', partnerId).groupBy('status').execute(),
        db.selectFrom('rm_orders').select(['status', sql<string>`count(*)`.as('n')]).where('channel_partner_id', '=', partnerId).groupBy('status').execute(),
        sql<{ open: string; breached: string }>`
          select count(*) filter (where status not in ('Resolved', 'Closed')) as open,
                 count(*) filter (where ${breach.firstResponse} or ${breach.resolution}) as breached
          from rm_cases where partner_id = ${partnerId}`.execute(db),
        sql<{ approved: string; decided: string; median_hours: number | null }>`
          select count(*) filter (where decision = 'approved') as approved,
                 count(*) filter (where decision is not null) as decided,
                 percentile_cont(0.5) within group (order by extract(epoch from decided_at - submitted_at) / 3600)
                   filter (where decision is not null) as median_hours
          from rm_registrations where partner_id = ${partnerId}`.execute(db),
        sql<{ won: string; closed: string }>`
          select count(*) filter (where stage = 'ClosedWon') as won, count(*) filter (where stage in ('ClosedWon', 'ClosedLost')) as closed
          from rm_opportunities where channel_partner_id = ${partnerId}`.execute(db),
        sql<{ currency: string; sourced: string; influenced: string; won_count: string; won_total: string }>`
          select currency,
                 coalesce(sum(won_amount_minor) filter (where source = 'partner_sourced'), 0) as sourced,
                 coalesce(sum(won_amount_minor) filter (where source = 'partner_influenced'), 0) as influenced,
                 count(*) as won_count,
                 sum(won_amount_minor) as won_total
          from rm_opportunities where channel_partner_id = ${partnerId} and stage = 'ClosedWon'
          group by currency order by currency`.execute(db),
        sql<{ median_days: number | null }>`
          select percentile_cont(0.5) within group (order by extract(epoch from o.closed_at - r.created_at) / 86400) as median_days
          from rm_registrations r join rm_opportunities o on o.registration_id = r.registration_id
          where r.partner_id = ${partnerId} and o.stage = 'ClosedWon'`.execute(db),
        sql<{ product: string; currency: string; quantity: string; total_minor: string }>`
          select product, currency, sum(quantity) as quantity, sum(total_minor) as total_minor
          from rm_order_lines where partner_id = ${partnerId} and fulfilled_at is not null
          group by product, currency order by product, currency`.execute(db),
        sql<{ at: Date | null }>`
          select greatest(
            (select max(updated_at) from rm_partners where partner_id = ${partnerId}),
            (select max(updated_at) from rm_registrations where partner_id = ${partnerId}),
            (select max(updated_at) from rm_opportunities where channel_partner_id = ${partnerId}),
            (select max(updated_at) from rm_orders where channel_partner_id = ${partnerId}),
            (select max(updated_at) from rm_cases where partner_id = ${partnerId})) as at`.execute(db),
        db.selectFrom('rm_registrations').select(sql<Date | null>`max(created_at)`.as('at')).where('partner_id', '=', partnerId).executeTakeFirst(),
        sql<{ conflicted: string; submitted: string }>`
          select count(*) filter (where conflict_count > 0) as conflicted, count(*) filter (where submitted_at is not null) as submitted
          from rm_registrations where partner_id = ${partnerId}`.execute(db),
      ]);

    const [tabCases, tabRegistrations, tabOrders] = await Promise.all([
      db.selectFrom('rm_cases').select(['case_id', 'priority', 'subject', 'status', 'resolution_due_at']).where('partner_id', '=', partnerId).orderBy('updated_at', 'desc').limit(TAB_ROWS).execute(),
      db.selectFrom('rm_registrations').select(['registration_id', 'customer_company', 'status', 'amount_minor', 'currency']).where('partner_id', '=', partnerId).orderBy('updated_at', 'desc').limit(TAB_ROWS).execute(),
      db.selectFrom('rm_orders').select(['order_id', 'account', 'status', 'total_minor', 'currency']).where('channel_partner_id', '=', partnerId).orderBy('updated_at', 'desc').limit(TAB_ROWS).execute(),
    ]);

    const d = decisions.rows[0];
    const opp = opportunities.rows[0];
    const conflict = conflicts.rows[0];
    const lastRegistrationAt = lastRegistration?.at ?? null;
    return {
      profile: {
        partnerId: profile.partner_id,
        name: profile.name,
        partnerType: profile.partner_type,
        tier: profile.tier,
        webDomain: profile.web_domain,
        country: profile.country,
        industry: profile.industry,
        registeredAt: profile.registered_at.toISOString(),
      },
      parent: parent ? { partnerId: parent.partner_id, name: parent.name, tier: parent.tier } : null,
      pointOfContact: profile.point_of_contact,
      kpis: {
        registrationsByState: Object.fromEntries(registrationsByState.map((r) => [r.status, Number(r.n)])),
        ordersByState: Object.fromEntries(ordersByState.map((r) => [r.status, Number(r.n)])),
        openCases: Number(cases.rows[0].open),
        slasBreached: Number(cases.rows[0].breached),
        approvalRate: Number(d.decided) === 0 ? null : Number(d.approved) / Number(d.decided),
        medianHoursToDecision: d.median_hours === null ? null : Number(d.median_hours),
        conflictRate: Number(conflict.submitted) === 0 ? null : Number(conflict.conflicted) / Number(conflict.submitted),
        winRate: Number(opp.closed) === 0 ? null : Number(opp.won) / Number(opp.closed),
        revenue: revenue.rows.map((r) => ({
          currency: r.currency,
          sourcedMinor: Number(r.sourced),
          influencedMinor: Number(r.influenced),
          averageDealSizeMinor: Math.round(Number(r.won_total) / Number(r.won_count)),
        })),
        medianDaysRegistrationToClose: registrationToClose.rows[0].median_days === null ? null : Number(registrationToClose.rows[0].median_days),
        lastActivityAt: lastActivity.rows[0].at?.toISOString() ?? null,
        inactive: lastRegistrationAt === null || now.getTime() - lastRegistrationAt.getTime() > INACTIVE_AFTER_DAYS * DAY,
      },
      tabs: {
        members: members.map((m) => ({ memberId: m.member_id, name: m.name, email: m.email, role: m.role, active: m.active })),
        partnerships: partnerships.map((p) => ({ programId: p.program_id, tier: p.tier, status: p.status, startDate: p.start_date })),
        childPartners: children.map((c) => ({ partnerId: c.partner_id, name: c.name, tier: c.tier })),
        cases: tabCases.map((c) => ({ caseId: c.case_id, priority: c.priority, subject: c.subject, status: c.status, resolutionDueAt: c.resolution_due_at.toISOString() })),
        registrations: tabRegistrations.map((r) => ({ registrationId: r.registration_id, customer: r.customer_company, status: r.status, amountMinor: Number(r.amount_minor), currency: r.currency })),
        orders: tabOrders.map((o) => ({ orderId: o.order_id, account: o.account, status: o.status, totalMinor: Number(o.total_minor), currency: o.currency })),
        soldProducts: soldProducts.rows.map((p) => ({ product: p.product, currency: p.currency, quantity: Number(p.quantity), totalMinor: Number(p.total_minor) })),
      },
    };
  }
}
