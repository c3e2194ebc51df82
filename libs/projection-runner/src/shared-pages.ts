import { EventStore, Position, StoredEvent } from '@channel-ledger/event-store';

// The projections of one runner all read the same log, page by page from where each stands. Reading and decoding
// a page once for all of them, instead of once per projection, is most of a catch-up's work in this process.
//
// Only full pages are kept: a full page after a position never changes (the store hands out events in log order
// and never lets a later reader find an event before one it has already handed out), while a short page is the
// head of the log as it stood and may grow. Pages are shared as they are: projections must not change the events
// they are given. The newest `capacity` pages are kept; a projection further behind reads its own.
//
// Readers that name themselves are kept together while they catch up: a reader whose last page was full, about
// to push out the oldest kept page while another reader is still to read exactly that page, waits for it (up to
// `maxWaitMs`), so a faster projection does not run so far ahead that the slower ones read and decode every page
// again. A reader at the head (its last page was short) never waits, nor does anyone wait for a reader already
// behind the kept pages or not seen within `activeMs` (a stopped, failed or handed-over projection).
export interface SharedPagesOptions {
  capacity?: number;
  maxWaitMs?: number;
  activeMs?: number;
}

interface Kept {
  after: Position | undefined;
  page: Promise<StoredEvent[]>;
}

export class SharedPages {
  private readonly pages = new Map<string, Kept>();
  private readonly readers = new Map<string, { after: Position | undefined; at: number; full: boolean }>();
  private readonly waiting = new Set<() => void>();
  private readonly capacity: number;
  private readonly maxWaitMs: number;
  private readonly activeMs: number;
  // Reads answered from a kept page, and waits for a reader behind (for tests and profiling).
  hits = 0;
  waits = 0;

  constructor(
    private readonly store: EventStore,
    options: SharedPagesOptions = {},
  ) {
    this.capacity = options.capacity ?? 32;
    this.maxWaitMs = options.maxWaitMs ?? 1_000;
    this.activeMs = options.activeMs ?? 5_000;
  }

  // `reader` names who reads: one projection, or a group of them reading the page together.
  async read(after: Position | undefined, limit: number, reader?: string | readonly string[]): Promise<StoredEvent[]> {
    const key = `${after ?? ''}|${limit}`;
    const names = reader === undefined ? [] : typeof reader === 'string' ? [reader] : reader;
    if (names.length > 0) {
      const full = names.some((name) => this.readers.get(name)?.full ?? false);
      for (const name of names) this.readers.set(name, { after, at: Date.now(), full: this.readers.get(name)?.full ?? false });
      for (const wake of [...this.waiting]) wake();
      if (full && !this.pages.has(key)) await this.makeRoom(names);
    }
    const events = await this.take(key, after, limit);
    for (const name of names) {
      const seen = this.readers.get(name);
      if (seen && seen.after === after) seen.full = events.length === limit;
    }
    return events;
  }

  // Reads the page after `after` ahead of whoever reads it next (the page after a full one, while that one is
  // applied), unless keeping it would push out a page an active reader still stands at.
  prefetch(after: Position | undefined, limit: number): void {
    const key = `${after ?? ''}|${limit}`;
    if (this.pages.has(key)) return;
    if (this.pages.size >= this.capacity) {
      const oldest = this.pages.values().next().value!.after;
      const now = Date.now();
      if ([...this.readers.values()].some((r) => now - r.at < this.activeMs && r.after === oldest)) return;
    }
    this.take(key, after, limit).catch(() => undefined);
  }

  private take(key: string, after: Position | undefined, limit: number): Promise<StoredEvent[]> {
    const kept = this.pages.get(key);
    if (kept) {
      this.hits += 1;
      return kept.page;
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
    this.pages.set(key, { after, page });
    while (this.pages.size > this.capacity) this.pages.delete(this.pages.keys().next().value!);
    return page;
  }

  // Waits while keeping one more page would push out the oldest one and another active reader is still to read it.
  private async makeRoom(readers: readonly string[]): Promise<void> {
    const deadline = Date.now() + this.maxWaitMs;
    let counted = false;
    while (this.pages.size >= this.capacity && Date.now() < deadline) {
      const oldest = this.pages.values().next().value!.after;
      const now = Date.now();
      const holding = [...this.readers].filter(([id, r]) => !readers.includes(id) && now - r.at < this.activeMs && r.after === oldest);
      if (holding.length === 0) return;
      if (!counted) this.waits += 1;
      counted = true;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiting.delete(done);
          resolve();
        };
        // Look again when a holding reader reads on (wakes every waiter), would count as gone, or at the deadline.
        const gone = Math.max(...holding.map(([, r]) => r.at + this.activeMs));
        const timer = setTimeout(done, Math.max(1, Math.min(deadline, gone) - Date.now()));
        this.waiting.add(done);
      });
    }
  }

  private forget(key: string, page: Promise<StoredEvent[]>): void {
    if (this.pages.get(key)?.page === page) this.pages.delete(key);
  }
}
