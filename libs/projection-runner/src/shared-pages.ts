import { EventStore, Position, StoredEvent } from '../../event-store/src';

// The projections of one runner all read the same log, page by page from where each stands. Reading and decoding
// a page once for all of them, instead of once per projection, is most of a catch-up's work in this process.
//
// Only full pages are kept: a full page after a position never changes (the store hands out events in log order
// and never lets a later reader find an event before one it has already handed out), while a short page is the
// head of the log as it stood and may grow. Pages are shared as they are: projections must not change the events
// they are given. The newest `capacity` pages are kept; a projection further behind reads its own.
export class SharedPages {
  private readonly pages = new Map<string, Promise<StoredEvent[]>>();
  // Reads answered from a kept page (for tests and profiling).
  hits = 0;

  constructor(
    private readonly store: EventStore,
    private readonly capacity = 32,
  ) {}

  read(after: Position | undefined, limit: number): Promise<StoredEvent[]> {
    const key = `${after ?? ''}|${limit}`;
    const kept = this.pages.get(key);
    if (kept) {
      this.hits += 1;
      return kept;
    }
    const page: Promise<StoredEvent[]> = this.store.readAll({ after, limit }).then(
      (events) => {
        if (events.length < limit) this.forget(key, page);
        return events;
      },
      (error) => {
        this.forget(key, page);
        throw error;
      },
    );
    this.pages.set(key, page);
    while (this.pages.size > this.capacity) this.pages.delete(this.pages.keys().next().value!);
    return page;
  }

  private forget(key: string, page: Promise<StoredEvent[]>): void {
    if (this.pages.get(key) === page) this.pages.delete(key);
  }
}
