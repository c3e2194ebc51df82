import Redis from 'ioredis';

// Two kinds of Redis connection, because BullMQ's producers and workers want opposite things when Redis is away:
// - a worker blocks on Redis and must wait through an outage (maxRetriesPerRequest null), resuming by itself;
// - a producer (queue.add from a request or a pump) must fail at once instead of waiting for a reconnection, so
//   callers answer 503 or put the work back (enableOfflineQueue false). It needs Redis up when it is created
//   for its first command; later outages fail fast.
// Both report errors through /health, not as unhandled events, and ioredis keeps reconnecting.
export function workerConnection(url: string): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  return connection;
}

export function producerConnection(url: string): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
  connection.on('error', () => undefined);
  return connection;
}

export class JobQueueUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the job queue (Redis) is not answering: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'JobQueueUnavailable';
  }
}
