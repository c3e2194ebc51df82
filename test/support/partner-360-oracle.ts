import { Kysely, sql } from 'kysely';
import { NotFound } from '@channel-ledger/domain';
import { ReadModelsDB } from '@channel-ledger/projections';
import { executePrepared } from '@channel-ledger/read-store';
import { Actor } from '@channel-ledger/auth';
import { visibleTo, seesEveryLine } from '@channel-ledger/application';
import { slaBreachSql } from '@channel-ledger/application/cases';

const DAY = 86_400_000;
const INACTIVE_AFTER_DAYS = 90;

// The one row the statement returns: each figure as a column (JSON where it is a list or an object).
interface Row360 {
  updated_at: Date;
  registrations_by_state: Record<string, number>;
  orders_by_state: Record<string, number>;
  cases: { open: number; breached: number };
  registrations: { approved: number; decided: number; medianHours: number | null; conflicted: number; submitted: number; lastCreatedAt: string | null; lastUpdatedAt: string | null };
  opportunities: { won: number; closed: number; lastUpdatedAt: string | null };
  revenue: { currency: string; sourced: number | string; influenced: number | string; wonCount: number; wonTotal: number | string }[];
  median_days: number | null;
  orders_updated_at: Date | null;
  cases_updated_at: Date | null;
}

// Partner 360 as it was computed before the partner_kpis read model: every figure aggregated in SQL over the
// record tables on each request. Kept as the oracle the projected figures are compared with over generated logs.
export async function partner360Oracle(db: Kysely<ReadModelsDB>, partnerId: string, actor: Actor, now: Date) {
    const breach = slaBreachSql(now);
    // Every figure is a subquery over the partner's rows, the caller's visibility checked inside: no row, no
    // partner; a partner counts won revenue only of deals whose every line it may see.
    const query = sql<Row360>`
      with p as (select * from rm_partners where partner_id = ${partnerId} and ${visibleTo(actor, 'partner_id')})
      select p.updated_at,
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
        (select max(updated_at) from rm_orders where channel_partner_id = p.partner_id) as orders_updated_at,
        (select max(updated_at) from rm_cases where partner_id = p.partner_id) as cases_updated_at
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
      kpis: {
        registrationsByState: counts(row.registrations_by_state),
        ordersByState: counts(row.orders_by_state),
        openCases: Number(row.cases.open),
        slasBreached: Number(row.cases.breached),
        approvalRate: Number(regs.decided) === 0 ? null : Number(regs.approved) / Number(regs.decided),
        medianHoursToDecision: regs.medianHours === null ? null : Number(regs.medianHours),
        conflictRate: Number(regs.submitted) === 0 ? null : Number(regs.conflicted) / Number(regs.submitted),
        winRate: Number(opp.closed) === 0 ? null : Number(opp.won) / Number(opp.closed),
        medianDaysRegistrationToClose: row.median_days === null ? null : Number(row.median_days),
        lastActivityAt: latest.length ? new Date(Math.max(...latest.map((d) => d.getTime()))).toISOString() : null,
        inactive: lastRegistrationAt === null || now.getTime() - lastRegistrationAt.getTime() > INACTIVE_AFTER_DAYS * DAY,
        revenue: row.revenue.map((r) => ({
          currency: r.currency,
          sourcedMinor: Number(r.sourced),
          influencedMinor: Number(r.influenced),
          averageDealSizeMinor: Math.round(Number(r.wonTotal) / Number(r.wonCount)),
        })),
      },
    };
}
