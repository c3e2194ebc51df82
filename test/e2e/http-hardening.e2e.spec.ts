import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { ManualClock, TestApp, startTestApp } from '../support/test-app';
import { until } from '../support/until';
import { Onboarded, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

describe('HTTP hardening: security headers and per-token rate limits', () => {
  let t: TestApp;
  let o: Onboarded;
  const LIMIT = 40;
  const clock = new ManualClock();

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) }, clock);
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('sends security headers on API answers, and never says what it runs on', async () => {
    for (const res of [await request(t.http).get('/health'), await request(t.http).get('/v1/partners'), await request(t.http).get(`/v1/partners/${randomUUID()}`).set('Authorization', `Bearer ${await t.token('channel_manager')}`)]) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
      expect(res.headers['cache-control']).toContain('no-store');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    // The API docs page runs its own scripts: the other headers stay, the content policy does not apply there.
    const docs = await request(t.http).get('/docs/');
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    expect(docs.headers['content-security-policy']).toBeUndefined();
  });

  it('answers 429 with Retry-After once a token has used its minute, stores nothing then, and other tokens go on', async () => {
    // A token of its own, so the onboarding's requests do not count.
    // The member list is a read model: wait until the onboarding's manager is in it.
    const manager = await until('the partner manager in the member list', async () =>
      (await request(t.http).get(`/v1/members?partnerId=${o.partners.acme}`).set('Authorization', `Bearer ${o.tokens.channelManager}`)).body.items?.find((m: { role: string }) => m.role === 'partner_manager'),
    );
    const token = await t.token(['partner_manager'], { partnerId: o.partners.acme, subject: manager.memberId });
    // Windows are whole minutes: held still, the requests below cannot straddle two of them (a new window would
    // let the last one through).
    clock.freeze();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await request(t.http).get('/v1/deal-registrations?limit=1').set('Authorization', `Bearer ${token}`)).status);
    expect(new Set(statuses)).toEqual(new Set([200]));
    const before = await t.eventCount();
    const refused = await request(t.http)
      .post('/v1/deal-registrations')
      .set('Authorization', `Bearer ${token}`)
      .send(registrationBody(o.programId, { companyName: 'Throttled Inc', domain: 'throttled.example', contactEmail: 'a@throttled.example' }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ error: 'rate_limited' });
    expect(await t.eventCount()).toBe(before);
    expect((await request(t.http).get('/v1/deal-registrations?limit=1').set('Authorization', `Bearer ${await t.token('channel_manager')}`)).status).toBe(200);
    // The next minute is a new window.
    clock.advance(60_000);
    expect((await request(t.http).get('/v1/deal-registrations?limit=1').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    clock.thaw();
  });
});
