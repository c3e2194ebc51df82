import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard } from '../support/onboarding';

jest.setTimeout(120_000);

// A token says who the caller is; what a partner staff member may do is its state in the log now. Each case
// here is a token minted before the log changed, or a token that claims more than the member has.
describe('authorization of partner staff comes from the log, not from the token', () => {
  let t: TestApp;
  let o: Onboarded;
  let alice: string;
  let ukCase: string;

  const get = (path: string, token: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, token: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const staffRole = async (partnerId: string, memberId: string) =>
    ((await expectOk(await get(`/v1/partners/${partnerId}`, o.tokens.channelManager))).staff as { memberId: string; role: string }[]).find((m) => m.memberId === memberId)?.role;

  beforeAll(async () => {
    t = await startTestApp();
    o = await onboard(t);
    const partner = await expectOk(await get(`/v1/partners/${o.partners.acme}`, o.tokens.channelManager));
    alice = (partner.staff as { memberId: string; role: string }[]).find((m) => m.role === 'partner_manager')!.memberId;
    // A case of Acme UK (a child of Acme): Acme's manager sees it, an associate of Acme does not.
    ukCase = (await expectOk(await post('/v1/cases', o.tokens.acmeUkAssociate, { about: 'partner', priority: 'P3', subject: 'Portal login', description: 'd' }))).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a manager cannot change her own role, up or down', async () => {
    const res = await post(`/v1/partners/${o.partners.acme}/members/${alice}/role`, o.tokens.acmeManager, { role: 'partner_associate' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('own_role');
    expect(await staffRole(o.partners.acme, alice)).toBe('partner_manager');
  });

  it('a demoted manager keeps no manager powers with the token she already holds, and cannot promote herself back', async () => {
    const token = o.tokens.acmeManager;
    expect((await get(`/v1/cases/${ukCase}`, token)).status).toBe(200);
    expect((await get('/v1/webhooks', token)).status).toBe(200);

    await expectOk(await post(`/v1/partners/${o.partners.acme}/members/${alice}/role`, o.tokens.channelManager, { role: 'partner_associate' }));

    expect((await get(`/v1/cases/${ukCase}`, token)).status).toBe(404);
    expect((await get('/v1/webhooks', token)).status).toBe(403);
    expect((await get(`/v1/partners/${o.partners.acmeUk}`, token)).status).toBe(404);
    const back = await post(`/v1/partners/${o.partners.acme}/members/${alice}/role`, token, { role: 'partner_manager' });
    expect(back.status).toBe(403);
    expect(await staffRole(o.partners.acme, alice)).toBe('partner_associate');

    // The log decides both ways: promoted again by the enterprise, the same token is a manager's again.
    await expectOk(await post(`/v1/partners/${o.partners.acme}/members/${alice}/role`, o.tokens.channelManager, { role: 'partner_manager' }));
    expect((await get(`/v1/cases/${ukCase}`, token)).status).toBe(200);
  });

  it('a token that claims manager for an associate acts as the associate the log says it is', async () => {
    const forged = await t.token('partner_manager', { subject: o.members.acmeAssociate, partnerId: o.partners.acme });
    expect((await get(`/v1/cases/${ukCase}`, forged)).status).toBe(404);
    expect((await get('/v1/webhooks', forged)).status).toBe(403);
    const promote = await post(`/v1/partners/${o.partners.acme}/members/${o.members.acmeAssociate}/role`, forged, { role: 'partner_manager' });
    expect(promote.status).toBe(403);
    const register = await post(`/v1/partners/${o.partners.acme}/members`, forged, { name: 'Mallory', email: 'mallory@acme.example', role: 'partner_manager' });
    expect(register.status).toBe(403);
    expect(await staffRole(o.partners.acme, o.members.acmeAssociate)).toBe('partner_associate');
  });

  it('a token may ask for less than the member has, never for more', async () => {
    const narrow = await t.token('partner_associate', { subject: alice, partnerId: o.partners.acme });
    expect((await get(`/v1/cases/${ukCase}`, narrow)).status).toBe(404);
    expect((await get(`/v1/cases/${ukCase}`, o.tokens.acmeManager)).status).toBe(200);
  });

  it('a token naming another partner than the member belongs to is refused', async () => {
    const elsewhere = await t.token('partner_manager', { subject: alice, partnerId: o.partners.globex });
    const res = await get('/v1/deal-registrations', elsewhere);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('member_inactive');
  });

  it('a deactivated member cannot act, and no route brings her back', async () => {
    const token = o.tokens.acmeAssociate;
    await expectOk(await post(`/v1/partners/${o.partners.acme}/members/${o.members.acmeAssociate}/deactivate`, o.tokens.acmeManager));
    expect((await get('/v1/deal-registrations', token)).status).toBe(401);
    // A role change is no way back in: the decider refuses it for a deactivated member, and her token stays out.
    const role = await post(`/v1/partners/${o.partners.acme}/members/${o.members.acmeAssociate}/role`, o.tokens.channelManager, { role: 'partner_manager' });
    expect(role.status).toBe(409);
    expect((await get('/v1/deal-registrations', token)).status).toBe(401);
  });
});

// A retry with the same Idempotency-Key is authorized like a first request, on the log as it is now: its stored
// first answer is no way to read, or to confirm, a record the caller may no longer see.
describe('a repeated Idempotency-Key is authorized again', () => {
  let t: TestApp;
  let o: Onboarded;
  const send = (token: string, path: string, body: object, key?: string) => {
    const req = request(t.http).post(path).set('Authorization', `Bearer ${token}`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const answer = (res: request.Response) => ({ status: res.status, error: res.body?.error, message: res.body?.message, fields: res.body?.fields, replayed: res.headers['idempotent-replayed'] });

  beforeAll(async () => {
    t = await startTestApp();
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers a retry on a child partner moved out of the hierarchy like a partner that does not exist', async () => {
    const body = { name: 'Eve', email: 'eve@acme-uk.example', role: 'partner_associate' };
    const first = await send(o.tokens.acmeManager, `/v1/partners/${o.partners.acmeUk}/members`, body, 'retry-after-move');
    expect(first.status).toBe(201);
    await expectOk(await send(o.tokens.channelManager, `/v1/partners/${o.partners.acmeUk}/parent`, { parentId: null }));
    const events = await t.eventCount();

    const retry = await send(o.tokens.acmeManager, `/v1/partners/${o.partners.acmeUk}/members`, body, 'retry-after-move');
    const missing = await send(o.tokens.acmeManager, `/v1/partners/${randomUUID()}/members`, body, `fresh-${randomUUID()}`);
    expect(answer(retry)).toEqual(answer(missing));
    expect(retry.status).toBe(404);
    expect(await t.eventCount()).toBe(events);
    await expectOk(await send(o.tokens.channelManager, `/v1/partners/${o.partners.acmeUk}/parent`, { parentId: o.partners.acme }));
  });

  it("answers a demoted manager's retry of a case for a child partner as a first request would", async () => {
    const alice = o.tokens.acmeManager;
    const staff = (await expectOk(await request(t.http).get(`/v1/partners/${o.partners.acme}`).set('Authorization', `Bearer ${o.tokens.channelManager}`))).staff as { memberId: string; role: string }[];
    const aliceId = staff.find((m) => m.role === 'partner_manager')!.memberId;
    const carol = ((await expectOk(await request(t.http).get(`/v1/partners/${o.partners.acmeUk}`).set('Authorization', `Bearer ${o.tokens.channelManager}`))).staff as { memberId: string }[])[0].memberId;
    const body = { about: 'partner', priority: 'P4', subject: 'for UK', description: 'd', partnerId: o.partners.acmeUk, requestedBy: carol };
    expect((await send(alice, '/v1/cases', body, 'case-before-demotion')).status).toBe(201);
    await expectOk(await send(o.tokens.channelManager, `/v1/partners/${o.partners.acme}/members/${aliceId}/role`, { role: 'partner_associate' }));

    const retry = await send(alice, '/v1/cases', body, 'case-before-demotion');
    const fresh = await send(alice, '/v1/cases', body, `fresh-${randomUUID()}`);
    expect(answer(retry)).toEqual(answer(fresh));
    expect(retry.status).toBe(400);
    await expectOk(await send(o.tokens.channelManager, `/v1/partners/${o.partners.acme}/members/${aliceId}/role`, { role: 'partner_manager' }));
  });

  it('still answers a retry the caller may make with the first answer, its version as ETag, and appends nothing', async () => {
    const body = { about: 'partner', priority: 'P3', subject: 'retry me', description: 'd' };
    const first = await expectOk(await send(o.tokens.acmeManager, '/v1/cases', body, 'plain-retry'));
    const events = await t.eventCount();
    const again = await send(o.tokens.acmeManager, '/v1/cases', body, 'plain-retry');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.etag).toBe(`"${first.version}"`);
    expect(await t.eventCount()).toBe(events);
  });

  it('answers a retry of a command that changed nothing with its first answer, not a new decision', async () => {
    const bob = o.members.acmeAssociate;
    const path = `/v1/partners/${o.partners.acme}/members/${bob}/role`;
    // Bob is an associate already: nothing to append.
    const first = await expectOk(await send(o.tokens.channelManager, path, { role: 'partner_associate' }, 'no-op-role'));
    await expectOk(await send(o.tokens.channelManager, path, { role: 'partner_manager' }));
    const events = await t.eventCount();
    const again = await send(o.tokens.channelManager, path, { role: 'partner_associate' }, 'no-op-role');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);
    expect(await t.eventCount()).toBe(events);
    const staff = (await expectOk(await request(t.http).get(`/v1/partners/${o.partners.acme}`).set('Authorization', `Bearer ${o.tokens.channelManager}`))).staff as { memberId: string; role: string }[];
    expect(staff.find((m) => m.memberId === bob)!.role).toBe('partner_manager');
  });
});
