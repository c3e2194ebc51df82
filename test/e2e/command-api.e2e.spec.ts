import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { registrationStream } from '@channel-ledger/domain';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

describe('the command API: visibility, validation, versions, idempotency, identity', () => {
  let t: TestApp;
  let o: Onboarded;

  const as = (token: string) => ({
    post: (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      request(t.http).post(path).set('Authorization', `Bearer ${token}`).set(headers).send(body as object),
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`),
  });
  const customer = () => {
    const tag = randomUUID().slice(0, 8);
    return { companyName: `Umbrella ${tag}`, domain: `umbrella-${tag}.example`, contactEmail: `it@umbrella-${tag}.example` };
  };
  const draft = async (token: string, extra: Record<string, unknown> = {}) =>
    (await expectOk(await as(token).post('/v1/deal-registrations', registrationBody(o.programId, customer(), extra)))).id as string;

  beforeAll(async () => {
    t = await startTestApp();
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('visibility: another partner\'s record is not found, never forbidden', () => {
    let acmeReg: string;
    let ukReg: string;
    let deReg: string;

    beforeAll(async () => {
      acmeReg = await draft(o.tokens.acmeManager);
      ukReg = await draft(o.tokens.acmeUkAssociate);
      deReg = await draft(o.tokens.acmeDeAssociate);
    });

    it.each([
      ['an unrelated partner (Globex manager) on Acme\'s', 'globexManager', 'acme', 404],
      ['Acme UK\'s associate on its sibling Acme DE\'s', 'acmeUkAssociate', 'de', 404],
      ['Acme UK\'s associate on its parent Acme\'s', 'acmeUkAssociate', 'acme', 404],
      ['Acme\'s associate on its child Acme UK\'s', 'acmeAssociate', 'uk', 404],
      ['Acme\'s manager on its child Acme UK\'s', 'acmeManager', 'uk', 200],
      ['Acme\'s manager on its child Acme DE\'s', 'acmeManager', 'de', 200],
      ['Acme\'s associate on Acme\'s own', 'acmeAssociate', 'acme', 200],
      ['a channel manager on any', 'channelManager', 'de', 200],
      ['an auditor on any', 'auditor', 'uk', 200],
    ] as const)('%s -> %i', async (_label, who, whose, status) => {
      const id = { acme: acmeReg, uk: ukReg, de: deReg }[whose];
      const res = await as(o.tokens[who]).get(`/v1/deal-registrations/${id}`);
      expect(res.status).toBe(status);
      if (status === 404) expect(res.body).toMatchObject({ error: 'registration_not_found' });
    });

    it('answers a hidden record and a missing one the same way, for commands too', async () => {
      const hidden = await as(o.tokens.globexManager).post(`/v1/deal-registrations/${acmeReg}/submit`);
      const missing = await as(o.tokens.globexManager).post(`/v1/deal-registrations/${randomUUID()}/submit`);
      expect([hidden.status, hidden.body.error, hidden.body.message]).toEqual([missing.status, missing.body.error, missing.body.message]);
      expect(hidden.status).toBe(404);
      expect((await as(o.tokens.globexManager).get(`/v1/partners/${o.partners.acme}`)).status).toBe(404);
    });

    it('follows the hierarchy when it changes: a re-parented child leaves its old manager\'s view', async () => {
      expect((await as(o.tokens.acmeManager).get(`/v1/deal-registrations/${deReg}`)).status).toBe(200);
      await expectOk(await as(o.tokens.channelManager).post(`/v1/partners/${o.partners.acmeDe}/parent`, { parentId: o.partners.globex }));
      expect((await as(o.tokens.acmeManager).get(`/v1/deal-registrations/${deReg}`)).status).toBe(404);
      expect((await as(o.tokens.globexManager).get(`/v1/deal-registrations/${deReg}`)).status).toBe(200);
      await expectOk(await as(o.tokens.channelManager).post(`/v1/partners/${o.partners.acmeDe}/parent`, { parentId: o.partners.acme }));
    });

    it('refuses a hierarchy cycle with 400 naming parentId', async () => {
      const res = await as(o.tokens.channelManager).post(`/v1/partners/${o.partners.acme}/parent`, { parentId: o.partners.acmeUk });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'hierarchy_cycle', fields: [{ field: 'parentId' }] });
    });
  });

  describe('malformed payloads get 400 with the fields and leave no event behind', () => {
    const valid = () => registrationBody(o.programId, customer());
    const cases: [string, () => unknown, string[]][] = [
      ['a wrong type', () => ({ ...valid(), products: 'ledger' }), ['products']],
      ['an unknown field', () => ({ ...valid(), discount: 90 }), ['discount']],
      ['an unknown nested field', () => ({ ...valid(), customer: { ...customer(), contactName: 'x', vip: true } }), ['customer.vip']],
      ['a huge string', () => ({ ...valid(), customer: { ...customer(), contactName: 'x'.repeat(10_000) } }), ['customer.contactName']],
      ['a bad email', () => ({ ...valid(), customer: { ...customer(), contactName: 'x', contactEmail: 'not-an-email' } }), ['customer.contactEmail']],
      ['a negative amount', () => ({ ...valid(), estimatedSize: { amountMinor: -5, currency: 'USD' } }), ['estimatedSize.amountMinor']],
      ['a fractional amount', () => ({ ...valid(), estimatedSize: { amountMinor: 10.5, currency: 'USD' } }), ['estimatedSize.amountMinor']],
      ['an unknown currency', () => ({ ...valid(), estimatedSize: { amountMinor: 5, currency: 'XYZ' } }), ['estimatedSize.currency']],
      ['a bad enum', () => ({ ...valid(), registrationType: 'wholesale' }), ['registrationType']],
      ['a bad date', () => ({ ...valid(), expectedCloseDate: '31/03/2027' }), ['expectedCloseDate']],
      ['a bad domain', () => ({ ...valid(), customer: { ...customer(), contactName: 'x', domain: 'not a domain' } }), ['customer.domain']],
      ['a missing customer', () => ({ ...valid(), customer: undefined }), ['customer']],
      ['a bad program id', () => ({ ...valid(), programId: 'prog-1' }), ['programId']],
    ];

    it.each(cases)('%s', async (_label, body, fields) => {
      const before = await t.eventCount();
      const res = await as(o.tokens.acmeManager).post('/v1/deal-registrations', body());
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation_failed');
      for (const field of fields) expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await t.eventCount()).toBe(before);
    });

    it('malformed JSON and oversized bodies are 4xx with a message, and store nothing', async () => {
      const before = await t.eventCount();
      const broken = await request(t.http)
        .post('/v1/deal-registrations')
        .set('Authorization', `Bearer ${o.tokens.acmeManager}`)
        .set('Content-Type', 'application/json')
        .send('{"programId": ');
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({ error: 'malformed_request', message: expect.any(String) });
      const huge = await as(o.tokens.acmeManager).post('/v1/deal-registrations', { ...registrationBody(o.programId, customer()), products: Array(50_000).fill('ledger') });
      expect(huge.status).toBe(413);
      expect(JSON.stringify(huge.body)).not.toMatch(/at .*\.js|node_modules|select |insert /i);
      expect(await t.eventCount()).toBe(before);
    });

    it('refuses __proto__ and constructor keys', async () => {
      const res = await request(t.http)
        .post('/v1/deal-registrations')
        .set('Authorization', `Bearer ${o.tokens.acmeManager}`)
        .set('Content-Type', 'application/json')
        .send(`{"__proto__": {"admin": true}, ${JSON.stringify(registrationBody(o.programId, customer())).slice(1)}`);
      expect(res.status).toBe(400);
    });
  });

  describe('versions and idempotency', () => {
    it('honours If-Match: the current version goes through, a stale one is 412', async () => {
      const id = await draft(o.tokens.acmeManager);
      const stale = await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${id}/submit`, {}, { 'If-Match': '"5"' });
      expect(stale.status).toBe(412);
      const ok = await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${id}/submit`, {}, { 'If-Match': '"1"' });
      expect(ok.status).toBe(200);
      expect(ok.headers.etag).toBe(`"${ok.body.version}"`);
    });

    it('answers a repeated Idempotency-Key with the first answer and appends nothing; another body is 422', async () => {
      const key = randomUUID();
      const body = registrationBody(o.programId, customer());
      const first = await as(o.tokens.acmeManager).post('/v1/deal-registrations', body, { 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      const head = await t.eventCount();
      const again = await as(o.tokens.acmeManager).post('/v1/deal-registrations', body, { 'Idempotency-Key': key });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await t.eventCount()).toBe(head);
      const other = await as(o.tokens.acmeManager).post('/v1/deal-registrations', { ...body, products: ['other'] }, { 'Idempotency-Key': key });
      expect(other.status).toBe(422);
      expect(other.body.error).toBe('idempotency_key_reused');
    });

    it('runs concurrent requests with one Idempotency-Key once', async () => {
      const key = randomUUID();
      const body = registrationBody(o.programId, customer());
      const results = await Promise.all(Array.from({ length: 5 }, () => as(o.tokens.acmeManager).post('/v1/deal-registrations', body, { 'Idempotency-Key': key })));
      const created = results.filter((r) => r.status === 201);
      expect(results.every((r) => r.status === 201 || (r.status === 409 && r.body.error === 'request_in_progress'))).toBe(true);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    });
  });

  describe('metadata', () => {
    it('records actor, correlation id, causation id and idempotency key on every event', async () => {
      const res = await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, customer()), {
        'X-Correlation-Id': 'corr-abc-123',
        'X-Request-Id': 'req-xyz-789',
        'Idempotency-Key': 'key-meta-1',
      });
      expect(res.headers['x-correlation-id']).toBe('corr-abc-123');
      const [event] = await t.platform.eventStore.readStream(registrationStream(res.body.id));
      expect(event.metadata).toMatchObject({
        schemaVersion: 1,
        occurredAt: expect.any(String),
        actor: { userId: expect.any(String), role: 'partner_manager', partnerId: o.partners.acme },
        correlationId: 'corr-abc-123',
        causationId: 'req-xyz-789',
        idempotencyKey: 'key-meta-1',
      });
      const generated = await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, customer()));
      expect(generated.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('identity', () => {
    it('401 without a token, with a bad one, and with alg none; 403 for a role the command does not allow', async () => {
      expect((await request(t.http).post('/v1/programs').send({})).status).toBe(401);
      expect((await as('not.a.jwt').post('/v1/programs')).status).toBe(401);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'], iss: 'channel-ledger', aud: 'channel-ledger-api', exp: 9999999999 })).toString('base64url')}.`;
      expect((await as(none).post('/v1/programs')).status).toBe(401);
      const wrongKey = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('channel-ledger').setAudience('channel-ledger-api').setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-xx'));
      expect((await as(wrongKey).post('/v1/programs')).status).toBe(401);
      const expired = await t.token('admin', { expiresIn: '-1m' });
      expect((await as(expired).post('/v1/programs')).body.error).toBe('token_expired');
      const id = await draft(o.tokens.acmeManager);
      const forbidden = await as(o.tokens.acmeAssociate).post(`/v1/deal-registrations/${id}/approve`, {});
      expect(forbidden.status).toBe(403);
    });

    it('refuses a deactivated staff member on the next request', async () => {
      expect((await as(o.tokens.acmeAssociate).get(`/v1/partners/${o.partners.acme}`)).status).toBe(200);
      await expectOk(await as(o.tokens.acmeManager).post(`/v1/partners/${o.partners.acme}/members/${o.members.acmeAssociate}/deactivate`));
      const refused = await as(o.tokens.acmeAssociate).get(`/v1/partners/${o.partners.acme}`);
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('member_inactive');
    });
  });
});
