import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mintToken } from '@channel-ledger/auth';
import { TestDatabase, createTestDatabase } from '../support/database';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, Started, freePort, waitForHealth } from '../support/processes';
import { until } from '../support/until';

jest.setTimeout(120_000);

// A client that hangs up half-way through its request body is not a failure of the server: the API in its own
// process logs it as an aborted request, never at error level.
describe('aborted request bodies', () => {
  let database: TestDatabase;

  // The API's own process, from source (no build shared with other test files), its log lines captured.
  const runApi = (env: Record<string, string>): Started => {
    let out = '';
    const child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'support', 'swc-register.js'), join(ROOT, 'apps', 'api', 'src', 'main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output: () => out, exited };
  };
  let app: Started | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('cl_e2e_abort');
  });

  afterAll(async () => {
    if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
    await database?.drop();
  });

  it('logs a body cut off by the client as aborted, not as a server error', async () => {
    const port = await freePort();
    const jwtSecret = `abort-test-secret-${randomUUID()}`;
    const api = runApi({
      DATABASE_URL: database.url,
      JWT_SECRET: jwtSecret,
      AUDIT_KEY: randomUUID() + randomUUID(),
      PORT: String(port),
      MIGRATE_ON_START: 'true',
      RUN_PROJECTOR: 'false',
      SWEEP_INTERVAL_MS: '0',
      LOG_LEVEL: 'info',
    });
    app = api;
    await waitForHealth(port, 60_000, api);
    const token = await mintToken(new TextEncoder().encode(jwtSecret), 'channel-ledger', 'channel-ledger-api', { subject: 'cm-1', roles: ['channel_manager'] });
    const probes = [randomUUID(), randomUUID()];
    // Headers promise 1,000 bytes of body. The server's "100 Continue" shows the request has reached the app; then
    // the client hangs up, once before sending any of the body and once after a few bytes of it.
    for (const [i, probe] of probes.entries()) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`POST /v1/partners?probe=${probe} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n`);
        });
        socket.once('data', (chunk) => {
          if (!chunk.toString().startsWith('HTTP/1.1 100')) return reject(new Error(`expected 100 Continue, got ${chunk.toString().slice(0, 200)}`));
          const hangUp = () => {
            socket.destroy();
            resolve();
          };
          if (i === 1) socket.write('{"name":"Cut', hangUp);
          else hangUp();
        });
        socket.on('error', reject);
      });
    }
    const lines = () =>
      api
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg: string; req?: { url?: string }; err?: unknown });
    // Both requests are logged (or the old parser's error shows up) before anything is judged.
    await until('both aborted requests in the log', async () => (probes.every((p) => lines().some((l) => l.req?.url?.includes(p))) || lines().some((l) => l.level >= 50) ? true : undefined));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    api.child.kill('SIGTERM');
    await api.exited;
    const all = lines();
    expect(all.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    for (const probe of probes) {
      const line = all.find((l) => l.req?.url?.includes(probe));
      expect(line).toMatchObject({ level: 30, msg: 'request aborted' });
    }
    expect(all.some((l) => l.msg === 'request failed')).toBe(false);
  });
});
