import { Inject, Injectable } from '@nestjs/common';
import { Kysely, Selectable, sql } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { READ_DB } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { RmPartnersTable } from '@channel-ledger/projections/partner-directory/partner-directory.tables';
import { CurrencyRevenue, PartnerKpis } from '@channel-ledger/projections/partner-kpis/partner-kpis.tables';
import { executePrepared } from '@channel-ledger/read-store';
import { ownAmountSql, seesEveryLine } from '../audience';
import { slaBreachSql } from '../cases/cases.read-repository';
import { visibleTo } from '../scope';

export const TAB_ROWS = 20;

// The one row the statement returns: the partner's columns, its KPI row (null until the projection has seen one of
// its records), the figures computed when read, and each tab as JSON.
export interface Partner360Row extends Omit<Selectable<RmPartnersTable>, 'last_position'> {
  parent: { partnerId: string; name: string; tier: string } | null;
  children: { partnerId: string; name: string; tier: string }[];
  members: { memberId: string; name: string; email: string; role: string; active: boolean }[];
  partnerships: { programId: string; tier: string; status: string; startDate: string }[];
  kpis: Omit<PartnerKpis, 'last_position'> | null;
  revenue: Record<string, CurrencyRevenue> | null;
  median_hours: number | null;
  median_days: number | null;
  breached_cases: string;
  sold_products: { product: string; currency: string; quantity: number | string; totalMinor: number | string }[];
  tab_cases: { caseId: string; priority: string; subject: string; status: string; resolutionDueAt: string }[];
  tab_registrations: { registrationId: string; customer: string; status: string; amountMinor: number | string; currency: string }[];
  tab_orders: { orderId: string; account: string; status: string; totalMinor: number | string; currency: string }[];
}

// Partner 360 in one prepared statement: the partner's row, its KPI row from the partner_kpis read model, and the
// few figures that are computed when read: the medians (from the per-record rows of the same read model), SLA
// breaches (time passes without events: from the cases' due times) and, for a partner reading deals with other
// partners' lines, the revenue of the deals it may see whole. Visibility is checked inside it: no row, no partner.
@Injectable()
export class Partner360ReadRepository {
  constructor(@Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>) {}

  async find(partnerId: string, actor: Actor, now: Date): Promise<Partner360Row | undefined> {
    const breach = slaBreachSql(now);
    const query = sql<Partner360Row>`
      with p as (select * from rm_partners where partner_id = ${partnerId} and ${visibleTo(actor, 'partner_id')}),
        k as (select * from rm_partner_kpis where partner_id = ${partnerId})
      select p.partner_id, p.name, p.partner_type, p.tier, p.parent_id, p.web_domain, p.country, p.industry, p.point_of_contact, p.registered_at, p.updated_at,
        (select json_build_object('partnerId', x.partner_id, 'name', x.name, 'tier', x.tier) from rm_partners x where x.partner_id = p.parent_id and ${visibleTo(actor, 'x.partner_id')}) as parent,
        (select coalesce(json_agg(json_build_object('partnerId', c.partner_id, 'name', c.name, 'tier', c.tier) order by c.name), '[]') from rm_partners c where c.parent_id = p.partner_id and ${visibleTo(actor, 'c.partner_id')}) as children,
        (select coalesce(json_agg(json_build_object('memberId', m.member_id, 'name', m.name, 'email', m.email, 'role', m.role, 'active', m.active) order by m.name), '[]') from rm_members m where m.partner_id = p.partner_id) as members,
        (select coalesce(json_agg(json_build_object('programId', s.program_id, 'tier', s.tier, 'status', s.status, 'startDate', s.start_date) order by s.start_date, s.program_id), '[]') from rm_partnerships s where s.partner_id = p.partner_id) as partnerships,
        (select to_jsonb(k) - 'last_position' from k) as kpis,
        (select case when ${actor.kind === 'enterprise'} or k.won_with_other_partners_lines = 0 then k.revenue else
          (select coalesce(jsonb_object_agg(r.currency, jsonb_build_object('sourcedMinor', r.sourced::text, 'influencedMinor', r.influenced::text, 'wonCount', r.won_count, 'wonTotalMinor', r.won_total::text)), '{}')
            from (select currency,
                         coalesce(sum(won_amount_minor) filter (where source = 'partner_sourced'), 0) as sourced,
                         coalesce(sum(won_amount_minor) filter (where source = 'partner_influenced'), 0) as influenced,
                         count(*) as won_count, sum(won_amount_minor) as won_total
                  from rm_partner_kpi_records f
                  where f.partner_id = p.partner_id and f.kind = 'opportunity' and f.status = 'ClosedWon' and ${seesEveryLine(actor, 'f')}
                  group by currency) r) end from k) as revenue,
        (select percentile_cont(0.5) within group (order by extract(epoch from decided_at - submitted_at) / 3600)
          from rm_partner_kpi_records where partner_id = p.partner_id and kind = 'registration' and decision is not null) as median_hours,
        (select percentile_cont(0.5) within group (order by extract(epoch from closed_at - registration_created_at) / 86400)
          from rm_partner_kpi_records where registration_partner_id = p.partner_id and kind = 'opportunity' and status = 'ClosedWon') as median_days,
        (select count(*) from rm_cases where partner_id = p.partner_id and (${breach.firstResponse} or ${breach.resolution})) as breached_cases,
        (select coalesce(json_agg(json_build_object('product', l.product, 'currency', l.currency, 'quantity', l.quantity, 'totalMinor', l.total_minor) order by l.product, l.currency), '[]')
          from (select product, currency, sum(quantity) as quantity, sum(total_minor) as total_minor
                from rm_order_lines where partner_id = p.partner_id and fulfilled_at is not null group by product, currency) l) as sold_products,
        (select coalesce(json_agg(json_build_object('caseId', t.case_id, 'priority', t.priority, 'subject', t.subject, 'status', t.status, 'resolutionDueAt', t.resolution_due_at)), '[]')
          from (select * from rm_cases where partner_id = p.partner_id order by updated_at desc, case_id desc limit ${TAB_ROWS}) t) as tab_cases,
        (select coalesce(json_agg(json_build_object('registrationId', t.registration_id, 'customer', t.customer_company, 'status', t.status, 'amountMinor', t.amount_minor, 'currency', t.currency)), '[]')
          from (select * from rm_registrations where partner_id = p.partner_id order by updated_at desc, registration_id desc limit ${TAB_ROWS}) t) as tab_registrations,
        (select coalesce(json_agg(json_build_object('orderId', t.order_id, 'account', t.account, 'status', t.status, 'totalMinor', ${ownAmountSql(actor, 't', 'total_minor')}, 'currency', t.currency)), '[]')
          from (select * from rm_orders where channel_partner_id = p.partner_id order by updated_at desc, order_id desc limit ${TAB_ROWS}) t) as tab_orders
      from p`.compile(this.db);
    const [row] = await executePrepared(this.db, query);
    return row;
  }
}
