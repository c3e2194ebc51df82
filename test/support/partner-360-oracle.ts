import { Kysely, Selectable, sql } from 'kysely';
import { NotFound } from '@channel-ledger/domain';
import { ReadModelsDB } from '@channel-ledger/projections';
import { executePrepared } from '@channel-ledger/read-store';
import { RmPartnersTable } from '@channel-ledger/projections/partner-directory/partner-directory.tables';
import { Actor } from '@channel-ledger/auth';
import { visibleTo, ownAmountSql, seesEveryLine } from '@channel-ledger/application';
import { slaBreachSql } from '@channel-ledger/application/cases';

const DAY = 86_400_000;
const INACTIVE_AFTER_DAYS = 90;
const TAB_ROWS = 20;

// The one row the statement returns: the partner's columns, and each figure as a column (JSON where it is a list
// or an object).
interface Row360 extends Omit<Selectable<RmPartnersTable>, 'last_position'> {
  parent: { partnerId: string; name: string; tier: string } | null;
  children: { partnerId: string; name: string; tier: string }[];
  members: { memberId: string; name: string; email: string; role: string; active: boolean }[];
  partnerships: { programId: string; tier: string; status: string; startDate: string }[];
  registrations_by_state: Record<string, number>;
  orders_by_state: Record<string, number>;
  cases: { open: number; breached: number };
  registrations: { approved: number; decided: number; medianHours: number | null; conflicted: number; submitted: number; lastCreatedAt: string | null; lastUpdatedAt: string | null };
  opportunities: { won: number; closed: number; lastUpdatedAt: string | null };
  revenue: { currency: string; sourced: number | string; influenced: number | string; wonCount: number; wonTotal: number | string }[];
  median_days: number | null;
  sold_products: { product: string; currency: string; quantity: number | string; totalMinor: number | string }[];
  orders_updated_at: Date | null;
  cases_updated_at: Date | null;
  tab_cases: { caseId: string; priority: string; subject: string; status: string; resolutionDueAt: string }[];
  tab_registrations: { registrationId: string; customer: string; status: string; amountMinor: number | string; currency: string }[];
  tab_orders: { orderId: string; account: string; status: string; totalMinor: number | string; currency: string }[];
}

// Partner 360 as it was computed before the partner_kpis read model: every figure aggregated in SQL over the
// record tables on each request. Kept as the oracle the projected figures are compared with over generated logs.
export async function partner360Oracle(db: Kysely<ReadModelsDB>, partnerId: string, actor: Actor, now: Date) {
  {
    const breach = slaBreachSql(now);
    // One statement, one round trip: every figure is a subquery over the partner's rows (each on an index that
    // starts with the partner), and the caller's visibility is checked inside it: no row, no partner. It runs
    // prepared: planning this statement cost PostgreSQL as much as running it.
    // What a partner reads goes through the same rule as every other answer: no name of a partner it may not see
    // (the parent above its organisation, a sibling), order totals from its own lines, and won revenue only of
    // deals whose every line it may see.
    const query = sql<Row360>`
      with p as (select * from rm_partners where partner_id = ${partnerId} and ${visibleTo(actor, 'partner_id')})
      select p.partner_id, p.name, p.partner_type, p.tier, p.parent_id, p.web_domain, p.country, p.industry, p.point_of_contact, p.registered_at, p.updated_at,
        (select json_build_object('partnerId', x.partner_id, 'name', x.name, 'tier', x.tier) from rm_partners x where x.partner_id = p.parent_id and ${visibleTo(actor, 'x.partner_id')}) as parent,
        (select coalesce(json_agg(json_build_object('partnerId', c.partner_id, 'name', c.name, 'tier', c.tier) order by c.name), '[]') from rm_partners c where c.parent_id = p.partner_id and ${visibleTo(actor, 'c.partner_id')}) as children,
        (select coalesce(json_agg(json_build_object('memberId', m.member_id, 'name', m.name, 'email', m.email, 'role', m.role, 'active', m.active) order by m.name), '[]') from rm_members m where m.partner_id = p.partner_id) as members,
        (select coalesce(json_agg(json_build_object('programId', s.program_id, 'tier', s.tier, 'status', s.status, 'startDate', s.start_date) order by s.start_date, s.program_id), '[]') from rm_partnerships s where s.partner_id = p.partner_id) as partnerships,
        (select coalesce(json_object_agg(g.status, g.n), '{}') from (select status, count(*) as n from rm_registrations where partner_id = p.partner_id group by status) g) as registrations_by_state,
        (select coalesce(json_object_agg(g.status, g.n), '{}') from (select status, count(*) as n from rm_orders where channel_partner_id = p.partner_id group by status) g) as orders_by_state,
        (select json_build_object(
            'open', count(*) filter (where status not in ('Resolved', 'Closed')),
            'breached', count(*) filter (where ${breach.firstResponse} or ${breach.resolution}))
          from rm_cases where partner_id = p.partner_id) as cases,
        (select json_build_object(
            'approved', count(*) filter (where decision = 'approved'),
            'decided', count(*) filter (where decision is not null),
            'medianHours', percentile_cont(0.5) within group (order by extract(epoch from decided_at - submitted_at) / 3600) filter (where decision is not null),
            'conflicted', count(*) filter (where conflict_count > 0),
            'submitted', count(*) filter (where submitted_at is not null),
            'lastCreatedAt', max(created_at),
            'lastUpdatedAt', max(updated_at))
          from rm_registrations where partner_id = p.partner_id) as registrations,
        (select json_build_object(
            'won', count(*) filter (where stage = 'ClosedWon'),
            'closed', count(*) filter (where stage in ('ClosedWon', 'ClosedLost')),
            'lastUpdatedAt', max(updated_at))
          from rm_opportunities where channel_partner_id = p.partner_id) as opportunities,
        (select coalesce(json_agg(json_build_object('currency', r.currency, 'sourced', r.sourced, 'influenced', r.influenced, 'wonCount', r.won_count, 'wonTotal', r.won_total) order by r.currency), '[]')
          from (select currency,
                       coalesce(sum(won_amount_minor) filter (where source = 'partner_sourced'), 0) as sourced,
                       coalesce(sum(won_amount_minor) filter (where source = 'partner_influenced'), 0) as influenced,
                       count(*) as won_count, sum(won_amount_minor) as won_total
                from rm_opportunities where channel_partner_id = p.partner_id and stage = 'ClosedWon' and ${seesEveryLine(actor, 'rm_opportunities')} group by currency) r) as revenue,
        (select percentile_cont(0.5) within group (order by extract(epoch from o.closed_at - r.created_at) / 86400)
          from rm_registrations r join rm_opportunities o on o.registration_id = r.registration_id
          where r.partner_id = p.partner_id and o.stage = 'ClosedWon') as median_days,
        (select coalesce(json_agg(json_build_object('product', l.product, 'currency', l.currency, 'quantity', l.quantity, 'totalMinor', l.total_minor) order by l.product, l.currency), '[]')
          from (select product, currency, sum(quantity) as quantity, sum(total_minor) as total_minor
                from rm_order_lines where partner_id = p.partner_id and fulfilled_at is not null group by product, currency) l) as sold_products,
        (select max(updated_at) from rm_orders where channel_partner_id = p.partner_id) as orders_updated_at,
        (select max(updated_at) from rm_cases where partner_id = p.partner_id) as cases_updated_at,
        (select coalesce(json_agg(json_build_object('caseId', t.case_id, 'priority', t.priority, 'subject', t.subject, 'status', t.status, 'resolutionDueAt', t.resolution_due_at)), '[]')
          from (select * from rm_cases where partner_id = p.partner_id order by updated_at desc, case_id desc limit ${TAB_ROWS}) t) as tab_cases,
        (select coalesce(json_agg(json_build_object('registrationId', t.registration_id, 'customer', t.customer_company, 'status', t.status, 'amountMinor', t.amount_minor, 'currency', t.currency)), '[]')
          from (select * from rm_registrations where partner_id = p.partner_id order by updated_at desc, registration_id desc limit ${TAB_ROWS}) t) as tab_registrations,
        (select coalesce(json_agg(json_build_object('orderId', t.order_id, 'account', t.account, 'status', t.status, 'totalMinor', ${ownAmountSql(actor, 't', 'total_minor')}, 'currency', t.currency)), '[]')
          from (select * from rm_orders where channel_partner_id = p.partner_id order by updated_at desc, order_id desc limit ${TAB_ROWS}) t) as tab_orders
      from p`.compile(db);
    const [row] = await executePrepared(db, query);
    if (!row) throw new NotFound('partner_not_found', 'partner not found');

    const regs = row.registrations;
    const opp = row.opportunities;
    const stamp = (value: string | null) => (value === null ? null : new Date(value));
    const latest = [row.updated_at, stamp(regs.lastUpdatedAt), stamp(opp.lastUpdatedAt), row.orders_updated_at, row.cases_updated_at].filter((d): d is Date => d !== null);
    const lastRegistrationAt = stamp(regs.lastCreatedAt);
    const counts = (byState: Record<string, number | string>) => Object.fromEntries(Object.entries(byState).map(([state, n]) => [state, Number(n)]));
    return {
      profile: {
        partnerId: row.partner_id,
        name: row.name,
        partnerType: row.partner_type,
        tier: row.tier,
        webDomain: row.web_domain,
        country: row.country,
        industry: row.industry,
        registeredAt: row.registered_at.toISOString(),
      },
      parent: row.parent,
      pointOfContact: row.point_of_contact,
      kpis: {
        registrationsByState: counts(row.registrations_by_state),
        ordersByState: counts(row.orders_by_state),
        openCases: Number(row.cases.open),
        slasBreached: Number(row.cases.breached),
        approvalRate: Number(regs.decided) === 0 ? null : Number(regs.approved) / Number(regs.decided),
        medianHoursToDecision: regs.medianHours === null ? null : Number(regs.medianHours),
        conflictRate: Number(regs.submitted) === 0 ? null : Number(regs.conflicted) / Number(regs.submitted),
        winRate: Number(opp.closed) === 0 ? null : Number(opp.won) / Number(opp.closed),
        revenue: row.revenue.map((r) => ({
          currency: r.currency,
          sourcedMinor: Number(r.sourced),
          influencedMinor: Number(r.influenced),
          averageDealSizeMinor: Math.round(Number(r.wonTotal) / Number(r.wonCount)),
        })),
        medianDaysRegistrationToClose: row.median_days === null ? null : Number(row.median_days),
        lastActivityAt: latest.length ? new Date(Math.max(...latest.map((d) => d.getTime()))).toISOString() : null,
        inactive: lastRegistrationAt === null || now.getTime() - lastRegistrationAt.getTime() > INACTIVE_AFTER_DAYS * DAY,
      },
      tabs: {
        members: row.members,
        partnerships: row.partnerships,
        childPartners: row.children,
        cases: row.tab_cases.map((c) => ({ ...c, resolutionDueAt: new Date(c.resolutionDueAt).toISOString() })),
        registrations: row.tab_registrations.map((r) => ({ ...r, amountMinor: Number(r.amountMinor) })),
        orders: row.tab_orders.map((o) => ({ ...o, totalMinor: Number(o.totalMinor) })),
        soldProducts: row.sold_products.map((p) => ({ product: p.product, currency: p.currency, quantity: Number(p.quantity), totalMinor: Number(p.totalMinor) })),
      },
    };
  }
}
