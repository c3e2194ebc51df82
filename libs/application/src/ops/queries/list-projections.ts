import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ProjectionStatus, RebuildView, rebuildView } from '@channel-ledger/projection-runner';
import { OpsReadRepository } from '../ops.read-repository';

type Item = Omit<ProjectionStatus, 'updatedAt'> & { updatedAt: string; rebuild: RebuildView | null };

// Every projection: where it stands against the log (its error when it stopped on a dead letter), and its
// newest rebuild with its progress.
export class ListProjections extends Query<{ items: Item[] }> {}

@QueryHandler(ListProjections)
export class ListProjectionsHandler implements IQueryHandler<ListProjections> {
  constructor(private readonly ops: OpsReadRepository) {}

  async execute(): Promise<{ items: Item[] }> {
    const [statuses, rebuilds] = await Promise.all([this.ops.statuses(), this.ops.latestRebuilds()]);
    return {
      items: statuses.map((s) => {
        const rebuild = rebuilds.get(s.projection);
        return { ...s, updatedAt: s.updatedAt.toISOString(), rebuild: rebuild ? rebuildView(rebuild) : null };
      }),
    };
  }
}
