import { randomUUID } from 'node:crypto';
import { EventStoreDbFakeServer } from '@test/fakes/eventstoredb-fake-server';
import { newEvent } from '@test/contract/event-store.contract';
import { StoredEvent } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

describe('EventStoreDB adapter (against the FAKE server): subscriptions survive drops', () => {
  const fake = new EventStoreDbFakeServer();
  let store: EventStoreDbEventStore;

  beforeAll(async () => {
    store = new EventStoreDbEventStore({ connectionString: await fake.start(), resubscribeMinMs: 20, resubscribeMaxMs: 200 });
  });

  afterAll(async () => {
    await store.close();
    await fake.stop();
  });

  it('resubscribes from the last processed position after the server drops it: no gap, no duplicate', async () => {
    const streamId = `drops-${randomUUID()}`;
    const start = await store.headPosition();
    const sub = store.subscribe({ after: start });
    const seen: StoredEvent[] = [];
    const consuming = (async () => {
      for await (const event of sub) seen.push(event);
    })();

    const written: string[] = [];
    let drops = 0;
    for (let i = 0; i < 60; i++) {
      const event = newEvent('Counted', { i });
      await store.append(streamId, [event], { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
      written.push(event.id);
      if (i % 15 === 7) {
        // Drop while events are flowing, then keep writing while the subscriber is away.
        await new Promise((r) => setTimeout(r, 5));
        drops += fake.dropSubscriptions();
      }
      if (i % 20 === 0) fake.appendSystemEvent();
    }
    const deadline = Date.now() + 10_000;
    while (seen.length < written.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await sub.close();
    await consuming;

    expect(drops).toBeGreaterThanOrEqual(3);
    expect(seen.map((e) => e.id)).toEqual(written);
    expect(seen.every((e) => !e.type.startsWith('$'))).toBe(true);
  });

  it('reads $all without the server\'s system events and pages across them', async () => {
    const streamId = `paging-${randomUUID()}`;
    const start = await store.headPosition();
    for (let i = 0; i < 5; i++) {
      fake.appendSystemEvent();
      await store.append(streamId, [newEvent('Paged', { i })], { expectedRevision: 'any' });
    }
    const page = await store.readAll({ after: start, limit: 3 });
    expect(page.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2]);
    const rest = await store.readAll({ after: page[2].position, limit: 3 });
    expect(rest.map((e) => (e.data as { i: number }).i)).toEqual([3, 4]);
  });
});
