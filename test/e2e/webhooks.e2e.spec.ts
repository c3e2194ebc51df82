import request from 'supertest';
import { AddressInfo } from 'node:net';
import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Kysely } from 'kysely';
import { WebhookTables, verifySignature } from '@channel-ledger/webhooks';
import { TestApp, startTestApp } from '../support/test-app';
import { until } from '../support/until';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

// A partner's receiver: records every request; what it answers depends on the path and on how often it has
// seen the delivery.
async function receiver(answer: (path: string, seenBefore: number) => number): Promise<{ server: Server; base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const delivery = req.headers['x-channel-ledger-delivery'];
      const seen = received.filter((r) => r.headers['x-channel-ledger-delivery'] === delivery).length;
      received.push({ path: req.url ?? '', headers: req.headers, body, at: Date.now() });
      res.statusCode = answer(req.url ?? '', seen);
      if (res.statusCode >= 300 && res.statusCode < 400) res.setHeader('location', `http://127.0.0.1:${(server.address() as AddressInfo).port}/stolen`);
      res.end(res.statusCode < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const SECRET_ACME = 'acme-webhook-secret-0123456789';
const SECRET_GLOBEX = 'globex-webhook-secret-0123456789';
const BACKOFF_MS = 100;

describe('partner webhooks', () => {
  let t: TestApp;
  let o: Onboarded;
  let hooks: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_INSECURE: 'true', WEBHOOK_BACKOFF_MS: String(BACKOFF_MS), WEBHOOK_MAX_ATTEMPTS: '3' });
    o = await onboard(t);
    // /flaky fails each delivery twice and then takes it; /down never takes anything.
    // /redirect answers 302 towards /stolen.
    hooks = await receiver((path, seen) => (path.startsWith('/down') ? 503 : path.startsWith('/redirect') ? 302 : path.startsWith('/flaky') && seen < 2 ? 500 : 200));
  });

  afterAll(async () => {
    hooks?.server.close();
    await t?.close();
  });

  const as = (token: string) => ({
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => request(t.http).delete(path).set('Authorization', `Bearer ${token}`),
  });

  const draft = async (token: string, label: string) => {
    const tag = randomUUID().slice(0, 8);
    return expectOk(await as(token).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `${label} ${tag}`, domain: `${label}-${tag}.example`, contactEmail: `buyer@${label}-${tag}.example` })));
  };

  it('retries a failing receiver with backoff and delivers once, under one delivery id, signed', async () => {
    const endpoint = await expectOk(await as(o.tokens.acmeManager).post('/v1/webhooks', { url: `${hooks.base}/flaky/acme`, secret: SECRET_ACME, topics: ['deal_registration'] }), [201]);
    expect(endpoint).toMatchObject({ partnerId: o.partners.acme, topics: ['deal_registration'], active: true });
    expect(JSON.stringify(endpoint)).not.toContain(SECRET_ACME);

    const registration = await draft(o.tokens.acmeManager, 'hooked');
    await until('three attempts', async () => {
      const mine = hooks.received.filter((r) => r.path === '/flaky/acme' && JSON.parse(r.body).subject.id === registration.id);
      return mine.length >= 3 ? mine : undefined;
    });
    await new Promise((r) => setTimeout(r, BACKOFF_MS * 8)); // no fourth attempt after the success
    const mine = hooks.received.filter((r) => r.path === '/flaky/acme' && JSON.parse(r.body).subject.id === registration.id);
    expect(mine).toHaveLength(3);

    const deliveryIds = new Set(mine.map((r) => r.headers['x-channel-ledger-delivery']));
    expect(deliveryIds.size).toBe(1);
    const [deliveryId] = [...deliveryIds] as string[];
    expect(mine.map((r) => r.headers['x-channel-ledger-attempt'])).toEqual(['1', '2', '3']);
    for (const r of mine) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(verifySignature(SECRET_ACME, { signature: r.headers['x-channel-ledger-signature'] as string, timestamp: r.headers['x-channel-ledger-timestamp'] as string, deliveryId }, r.body)).toBe(true);
      expect(verifySignature('some-other-secret-000000000', { signature: r.headers['x-channel-ledger-signature'] as string, timestamp: r.headers['x-channel-ledger-timestamp'] as string, deliveryId }, r.body)).toBe(false);
    }
    // Exponential backoff: the second wait is about twice the first.
    expect(mine[1].at - mine[0].at).toBeGreaterThanOrEqual(BACKOFF_MS - 10);
    expect(mine[2].at - mine[1].at).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 10);

    const payload = JSON.parse(mine[2].body);
    expect(payload).toMatchObject({ deliveryId, topic: 'deal_registration', partnerId: o.partners.acme, subject: { type: 'deal_registration', id: registration.id }, event: { type: 'RegistrationDrafted' } });
    expect(mine.every((r) => r.body === mine[0].body)).toBe(true);

    const delivery = await until('the delivery to be marked delivered', async () => {
      const d = await expectOk(await as(o.tokens.acmeManager).get(`/v1/webhooks/deliveries/${deliveryId}`), [200]);
      return d.status === 'delivered' ? d : undefined;
    });
    expect(delivery).toMatchObject({ endpointId: endpoint.endpointId, attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    expect(delivery.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    // The partner sees the status and a reason code, never what the receiver answered ('not now').
    expect(delivery.attemptLog.map((a: { error: string | null }) => a.error)).toEqual(['receiver_error', 'receiver_error', null]);
    expect(JSON.stringify(delivery)).not.toContain('not now');
    const list = await expectOk(await as(o.tokens.acmeManager).get(`/v1/webhooks/${endpoint.endpointId}/deliveries`), [200]);
    expect(list.items.map((d: { deliveryId: string }) => d.deliveryId)).toContain(deliveryId);
  });

  it('dead-letters a delivery after the configured attempts, and sends nothing across partners', async () => {
    const endpoint = await expectOk(await as(o.tokens.globexManager).post('/v1/webhooks', { url: `${hooks.base}/down/globex`, secret: SECRET_GLOBEX }), [201]);
    const registration = await draft(o.tokens.globexManager, 'globexdeal');
    const dead = await until('the delivery to go dead', async () => {
      const list = await expectOk(await as(o.tokens.globexManager).get(`/v1/webhooks/${endpoint.endpointId}/deliveries?status=dead`), [200]);
      return list.items.find((d: { subjectId: string }) => d.subjectId === registration.id);
    });
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastStatusCode: 503, nextAttemptAt: null });
    await new Promise((r) => setTimeout(r, BACKOFF_MS * 10));
    const tries = hooks.received.filter((r) => r.path === '/down/globex' && JSON.parse(r.body).subject.id === registration.id);
    expect(tries).toHaveLength(3);
    // Acme's endpoint never hears of Globex's deal, and Globex's never of Acme's.
    expect(hooks.received.filter((r) => r.path.includes('/acme') && r.body.includes(registration.id))).toEqual([]);
    expect(hooks.received.filter((r) => r.path.includes('/globex')).every((r) => JSON.parse(r.body).partnerId === o.partners.globex)).toBe(true);
  });

  it('is for partner managers, scoped to their organisation, and refuses bad endpoints with the field and the reason', async () => {
    const acme = await expectOk(await as(o.tokens.acmeManager).get('/v1/webhooks'), [200]);
    expect(acme.items.every((e: { partnerId: string }) => e.partnerId === o.partners.acme)).toBe(true);
    const ops = await expectOk(await as(o.tokens.ops).get('/v1/webhooks'), [200]);
    expect(new Set(ops.items.map((e: { partnerId: string }) => e.partnerId))).toEqual(new Set([o.partners.acme, o.partners.globex]));
    expect(JSON.stringify(ops)).not.toMatch(/secret-0123456789/);

    const globexEndpoint = ops.items.find((e: { partnerId: string }) => e.partnerId === o.partners.globex);
    expect((await as(o.tokens.acmeManager).get(`/v1/webhooks/${globexEndpoint.endpointId}/deliveries`)).status).toBe(404);
    expect((await as(o.tokens.acmeManager).delete(`/v1/webhooks/${globexEndpoint.endpointId}`)).status).toBe(404);
    const globexDelivery = (await expectOk(await as(o.tokens.ops).get(`/v1/webhooks/${globexEndpoint.endpointId}/deliveries`), [200])).items[0];
    expect((await as(o.tokens.acmeManager).get(`/v1/webhooks/deliveries/${globexDelivery.deliveryId}`)).status).toBe(404);

    for (const token of [o.tokens.channelManager, o.tokens.acmeAssociate, o.tokens.auditor]) {
      expect((await as(token).post('/v1/webhooks', { url: `${hooks.base}/x`, secret: SECRET_ACME })).status).toBe(403);
    }
    const bad: [object, string][] = [
      [{ url: 'not a url', secret: SECRET_ACME }, 'url'],
      [{ url: 'https://user:pw@partner.example.com/hooks', secret: SECRET_ACME }, 'url'],
      [{ url: `${hooks.base}/x`, secret: 'short' }, 'secret'],
      [{ url: `${hooks.base}/x`, secret: SECRET_ACME, topics: ['invoices'] }, 'topics'],
      [{ url: `${hooks.base}/x`, secret: SECRET_ACME, topics: [] }, 'topics'],
      [{ url: `${hooks.base}/x`, secret: SECRET_ACME, extra: true }, 'extra'],
      [{ secret: SECRET_ACME }, 'url'],
    ];
    const before = (await expectOk(await as(o.tokens.ops).get('/v1/webhooks'), [200])).items.length;
    for (const [body, field] of bad) {
      const res = await as(o.tokens.acmeManager).post('/v1/webhooks', body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await expectOk(await as(o.tokens.ops).get('/v1/webhooks'), [200])).items.length).toBe(before);
  });

  it('stops delivering to a removed endpoint', async () => {
    const endpoint = await expectOk(await as(o.tokens.acmeManager).post('/v1/webhooks', { url: `${hooks.base}/removed/acme`, secret: SECRET_ACME }), [201]);
    expect((await as(o.tokens.acmeManager).delete(`/v1/webhooks/${endpoint.endpointId}`)).status).toBe(204);
    const registration = await draft(o.tokens.acmeManager, 'afterremoval');
    // The flaky endpoint (still active) hears of it; the removed one does not.
    await until('the active endpoint to hear of it', async () => (hooks.received.some((r) => r.path === '/flaky/acme' && r.body.includes(registration.id)) ? true : undefined));
    expect(hooks.received.filter((r) => r.path === '/removed/acme')).toEqual([]);
    const listed = await expectOk(await as(o.tokens.acmeManager).get('/v1/webhooks'), [200]);
    expect(listed.items.find((e: { endpointId: string }) => e.endpointId === endpoint.endpointId)).toMatchObject({ active: false });
  });

  it('shows partners and operators only status codes and reason codes: no answer body, no socket error, no redirect followed', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const redirect = await expectOk(await as(o.tokens.globexManager).post('/v1/webhooks', { url: `${hooks.base}/redirect/globex`, secret: SECRET_GLOBEX }), [201]);
    const nobody = await expectOk(await as(o.tokens.globexManager).post('/v1/webhooks', { url: `http://127.0.0.1:${closedPort}/nobody`, secret: SECRET_GLOBEX }), [201]);
    const registration = await draft(o.tokens.globexManager, 'reasons');
    const deadOn = (endpointId: string) =>
      until(`the delivery to ${endpointId} to go dead`, async () => {
        const list = await expectOk(await as(o.tokens.globexManager).get(`/v1/webhooks/${endpointId}/deliveries?status=dead`), [200]);
        return list.items.find((d: { subjectId: string }) => d.subjectId === registration.id);
      });
    const redirected = await deadOn(redirect.endpointId);
    const refused = await deadOn(nobody.endpointId);
    expect(redirected).toMatchObject({ lastStatusCode: 302, lastError: 'redirect_refused' });
    expect(refused).toMatchObject({ lastStatusCode: null, lastError: 'connection_failed' });
    expect(hooks.received.filter((r) => r.path.startsWith('/redirect/globex') && r.body.includes(registration.id))).toHaveLength(3);
    expect(hooks.received.filter((r) => r.path.startsWith('/stolen'))).toEqual([]);

    for (const token of [o.tokens.globexManager, o.tokens.ops, o.tokens.admin]) {
      const shown = [
        await expectOk(await as(token).get(`/v1/webhooks/deliveries/${redirected.deliveryId}`), [200]),
        await expectOk(await as(token).get(`/v1/webhooks/deliveries/${refused.deliveryId}`), [200]),
      ];
      expect(shown[0].attemptLog.map((a: { statusCode: number; error: string }) => [a.statusCode, a.error])).toEqual([[302, 'redirect_refused'], [302, 'redirect_refused'], [302, 'redirect_refused']]);
      expect(shown[1].attemptLog.map((a: { statusCode: number; error: string }) => [a.statusCode, a.error])).toEqual([[null, 'connection_failed'], [null, 'connection_failed'], [null, 'connection_failed']]);
      const text = JSON.stringify(shown);
      for (const leak of ['not now', 'ECONNREFUSED', 'stolen', `:${closedPort}`, 'location']) expect(text).not.toContain(leak);
    }

    // Texts recorded before attempts kept reason codes only are shown as the code they stand for.
    const db = t.platform.readDb as unknown as Kysely<WebhookTables>;
    await db.updateTable('webhook_attempts').set({ error: 'answered 302: <html>internal admin</html>' }).where('delivery_id', '=', redirected.deliveryId).execute();
    await db.updateTable('webhook_attempts').set({ error: `could not deliver: ECONNREFUSED 127.0.0.1:${closedPort}` }).where('delivery_id', '=', refused.deliveryId).execute();
    await db.updateTable('webhook_deliveries').set({ last_error: 'answered 302: <html>internal admin</html>' }).where('delivery_id', '=', redirected.deliveryId).execute();
    const old = [
      await expectOk(await as(o.tokens.globexManager).get(`/v1/webhooks/deliveries/${redirected.deliveryId}`), [200]),
      await expectOk(await as(o.tokens.globexManager).get(`/v1/webhooks/deliveries/${refused.deliveryId}`), [200]),
    ];
    expect(old[0]).toMatchObject({ lastError: 'redirect_refused', attemptLog: [{ error: 'redirect_refused' }, { error: 'redirect_refused' }, { error: 'redirect_refused' }] });
    expect(old[1].attemptLog.map((a: { error: string }) => a.error)).toEqual(['connection_failed', 'connection_failed', 'connection_failed']);
    expect(JSON.stringify(old)).not.toMatch(/internal admin|ECONNREFUSED/);
    // An attempt without a recorded outcome (under way, or its worker stopped) says only that.
    await db.updateTable('webhook_attempts').set({ duration_ms: null, error: 'socket hang up at 10.0.0.5' }).where('delivery_id', '=', refused.deliveryId).where('attempt', '=', 3).execute();
    const open = await expectOk(await as(o.tokens.globexManager).get(`/v1/webhooks/deliveries/${refused.deliveryId}`), [200]);
    expect(open.attemptLog[2]).toMatchObject({ durationMs: null, statusCode: null, error: 'no_outcome' });
  });
});

describe('partner webhooks through BullMQ when Redis is configured', () => {
  let t: TestApp;
  let o: Onboarded;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  const prefix = `cl-test-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: process.env.TEST_REDIS_URL!, QUEUE_PREFIX: prefix, WEBHOOK_ALLOW_INSECURE: 'true', WEBHOOK_BACKOFF_MS: String(BACKOFF_MS) });
    o = await onboard(t);
    hooks = await receiver((_path, seen) => (seen < 1 ? 502 : 200));
  });

  afterAll(async () => {
    hooks?.server.close();
    const queue = new Queue('channel-ledger-webhooks', { connection: { url: process.env.TEST_REDIS_URL! }, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await t?.close();
  });

  it('sends each attempt as a job and records it the same way', async () => {
    await expectOk(await request(t.http).post('/v1/webhooks').set('Authorization', `Bearer ${o.tokens.acmeManager}`).send({ url: `${hooks.base}/q`, secret: SECRET_ACME }), [201]);
    const tag = randomUUID().slice(0, 8);
    const registration = await expectOk(
      await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).send(registrationBody(o.programId, { companyName: `Queued ${tag}`, domain: `q-${tag}.example`, contactEmail: `b@q-${tag}.example` })),
    );
    const mine = await until('two attempts', async () => {
      const got = hooks.received.filter((r) => r.body.includes(registration.id));
      return got.length >= 2 ? got : undefined;
    });
    const deliveryId = mine[0].headers['x-channel-ledger-delivery'] as string;
    expect(new Set(mine.map((r) => r.headers['x-channel-ledger-delivery']))).toEqual(new Set([deliveryId]));
    const queue = new Queue('channel-ledger-webhooks', { connection: { url: process.env.TEST_REDIS_URL! }, prefix });
    try {
      const jobs = await until('both jobs to complete', async () => {
        const [first, second] = [await queue.getJobState(`${deliveryId}-1`), await queue.getJobState(`${deliveryId}-2`)];
        if (first !== 'completed' || second !== 'completed') return undefined;
        // Read the jobs once they are complete: a job read before holds no return value yet.
        return [(await queue.getJob(`${deliveryId}-1`))!, (await queue.getJob(`${deliveryId}-2`))!];
      });
      expect(jobs.map((j) => j.returnvalue)).toEqual([{ outcome: 'retry' }, { outcome: 'delivered' }]);
    } finally {
      await queue.close();
    }
  });
});

describe('partner webhooks with insecure endpoints not allowed (as in production)', () => {
  let t: TestApp;
  let o: Onboarded;
  let hooks: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_BACKOFF_MS: String(BACKOFF_MS), WEBHOOK_MAX_ATTEMPTS: '2' });
    o = await onboard(t);
    hooks = await receiver(() => 200);
  });

  afterAll(async () => {
    hooks?.server.close();
    await t?.close();
  });

  const post = (body: object) => request(t.http).post('/v1/webhooks').set('Authorization', `Bearer ${o.tokens.acmeManager}`).send(body);
  const get = (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${o.tokens.acmeManager}`);

  it('refuses endpoints on local names and on every spelling of internal addresses, and stores none', async () => {
    const port = new URL(hooks.base).port;
    const urls = [
      `${hooks.base}/x`,
      `https://127.0.0.1:${port}/x`,
      `https://localhost.:${port}/x`,
      `https://2130706433:${port}/x`,
      `https://0x7f.1:${port}/x`,
      `https://017700000001:${port}/x`,
      `https://[::ffff:127.0.0.1]:${port}/x`,
      `https://[::127.0.0.1]:${port}/x`,
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00::1]/x',
      'https://redis.default.svc.cluster.local/x',
      'https://metadata.google.internal./x',
      'https://intranet/x',
    ];
    for (const url of urls) {
      const res = await post({ url, secret: SECRET_ACME });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body).toMatchObject({ error: 'invalid_url', fields: [{ field: 'url' }] });
    }
    expect((await expectOk(await get('/v1/webhooks'), [200])).items).toEqual([]);
  });

  it('does not deliver to an endpoint stored under an older rule that points inside: the address is refused when the delivery goes out', async () => {
    const port = new URL(hooks.base).port;
    const db = t.platform.readDb as unknown as Kysely<WebhookTables>;
    const endpointIds: string[] = [];
    for (const url of [`https://localhost.:${port}/legacy`, `${hooks.base}/legacy`]) {
      const endpointId = randomUUID();
      endpointIds.push(endpointId);
      await db.insertInto('webhook_endpoints').values({ endpoint_id: endpointId, partner_id: o.partners.acme, url, secret: SECRET_ACME, topics: null, description: null, created_by: 'before-the-rule', created_at: new Date(Date.now() - 60_000), deactivated_at: null }).execute();
    }
    const tag = randomUUID().slice(0, 8);
    const registration = await expectOk(
      await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).send(registrationBody(o.programId, { companyName: `Inside ${tag}`, domain: `inside-${tag}.example`, contactEmail: `b@inside-${tag}.example` })),
    );
    for (const endpointId of endpointIds) {
      const dead = await until('the delivery to go dead', async () => {
        const list = await expectOk(await get(`/v1/webhooks/${endpointId}/deliveries?status=dead`), [200]);
        return list.items.find((d: { subjectId: string }) => d.subjectId === registration.id);
      });
      expect(dead).toMatchObject({ attempts: 2, lastStatusCode: null, lastError: 'address_refused' });
      const detail = await expectOk(await get(`/v1/webhooks/deliveries/${dead.deliveryId}`), [200]);
      expect(detail.attemptLog.map((a: { error: string }) => a.error)).toEqual(['address_refused', 'address_refused']);
    }
    expect(hooks.received).toEqual([]);
  });
});
