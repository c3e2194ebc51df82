import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { EventStore, NewEvent, PostgresEventStore, comparePositions } from '@channel-ledger/event-store';
import { ReadDB, migrateReadStore } from '@channel-ledger/read-store';
import { allProjections, readModelMigrations } from '@channel-ledger/projections';
import { Stream, generate } from '../../../bench/generate';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { ProjectionRunner } from './runner';

jest.setTimeout(300_000);

// What the runner costs per command: the statements it sends (its read store's pool, counted on the clients, and
// the pages it reads from the log) while single-event commands arrive one by one, against every real read model.
describe('projection runner cost per command (real PostgreSQL, every read model)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let pool: Pool;
  let db: Kysely<ReadDB>;
  let watch: Kysely<ReadDB>;
  let counting = false;
  let statements = 0;
  let reads = 0;
  const texts = new Map<string, number>();
  const commands: { streamId: string; event: NewEvent }[] = [];

  // The runner's view of the store: every page it reads is counted.
  const countedStore = (): EventStore =>
    new Proxy(store, {
      get(target, property) {
        if (property === 'readAll')
          return (...args: Parameters<EventStore['readAll']>) => {
            if (counting) reads += 1;
            return target.readAll(...args);
          };
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

  beforeAll(async () => {
    database = await createTestDatabase('cl_runner_cost');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    pool = new Pool({ connectionString: database.url, max: 10 });
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if (counting) {
          statements += 1;
          if (process.env.COST_DEBUG) {
            const text = String(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text).replace(/\s+/g, ' ').slice(0, 60);
            texts.set(text, (texts.get(text) ?? 0) + 1);
          }
        }
        return query(...args);
      };
    });
    db = new Kysely<ReadDB>({ dialect: new PostgresDialect({ pool }) });
    watch = new Kysely<ReadDB>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }) });
    await migrateReadStore(watch, readModelMigrations);
    // A realistic history through the real deciders; its first 1,200 events are the log before, the next ones
    // arrive one event per command.
    const streams: Stream[] = [];
    await generate(async (s) => void streams.push(s), { events: 1_600, seed: 11, partners: 10, programs: 2, writers: 1, start: new Date('2026-01-01T00:00:00Z') });
    let appended = 0;
    for (const s of streams) {
      if (appended < 1_200) await store.append(s.streamId, s.events, { expectedRevision: 'any' });
      else for (const event of s.events) commands.push({ streamId: s.streamId, event });
      appended += s.events.length;
    }
  });

  afterAll(async () => {
    await db.destroy();
    await watch.destroy();
    await store.close();
    await database.drop();
  });

  const checkpoints = () => watch.selectFrom('projection_checkpoints').select(['projection', 'position', 'status']).execute();
  async function allPast(position: string, count: number): Promise<boolean> {
    const rows = await checkpoints();
    if (rows.some((r) => r.status === 'failed')) throw new Error(`a projection failed: ${JSON.stringify(rows)}`);
    return rows.length >= count && rows.every((r) => r.position !== null && comparePositions(r.position, position) >= 0);
  }
  async function waitPast(position: string, count: number, everyMs = 1): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await allPast(position, count))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${position}: ${JSON.stringify(await checkpoints())}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  it('statements per single-event command, and the time until every read model shows it', async () => {
    const projections = allProjections();
    const runner = new ProjectionRunner({ store: countedStore(), db, connectionString: database.url, instanceId: 'cost', projections, idleMs: 50 });
    await runner.start();
    try {
      const head = (await store.headPosition())!;
      await waitPast(head, projections.length, 25);
      // One by one: each command's event is the only one in its page.
      const sequential = commands.slice(0, 200);
      statements = 0;
      reads = 0;
      counting = true;
      for (const { streamId, event } of sequential) {
        const { position } = await store.append(streamId, [event], { expectedRevision: 'any' });
        await waitPast(position, projections.length);
      }
      counting = false;
      const perCommand = statements / sequential.length;
      const readsPerCommand = reads / sequential.length;
      // At a moderate rate (every 20 ms), without waiting: how long until every read model has the command.
      const paced = commands.slice(200, 400);
      const visible: number[] = [];
      const pending: { position: string; at: number }[] = [];
      let appending = true;
      const watcher = (async () => {
        while (appending || pending.length > 0) {
          const rows = await checkpoints();
          const now = Date.now();
          const past = (position: string) => rows.every((r) => r.position !== null && comparePositions(r.position, position) >= 0);
          while (pending.length > 0 && past(pending[0].position)) visible.push(now - pending.shift()!.at);
          // As often as read-your-writes looks at the checkpoints.
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      for (const { streamId, event } of paced) {
        const at = Date.now();
        const { position } = await store.append(streamId, [event], { expectedRevision: 'any' });
        pending.push({ position, at });
        await new Promise((r) => setTimeout(r, 20));
      }
      appending = false;
      await watcher;
      if (process.env.COST_DEBUG) process.stdout.write(`${JSON.stringify([...texts].sort((a, b) => b[1] - a[1]), null, 1)}\n${JSON.stringify(visible)}\n`);
      visible.sort((a, b) => a - b);
      const p = (q: number) => visible[Math.min(visible.length - 1, Math.floor(q * visible.length))];
      process.stdout.write(
        `runner cost: ${perCommand.toFixed(2)} read-store statements and ${readsPerCommand.toFixed(2)} log reads per single-event command (${projections.length} projections); ` +
          `at one command every 20 ms, visible in every read model after p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${visible[visible.length - 1]} ms\n`,
      );
      // Three statements around the projections' own per page (one transaction for all of them), where one
      // transaction per projection took four each: 56.7 per command with these nine.
      expect(perCommand).toBeLessThan(25);
    } finally {
      await runner.stop();
    }
  });
});
