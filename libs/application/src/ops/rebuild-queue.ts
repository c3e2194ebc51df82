import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { PLATFORM, Platform } from '@channel-ledger/platform';
import { RebuildDispatcher, createRebuildDispatcher } from '@channel-ledger/jobs/rebuild-queue';

// Where a requested rebuild goes: a BullMQ job for the projectors when Redis is configured, otherwise this
// process, in the background. The queue is opened on the first rebuild, so an instance nobody asks for a
// rebuild holds no Redis connection.
@Injectable()
export class RebuildQueue implements BeforeApplicationShutdown {
  private dispatcher: RebuildDispatcher | undefined;
  private readonly logger = new Logger('Rebuilds');

  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  // Throws JobQueueUnavailable when Redis does not answer: the request is then given up, not left waiting.
  async enqueue(id: string): Promise<RebuildDispatcher['mode']> {
    this.dispatcher ??= createRebuildDispatcher(this.platform, (line) => this.logger.log(line));
    await this.dispatcher.dispatch(id);
    return this.dispatcher.mode;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher?.stop();
  }
}
