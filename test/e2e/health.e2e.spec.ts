import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { sql } from 'kysely';
import { Client } from 'pg';
import { createApp } from '../../apps/api/src/create-app';
import { loadConfig } from '@channel-ledger/config';
import { Platform, startPlatform } from '@channel-ledger/platform';
import { readModelMigrations } from '@channel-ledger/projections';
import { newEvent } from '../contract/event-store.contract';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/processes';
import { until } from '../support/until';
import request from 'supertest';

async function appOn(env: Record<string, string>): Promise<{ app: INestApplication; platform: Platform }> {
  const platform = await startPlatform(loadConfig({ LOG_LEVEL: 'silent', MIGRATE_ON_START: 'true', JWT_SECRET: 'x'.repeat(32), AUDIT_KEY: 'a'.repeat(32), ...env }), () => undefined, { readModels: readModelMigrations });
  const app = await createApp(platform);
  await app.init();
  return { app, platform };
}

describe('GET /health, /docs and request ids (real PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let platform: Platform;

  beforeAll(async () => {
    database = await createTestDatabase('cl_e2e_health');
    ({ app, platform } = await appOn({ DATABASE_URL: database.url, REDIS_URL: process.env.TEST_REDIS_URL! }));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('reports every dependency as up', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      details: {
        database: { status: 'up', kind: 'postgres', embedded: false },
        eventStore: { status: 'up', kind: 'postgres' },
        jobs: { status: 'up', mode: 'bullmq' },
      },
    });
  });

  it('shows a transaction younger than HORIZON_STALL_MS (30 s here) as waiting, and stays ok', async () => {
    const held = await holdTransaction(database.url);
    try {
      // A later commit makes the open transaction one that readers wait for (until then every event is below it).
      await platform.eventStore.append(`waiting-${randomUUID()}`, [newEvent('Waiting')], { expectedRevision: 'no_stream' });
      const res = await healthWhen(app, 'the held transaction at the horizon', (body) => body.details.eventStore.horizon.blocker?.pid === held.pid);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        details: { eventStore: { status: 'up', horizon: { status: 'waiting', pendingEvents: 1, blocker: { pid: held.pid, database: database.name } } } },
      });
      expect(res.body.details.eventStore.horizon.blockedSeconds).toBeLessThan(30);
    } finally {
      await held.client.query('rollback');
      await held.client.end();
    }
  });

  it('reports a failed projection as degraded (still 200), naming it and its error, and ok once it runs again', async () => {
    const projection = `health-probe-${randomUUID().slice(0, 8)}`;
    expect((await request(app.getHttpServer()).get('/health').expect(200)).body).toMatchObject({ status: 'ok', details: { projections: { status: 'up', failed: [] } } });
    await sql`insert into projection_checkpoints (projection, position, status, error) values (${projection}, null, 'failed', 'cannot apply event 7: data is null')`.execute(platform.readDb);
    try {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'degraded', details: { projections: { status: 'up', failed: [{ projection, error: 'cannot apply event 7: data is null' }] } } });
    } finally {
      await sql`delete from projection_checkpoints where projection = ${projection}`.execute(platform.readDb);
    }
    expect((await request(app.getHttpServer()).get('/health').expect(200)).body.status).toBe('ok');
  });

  it('echoes a caller\'s request id and makes one when there is none', async () => {
    const given = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'req-42').expect(200);
    expect(given.headers['x-request-id']).toBe('req-42');
    const made = await request(app.getHttpServer()).get('/health').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'x'.repeat(500)).expect(200);
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI UI at /docs and the document behind it', async () => {
    const ui = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(doc.body.info.title).toBe('Channel Ledger API');
    expect(Object.keys(doc.body.paths)).toContain('/health');
  });
});

describe('GET /health when a dependency is down', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('cl_e2e_health_down');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('answers 503 naming the dependency, promptly, when Redis does not answer', async () => {
    const deadPort = await freePort();
    const { app } = await appOn({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${deadPort}` });
    try {
      const started = Date.now();
      const res = await request(app.getHttpServer()).get('/health').expect(503);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.body.details.jobs).toMatchObject({ status: 'down', mode: 'bullmq' });
      expect(res.body.details.database).toMatchObject({ status: 'up' });
    } finally {
      await app.close();
    }
  });

  it('answers 503 for the database when PostgreSQL goes away', async () => {
    const { app, platform } = await appOn({ DATABASE_URL: database.url });
    try {
      await request(app.getHttpServer()).get('/health').expect(200);
      await platform.readDb.destroy(); // the read store's pool is gone, as after a lost server
      const res = await request(app.getHttpServer()).get('/health').expect(503);
      expect(res.body.details.database.status).toBe('down');
      expect(res.body.details.eventStore.status).toBe('up');
    } finally {
      await app.close();
    }
  });
});

// A transaction left open with an xid, as a stuck writer or a forgotten psql session would leave it.
async function holdTransaction(url: string): Promise<{ client: Client; xid: string; pid: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  const { rows } = await client.query<{ xid: string; pid: number }>('select pg_current_xact_id()::text as xid, pg_backend_pid() as pid');
  return { client, ...rows[0] };
}

// While other databases' transactions come and go, one that ends between a read's snapshot and its look at
// pg_stat_activity is not listed any more, and that one read waits for it (and may report it). What a report
// says about the horizon is therefore polled for, not read once; a report that never comes fails the test.
async function healthWhen(app: INestApplication, what: string, holds: (body: any) => boolean): Promise<request.Response> {
  return until(what, async () => {
    const res = await request(app.getHttpServer()).get('/health');
    return res.status === 200 && holds(res.body) ? res : undefined;
  }, 20_000, 100);
}

async function metricsWhen(app: INestApplication, what: string, holds: (text: string) => boolean): Promise<string> {
  return until(what, async () => {
    const res = await request(app.getHttpServer()).get('/metrics');
    return res.status === 200 && holds(res.text) ? res.text : undefined;
  }, 20_000, 100);
}

function gauge(metrics: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics);
  if (!match) throw new Error(`no ${name} in /metrics`);
  return Number(match[1]);
}

describe('GET /health and /metrics while an open transaction holds the log back', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let platform: Platform;

  beforeAll(async () => {
    database = await createTestDatabase('cl_e2e_health_horizon');
    ({ app, platform } = await appOn({ DATABASE_URL: database.url, HORIZON_STALL_MS: '1000' }));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('reports the log stalled (degraded, still 200) with the blocker\'s age, pid and database, and ok once it ends', async () => {
    const held = await holdTransaction(database.url);
    let appended: { position: string } | undefined;
    try {
      appended = await platform.eventStore.append(`horizon-${randomUUID()}`, [newEvent('HeldBack')], { expectedRevision: 'no_stream' });
      const res = await healthWhen(app, 'the stall reported', (body) => body.status === 'degraded' && body.details.eventStore.horizon.blocker?.pid === held.pid);
      expect(res.status).toBe(200);
      expect(res.body.details.eventStore).toMatchObject({
        status: 'up',
        kind: 'postgres',
        horizon: {
          status: 'stalled',
          pendingEvents: 1,
          blocker: { xid: held.xid, pid: held.pid, database: database.name, state: 'idle in transaction', preparedAs: null },
        },
      });
      expect(res.body.details.eventStore.horizon.blockedSeconds).toBeGreaterThanOrEqual(1);
      const metrics = await metricsWhen(app, 'the stall gauged', (text) => gauge(text, 'channel_ledger_eventstore_horizon_stalled') === 1);
      expect(gauge(metrics, 'channel_ledger_eventstore_horizon_blocked_seconds')).toBeGreaterThanOrEqual(1);
      expect(gauge(metrics, 'channel_ledger_eventstore_horizon_pending_events')).toBe(1);
    } finally {
      // What an operator does with the pid /health gave: end that session (its transaction rolls back).
      held.client.on('error', () => undefined);
      await sql`select pg_terminate_backend(${held.pid})`.execute(platform.readDb);
      await held.client.end().catch(() => undefined);
    }
    const after = await healthWhen(app, 'the log free again', (body) => body.details.eventStore.horizon.status === 'ok');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'ok', details: { eventStore: { horizon: { status: 'ok', blockedSeconds: 0, pendingEvents: 0, blocker: null } } } });
    await until('the held event at the head', async () => ((await platform.eventStore.headPosition()) === appended!.position ? true : undefined));
    const metrics = await metricsWhen(app, 'the gauges back to 0', (text) => gauge(text, 'channel_ledger_eventstore_horizon_stalled') === 0);
    expect(gauge(metrics, 'channel_ledger_eventstore_horizon_blocked_seconds')).toBe(0);
  }, 40_000);

  it('neither waits for nor reports a transaction left open in another database of the server', async () => {
    const other = await createTestDatabase('cl_e2e_health_horizon_other');
    const held = await holdTransaction(other.url);
    try {
      const appended = await platform.eventStore.append(`horizon-${randomUUID()}`, [newEvent('NotHeldBack')], { expectedRevision: 'no_stream' });
      await until('the append to be readable', async () => ((await platform.eventStore.headPosition()) === appended.position ? true : undefined), 10_000);
      const res = await healthWhen(app, 'nothing holding the log back', (body) => body.details.eventStore.horizon.status === 'ok');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', details: { eventStore: { horizon: { status: 'ok', blockedSeconds: 0, blocker: null } } } });
      expect(res.body.details.eventStore.horizon.otherDatabaseTransactions).toBeGreaterThanOrEqual(1);
    } finally {
      await held.client.query('rollback');
      await held.client.end();
      await other.drop();
    }
  }, 40_000);
});
