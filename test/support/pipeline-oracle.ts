import { Kysely, RawBuilder, sql } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { anyVisibleTo, ownAmountSql, seesPartner, visibleTo } from '@channel-ledger/application';

// The pipeline as it was answered before it had a read model of its own: aggregated over the record tables
// (rm_registrations, rm_opportunities, rm_partners) on every request, the caller's visibility inside the SQL. The
// tests hold the projected pipeline to it.

type GroupBy = 'stage' | 'partner' | 'program' | 'tier' | 'source';

const STALE_DAYS = 30;
const OPEN_REGISTRATION = ['Draft', 'Submitted', 'UnderReview', 'InfoRequested', 'PendingApproval', 'Approved'];
const OPEN_STAGES = ['Qualify', 'Develop', 'Negotiate'];

const REGISTRATION_KEY = {
  stage: sql`r.status`,
  partner: sql`r.partner_id`,
  program: sql`r.program_id`,
  tier: sql`p.tier`,
  source: sql`case when r.registration_type = 'influenced' then 'partner_influenced' else 'partner_sourced' end`,
};
const OPPORTUNITY_KEY = (actor: Actor) => ({
  stage: sql`o.stage`,
  partner: sql`case when o.channel_partner_id is null then 'direct' when ${seesPartner(actor, sql.ref('o.channel_partner_id'))} then o.channel_partner_id else 'other_partner' end`,
  program: sql`case when o.channel_partner_id is not null and not ${seesPartner(actor, sql.ref('o.channel_partner_id'))} then 'other_partner' else coalesce(r.program_id, 'none') end`,
  tier: sql`case when o.channel_partner_id is null then 'direct' when ${seesPartner(actor, sql.ref('o.channel_partner_id'))} then p.tier else 'other_partner' end`,
  source: sql`o.source`,
});

interface OracleGroup {
  key: string;
  count: number;
  stale: number;
  amounts: { currency: string; amountMinor: number }[];
}

// Per key: the counts over its currencies, and its amounts per currency in currency order.
const perKey = (perCurrency: RawBuilder<unknown>) => sql<OracleGroup>`
  select key, sum(n)::int as count, sum(stale)::int as stale,
         json_agg(json_build_object('currency', currency, 'amountMinor', amount::float8) order by currency) as amounts
  from (${perCurrency}) x group by key order by key`;

export async function pipelineOracle<DB>(db: Kysely<DB>, actor: Actor, groupBy: GroupBy, now: Date) {
  const staleBefore = new Date(now.getTime() - STALE_DAYS * 86_400_000).toISOString();
  const [registrations, opportunities] = await Promise.all([
    perKey(sql`
      select ${REGISTRATION_KEY[groupBy]} as key, r.currency, count(*) as n, sum(r.amount_minor) as amount,
             count(*) filter (where r.updated_at < ${staleBefore}::timestamptz) as stale
      from rm_registrations r join rm_partners p on p.partner_id = r.partner_id
      where r.status in (${sql.join(OPEN_REGISTRATION)}) and ${visibleTo(actor, 'r.partner_id')}
      group by 1, 2`).execute(db),
    perKey(sql`
      select ${OPPORTUNITY_KEY(actor)[groupBy]} as key, o.currency, count(*) as n, sum(${ownAmountSql(actor, 'o', 'amount_minor')}) as amount,
             count(*) filter (where o.updated_at < ${staleBefore}::timestamptz) as stale
      from rm_opportunities o
        left join rm_partners p on p.partner_id = o.channel_partner_id
        left join rm_registrations r on r.registration_id = o.registration_id
      where o.stage in (${sql.join(OPEN_STAGES)}) and ${anyVisibleTo(actor, 'o.party_ids')}
      group by 1, 2`).execute(db),
  ]);
  return { groupBy, staleAfterDays: STALE_DAYS, registrations: registrations.rows, opportunities: opportunities.rows };
}
