import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('job dashboard at /ops/queues', () => {
  let t: TestApp;
  let plain: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: process.env.TEST_REDIS_URL!, QUEUE_PREFIX: `cl-test-${randomUUID().slice(0, 8)}` });
    plain = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
    await plain?.close();
  });

  it('shows the sweep, rebuild and webhook queues to ops with a bearer token', async () => {
    const ops = await t.token('ops');
    const page = await request(t.http).get('/ops/queues').set('Authorization', `Bearer ${ops}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const queues = await request(t.http).get('/ops/queues/api/queues').set('Authorization', `Bearer ${ops}`);
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['channel-ledger-rebuilds', 'channel-ledger-sweeps', 'channel-ledger-webhooks']);
  });

  it('refuses everyone else: no token 401 (a browser goes to the sign-in form), other roles 403', async () => {
    const anonymous = await request(t.http).get('/ops/queues/api/queues');
    expect(anonymous.status).toBe(401);
    // In the API's one error shape, with the request id the request log names it by.
    expect(Object.keys(anonymous.body).sort()).toEqual(['error', 'fields', 'message', 'requestId']);
    expect(anonymous.body.requestId).toBe(anonymous.headers['x-request-id']);
    const browser = await request(t.http).get('/ops/queues').set('Accept', 'text/html');
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe('/ops/queues/login');
    for (const role of ['channel_manager', 'auditor'] as const) {
      expect((await request(t.http).get('/ops/queues/api/queues').set('Authorization', `Bearer ${await t.token(role)}`)).status).toBe(403);
    }
    expect((await request(t.http).get('/ops/queues/api/queues').set('Authorization', 'Bearer not.a.token')).status).toBe(401);
  });

  it('lets a browser sign in once and carry the token in an HttpOnly, SameSite=Strict cookie', async () => {
    expect((await request(t.http).get('/ops/queues/login')).status).toBe(200);
    const refused = await request(t.http).post('/ops/queues/login').type('form').send({ token: 'forged' });
    expect(refused.status).toBe(401);
    expect(refused.headers['set-cookie']).toBeUndefined();
    const wrongRole = await request(t.http).post('/ops/queues/login').type('form').send({ token: await t.token('approver') });
    expect(wrongRole.status).toBe(403);
    const signedIn = await request(t.http).post('/ops/queues/login').type('form').send({ token: await t.token('ops') });
    expect(signedIn.status).toBe(303);
    const cookie = String(signedIn.headers['set-cookie']);
    expect(cookie).toMatch(/^cl_ops_token=.+; Path=\/ops\/queues; HttpOnly; SameSite=Strict/);
    const withCookie = await request(t.http).get('/ops/queues/api/queues').set('Cookie', cookie.split(';')[0]);
    expect(withCookie.status).toBe(200);
  });

  it('says there are no queues when Redis is not configured', async () => {
    const res = await request(plain.http).get('/ops/queues/api/queues').set('Authorization', `Bearer ${await plain.token('ops')}`);
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('REDIS_URL is not set');
  });
});
