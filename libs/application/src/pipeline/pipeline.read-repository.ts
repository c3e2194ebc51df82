import { Inject, Injectable } from '@nestjs/common';
import { Kysely, RawBuilder, sql } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { READ_DB } from '@channel-ledger/platform';
import { executePrepared } from '@channel-ledger/read-store';
import { ReadModelsDB } from '@channel-ledger/projections';
import { seesPartner } from '../audience';
import { anyVisibleTo } from '../scope';

export type PipelineGroupBy = 'stage' | 'partner' | 'program' | 'tier' | 'source';

export interface PipelineGroupRow {
  side: 'registration' | 'opportunity';
  key: string | null;
  currency: string;
  n: string;
  amount: string;
  stale: string;
}

// How each dimension reads of a group row. A registration's group names its own partner, whom the caller sees (or
// the group would not be visible). A partner reading an opportunity through one of its lines does not learn the
// channel partner, its tier, or the program (which comes through the channel partner's registration, and would
// tell whether there is one at all): those read as another partner's.
function keyOf(actor: Actor, groupBy: PipelineGroupBy): RawBuilder<string | null> {
  const channel = sql.ref('g.channel_partner_id');
  const sees = seesPartner(actor, channel);
  switch (groupBy) {
    case 'stage':
      return sql`g.stage`;
    case 'source':
      return sql`g.source`;
    case 'partner':
      return sql`case when g.channel_partner_id is null then 'direct' when ${sees} then g.channel_partner_id else 'other_partner' end`;
    case 'program':
      return sql`case when g.channel_partner_id is not null and not ${sees} then 'other_partner' else coalesce(g.program_id, 'none') end`;
    case 'tier':
      return sql`case when g.channel_partner_id is null then 'direct' when ${sees} then p.tier else 'other_partner' end`;
  }
}

// The caller's part of a group's amount: all of it for the enterprise and for registrations (the caller sees
// their partner); of an opportunity group, the lines of the partners the caller may see.
function amountOf(actor: Actor): RawBuilder<string> {
  if (actor.kind === 'enterprise') return sql`g.amount_minor`;
  return sql`case when g.side = 'registration' then g.amount_minor else (select coalesce(sum(l.amount::bigint), 0) from jsonb_each_text(g.line_amounts) as l(partner_id, amount) where ${seesPartner(actor, sql.ref('l.partner_id'))}) end`;
}

// The pipeline read model, scoped to what the caller may see inside the SQL. Counts and amounts are summed over
// the pre-aggregated groups; staleness is measured now: a group's open records with an event since `staleBefore`
// are fresh (one index range over the recent past), the rest of its count is stale.
@Injectable()
export class PipelineReadRepository {
  constructor(@Inject(READ_DB) private readonly db: Kysely<ReadModelsDB>) {}

  groups(actor: Actor, groupBy: PipelineGroupBy, staleBefore: Date): Promise<PipelineGroupRow[]> {
    const tier = groupBy === 'tier' ? sql`left join rm_partners p on p.partner_id = g.channel_partner_id` : sql``;
    const query = sql<PipelineGroupRow>`
      with fresh as (
        select group_key, count(*) as n from pipeline_items where open and updated_at >= ${staleBefore.toISOString()}::timestamptz group by group_key
      )
      select g.side, ${keyOf(actor, groupBy)} as key, g.currency, sum(g.count) as n, sum(${amountOf(actor)}) as amount,
             sum(g.count) - coalesce(sum(f.n), 0) as stale
      from pipeline_groups g left join fresh f on f.group_key = g.group_key ${tier}
      where ${anyVisibleTo(actor, 'g.party_ids')}
      group by 1, 2, 3 order by 1, 2, 3`;
    return executePrepared(this.db, query.compile(this.db));
  }
}
