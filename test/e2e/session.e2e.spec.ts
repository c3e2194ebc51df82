import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard } from '../support/onboarding';
import { DemoPersonas, isLoopback } from '../../apps/api/src/session/demo-personas';

jest.setTimeout(120_000);

// GET /v1/me is what a client signs in with and decides which controls to show from: it must say what the guard and
// the document say, with a partner member's roles taken from the log, not from the token.
describe('the caller (GET /v1/me) and the demo users (GET /v1/demo-personas)', () => {
  let t: TestApp;
  let o: Onboarded;
  let operationRoles: Map<string, string[]>;

  const get = (path: string, token?: string) => {
    const req = request(t.http).get(path);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  // From the served document, independently of the server's own table.
  const allowedBy = (roles: string[]) => [...operationRoles].filter(([, needs]) => needs.some((r) => roles.includes(r))).map(([id]) => id).sort();

  beforeAll(async () => {
    t = await startTestApp();
    o = await onboard(t);
    const doc = (await get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { operationId: string; 'x-roles': string[] }>> };
    operationRoles = new Map(Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => [op.operationId, op['x-roles']] as [string, string[]])));
  });
  afterAll(async () => t?.close());

  it('an enterprise caller: its roles, no organisation, and exactly the operations the document gives those roles', async () => {
    const me = await expectOk(await get('/v1/me', o.tokens.channelManager));
    expect(me).toMatchObject({ kind: 'enterprise', roles: ['channel_manager'], name: null, partner: null });
    expect(me.operations).toEqual(allowedBy(['channel_manager']));
    expect(me.operations).toContain('startDealRegistrationReview');
    expect(me.operations).not.toContain('rebuildProjection');
    const ops = await expectOk(await get('/v1/me', o.tokens.ops));
    expect(ops.operations).toEqual(allowedBy(['ops']));
    expect(ops.operations).toContain('rebuildProjection');
  });

  it('a partner member: its name and organisation from the log, and the roles the log gives it now', async () => {
    const partner = await expectOk(await get(`/v1/partners/${o.partners.acme}`, o.tokens.channelManager));
    const alice = (partner.staff as { memberId: string; name: string; role: string }[]).find((m) => m.role === 'partner_manager')!;
    const before = await expectOk(await get('/v1/me', o.tokens.acmeManager));
    expect(before).toMatchObject({ kind: 'partner', subject: alice.memberId, roles: ['partner_manager'], name: alice.name, partner: { partnerId: o.partners.acme, name: partner.profile.name } });
    expect(before.operations).toEqual(allowedBy(['partner_manager']));

    // Demoted after her token was minted: the same token now acts as an associate, and /v1/me says so.
    await expectOk(await request(t.http).post(`/v1/partners/${o.partners.acme}/members/${alice.memberId}/role`).set('Authorization', `Bearer ${o.tokens.channelManager}`).send({ role: 'partner_associate' }));
    const after = await expectOk(await get('/v1/me', o.tokens.acmeManager));
    expect(after.roles).toEqual(['partner_associate']);
    expect(after.operations).toEqual(allowedBy(['partner_associate']));
    expect(after.operations.length).toBeLessThanOrEqual(before.operations.length);

    // Deactivated: the token no longer signs in.
    await expectOk(await request(t.http).post(`/v1/partners/${o.partners.acme}/members/${alice.memberId}/deactivate`).set('Authorization', `Bearer ${o.tokens.channelManager}`).send({}));
    const gone = await get('/v1/me', o.tokens.acmeManager);
    expect(gone.status).toBe(401);
    expect(gone.body.error).toBe('member_inactive');
  });

  it('an enterprise caller is named by its token\'s name claim, when it is a short, storable string', async () => {
    expect((await expectOk(await get('/v1/me', await t.token('approver', { name: 'Avery Stone' })))).name).toBe('Avery Stone');
    for (const name of ['', '   ', 'x'.repeat(201), 'Eve\u0000', 'Bad \ud800 half']) {
      const res = await get('/v1/me', await t.token('approver', { name }));
      expect(res.status).toBe(200);
      expect(res.body.name).toBeNull();
    }
  });

  it('without a token: 401 in the error shape', async () => {
    const res = await get('/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('missing_token');
  });

  it('offers no demo users unless the start-up set some, and then only to this machine', async () => {
    expect((await expectOk(await get('/v1/demo-personas'))).items).toEqual([]);
    t.app.get(DemoPersonas).set([{ label: 'Chris (channel manager)', name: 'Chris', role: 'channel manager', partnerName: null, token: o.tokens.channelManager }]);
    const offered = await expectOk(await get('/v1/demo-personas'));
    expect(offered.items.map((p: { name: string }) => p.name)).toEqual(['Chris']);
    // Passed on by a proxy on this machine: the browser may be anywhere.
    for (const header of ['Forwarded', 'X-Forwarded-For', 'X-Real-IP']) expect((await expectOk(await get('/v1/demo-personas').set(header, '203.0.113.9'))).items).toEqual([]);
    // Asked by another site's name (a name pointed at 127.0.0.1: DNS rebinding), or from another site's page.
    for (const host of ['evil.example', 'localhost.evil.example', 'evil.example:3000', '127.0.0.1.evil.example']) expect((await expectOk(await get('/v1/demo-personas').set('Host', host))).items).toEqual([]);
    for (const site of ['cross-site', 'same-site']) expect((await expectOk(await get('/v1/demo-personas').set('Sec-Fetch-Site', site))).items).toEqual([]);
    // By this machine's own names, from the app's own page: offered.
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000']) expect((await expectOk(await get('/v1/demo-personas').set('Host', host).set('Sec-Fetch-Site', 'same-origin'))).items).toHaveLength(1);
    t.app.get(DemoPersonas).set([]);
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    for (const remote of ['10.0.0.5', '192.168.1.20', '::ffff:10.1.2.3', 'fe80::1', '2001:db8::1', '', undefined]) expect(isLoopback(remote)).toBe(false);
  });
});
