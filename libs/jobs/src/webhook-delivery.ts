import { Queue, Worker } from 'bullmq';
import { hostname } from 'node:os';
import { Kysely } from 'kysely';
import { Platform } from '@channel-ledger/platform';
import { ReadDB } from '@channel-ledger/read-store';
import { ClaimedAttempt, DeliverySettings, WebhookTables, attemptDelivery, claimDue, releaseClaim } from '@channel-ledger/webhooks';
import { producerConnection, workerConnection } from './redis-connections';

export const WEBHOOK_QUEUE = 'channel-ledger-webhooks';

// How long the pump leaves a refused attempt before it is due again, while the job queue is down.
const QUEUE_DOWN_PAUSE_MS = 1_000;

export interface WebhookDelivery {
  mode: 'bullmq' | 'in-process';
  stop(): Promise<void>;
}

export interface WebhookDeliveryOptions {
  log: (line: string) => void;
  // How often an idle pump looks for due deliveries.
  pollMs?: number;
  // Attempts in flight at once, per process.
  concurrency?: number;
}

// Drains the delivery outbox the webhook projection fills. A pump claims due deliveries (each attempt counted
// and leased in PostgreSQL, so two processes never send the same attempt) and either sends them itself, or,
// with Redis, queues each attempt as a BullMQ job (one job id per delivery and attempt) for the workers.
export function startWebhookDelivery(platform: Platform, options: WebhookDeliveryOptions): WebhookDelivery {
  const db = platform.readDb as unknown as Kysely<ReadDB & WebhookTables>;
  const settings: DeliverySettings = platform.config.webhooks;
  const worker = `${hostname()}:${process.pid}`;
  const concurrency = options.concurrency ?? 8;
  const pollMs = options.pollMs ?? 250;
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let wake: (() => void) | undefined;

  let queue: Queue | undefined;
  let bullWorker: Worker | undefined;
  let connections: { disconnect(): void }[] = [];
  // Set when the queue refused an attempt: the pump waits a little before it claims again.
  let queueDownUntil = 0;
  if (platform.config.redisUrl) {
    const connection = workerConnection(platform.config.redisUrl);
    const producer = producerConnection(platform.config.redisUrl);
    connections = [connection, producer];
    queue = new Queue(WEBHOOK_QUEUE, { connection: producer, prefix: platform.config.queuePrefix });
    queue.on('error', () => undefined); // the producer fails fast; callers handle it
    bullWorker = new Worker(
      WEBHOOK_QUEUE,
      async (job) => {
        const outcome = await attemptDelivery(db, job.data as ClaimedAttempt, settings, { log: options.log });
        if (outcome === 'dead') options.log(`webhook delivery ${job.data.deliveryId} dead after ${job.data.attempt} attempts`);
        return { outcome };
      },
      { connection, concurrency, prefix: platform.config.queuePrefix },
    );
    bullWorker.on('error', () => undefined);
  }

  const send = async (claim: ClaimedAttempt) => {
    if (queue) {
      // Backoff and attempt counting live in PostgreSQL; the job is one attempt and is not retried by BullMQ.
      try {
        await queue.add('deliver', claim, { jobId: `${claim.deliveryId}-${claim.attempt}`, attempts: 1, removeOnComplete: 1000, removeOnFail: 5000 });
      } catch (error) {
        // Redis is away (the producer fails fast): the attempt goes back, uncounted, and is claimed again later.
        queueDownUntil = Date.now() + QUEUE_DOWN_PAUSE_MS;
        await releaseClaim(db, claim, QUEUE_DOWN_PAUSE_MS);
        throw error;
      }
      return;
    }
    const outcome = await attemptDelivery(db, claim, settings, { log: options.log });
    if (outcome === 'dead') options.log(`webhook delivery ${claim.deliveryId} dead after ${claim.attempt} attempts`);
  };

  const pump = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        const room = queue ? (Date.now() < queueDownUntil ? 0 : 50) : concurrency - inFlight.size;
        if (room > 0) {
          const claims = await claimDue(db, worker, room, settings);
          claimed = claims.length;
          for (const claim of claims) {
            const p = send(claim)
              .catch((error: Error) => options.log(`webhook delivery ${claim.deliveryId} attempt ${claim.attempt}: ${error.message}`))
              .finally(() => inFlight.delete(p));
            inFlight.add(p);
          }
        }
      } catch (error) {
        options.log(`webhook pump: ${(error as Error).message}; retrying`);
      }
      if (claimed === 0 || (!queue && inFlight.size >= concurrency)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, inFlight.size >= concurrency ? 20 : pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();

  return {
    mode: queue ? 'bullmq' : 'in-process',
    async stop() {
      stopped = true;
      wake?.();
      await pump;
      await Promise.all(inFlight);
      await bullWorker?.close();
      await queue?.close();
      for (const connection of connections) connection.disconnect();
    },
  };
}
