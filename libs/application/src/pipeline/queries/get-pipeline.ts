import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { CLOCK, Clock } from '@channel-ledger/platform';
import { PipelineGroupBy, PipelineGroupRow, PipelineReadRepository } from '../pipeline.read-repository';

export const STALE_DAYS = 30;

export interface PipelineGroup {
  key: string | null;
  count: number;
  stale: number;
  amounts: { currency: string; amountMinor: number }[];
}

export interface Pipeline {
  groupBy: PipelineGroupBy;
  staleAfterDays: number;
  registrations: PipelineGroup[];
  opportunities: PipelineGroup[];
}

export class GetPipeline extends Query<Pipeline> {
  constructor(
    readonly groupBy: PipelineGroupBy,
    readonly actor: Actor,
  ) {
    super();
  }
}

// One group per key, in key order, with its amounts per currency (money is never summed across currencies).
function grouped(rows: PipelineGroupRow[]): PipelineGroup[] {
  const byKey = new Map<string | null, PipelineGroup>();
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
// amounts per currency, and how many are stale (no event for 30 days while open), measured against the clock now.
@QueryHandler(GetPipeline)
export class GetPipelineHandler implements IQueryHandler<GetPipeline> {
  constructor(private readonly pipeline: PipelineReadRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ groupBy, actor }: GetPipeline): Promise<Pipeline> {
    const staleBefore = new Date(this.clock.now().getTime() - STALE_DAYS * 86_400_000);
    const rows = await this.pipeline.groups(actor, groupBy, staleBefore);
    return {
      groupBy,
      staleAfterDays: STALE_DAYS,
      registrations: grouped(rows.filter((r) => r.side === 'registration')),
      opportunities: grouped(rows.filter((r) => r.side === 'opportunity')),
    };
  }
}
