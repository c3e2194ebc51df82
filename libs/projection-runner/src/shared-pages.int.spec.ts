import { randomUUID } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { EventStore, PostgresEventStore, StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { newEvent } from '@test/contract/event-store.contract';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { until } from '@test/support/until';
import { Projection } from './projection';
import { ProjectionRunner } from './runner';
import { SharedPages } from './shared-pages';

jest.setTimeout(60_000);

// The real store, with its page reads counted.
function counted(store: EventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  const wrapped = Object.create(store) as EventStore;
  wrapped.readAll = (options) => {
    reads += 1;
    return store.readAll(options);
  };
  return { store: wrapped, reads: () => reads };
}

describe('SharedPages (real PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let db: Kysely<ReadDB>;

  beforeAll(async () => {
    database = await createTestDatabase('cl_pages');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    db = createReadDb(database.url);
    await migrateReadStore(db);
  });

  afterAll(async () => {
    await db.destroy();
    await store.close();
    await database.drop();
  });

  it('reads a full page once for every reader, and never keeps a short page that may still grow', async () => {
    const stream = `p-${randomUUID()}`;
    const first = await store.append(stream, Array.from({ length: 6 }, () => newEvent('Paged')), { expectedRevision: 'no_stream' });
    const { store: countedStore, reads } = counted(store);
    const pages = new SharedPages(countedStore);
    // An append becomes readable once every older transaction in the cluster has ended: wait for ours.
    const all = await until('the appended events to be readable', async () => {
      const events = await store.readAll({ limit: 10_000 });
      return events.some((e) => e.position === first.position) ? events : undefined;
    });
    const start = all.find((e) => e.streamId === stream)!.position;
    const before = all[all.indexOf(all.find((e) => e.streamId === stream)!) - 1]?.position;

    // Three readers at the same place, at once and later: one read.
    const [a, b] = await Promise.all([pages.read(before, 4), pages.read(before, 4)]);
    const c = await pages.read(before, 4);
    expect(reads()).toBe(1);
    expect(a.map((e) => e.position)).toEqual(all.filter((e) => e.streamId === stream).slice(0, 4).map((e) => e.position));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a[0].position).toBe(start);

    // The rest is a short page (2 of 4): the next reader reads again and finds what was appended meanwhile.
    const short = await pages.read(a[3].position, 4);
    expect(short).toHaveLength(2);
    const more = await store.append(stream, [newEvent('Paged'), newEvent('Paged')], { expectedRevision: first.nextExpectedRevision });
    await until('the appended events to be readable', async () => ((await store.readAll({ after: a[3].position, limit: 4 })).length === 4 ? true : undefined));
    const grown = await pages.read(a[3].position, 4);
    expect(grown).toHaveLength(4);
    expect(grown.at(-1)!.position).toBe(more.position);
  });

  // Appends `n` events to a new stream and returns the position just before them and the last one's position.
  async function appendRun(n: number): Promise<{ start: string | undefined; last: string }> {
    const stream = `k-${randomUUID()}`;
    const appended = await store.append(stream, Array.from({ length: n }, () => newEvent('Kept')), { expectedRevision: 'no_stream' });
    const all = await until('the appended events to be readable', async () => {
      const events = await store.readAll({ limit: 100_000 });
      return events.some((e) => e.position === appended.position) ? events : undefined;
    });
    const first = all.findIndex((e) => e.streamId === stream);
    return { start: all[first - 1]?.position, last: appended.position };
  }

  // A reader that pages from `start` until it has passed `last`, pausing `pauseMs` after each page.
  async function readThrough(pages: SharedPages, name: string, start: string | undefined, last: string, pauseMs: number): Promise<number> {
    let after = start;
    let events = 0;
    while (after === undefined || comparePositions(after, last) < 0) {
      const page = await pages.read(after, 4, name);
      if (page.length === 0) break;
      events += page.length;
      after = page[page.length - 1].position;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    return events;
  }

  it('keeps readers that catch up together, so each full page is read once however far apart their speeds are', async () => {
    const { start, last } = await appendRun(48); // 12 full pages of 4
    const { store: countedStore, reads } = counted(store);
    const pages = new SharedPages(countedStore, { capacity: 3, maxWaitMs: 5_000 });
    const [fast, slow] = await Promise.all([readThrough(pages, 'fast', start, last, 0), readThrough(pages, 'slow', start, last, 25)]);
    expect(fast).toBeGreaterThanOrEqual(48);
    expect(slow).toBe(fast);
    // 12 pages, plus at most a short page at the head each: without waiting, the slow reader reads most pages again.
    expect(reads()).toBeLessThanOrEqual(14);
    expect(pages.waits).toBeGreaterThan(0);
  });

  it('holds nobody back for a reader that stopped, nor a reader at the head', async () => {
    const { start, last } = await appendRun(40);
    const pages = new SharedPages(store, { capacity: 2, maxWaitMs: 5_000, activeMs: 300 });
    // A reader takes the first page and stops there (a failed projection, say).
    await pages.read(start, 4, 'stopped');
    const started = Date.now();
    expect(await readThrough(pages, 'going', start, last, 0)).toBeGreaterThanOrEqual(40);
    // It waited for the stopped reader only until that one counted as gone, not the 5 s it may wait for a live one.
    expect(Date.now() - started).toBeLessThan(4_000);
    // Readers at the head read short pages: they never wait, for each other or anyone.
    const waits = pages.waits;
    await Promise.all([pages.read(last, 4, 'head-a'), pages.read(last, 4, 'head-b'), pages.read(last, 4, 'going')]);
    expect(pages.waits).toBe(waits);
  });

  it('lets the projections of one runner share the pages they read', async () => {
    const stream = `r-${randomUUID()}`;
    const appended = await store.append(stream, Array.from({ length: 40 }, () => newEvent('Shared')), { expectedRevision: 'no_stream' });
    const seen = new Map<string, StoredEvent[]>();
    const recorder = (name: string): Projection => ({
      name,
      version: 1,
      async apply(_trx, events) {
        seen.set(name, [...(seen.get(name) ?? []), ...events]);
        await sql`select 1`.execute(_trx);
      },
    });
    const names = ['pages_a', 'pages_b', 'pages_c'];
    const { store: countedStore, reads } = counted(store);
    const runner = new ProjectionRunner({ store: countedStore, db, connectionString: database.url, projections: names.map(recorder), instanceId: 'pages', batchSize: 5, idleMs: 20 });
    await runner.start();
    // Our own last append, not the head read once: the head can trail an append until older transactions end.
    await until('all three projections past our append', async () => {
      const rows = await db.selectFrom('projection_checkpoints').select(['projection', 'position']).where('projection', 'in', names).execute();
      return rows.length === 3 && rows.every((r) => r.position !== null && comparePositions(r.position, appended.position) >= 0) ? true : undefined;
    });
    await runner.stop();
    // Every projection saw every event once, in log order...
    const log = (await store.readAll({ limit: 10_000 })).map((e) => e.position);
    for (const name of names) expect(seen.get(name)!.map((e) => e.position)).toEqual(log.slice(0, seen.get(name)!.length));
    expect(log).toContain(appended.position);
    // ...and every page was read once for all three: they stand at the same checkpoint, so they read as one group
    // (besides the full pages, a few short reads at the head of the log).
    const fullPages = Math.floor(log.length / 5);
    expect(reads()).toBeGreaterThanOrEqual(fullPages);
    expect(reads()).toBeLessThanOrEqual(fullPages + 5);
  });
});
