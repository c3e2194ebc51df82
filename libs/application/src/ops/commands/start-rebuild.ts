import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFound, RuleBroken } from '@channel-ledger/domain';
import { JobQueueUnavailable } from '@channel-ledger/jobs/redis-connections';
import { RebuildDispatcher } from '@channel-ledger/jobs/rebuild-queue';
import { HttpProblem } from '@channel-ledger/platform';
import { RebuildInProgress, RebuildView, rebuildView } from '@channel-ledger/projection-runner';
import { allProjections } from '@channel-ledger/projections';
import { OpsReadRepository } from '../ops.read-repository';
import { RebuildQueue } from '../rebuild-queue';

type Started = RebuildView & { mode: RebuildDispatcher['mode'] };

// Asks for a new copy of a projection, built beside the live one; readers switch to it once it has caught up.
// Queued work, not an event: the request is a row of the runner's rebuild table and a job for whoever runs it.
export class StartRebuild extends Command<Started> {
  constructor(
    readonly projection: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

@CommandHandler(StartRebuild)
export class StartRebuildHandler implements ICommandHandler<StartRebuild> {
  constructor(
    private readonly ops: OpsReadRepository,
    private readonly queue: RebuildQueue,
  ) {}

  async execute({ projection: name, requestedBy }: StartRebuild): Promise<Started> {
    const projection = allProjections().find((p) => p.name === name);
    if (!projection) {
      throw new NotFound('not_found', `no projection named ${name}; the projections are ${allProjections().map((p) => p.name).join(', ')}`);
    }
    if (!projection.tables?.length) throw new RuleBroken('not_rebuildable', `projection ${name} keeps no read model to rebuild (its rows are an outbox: a rebuild would send everything again)`);
    let row;
    try {
      row = await this.ops.requestRebuild(name, requestedBy);
    } catch (error) {
      if (error instanceof RebuildInProgress) throw new RuleBroken('rebuild_in_progress', `${error.message}; follow it at /v1/ops/projections/rebuilds/${error.existing.id}`);
      throw error;
    }
    let mode: Started['mode'];
    try {
      mode = await this.queue.enqueue(row.id);
    } catch (error) {
      if (!(error instanceof JobQueueUnavailable)) throw error;
      await this.ops.abandonRebuild(row.id, error.message);
      throw new HttpProblem(503, 'unavailable', 'the job queue is not answering, so the rebuild was not started; retry shortly', { 'Retry-After': '5' });
    }
    return { ...rebuildView(row), mode };
  }
}
