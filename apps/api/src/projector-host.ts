import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PLATFORM, Platform } from '@channel-ledger/platform';
import { ProjectionRunner } from '@channel-ledger/projection-runner';
import {
  startProjector,
  SweepScheduler,
  startSweeps,
  RebuildWorker,
  startRebuildWorker,
  WebhookDelivery,
  startWebhookDelivery,
} from '@channel-ledger/jobs';

// Runs the projections (and the sweeps) inside the API process when RUN_PROJECTOR is on. Nest calls beforeApplicationShutdown on
// every provider before any onApplicationShutdown, so the runner has stopped before the platform's connections close.
@Injectable()
export class ProjectorHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private runner: ProjectionRunner | undefined;
  private sweeps: SweepScheduler | undefined;
  private rebuilds: RebuildWorker | undefined;
  private webhooks: WebhookDelivery | undefined;
  private readonly logger = new Logger('Projector');

  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.platform.config.runProjector) return;
    const log = (line: string) => this.logger.log(line);
    this.runner = await startProjector(this.platform, log);
    this.rebuilds = startRebuildWorker(this.platform, log);
    this.webhooks = startWebhookDelivery(this.platform, { log });
    if (this.platform.config.sweepIntervalMs > 0) this.sweeps = await startSweeps(this.platform, { everyMs: this.platform.config.sweepIntervalMs, log });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweeps?.stop();
    this.sweeps = undefined;
    await this.rebuilds?.stop();
    this.rebuilds = undefined;
    await this.webhooks?.stop();
    this.webhooks = undefined;
    await this.runner?.stop();
    this.runner = undefined;
  }
}
