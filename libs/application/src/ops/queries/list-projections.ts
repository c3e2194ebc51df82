import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ProjectionStatus, RebuildView, rebuildView } from '@channel-ledger/projection-runner';
import { allProjections } from '@channel-ledger/projections';
import { OpsReadRepository } from '../ops.read-repository';

// `rebuildable`: whether a rebuild may be asked for (one that keeps no read model, an outbox, may not).
type Item = Omit<ProjectionStatus, 'updatedAt'> & { updatedAt: string; rebuildable: boolean; rebuild: RebuildView | null };

// Every projection: where it stands against the log (its error when it stopped on a dead letter), and its
// newest rebuild with its progress.
export class ListProjections extends Query<{ items: Item[] }> {}

@QueryHandler(ListProjections)
export class ListProjectionsHandler implements IQueryHandler<ListProjections> {
  constructor(private readonly ops: OpsReadRepository) {}

  async execute(): Promise<{ items: Item[] }> {
    const [statuses, rebuilds] = await Promise.all([this.ops.statuses(), this.ops.latestRebuilds()]);
    const rebuildable = new Set(allProjections().filter((p) => (p.tables?.length ?? 0) > 0).map((p) => p.name));
    return {
      items: statuses.map((s) => {
        const rebuild = rebuilds.get(s.projection);
        return { ...s, updatedAt: s.updatedAt.toISOString(), rebuildable: rebuildable.has(s.projection), rebuild: rebuild ? rebuildView(rebuild) : null };
      }),
    };
  }
}
