import { Kysely } from 'kysely';
import { NewEvent, PostgresEventStore, comparePositions } from '@channel-ledger/event-store';
import { Projection, ProjectionRunner } from '@channel-ledger/projection-runner';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { allProjections, readModelMigrations } from '@channel-ledger/projections';
import { GenerateOptions, GeneratedWorld, generate } from '../../bench/generate';
import { createTestDatabase, TestDatabase } from './database';
import { until } from './until';

// A database of its own holding a generated log (the bench's generator, through the real deciders) and the read
// store, for tests that compare read models over a realistic history.
export interface GeneratedLog {
  database: TestDatabase;
  store: PostgresEventStore;
  db: Kysely<ReadDB>;
  world: GeneratedWorld;
  // Appends to a stream and remembers the furthest position written (the head read once may trail it).
  append(streamId: string, events: NewEvent[]): Promise<void>;
  last(): string;
  close(): Promise<void>;
}

export async function generatedLog(prefix: string, options: Omit<GenerateOptions, 'writers' | 'start'>): Promise<GeneratedLog> {
  const database = await createTestDatabase(prefix);
  const store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
  const db = createReadDb(database.url);
  await migrateReadStore(db, readModelMigrations);
  let last: string | undefined;
  const track = (position: string) => {
    if (last === undefined || comparePositions(position, last) > 0) last = position;
  };
  const { world } = await generate(async (s) => track((await store.append(s.streamId, s.events, { expectedRevision: 'no_stream' })).position), {
    ...options,
    writers: 1,
    start: new Date('2026-01-01T00:00:00Z'),
  });
  return {
    database,
    store,
    db,
    world,
    append: async (streamId, events) => track((await store.append(streamId, events, { expectedRevision: 'any' })).position),
    last: () => last!,
    close: async () => {
      await db.destroy();
      await store.close();
      await database.drop();
    },
  };
}

// Runs every projection (or the ones given) until each is past the last append, then stops the runner.
export async function projectToHead(log: GeneratedLog, batchSize: number, timeoutMs: number, projections: Projection[] = allProjections()): Promise<void> {
  const runner = new ProjectionRunner({ store: log.store, db: log.db, connectionString: log.database.url, projections, instanceId: `log-${batchSize}`, batchSize, idleMs: 10 });
  await runner.start();
  try {
    await until(
      `every projection past the last append in batches of ${batchSize}`,
      async () => {
        const rows = await log.db.selectFrom('projection_checkpoints').select(['position', 'status']).execute();
        if (rows.some((r) => r.status === 'failed')) throw new Error(`a projection failed: ${JSON.stringify(rows)}`);
        return rows.length >= projections.length && rows.every((r) => r.position !== null && comparePositions(r.position, log.last()) >= 0) ? true : undefined;
      },
      timeoutMs,
    );
  } finally {
    await runner.stop();
  }
}
