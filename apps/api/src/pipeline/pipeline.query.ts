import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { Kysely, sql } from 'kysely';
import { CLOCK, Clock, READ_DB } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { ReadYourWrites } from '../common/read-your-writes';
import { anyVisibleTo, visibleTo, ownAmountSql, seesPartner } from '@channel-ledger/application';
import { Actor } from '@channel-ledger/auth';

const STALE_DAYS = 30;
const OPEN_REGISTRATION = ['Draft', 'Submitted', 'UnderReview', 'InfoRequested', 'PendingApproval', 'Approved'];
const OPEN_STAGES = ['Qualify', 'Develop', 'Negotiate'];

export class PipelineQuery {
  @IsOptional() @IsIn(['stage', 'partner', 'program', 'tier', 'source']) groupBy?: 'stage' | 'partner' | 'program' | 'tier' | 'source';
  @IsOptional() @IsString() minPosition?: string;
}

// How each dimension reads on each side: registrations have a state and a type, opportunities a stage and a source.
const REGISTRATION_KEY = {
  stage: sql`r.status`,
  partner: sql`r.partner_id`,
  program: sql`r.program_id`,
  tier: sql`p.tier`,
  source: sql`case when r.registration_type = 'influenced' then 'partner_influenced' else 'partner_sourced' end`,
};
// A partner reading an opportunity through one of its lines does not learn the channel partner or its tier.
const OPPORTUNITY_KEY = (actor: Actor) => ({
  stage: sql`o.stage`,
  partner: sql`case when o.channel_partner_id is null then 'direct' when ${seesPartner(actor, sql.ref('o.channel_partner_id'))} then o.channel_partner_id else 'other_partner' end`,
  // The program comes through the registration, which is the channel partner's: a reader who may not see the
  // channel partner reads the group as another partner's.
  // (even whether there is a registration at all).
  program: sql`case when o.channel_partner_id is not null and not ${seesPartner(actor, sql.ref('o.channel_partner_id'))} then 'other_partner' else coalesce(r.program_id, 'none') end`,
  tier: sql`case when o.channel_partner_id is null then 'direct' when ${seesPartner(actor, sql.ref('o.channel_partner_id'))} then p.tier else 'other_partner' end`,
  source: sql`o.source`,
});

interface GroupRow {
  key: string;
  currency: string;
  n: string;
  amount: string;
  stale: string;
}

function groups(rows: GroupRow[]) {
  const byKey = new Map<string, { key: string; count: number; stale: number; amounts: { currency: string; amountMinor: number }[] }>();
  for (const row of rows) {
    const group = byKey.get(row.key) ?? { key: row.key, count: 0, stale: 0, amounts: [] };
    group.count += Number(row.n);
    group.stale += Number(row.stale);
    group.amounts.push({ currency: row.currency, amountMinor: Number(row.amount) });
    byKey.set(row.key, group);
  }
  return [...byKey.values()];
}

// The pipeline: open registrations and open opportunities by stage, partner, program, tier or source, with counts,
// amounts per currency, and how many are stale (no event for 30 days while open). Scoped in the SQL; a partner's
// opportunity amounts are the sum of its own lines.
@ApiTags('pipeline')
@ApiBearerAuth()
@Controller('v1/pipeline')
export class PipelineQueryController {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly freshness: ReadYourWrites,
  ) {}

  @Get()
  async pipeline(@Query() q: PipelineQuery, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['registrations', 'sales', 'partner_directory']);
    const groupBy = q.groupBy ?? 'stage';
    const staleBefore = new Date(this.clock.now().getTime() - STALE_DAYS * 86_400_000).toISOString();
    const [registrations, opportunities] = await Promise.all([
      sql<GroupRow>`
        select ${REGISTRATION_KEY[groupBy]} as key, r.currency, count(*) as n, sum(r.amount_minor) as amount,
               count(*) filter (where r.updated_at < ${staleBefore}::timestamptz) as stale
        from rm_registrations r join rm_partners p on p.partner_id = r.partner_id
        where r.status in (${sql.join(OPEN_REGISTRATION)}) and ${visibleTo(request.actor, 'r.partner_id')}
        group by 1, 2 order by 1, 2`.execute(this.db),
      sql<GroupRow>`
        select ${OPPORTUNITY_KEY(request.actor)[groupBy]} as key, o.currency, count(*) as n, sum(${ownAmountSql(request.actor, 'o', 'amount_minor')}) as amount,
               count(*) filter (where o.updated_at < ${staleBefore}::timestamptz) as stale
        from rm_opportunities o
          left join rm_partners p on p.partner_id = o.channel_partner_id
          left join rm_registrations r on r.registration_id = o.registration_id
        where o.stage in (${sql.join(OPEN_STAGES)}) and ${anyVisibleTo(request.actor, 'o.party_ids')}
        group by 1, 2 order by 1, 2`.execute(this.db),
    ]);
    return { groupBy, staleAfterDays: STALE_DAYS, registrations: groups(registrations.rows), opportunities: groups(opportunities.rows) };
  }
}
