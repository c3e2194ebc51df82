import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { newEvent } from '../../../../test/contract/event-store.contract';
import { within } from '../../../../test/support/timing';
import { DuplicateEventIdError } from '../event-store.port';
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

  it('migrating twice is a no-op', async () => {
    const again = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    await again.close();
    expect((await store.readAll({ limit: 1 })).length).toBeGreaterThanOrEqual(0);
  });
});
