import { Kysely } from 'kysely';
import { FastifyRequest } from 'fastify';
import { encodePosition } from '@channel-ledger/event-store';
import { AppConfig } from '@channel-ledger/config';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { HttpProblem } from '@channel-ledger/platform';
import { ReadYourWrites } from './read-your-writes';

describe('ReadYourWrites', () => {
  let database: TestDatabase;
  let db: Kysely<ReadDB>;

  beforeAll(async () => {
    database = await createTestDatabase('cl_ryw');
    db = createReadDb(database.url);
    await migrateReadStore(db as unknown as Kysely<unknown>);
    await db.insertInto('projection_checkpoints').values([
      { projection: 'registrations', position: encodePosition(10n, 1n), error: null, owner: null },
      { projection: 'sales', position: encodePosition(10n, 1n), error: null, owner: null },
    ]).execute();
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const freshness = (timeoutMs: number) => new ReadYourWrites(db, { readYourWritesTimeoutMs: timeoutMs } as AppConfig);
  const asking = (position: string) => ({ headers: { 'x-min-position': position }, query: {} }) as unknown as FastifyRequest;
  const moveTo = (projection: string, position: string) => db.updateTable('projection_checkpoints').set({ position }).where('projection', '=', projection).execute();

  it('answers 60 waiting requests when the read models get there, with one shared look at the checkpoints at a time', async () => {
    const ryw = freshness(5_000);
    const target = encodePosition(20n, 5n);
    let answered = 0;
    const waiting = Array.from({ length: 60 }, () => ryw.waitFor(asking(target), ['registrations', 'sales']).then(() => (answered += 1)));
    await new Promise((r) => setTimeout(r, 150));
    await moveTo('registrations', target);
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(0); // sales is not there yet
    await moveTo('sales', encodePosition(21n, 1n));
    await Promise.all(waiting);
    expect(answered).toBe(60);
    // One look at a time shared by all the waiters, whatever their number (each polling alone: thousands): about one
    // per 5 ms for ~0.3 s on a quiet machine, fewer on a loaded one, where each look takes longer; at least one that
    // found the read models behind and one that found them there.
    expect(ryw.polls).toBeGreaterThanOrEqual(2);
    expect(ryw.polls).toBeLessThan(150);
  });

  it('answers 503 with Retry-After after the timeout, and at once when already there', async () => {
    const ryw = freshness(200);
    const started = Date.now();
    const error = await ryw.waitFor(asking(encodePosition(99n, 1n)), ['registrations']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await expect(ryw.waitFor(asking(encodePosition(1n, 1n)), ['registrations'])).resolves.toBeUndefined();
  });

  it('refuses a position that is not one', async () => {
    await expect(freshness(100).waitFor(asking('yesterday'), ['registrations'])).rejects.toMatchObject({ status: 400 });
  });
});
