import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@channel-ledger/event-store';
import { allProjections } from '@channel-ledger/projections';
import { newEvent } from '../contract/event-store.contract';
import { createTestDatabase } from '../support/database';
import { buildOnce, freePort, runApp, waitForHealth } from '../support/processes';

jest.setTimeout(120_000);

const JWT = 'local-test-secret-that-is-long-enough';
const AUDIT = 'local-audit-key-that-is-long-enough-too';

beforeAll(() => buildOnce());

describe('start-up on the embedded default (no environment)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'channel-ledger-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves /health with a real embedded PostgreSQL, and keeps the data across a restart', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir, LOG_LEVEL: 'info' };

    const first = runApp('apps/api/src/main.js', env);
    const health = await waitForHealth(port, 60_000, first);
    expect(health.body.details).toMatchObject({
      database: { status: 'up', embedded: true },
      eventStore: { status: 'up', kind: 'postgres' },
      jobs: { status: 'up', mode: 'in-process' },
    });
    expect(first.output()).toContain('REDIS_URL is not set: jobs run in-process');
    // First start: demo data through the API, and tokens that work for the demo users.
    const deadline = Date.now() + 30_000;
    while (!first.output().includes('Try: curl') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const alice = /Alice Hart \(partner manager\) of partner ([0-9a-f-]{36}):\n\s+(\S+)/.exec(first.output());
    const dave = /Dave Kim \(partner manager\) of partner ([0-9a-f-]{36}):/.exec(first.output());
    expect(alice).not.toBeNull();
    expect(dave).not.toBeNull();
    const [, acmeId, aliceToken] = alice!;
    const own = await fetch(`http://127.0.0.1:${port}/v1/partners/${acmeId}`, { headers: { Authorization: `Bearer ${aliceToken}` } });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { profile: { name: string } }).profile.name).toBe('Acme Corp');
    const other = await fetch(`http://127.0.0.1:${port}/v1/partners/${dave![1]}`, { headers: { Authorization: `Bearer ${aliceToken}` } });
    expect(other.status).toBe(404);
    // prm beside the running app uses its embedded database and leaves it running.
    const status = runApp('apps/cli/src/main.js', env, ['projections', 'status']);
    expect(await status.exited).toBe(0);
    expect(status.output()).toMatch(/^PROJECTION\s+VERSION\s+STATUS/m);
    for (const { name, version } of allProjections()) expect(status.output()).toMatch(new RegExp(`^${name}\\s+${version}\\s+running`, 'm'));
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    const streamId = `restart-${randomUUID()}`;
    const url = `postgres://postgres:postgres@127.0.0.1:${pgPort}/channel_ledger`;
    const writer = await PostgresEventStore.connect({ connectionString: url });
    const appended = await writer.append(streamId, [newEvent('KeptAcrossRestart')], { expectedRevision: 'no_stream' });
    await writer.close();

    first.child.kill('SIGTERM');
    const firstExit = await first.exited;
    expect({ exit: firstExit, output: firstExit === 0 ? '' : first.output().slice(-3000) }).toEqual({ exit: 0, output: '' });

    const second = runApp('apps/api/src/main.js', env);
    await waitForHealth(port, 60_000, second);
    // The local secret is kept beside the data: tokens from the first start still work.
    const again = await fetch(`http://127.0.0.1:${port}/v1/partners/${acmeId}`, { headers: { Authorization: `Bearer ${aliceToken}` } });
    expect(again.status).toBe(200);
    const reader = await PostgresEventStore.connect({ connectionString: url });
    const events = await reader.readStream(streamId);
    await reader.close();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(events.map((e) => [e.type, e.position])).toEqual([['KeptAcrossRestart', appended.position]]);
    expect(second.output()).not.toContain('initialising the embedded PostgreSQL');
    expect(second.output()).not.toContain('Demo data is loaded');
  });
});

describe('start-up refuses a bad configuration with one line', () => {
  const oneLine = (output: string) => output.trim().split('\n').filter((l) => l.trim() !== '');

  it('names an invalid EVENT_STORE', async () => {
    const run = runApp('apps/api/src/main.js', { EVENT_STORE: 'mongo', DATABASE_URL: 'postgres://127.0.0.1:1/x' });
    expect(await run.exited).toBe(1);
    expect(oneLine(run.output())).toEqual(['channel-ledger: Invalid configuration: EVENT_STORE must be one of postgres, eventstoredb (got "mongo")']);
  });

  it('names a PORT that is taken, and leaves no embedded PostgreSQL behind', async () => {
    const taken: Server = createServer();
    const port = await new Promise<number>((r) => taken.listen(0, () => r((taken.address() as { port: number }).port)));
    const dataDir = mkdtempSync(join(tmpdir(), 'channel-ledger-e2e-port-'));
    const pgPort = await freePort();
    try {
      const run = runApp('apps/api/src/main.js', { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir });
      expect(await run.exited).toBe(1);
      expect(oneLine(run.output())).toEqual([`channel-ledger: PORT ${port} is already in use: stop what holds it or set PORT`]);
      // The embedded server it had started is stopped again: its port is free.
      const probe = createServer();
      await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(pgPort, '127.0.0.1', () => resolve()));
      probe.close();
    } finally {
      taken.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names a DATABASE_URL that refuses connections, at once', async () => {
    const started = Date.now();
    const run = runApp('apps/api/src/main.js', { DATABASE_URL: 'postgres://app:secret@127.0.0.1:1/ledger', JWT_SECRET: JWT, AUDIT_KEY: AUDIT });
    expect(await run.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const lines = oneLine(run.output());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^channel-ledger: Cannot reach PostgreSQL at DATABASE_URL \(postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/ledger\): .*ECONNREFUSED/);
  });

  it('names a DATABASE_URL whose server never answers, within seconds', async () => {
    // A local socket that accepts connections and then says nothing.
    const silent: Server = createServer(() => undefined);
    const port = await new Promise<number>((r) => silent.listen(0, '127.0.0.1', () => r((silent.address() as { port: number }).port)));
    try {
      const run = runApp('apps/api/src/main.js', { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/ledger`, JWT_SECRET: JWT, AUDIT_KEY: AUDIT });
      expect(await run.exited).toBe(1);
      expect(oneLine(run.output())).toEqual([expect.stringMatching(/Cannot reach PostgreSQL at DATABASE_URL .*no answer within 5 s/)]);
    } finally {
      silent.close();
    }
  });

  it('asks for `prm migrate` on an unmigrated DATABASE_URL, and starts once it ran', async () => {
    const database = await createTestDatabase('cl_e2e_migrate');
    try {
      const port = await freePort();
      const env = { DATABASE_URL: database.url, PORT: String(port), JWT_SECRET: JWT, AUDIT_KEY: AUDIT };
      const refused = runApp('apps/api/src/main.js', env);
      expect(await refused.exited).toBe(1);
      expect(oneLine(refused.output())).toEqual([expect.stringMatching(/needs \d+ migration\(s\) .*run "npm run prm -- migrate"/)]);

      const migrate = runApp('apps/cli/src/main.js', env, ['migrate']);
      expect(await migrate.exited).toBe(0);
      expect(migrate.output()).toContain('database is up to date');

      const app = runApp('apps/api/src/main.js', env);
      const health = await waitForHealth(port, 30_000, app);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      expect(health.body.details.database).toMatchObject({ status: 'up', embedded: false });
    } finally {
      await database.drop();
    }
  });
});
