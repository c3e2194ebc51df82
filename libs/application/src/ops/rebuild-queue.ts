import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { PLATFORM, Platform } from '@channel-ledger/platform';
// From the module itself, not the jobs package's index: the sweeps there import the application layer.
import { RebuildDispatcher, createRebuildDispatcher } from '@channel-ledger/jobs/rebuild-queue';

// Where a requested rebuild goes: a BullMQ job for the projectors when Redis is configured, otherwise this
// process, in the background. The queue is opened at start-up: a producer connection needs Redis up for its
// first command, and a request made during an outage must fail at once, not wait for Redis to return.
@Injectable()
export class RebuildQueue implements BeforeApplicationShutdown {
  private readonly dispatcher: RebuildDispatcher;
  private readonly logger = new Logger('Rebuilds');

  constructor(@Inject(PLATFORM) platform: Platform) {
    this.dispatcher = createRebuildDispatcher(platform, (line) => this.logger.log(line));
  }

  // Throws JobQueueUnavailable when Redis does not answer: the request is then given up, not left waiting.
  async enqueue(id: string): Promise<RebuildDispatcher['mode']> {
    await this.dispatcher.dispatch(id);
    return this.dispatcher.mode;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }
}
