import { randomUUID } from 'node:crypto';
import { mintToken } from '@channel-ledger/auth';
import { TestDatabase, createTestDatabase } from '../support/database';
import { buildOnce, freePort, runApp, waitForHealth } from '../support/processes';

jest.setTimeout(120_000);

// The API as it runs in production (compiled, its own process, debug logging), sent bearer tokens, a dashboard
// sign-in, a webhook secret, bad tokens and failing requests. Nothing it writes to its logs may contain a token,
// the signing secret, a webhook secret or the database password.
describe('logs keep secrets out', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    buildOnce();
    database = await createTestDatabase('cl_e2e_logs');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('never writes tokens, secrets or passwords, at any log level', async () => {
    const port = await freePort();
    const jwtSecret = `log-test-secret-${randomUUID()}`;
    const auditKey = `log-test-audit-key-${randomUUID()}`;
    const dbPassword = `pw-${randomUUID().slice(0, 12)}`;
    // Trust authentication on the test server ignores the password; it is there to be looked for in the logs.
    const url = new URL(database.url);
    url.username = url.username || 'postgres';
    url.password = dbPassword;
    const app = runApp('apps/api/src/main.js', {
      DATABASE_URL: url.toString(),
      JWT_SECRET: jwtSecret,
      AUDIT_KEY: auditKey,
      PORT: String(port),
      MIGRATE_ON_START: 'true',
      RUN_PROJECTOR: 'true',
      SWEEP_INTERVAL_MS: '0',
      LOG_LEVEL: 'trace',
      WEBHOOK_ALLOW_INSECURE: 'true',
    });
    await waitForHealth(port, 30_000, app);
    const base = `http://127.0.0.1:${port}`;
    const secret = new TextEncoder().encode(jwtSecret);
    const token = (roles: string[], partnerId?: string, subject = `user-${randomUUID().slice(0, 8)}`) =>
      mintToken(secret, 'channel-ledger', 'channel-ledger-api', { subject, roles: roles as never, partnerId });
    const cm = await token(['channel_manager']);
    const ops = await token(['ops']);
    const call = async (method: string, path: string, bearer?: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        redirect: 'manual',
      });
      return { status: res.status, body: await res.text(), headers: res.headers };
    };

    const partner = JSON.parse((await call('POST', '/v1/partners', cm, { name: 'Logco', partnerType: 'reseller', tier: 'Gold', webDomain: 'logco.example', country: 'GB', industry: 'IT' })).body);
    const member = JSON.parse((await call('POST', `/v1/partners/${partner.id}/members`, cm, { name: 'Lou', email: 'lou@logco.example', role: 'partner_manager' })).body);
    const manager = await token(['partner_manager'], partner.id, member.memberId);
    const webhookSecret = `whsec-${randomUUID()}`;
    expect((await call('POST', '/v1/webhooks', manager, { url: 'http://127.0.0.1:9/hook', secret: webhookSecret, topics: ['deal_registration'] })).status).toBe(201);
    const refusedSecret = `refused-${randomUUID()}`;
    expect((await call('POST', '/v1/webhooks', manager, { url: 'ftp://nowhere', secret: refusedSecret, topics: ['deal_registration'] })).status).toBe(400);
    expect((await call('GET', '/v1/partners', cm)).status).toBe(200);
    const forged = `${cm.slice(0, -6)}AAAAAA`;
    expect((await call('GET', '/v1/partners', forged)).status).toBe(401);
    const otherAudience = await mintToken(secret, 'channel-ledger', 'someone-else', { subject: 'x', roles: ['admin'] });
    expect((await call('GET', '/v1/partners', otherAudience)).status).toBe(401);
    expect((await call('POST', '/v1/deal-registrations', manager, '{"broken', {})).status).toBe(400);
    // The dashboard sign-in carries the token in a form body and answers with it in a cookie; the cookie then
    // comes back on every request.
    const signIn = await call('POST', '/ops/queues/login', undefined, `token=${encodeURIComponent(ops)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(signIn.status).toBeLessThan(500);
    await call('GET', '/ops/queues', undefined, undefined, { cookie: `cl_ops_token=${encodeURIComponent(ops)}` });

    app.child.kill('SIGTERM');
    await app.exited;
    const logs = app.output();
    expect(logs.length).toBeGreaterThan(1_000); // it did log the requests
    expect(logs).toContain('"url":"/v1/partners"');
    const leaks = Object.entries({ cm, ops, manager, forged, otherAudience, jwtSecret, auditKey, webhookSecret, refusedSecret, dbPassword }).filter(([, value]) => logs.includes(value)).map(([name]) => name);
    expect(leaks).toEqual([]);
  });
});
