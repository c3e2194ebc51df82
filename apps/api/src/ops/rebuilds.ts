import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { NotFound, RuleBroken } from '@channel-ledger/domain';
import { PLATFORM, Platform, HttpProblem } from '@channel-ledger/platform';
import { RebuildInProgress, RebuildView, abandonQueuedRebuild, findRebuild, rebuildView, requestRebuild } from '@channel-ledger/projection-runner';
import { allProjections } from '@channel-ledger/projections';
import { RebuildDispatcher, createRebuildDispatcher, JobQueueUnavailable } from '@channel-ledger/jobs';

// Starts rebuilds asked for through the API: a BullMQ job for the projectors when Redis is configured,
// otherwise in this process.
@Injectable()
export class Rebuilds implements BeforeApplicationShutdown {
  private readonly dispatcher: RebuildDispatcher;
  private readonly logger = new Logger('Rebuilds');

  constructor(@Inject(PLATFORM) private readonly platform: Platform) {
    this.dispatcher = createRebuildDispatcher(platform, (line) => this.logger.log(line));
  }

  get mode(): RebuildDispatcher['mode'] {
    return this.dispatcher.mode;
  }

  async start(name: string, requestedBy: string): Promise<RebuildView> {
    const projection = allProjections().find((p) => p.name === name);
    if (!projection) {
      throw new NotFound('not_found', `no projection named ${name}; the projections are ${allProjections().map((p) => p.name).join(', ')}`);
    }
    if (!projection.tables?.length) throw new RuleBroken('not_rebuildable', `projection ${name} keeps no read model to rebuild (its rows are an outbox: a rebuild would send everything again)`);
    let row;
    try {
      row = await requestRebuild(this.platform.readDb, name, requestedBy);
    } catch (error) {
      if (error instanceof RebuildInProgress) throw new RuleBroken('rebuild_in_progress', `${error.message}; follow it at /v1/ops/projections/rebuilds/${error.existing.id}`);
      throw error;
    }
    try {
      await this.dispatcher.dispatch(row.id);
    } catch (error) {
      if (!(error instanceof JobQueueUnavailable)) throw error;
      await abandonQueuedRebuild(this.platform.readDb, row.id, error.message);
      throw new HttpProblem(503, 'unavailable', 'the job queue is not answering, so the rebuild was not started; retry shortly', { 'Retry-After': '5' });
    }
    return rebuildView(row);
  }

  async find(id: string): Promise<RebuildView> {
    const row = await findRebuild(this.platform.readDb, id);
    if (!row) throw new NotFound('not_found', `no rebuild ${id}`);
    return rebuildView(row);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }
}
