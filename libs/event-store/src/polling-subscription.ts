import { Position, StoredEvent, Subscription, comparePositions } from './event-store.port';

export interface PollingSource {
  after: Position | undefined;
  batchSize: number;
  read(after: Position | undefined, limit: number): Promise<StoredEvent[]>;
  // Resolves when more events may be readable (or the signal aborts); never rejects.
  waitForMore(checkpoint: Position | undefined, signal: AbortSignal): Promise<void>;
}

// Reads the log in batches after a checkpoint that only moves past events already handed out, so a
// subscriber sees each event once and in log order; it ends only when closed.
export class PollingSubscription implements Subscription {
  private readonly abort = new AbortController();
  private checkpoint: Position | undefined;

  constructor(private readonly source: PollingSource) {
    this.checkpoint = source.after;
  }

  private iterator: AsyncGenerator<StoredEvent> | undefined;

  // One stream of events however often it is iterated: a second for-await continues where the first stopped.
  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    this.iterator ??= this.run();
    return this.iterator;
  }

  private async *run(): AsyncGenerator<StoredEvent> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      let batch: StoredEvent[];
      try {
        batch = await this.source.read(this.checkpoint, this.source.batchSize);
        failures = 0;
      } catch {
        // The server is away: back off and read again from the same checkpoint, losing nothing.
        failures += 1;
        await sleep(Math.min(100 * 2 ** failures, 5_000), this.abort.signal);
        continue;
      }
      for (const event of batch) {
        if (this.abort.signal.aborted) return;
        if (this.checkpoint !== undefined && comparePositions(event.position, this.checkpoint) <= 0) continue;
        this.checkpoint = event.position;
        yield event;
      }
      if (batch.length < this.source.batchSize) await this.source.waitForMore(this.checkpoint, this.abort.signal);
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}
