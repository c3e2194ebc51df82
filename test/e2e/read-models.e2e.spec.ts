import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

type Who = keyof Onboarded['tokens'];

describe('read models and the query API', () => {
  let t: TestApp;
  let o: Onboarded;
  let lastPosition: string;
  // What the test sent, kept by the test: the figures the read models are checked against.
  const sent: { id: string; partner: 'acme' | 'acmeUk' | 'acmeDe' | 'globex'; status: string; amountMinor: number }[] = [];

  const as = (token: string) => ({
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string, headers: Record<string, string> = {}) => request(t.http).get(path).set('Authorization', `Bearer ${token}`).set(headers),
  });
  const track = async (res: request.Response) => {
    const body = await expectOk(res);
    lastPosition = body.position;
    return body;
  };
  const fresh = () => ({ 'X-Min-Position': lastPosition });

  async function register(who: Who, partner: (typeof sent)[number]['partner'], amountMinor: number, steps: string[]) {
    const tag = randomUUID().slice(0, 8);
    const body = registrationBody(o.programId, { companyName: `Read ${tag}`, domain: `read-${tag}.example`, contactEmail: `x@read-${tag}.example` }, { estimatedSize: { amountMinor, currency: 'USD' } });
    const { id } = await track(await as(o.tokens[who]).post('/v1/deal-registrations', body));
    let status = 'Draft';
    for (const step of steps) {
      const actor = step === 'submit' ? o.tokens[who] : step === 'approve' || step === 'reject' ? o.tokens.approver : o.tokens.channelManager;
      const payload = step === 'reject' ? { reason: 'Existing direct opportunity' } : step === 'request-info' ? { message: 'Which products?' } : {};
      await track(await as(actor).post(`/v1/deal-registrations/${id}/${step}`, payload));
      status = { submit: 'Submitted', 'start-review': 'UnderReview', 'request-info': 'InfoRequested', 'send-for-approval': 'PendingApproval', approve: 'Approved', reject: 'Rejected' }[step]!;
    }
    sent.push({ id, partner, status, amountMinor });
    return id;
  }

  async function listAll(who: Who, query = ''): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/v1/deal-registrations?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const page: any = await expectOk(await as(o.tokens[who]).get(path, fresh()), [200]);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    t = await startTestApp();
    o = await onboard(t);
    await register('acmeManager', 'acme', 2_000_000, ['submit', 'start-review', 'send-for-approval', 'approve']);
    await register('acmeManager', 'acme', 3_500_000, ['submit']);
    await register('acmeAssociate', 'acme', 1_200_000, []);
    await register('acmeUkAssociate', 'acmeUk', 9_000_000, ['submit', 'start-review', 'send-for-approval', 'reject']);
    await register('acmeDeAssociate', 'acmeDe', 4_400_000, ['submit', 'start-review']);
    await register('globexManager', 'globex', 7_700_000, ['submit', 'start-review', 'request-info']);
    await register('globexManager', 'globex', 1_000_000, []);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers after the write when given the command\'s position, and 503 with Retry-After when it cannot', async () => {
    const tag = randomUUID().slice(0, 8);
    const created = await track(
      await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Fresh ${tag}`, domain: `fresh-${tag}.example`, contactEmail: `a@fresh-${tag}.example` })),
    );
    sent.push({ id: created.id, partner: 'acme', status: 'Draft', amountMinor: 25_000_000 });
    const list = await expectOk(await as(o.tokens.acmeManager).get(`/v1/deal-registrations?minPosition=${created.position}&limit=100`), [200]);
    expect(list.items.map((r: { registrationId: string }) => r.registrationId)).toContain(created.id);

    const future = '99999999999999999999-00000000000000000000';
    const started = Date.now();
    const late = await as(o.tokens.acmeManager).get('/v1/deal-registrations', { 'X-Min-Position': future });
    expect(late.status).toBe(503);
    expect(late.headers['retry-after']).toBe('1');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await as(o.tokens.acmeManager).get('/v1/deal-registrations', { 'X-Min-Position': 'yesterday' })).status).toBe(400);
  });

  it('lists registrations with the states, amounts and order the test sent, across pages', async () => {
    const all = await listAll('channelManager');
    const byId = new Map(all.map((r) => [r.registrationId, r]));
    expect(all).toHaveLength(sent.length);
    for (const s of sent) expect(byId.get(s.id)).toMatchObject({ status: s.status, estimatedSize: { amountMinor: s.amountMinor, currency: 'USD' } });
    // Newest first, and each page continues exactly where the last one stopped.
    const updated = all.map((r) => r.updatedAt);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(new Set(all.map((r) => r.registrationId)).size).toBe(all.length);

    const byAmount = await listAll('channelManager', '&sort=amount&order=asc');
    expect(byAmount.map((r) => r.estimatedSize.amountMinor)).toEqual(sent.map((s) => s.amountMinor).sort((a, b) => a - b));
    const submitted = await listAll('channelManager', '&status=Submitted,UnderReview');
    expect(submitted.map((r) => r.registrationId).sort()).toEqual(sent.filter((s) => ['Submitted', 'UnderReview'].includes(s.status)).map((s) => s.id).sort());
    expect((await as(o.tokens.channelManager).get('/v1/deal-registrations?status=Pending')).status).toBe(400);
    expect((await as(o.tokens.channelManager).get('/v1/deal-registrations?cursor=not-ours')).status).toBe(400);
    expect((await as(o.tokens.channelManager).get('/v1/deal-registrations?offset=10')).status).toBe(400);
  });

  it.each([
    ['channelManager', ['acme', 'acmeUk', 'acmeDe', 'globex']],
    ['auditor', ['acme', 'acmeUk', 'acmeDe', 'globex']],
    ['acmeManager', ['acme', 'acmeUk', 'acmeDe']],
    ['acmeAssociate', ['acme']],
    ['acmeUkAssociate', ['acmeUk']],
    ['acmeDeAssociate', ['acmeDe']],
    ['globexManager', ['globex']],
  ] as [Who, string[]][])('%s sees exactly the registrations of %j, also when filtering for others', async (who, partners) => {
    const expected = sent.filter((s) => partners.includes(s.partner)).map((s) => s.id).sort();
    expect((await listAll(who)).map((r) => r.registrationId).sort()).toEqual(expected);
    const foreign = await listAll(who, `&partnerId=${o.partners.globex}`);
    expect(foreign.length).toBe(partners.includes('globex') ? sent.filter((s) => s.partner === 'globex').length : 0);
  });

  it.each([
    ['channelManager', ['acme', 'acmeUk', 'acmeDe', 'globex']],
    ['acmeManager', ['acme', 'acmeUk', 'acmeDe']],
    ['acmeAssociate', ['acme']],
    ['acmeUkAssociate', ['acmeUk']],
    ['globexManager', ['globex']],
  ] as [Who, string[]][])('%s lists exactly the partners and members of %j', async (who, partners) => {
    const ids = partners.map((p) => o.partners[p as keyof Onboarded['partners']]).sort();
    const listed = await expectOk(await as(o.tokens[who]).get('/v1/partners?limit=100', fresh()), [200]);
    expect(listed.items.map((p: { partnerId: string }) => p.partnerId).sort()).toEqual(ids);
    const members = await expectOk(await as(o.tokens[who]).get('/v1/members?limit=100', fresh()), [200]);
    expect(new Set(members.items.map((m: { partnerId: string }) => m.partnerId))).toEqual(new Set(ids));
  });

  it('records the approval history: every state change, who, with which role and why', async () => {
    const id = sent.find((s) => s.status === 'Rejected')!.id;
    const history = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${id}/approval-history`, fresh()), [200]);
    expect(history.map((h: any) => [h.from, h.to, h.actor?.role])).toEqual([
      [null, 'Draft', 'partner_associate'],
      ['Draft', 'Submitted', 'partner_associate'],
      ['Submitted', 'UnderReview', 'channel_manager'],
      ['UnderReview', 'PendingApproval', 'channel_manager'],
      ['PendingApproval', 'Rejected', 'approver'],
    ]);
    expect(history.at(-1).reason).toBe('Existing direct opportunity');
    const positions = history.map((h: { position: string }) => h.position);
    expect(positions).toEqual([...positions].sort());
    // Another partner: as if it did not exist. The owner (and its manager) see it.
    expect((await as(o.tokens.globexManager).get(`/v1/deal-registrations/${id}/approval-history`)).status).toBe(404);
    expect((await as(o.tokens.acmeManager).get(`/v1/deal-registrations/${id}/approval-history`)).status).toBe(200);
    expect((await as(o.tokens.acmeAssociate).get(`/v1/deal-registrations/${id}/approval-history`)).status).toBe(404);
  });

  it('keeps override reasons internal: partners do not see them', async () => {
    const c = { companyName: `Override ${randomUUID().slice(0, 6)}`, domain: `override-${randomUUID().slice(0, 6)}.example`, contactEmail: 'o@override.example' };
    const first = await track(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, c)));
    await track(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${first.id}/submit`));
    const second = await track(await as(o.tokens.globexManager).post('/v1/deal-registrations', registrationBody(o.programId, c)));
    for (const [token, step, body] of [
      [o.tokens.globexManager, 'submit', {}],
      [o.tokens.channelManager, 'start-review', {}],
      [o.tokens.channelManager, 'send-for-approval', {}],
      [o.tokens.approver, 'approve', { overrideReason: 'Strategic account: internal decision' }],
    ] as const) {
      await track(await as(token).post(`/v1/deal-registrations/${second.id}/${step}`, body));
    }
    sent.push({ id: first.id, partner: 'acme', status: 'Submitted', amountMinor: 25_000_000 }, { id: second.id, partner: 'globex', status: 'Approved', amountMinor: 25_000_000 });
    const internal = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${second.id}/approval-history`, fresh()), [200]);
    const partner = await expectOk(await as(o.tokens.globexManager).get(`/v1/deal-registrations/${second.id}/approval-history`, fresh()), [200]);
    expect(internal.at(-1).reason).toBe('override: Strategic account: internal decision');
    expect(partner.at(-1).reason).toBeNull();
    expect(internal.find((h: { eventType: string }) => h.eventType === 'RegistrationConflictDetected').conflicts).toEqual([
      expect.objectContaining({ registrationId: first.id, partnerId: o.partners.acme }),
    ]);
  });

  it('reports each projection\'s lag and failure at /metrics', async () => {
    await expectOk(await as(o.tokens.channelManager).get('/v1/deal-registrations', fresh()), [200]);
    await expectOk(await as(o.tokens.channelManager).get('/v1/partners', fresh()), [200]);
    await expectOk(await as(o.tokens.channelManager).get(`/v1/deal-registrations/${sent[0].id}/approval-history`, fresh()), [200]);
    const metrics = await request(t.http).get('/metrics').expect(200);
    for (const name of ['partner_directory', 'registrations', 'deal_approval_history']) {
      expect(metrics.text).toContain(`channel_ledger_projection_lag_events{projection="${name}"} 0`);
      expect(metrics.text).toContain(`channel_ledger_projection_failed{projection="${name}"} 0`);
    }
    // A projection stopped on a poison event shows as failed, with how far behind it is.
    await t.platform.readDb.insertInto('projection_checkpoints').values({ projection: 'stopped_for_test', position: null, error: 'x', owner: null }).execute();
    await t.platform.readDb.updateTable('projection_checkpoints').set({ status: 'failed' }).where('projection', '=', 'stopped_for_test').execute();
    const after = await request(t.http).get('/metrics').expect(200);
    expect(after.text).toContain('channel_ledger_projection_failed{projection="stopped_for_test"} 1');
    const behind = Number(/channel_ledger_projection_lag_events\{projection="stopped_for_test"\} (\d+)/.exec(after.text)![1]);
    expect(behind).toBe((await t.platform.eventStore.readAll({ limit: 10_000 })).length);
    await t.platform.readDb.deleteFrom('projection_checkpoints').where('projection', '=', 'stopped_for_test').execute();
  });

  it('follows hierarchy changes: a re-parented child moves between managers\' views', async () => {
    await track(await as(o.tokens.channelManager).post(`/v1/partners/${o.partners.acmeDe}/parent`, { parentId: o.partners.globex }));
    const deIds = sent.filter((s) => s.partner === 'acmeDe').map((s) => s.id);
    expect((await listAll('acmeManager')).map((r) => r.registrationId)).not.toEqual(expect.arrayContaining(deIds));
    expect((await listAll('globexManager')).map((r) => r.registrationId)).toEqual(expect.arrayContaining(deIds));
    await track(await as(o.tokens.channelManager).post(`/v1/partners/${o.partners.acmeDe}/parent`, { parentId: o.partners.acme }));
    expect((await listAll('acmeManager')).map((r) => r.registrationId)).toEqual(expect.arrayContaining(deIds));
  });
});
