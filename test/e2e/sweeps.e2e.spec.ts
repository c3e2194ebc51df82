import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { runSweep, startSweeps } from '@channel-ledger/jobs';
import { caseStream, registrationStream } from '@channel-ledger/domain';
import { ManualClock, TestApp, startTestApp } from '../support/test-app';
import { Onboarded, PROTECTION_DAYS, expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('sweeps: time passing becomes ordinary commands, idempotent and safe to run twice at once', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let o: Onboarded;
  let position = '';

  const as = (token: string) => ({ post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body) });
  const ok = async (res: request.Response) => {
    const body = await expectOk(res);
    position = body.position ?? position;
    return body;
  };
  // The sweeps find candidates in the read models: wait until they include the last command.
  const settled = async () => {
    for (const list of ['/v1/deal-registrations', '/v1/cases']) {
      await expectOk(await request(t.http).get(`${list}?limit=1`).set('Authorization', `Bearer ${o.tokens.channelManager}`).set('X-Min-Position', position), [200]);
    }
  };

  async function registration(until: 'submitted' | 'approved') {
    const tag = randomUUID().slice(0, 8);
    const { id } = await ok(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Sweep ${tag}`, domain: `sweep-${tag}.example`, contactEmail: `s@sweep-${tag}.example` })));
    await ok(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${id}/submit`));
    if (until === 'approved') {
      await ok(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/start-review`));
      await ok(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/send-for-approval`));
      await ok(await as(o.tokens.approver).post(`/v1/deal-registrations/${id}/approve`));
    }
    return id as string;
  }
  const types = async (streamId: string) => (await t.platform.eventStore.readStream(streamId)).map((e) => e.type);

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: process.env.TEST_REDIS_URL! }, clock);
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('expires lapsed registrations; a second run changes nothing', async () => {
    const id = await registration('approved');
    clock.advance((PROTECTION_DAYS + 1) * DAY);
    await settled();
    const first = await runSweep('expire-registrations', t.platform, 'run-1');
    expect(first).toMatchObject({ changed: 1 });
    const count = await t.eventCount();
    const second = await runSweep('expire-registrations', t.platform, 'run-2');
    expect(second).toMatchObject({ changed: 0 });
    expect(await t.eventCount()).toBe(count);
    const events = await t.platform.eventStore.readStream(registrationStream(id));
    expect(events.at(-1)).toMatchObject({ type: 'RegistrationExpired', metadata: { actor: { userId: 'system:expire-registrations', role: 'ops' }, correlationId: 'sweep:expire-registrations:run-1' } });
  });

  it('two sweeps at once: each registration expires exactly once', async () => {
    const ids = [await registration('approved'), await registration('approved'), await registration('approved')];
    clock.advance((PROTECTION_DAYS + 1) * DAY);
    await settled();
    const results = await Promise.all([runSweep('expire-registrations', t.platform, 'a'), runSweep('expire-registrations', t.platform, 'b')]);
    expect(results[0].changed + results[1].changed).toBe(3);
    for (const id of ids) expect((await types(registrationStream(id))).filter((type) => type === 'RegistrationExpired')).toHaveLength(1);
  });

  it('escalates approvals past their SLA once', async () => {
    const id = await registration('submitted');
    await settled();
    expect((await runSweep('escalate-approvals', t.platform, 'early')).changed).toBe(0);
    clock.advance(49 * HOUR);
    expect((await runSweep('escalate-approvals', t.platform, 'late')).changed).toBeGreaterThanOrEqual(1);
    expect((await runSweep('escalate-approvals', t.platform, 'again')).changed).toBe(0);
    expect((await types(registrationStream(id))).filter((type) => type === 'RegistrationApprovalEscalated')).toHaveLength(1);
  });

  it('records case SLA breaches once', async () => {
    const opened = await ok(await as(o.tokens.acmeManager).post('/v1/cases', { about: 'partner', priority: 'P1', subject: 'Portal down', description: 'd' }));
    await settled();
    expect((await runSweep('record-case-sla-breaches', t.platform, 'early')).changed).toBe(0);
    clock.advance(31 * 60_000);
    expect((await runSweep('record-case-sla-breaches', t.platform, 'late')).changed).toBe(1);
    expect((await runSweep('record-case-sla-breaches', t.platform, 'again')).changed).toBe(0);
    expect((await t.platform.eventStore.readStream(caseStream(opened.id))).filter((e) => e.type === 'CaseSlaBreached').map((e) => (e.data as { target: string }).target)).toEqual(['first_response']);
  });

  it('runs as BullMQ job schedulers when Redis is configured', async () => {
    const id = await registration('approved');
    clock.advance((PROTECTION_DAYS + 1) * DAY);
    await settled();
    const queueName = `sweeps-test-${randomUUID()}`;
    const scheduler = await startSweeps(t.platform, { everyMs: 200, queueName, log: () => undefined });
    try {
      expect(scheduler.mode).toBe('bullmq');
      const deadline = Date.now() + 15_000;
      while (!(await types(registrationStream(id))).includes('RegistrationExpired') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await types(registrationStream(id))).toContain('RegistrationExpired');
    } finally {
      await scheduler.stop();
      const queue = new Queue(queueName, { connection: { url: process.env.TEST_REDIS_URL! }, prefix: t.platform.config.queuePrefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
