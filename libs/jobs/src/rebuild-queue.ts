import { Queue, Worker } from 'bullmq';
import { hostname } from 'node:os';
import { Platform } from '@channel-ledger/platform';
import { runRebuildJob } from '@channel-ledger/projection-runner';
import { allProjections } from '@channel-ledger/projections';
import { JobQueueUnavailable, producerConnection, workerConnection } from './redis-connections';

export const REBUILD_QUEUE = 'channel-ledger-rebuilds';

// Hands a requested rebuild to whoever runs it: a BullMQ job for the projector processes when Redis is
// configured, otherwise this process, in the background.
export interface RebuildDispatcher {
  mode: 'bullmq' | 'in-process';
  dispatch(id: string): Promise<void>;
  stop(): Promise<void>;
}

const runnerName = () => `${hostname()}:${process.pid}`;

export function createRebuildDispatcher(platform: Platform, log: (line: string) => void, queueName = REBUILD_QUEUE): RebuildDispatcher {
  const redisUrl = platform.config.redisUrl;
  if (redisUrl) {
    const connection = producerConnection(redisUrl);
    const queue = new Queue(queueName, { connection, prefix: platform.config.queuePrefix });
    queue.on('error', () => undefined); // the producer fails fast; callers handle it
    return {
      mode: 'bullmq',
      async dispatch(id) {
        // The rebuild's id is the job's id: a request delivered twice is one job. With Redis away this fails at
        // once (no offline queue), and the caller gives the request up instead of hanging.
        try {
          await queue.add('rebuild', { id }, { jobId: id, attempts: 1, removeOnComplete: 1000, removeOnFail: 1000 });
        } catch (error) {
          throw new JobQueueUnavailable(error);
        }
      },
      async stop() {
        await queue.close();
        connection.disconnect();
      },
    };
  }
  const running = new Set<Promise<unknown>>();
  const abort = new AbortController();
  return {
    mode: 'in-process',
    async dispatch(id) {
      const job = runRebuildJob(platform.readDb, platform.eventStore, allProjections(), id, runnerName(), { signal: abort.signal })
        .then((result) => result && log(`rebuilt projection ${result.projection}: ${result.events} events, readers switched at ${result.position ?? 'the start of the log'}`))
        .catch((error: Error) => log(`rebuild ${id} failed: ${error.message}`))
        .finally(() => running.delete(job));
      running.add(job);
    },
    async stop() {
      abort.abort();
      await Promise.all(running);
    },
  };
}

export interface RebuildWorker {
  stop(): Promise<void>;
}

// Runs queued rebuilds in a projector process (Redis configured). One at a time per process.
export function startRebuildWorker(platform: Platform, log: (line: string) => void, queueName = REBUILD_QUEUE): RebuildWorker | undefined {
  const redisUrl = platform.config.redisUrl;
  if (!redisUrl) return undefined;
  const connection = workerConnection(redisUrl);
  const abort = new AbortController();
  const worker = new Worker(
    queueName,
    async (job) => {
      const result = await runRebuildJob(platform.readDb, platform.eventStore, allProjections(), String(job.data.id), runnerName(), {
        signal: abort.signal,
        onProgress: (p) => void job.updateProgress({ phase: p.phase, done: p.done, total: p.total ?? null }).catch(() => undefined),
      });
      if (result) log(`rebuilt projection ${result.projection}: ${result.events} events, readers switched at ${result.position ?? 'the start of the log'}`);
      return result ? { events: result.events, position: result.position } : { skipped: 'claimed elsewhere' };
    },
    // A rebuild reports progress often, but the switch can hold still for a while: give the lock room.
    { connection, concurrency: 1, lockDuration: 120_000, prefix: platform.config.queuePrefix },
  );
  worker.on('failed', (job, error) => log(`rebuild ${job?.data?.id} failed: ${error.message}`));
  worker.on('error', () => undefined);
  return {
    async stop() {
      abort.abort();
      await worker.close();
      connection.disconnect();
    },
  };
}
