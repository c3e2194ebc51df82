import { ConfigError, loadConfig } from '@channel-ledger/config';
import { StartupError, processLogger, startPlatform } from '@channel-ledger/platform';
import { startProjector, startSweeps, startRebuildWorker, startWebhookDelivery } from '@channel-ledger/jobs';
import { readModelMigrations } from '@channel-ledger/projections';

async function main(): Promise<void> {
  const config = loadConfig();
  const say = processLogger(config, 'projector');
  const platform = await startPlatform(config, say, { readModels: readModelMigrations });
  const runner = await startProjector(platform, say);
  const sweeps = config.sweepIntervalMs > 0 ? await startSweeps(platform, { everyMs: config.sweepIntervalMs, log: say }) : undefined;
  const rebuilds = startRebuildWorker(platform, say);
  const webhooks = startWebhookDelivery(platform, { log: say });
  say(`projector running; rebuilds ${rebuilds ? 'from the BullMQ queue' : 'in the process that is asked'}; webhooks ${webhooks.mode}; sweeps ${sweeps ? `every ${config.sweepIntervalMs} ms (${sweeps.mode})` : 'off'}`);
  const stop = async () => {
    await sweeps?.stop();
    await rebuilds?.stop();
    await webhooks.stop();
    await runner.stop();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof StartupError;
  process.stderr.write(`channel-ledger projector: ${known ? (error as Error).message : (error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
