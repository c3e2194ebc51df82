import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@channel-ledger/domain';
import { RebuildView, rebuildView } from '@channel-ledger/projection-runner';
import { OpsReadRepository } from '../ops.read-repository';

// One rebuild with its progress, rate and ETA, or how it ended.
export class GetRebuild extends Query<RebuildView> {
  constructor(readonly rebuildId: string) {
    super();
  }
}

@QueryHandler(GetRebuild)
export class GetRebuildHandler implements IQueryHandler<GetRebuild> {
  constructor(private readonly ops: OpsReadRepository) {}

  async execute({ rebuildId }: GetRebuild): Promise<RebuildView> {
    const row = await this.ops.rebuild(rebuildId);
    if (!row) throw new NotFound('not_found', `no rebuild ${rebuildId}`);
    return rebuildView(row);
  }
}
