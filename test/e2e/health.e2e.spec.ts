import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/api/src/create-app';
import { loadConfig } from '../../libs/config/src';
import { Platform, startPlatform } from '../../libs/platform/src';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/processes';

async function appOn(env: Record<string, string>): Promise<{ app: INestApplication; platform: Platform }> {
  const platform = await startPlatform(loadConfig({ LOG_LEVEL: 'silent', MIGRATE_ON_START: 'true', JWT_SECRET: 'x'.repeat(32), ...env }), () => undefined);
  const app = await createApp(platform);
  await app.init();
  return { app, platform };
}

describe('GET /health, /docs and request ids (real PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase('cl_e2e_health');
    ({ app } = await appOn({ DATABASE_URL: database.url, REDIS_URL: process.env.TEST_REDIS_URL! }));
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
