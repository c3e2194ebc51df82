// A projector process for the runner's tests: runs the recording projection until it is killed.
import { PostgresEventStore } from '@channel-ledger/event-store';
import { ProjectionRunner, Projection } from '@channel-ledger/projection-runner';
import { createReadDb } from '@channel-ledger/read-store';
import { sql } from 'kysely';
import { allProjections } from '@channel-ledger/projections';
import { recordingProjection } from './recording-projection';

// The real read models, each batch held open a little longer so a kill lands inside one.
function slowed(projection: Projection, slowMs: number): Projection {
  return {
    ...projection,
    async apply(trx, events) {
      await projection.apply(trx, events);
      if (slowMs > 0) await sql`select pg_sleep(${slowMs / 1000})`.execute(trx);
    },
  };
}

async function main() {
  const url = process.env.DATABASE_URL!;
  const instance = process.env.INSTANCE_ID!;
  const store = await PostgresEventStore.connect({ connectionString: url });
  const db = createReadDb(url, 4);
  const runner = new ProjectionRunner({
    store,
    db,
    connectionString: url,
    instanceId: instance,
    projections:
      process.env.REAL === '1'
        ? allProjections().map((p) => slowed(p, Number(process.env.SLOW_MS ?? 0)))
        : [recordingProjection(process.env.PROJECTION!, instance, { slowMs: Number(process.env.SLOW_MS ?? 0) })],
    batchSize: Number(process.env.BATCH ?? 50),
    idleMs: 20,
    lockRetryMs: 100,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  await runner.start();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void runner.stop().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
