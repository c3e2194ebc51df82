import { containerRuntimeAvailable, resolvePostgres, resolveRedis, ResolvedService, ServiceNotFoundError } from './services';

declare global {
  // eslint-disable-next-line no-var
  var __CHANNEL_LEDGER_TEST_SERVICES__: ResolvedService[] | undefined;
}

// Runs once before all test files; what it puts in process.env reaches every worker.
export default async function globalSetup(): Promise<void> {
  // The workspace web app the browser tests open, built once here (not by two test files at once); skipped when
  // nothing it is made from changed.
  require('../../scripts/build.js').buildWorkspaceIfNeeded();
  try {
    const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
    process.env.TEST_DATABASE_URL = postgres.url;
    process.env.TEST_REDIS_URL = redis.url;
    process.env.TEST_CONTAINER_RUNTIME = (await containerRuntimeAvailable()) ? '1' : '0';
    globalThis.__CHANNEL_LEDGER_TEST_SERVICES__ = [postgres, redis];
    process.stdout.write(`\ntest services: PostgreSQL (${postgres.source}), Redis (${redis.source}), container runtime: ${process.env.TEST_CONTAINER_RUNTIME === '1' ? 'yes' : 'no'}\n`);
  } catch (error) {
    if (error instanceof ServiceNotFoundError) {
      process.stderr.write(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
