import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { newEvent } from '../../../../test/contract/event-store.contract';
import { within } from '../../../../test/support/timing';
import { DuplicateEventIdError } from '../event-store.port';
import { verifyStream } from '../integrity';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgreSQL adapter specifics', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('cl_pg_adapter');
    // Polling is set far beyond the test's patience: only a notification can wake the subscriber in time.
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true, pollIntervalMs: 600_000 });
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('wakes a waiting subscriber through LISTEN/NOTIFY, not by polling', async () => {
    const sub = store.subscribe({ after: await store.headPosition() });
    const iterator = sub[Symbol.asyncIterator]();
    const first = iterator.next();
    await new Promise((r) => setTimeout(r, 300)); // the subscriber is now idle and waiting
    const event = newEvent('Woken');
    await store.append(`wake-${randomUUID()}`, [event], { expectedRevision: 'no_stream' });
    const result = await within(first, 5_000, 'not woken' as const);
    await sub.close();
    expect(result).toMatchObject({ done: false, value: { id: event.id } });
  });

  it('counts the events a reader can see, up to a position', async () => {
    const stream = `count-${randomUUID()}`;
    const first = await store.append(stream, [newEvent('One'), newEvent('Two')], { expectedRevision: 'no_stream' });
    const second = await store.append(stream, [newEvent('Three')], { expectedRevision: 1 });
    const all = await store.readAll({ limit: 100_000 });
    // Wait until both appends are readable (an older open transaction elsewhere on the server holds them back).
    for (let i = 0; i < 200 && !all.some((e) => e.position === second.position); i++) {
      await new Promise((r) => setTimeout(r, 25));
      all.splice(0, all.length, ...(await store.readAll({ limit: 100_000 })));
    }
    expect(await store.countEvents()).toBe(all.length);
    expect(await store.countEvents(first.position)).toBe(all.findIndex((e) => e.position === first.position) + 1);
    expect(await store.countEvents(second.position)).toBe(all.length);
  });

  it('refuses an event id that was already used by a different append', async () => {
    const event = newEvent('Once');
    await store.append(`dup-a-${randomUUID()}`, [event], { expectedRevision: 'no_stream' });
    await expect(store.append(`dup-b-${randomUUID()}`, [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('tamper evidence: finds an edited, a removed and a reordered event row', async () => {
    const make = async () => {
      const id = `tamper-${randomUUID()}`;
      await store.append(id, [newEvent('Drafted', { amount: 100 })], { expectedRevision: 'no_stream' });
      await store.append(id, [newEvent('Submitted'), newEvent('Approved', { by: 'a' })], { expectedRevision: 0 });
      await store.append(id, [newEvent('Converted')], { expectedRevision: 2 });
      return id;
    };
    const pool = store.connectionPool;
    const edited = await make();
    await pool.query(`update event_store.events set data = jsonb_set(data, '{amount}', '1') where stream_id = $1 and stream_revision = 0`, [edited]);
    expect(verifyStream(edited, await store.readStream(edited))).toMatchObject({ ok: false, revision: 0, reason: expect.stringContaining('altered') });

    const removed = await make();
    await pool.query(`delete from event_store.events where stream_id = $1 and stream_revision = 2`, [removed]);
    expect(verifyStream(removed, await store.readStream(removed))).toMatchObject({ ok: false, revision: 2, reason: expect.stringContaining('missing') });
    // Renumbered to hide the gap: the link to the previous event gives it away.
    await pool.query(`update event_store.events set stream_revision = 2 where stream_id = $1 and stream_revision = 3`, [removed]);
    expect(verifyStream(removed, await store.readStream(removed))).toMatchObject({ ok: false, revision: 2 });

    const reordered = await make();
    await pool.query(
      `update event_store.events set stream_revision = case stream_revision when 1 then -1 else stream_revision end where stream_id = $1;
       update event_store.events set stream_revision = 1 where stream_id = $1 and stream_revision = 2;
       update event_store.events set stream_revision = 2 where stream_id = $1 and stream_revision = -1;`.replace(/\$1/g, `'${reordered}'`),
    );
    expect(verifyStream(reordered, await store.readStream(reordered))).toMatchObject({ ok: false, revision: 1 });

    const untouched = await make();
    expect(verifyStream(untouched, await store.readStream(untouched))).toEqual({ ok: true, events: 4 });
  });

  // The lock statement reads the previous event's hash on the snapshot it started with; a writer that waited for
  // the lock follows an event committed after that snapshot and must read it again, or it breaks the chain.
  it('chains writers that queued on the stream lock (any and exists) to the events committed while they waited', async () => {
    const held = await PostgresEventStore.connect({ connectionString: database.url, beforeCommit: () => new Promise((r) => setTimeout(r, 20)) });
    try {
      const id = `queued-${randomUUID()}`;
      await held.append(id, [newEvent('Opened')], { expectedRevision: 'no_stream' });
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => held.append(id, [newEvent('Queued', { i }), newEvent('Queued', { i, second: true })], { expectedRevision: i % 2 ? 'any' : 'exists' })),
      );
      const events = await held.readStream(id);
      expect(events).toHaveLength(17);
      expect(verifyStream(id, events)).toEqual({ ok: true, events: 17 });
    } finally {
      await held.close();
    }
  });

  it('migrating twice is a no-op', async () => {
    const again = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    await again.close();
    expect((await store.readAll({ limit: 1 })).length).toBeGreaterThanOrEqual(0);
  });
});
