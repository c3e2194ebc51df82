import request from 'supertest';
import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { TestApp, startTestApp } from '../support/test-app';
import { until } from '../support/until';
import { HEAVY, setting } from '../support/heavy';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';
import { freePort } from '../support/processes';
import { SWEEP_QUEUE } from '@channel-ledger/jobs';
import Redis from 'ioredis';

const until30 = <T>(what: string, check: () => Promise<T | undefined>) => until(what, check, 30_000, 50);

jest.setTimeout(HEAVY ? 600_000 : 120_000);

const OUTAGE_MS = setting('OUTAGE_MS', 4000, 20000);
const FAIL_FAST_MS = 3_000;

// A Redis of the test's own (the shared one is not stopped): keeps nothing on disk, so it comes back empty, as
// a restarted cache without persistence does.
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      return child;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      probe.disconnect();
    }
  }
}

// Redis goes away while partners work: commands and queries go on as before, the API refuses what needs the
// queue (a rebuild) at once with 503 instead of hanging, and when Redis comes back (empty) the jobs resume:
// webhooks raised during the outage are delivered once each without using up attempts, the sweep schedule is
// back, and a rebuild runs.
describe('Redis stopped and restarted', () => {
  let t: TestApp;
  let o: Onboarded;
  let redisPort: number;
  let redis: ChildProcess;
  let hooks: { server: Server; base: string; received: { delivery: string; attempt: string; subject: string }[] };
  const prefix = `outage-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    const received: { delivery: string; attempt: string; subject: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ delivery: String(req.headers['x-channel-ledger-delivery']), attempt: String(req.headers['x-channel-ledger-attempt']), subject: JSON.parse(body).subject.id });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    hooks = { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
    t = await startTestApp({
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      QUEUE_PREFIX: prefix,
      SWEEP_INTERVAL_MS: '500',
      WEBHOOK_ALLOW_INSECURE: 'true',
      WEBHOOK_BACKOFF_MS: '100',
      WEBHOOK_MAX_ATTEMPTS: '2',
    });
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
    redis?.kill('SIGKILL');
    hooks?.server.close();
  });

  const as = (token: string) => ({
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`).timeout(30_000),
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).timeout(30_000).send(body),
  });
  const draft = async (label: string) => {
    const tag = randomUUID().slice(0, 8);
    const started = Date.now();
    const res = await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `${label} ${tag}`, domain: `${label}-${tag}.example`, contactEmail: `buyer@${label}-${tag}.example` }));
    return { status: res.status, id: res.body.id as string, ms: Date.now() - started };
  };
  const sweepsRun = async () => {
    const queue = new Queue(SWEEP_QUEUE, { connection: { host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: 1 }, prefix });
    try {
      return (await queue.getJobCounts('completed')).completed;
    } finally {
      await queue.close();
    }
  };

  it('keeps commands and queries working, fails fast for jobs, and resumes the jobs when it returns', async () => {
    await expectOk(await as(o.tokens.acmeManager).post('/v1/webhooks', { url: `${hooks.base}/acme`, secret: 'acme-outage-secret-0123456789', topics: ['deal_registration'] }), [201]);
    const before = await draft('before');
    expect(before.status).toBe(201);
    await until30('the webhook before the outage', async () => (hooks.received.some((r) => r.subject === before.id) ? true : undefined));
    await until30('a sweep run through BullMQ', async () => ((await sweepsRun()) > 0 ? true : undefined));

    redis.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((r) => setTimeout(r, 200));
    const downUntil = Date.now() + OUTAGE_MS;
    const during: { status: number; ms: number; id?: string }[] = [];
    const queries: { status: number; ms: number }[] = [];
    while (Date.now() < downUntil) {
      during.push(await draft('during'));
      const started = Date.now();
      const list = await as(o.tokens.acmeManager).get('/v1/deal-registrations?limit=5');
      queries.push({ status: list.status, ms: Date.now() - started });
      await new Promise((r) => setTimeout(r, 100));
    }
    // What needs the queue is refused at once, and leaves nothing behind that would block a later request.
    const rebuildStarted = Date.now();
    const refused = await as(o.tokens.ops).post('/v1/ops/projections/partner_directory/rebuild');
    const rebuildMs = Date.now() - rebuildStarted;

    expect({ statuses: [...new Set(during.map((d) => d.status))], slowest: Math.max(...during.map((d) => d.ms)) < FAIL_FAST_MS }).toEqual({ statuses: [201], slowest: true });
    expect({ statuses: [...new Set(queries.map((q) => q.status))], slowest: Math.max(...queries.map((q) => q.ms)) < FAIL_FAST_MS }).toEqual({ statuses: [200], slowest: true });
    expect(during.length).toBeGreaterThan(5);
    expect({ status: refused.status, error: refused.body.error, fast: rebuildMs < FAIL_FAST_MS }).toEqual({ status: 503, error: 'unavailable', fast: true });
    // The read models kept moving without Redis.
    const last = during[during.length - 1].id!;
    await until30('the last registration in the read model', async () => ((await as(o.tokens.acmeManager).get(`/v1/deal-registrations/${last}`)).status === 200 ? true : undefined));

    // Redis comes back empty on the same port.
    const downFor = Date.now() - killedAt;
    redis = await startRedis(redisPort);
    const backAt = Date.now();

    // Webhooks raised during the outage go out, once each, on their first attempt (the outage used none up).
    const ids = during.map((d) => d.id!);
    await until30('every webhook raised during the outage', async () => (ids.every((id) => hooks.received.some((r) => r.subject === id)) ? true : undefined));
    const deliveredMs = Date.now() - backAt;
    await new Promise((r) => setTimeout(r, 500));
    const outageDeliveries = hooks.received.filter((r) => ids.includes(r.subject));
    expect(outageDeliveries).toHaveLength(ids.length);
    expect(new Set(outageDeliveries.map((r) => r.delivery)).size).toBe(ids.length);
    expect(outageDeliveries.every((r) => r.attempt === '1')).toBe(true);

    // The sweep schedule is back in the new Redis and runs.
    await until30('a sweep run after the restart', async () => ((await sweepsRun()) > 0 ? true : undefined));
    // A rebuild is accepted and completes (the refused one blocks nothing).
    const accepted = await expectOk(await as(o.tokens.ops).post('/v1/ops/projections/partner_directory/rebuild'), [202]);
    await until30('the rebuild to finish', async () => {
      const r = await as(o.tokens.ops).get(`/v1/ops/projections/rebuilds/${accepted.id}`);
      return r.body.status === 'done' ? true : r.body.status === 'failed' ? Promise.reject(new Error(JSON.stringify(r.body))) : undefined;
    });
    console.log(
      `Redis outage: ~${downFor} ms down; ${during.length} commands (all 201, slowest ${Math.max(...during.map((d) => d.ms))} ms) and ${queries.length} queries (all 200) ` +
        `while down; rebuild refused with 503 in ${rebuildMs} ms; ${ids.length} webhooks delivered ${deliveredMs} ms after Redis returned, once each, attempt 1`,
    );
  });
});
