import { Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Platform } from '@channel-ledger/platform';
import { SWEEPS, SweepName, runSweep } from './sweeps';
import { producerConnection, workerConnection } from './redis-connections';

export const SWEEP_QUEUE = 'channel-ledger-sweeps';

export interface SweepScheduler {
  mode: 'bullmq' | 'in-process';
  stop(): Promise<void>;
}

export interface SweepOptions {
  everyMs: number;
  // A queue of its own per test run; the default is the one every process of an installation shares.
  queueName?: string;
  log: (line: string) => void;
}

// With Redis, the sweeps are BullMQ job schedulers: one job per interval for the whole installation, whichever
// projector process takes it. Without Redis, each process runs them on a timer; that is safe too, because a
// sweep changes nothing that is already done.
export async function startSweeps(platform: Platform, options: SweepOptions): Promise<SweepScheduler> {
  const redisUrl = platform.config.redisUrl;
  if (!redisUrl) {
    let running = false;
    const timer = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        for (const sweep of SWEEPS) await runSweep(sweep, platform, `in-process:${randomUUID()}`);
      } catch (error) {
        options.log(`sweep failed: ${(error as Error).message}`);
      } finally {
        running = false;
      }
    }, options.everyMs);
    timer.unref();
    return {
      mode: 'in-process',
      async stop() {
        clearInterval(timer);
        while (running) await new Promise((r) => setTimeout(r, 20));
      },
    };
  }

  // Workers block on Redis and wait through an outage; the schedulers are written with a fail-fast connection.
  const connection = workerConnection(redisUrl);
  const producer = producerConnection(redisUrl);
  const name = options.queueName ?? SWEEP_QUEUE;
  const queue = new Queue(name, { connection: producer, prefix: platform.config.queuePrefix });
  queue.on('error', () => undefined); // the producer fails fast; callers handle it
  const schedule = async () => {
    for (const sweep of SWEEPS) {
      await queue.upsertJobScheduler(`sweep:${sweep}`, { every: options.everyMs }, { name: sweep, data: {}, opts: { removeOnComplete: 100, removeOnFail: 500 } });
    }
  };
  // A Redis that comes back may have come back empty (no persistence, or a fail-over): the schedulers are written
  // again on every reconnection. Upserting an existing scheduler changes nothing.
  let stopping = false;
  let lost = false;
  producer.on('close', () => (lost = true));
  producer.on('ready', () => {
    if (!lost || stopping) return;
    lost = false;
    schedule().catch((error: Error) => options.log(`sweep schedule not restored yet: ${error.message}`));
  });
  try {
    await schedule();
  } catch (error) {
    lost = true;
    options.log(`sweeps not scheduled yet (${(error as Error).message}); they will be when Redis answers`);
  }
  const worker = new Worker(name, async (job) => runSweep(job.name as SweepName, platform, String(job.id)), { connection, concurrency: 1, prefix: platform.config.queuePrefix });
  worker.on('failed', (job, error) => options.log(`sweep ${job?.name} failed: ${error.message}`));
  worker.on('error', () => undefined);
  return {
    mode: 'bullmq',
    async stop() {
      stopping = true;
      await worker.close();
      await queue.close();
      connection.disconnect();
      producer.disconnect();
    },
  };
}
