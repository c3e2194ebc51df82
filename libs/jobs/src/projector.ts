import { hostname } from 'node:os';
import { ProjectionRunner } from '@channel-ledger/projection-runner';
import { Platform } from '@channel-ledger/platform';
import { allProjections } from '@channel-ledger/projections';

// The projections of every read model, run against the platform's log and read store. Used by the projector
// process, and by the API process when RUN_PROJECTOR is on (the embedded default runs as one process).
export async function startProjector(platform: Platform, log: (line: string) => void): Promise<ProjectionRunner> {
  const runner = new ProjectionRunner({
    store: platform.eventStore,
    db: platform.readDb,
    connectionString: platform.databaseUrl,
    projections: allProjections(),
    instanceId: `${hostname()}:${process.pid}`,
    log,
  });
  await runner.start();
  return runner;
}
