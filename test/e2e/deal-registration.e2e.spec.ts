import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { registrationStream } from '@channel-ledger/domain';
import { ManualClock, TestApp, startTestApp } from '../support/test-app';
import { Onboarded, PROTECTION_DAYS, expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

const DAY = 86_400_000;

describe('deal registrations through HTTP', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let o: Onboarded;

  const as = (token: string) => ({
    post: (path: string, body: object = {}, headers: Record<string, string> = {}) =>
      request(t.http).post(path).set('Authorization', `Bearer ${token}`).set(headers).send(body),
    patch: (path: string, body: object, headers: Record<string, string> = {}) =>
      request(t.http).patch(path).set('Authorization', `Bearer ${token}`).set(headers).send(body),
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`),
  });

  const customer = (label = randomUUID().slice(0, 8)) => ({
    companyName: `Initech ${label} LLC`,
    domain: `initech-${label}.example`,
    contactEmail: `buyer@initech-${label}.example`,
  });

  async function draftAndSubmit(token: string, c = customer(), extra: Record<string, unknown> = {}) {
    const drafted = await expectOk(await as(token).post('/v1/deal-registrations', registrationBody(o.programId, c, extra)));
    await expectOk(await as(token).post(`/v1/deal-registrations/${drafted.id}/submit`));
    return drafted.id as string;
  }

  async function toPendingApproval(token: string, c = customer()) {
    const id = await draftAndSubmit(token, c);
    await expectOk(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/start-review`));
    await expectOk(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/send-for-approval`));
    return id;
  }

  const state = async (id: string, token = o.tokens.channelManager) => expectOk(await as(token).get(`/v1/deal-registrations/${id}`), [200]);

  beforeAll(async () => {
    t = await startTestApp({}, clock);
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('runs draft -> review -> info requested -> edit -> resubmit -> approval -> conversion', async () => {
    const alice = as(o.tokens.acmeManager);
    const cm = as(o.tokens.channelManager);
    const drafted = await expectOk(await alice.post('/v1/deal-registrations', registrationBody(o.programId, customer())));
    expect(drafted).toEqual({ id: expect.any(String), version: 1, position: expect.stringMatching(/^\d{20}-\d{20}$/) });

    await expectOk(await alice.post(`/v1/deal-registrations/${drafted.id}/submit`));
    await expectOk(await cm.post(`/v1/deal-registrations/${drafted.id}/start-review`));
    await expectOk(await cm.post(`/v1/deal-registrations/${drafted.id}/request-info`, { message: 'Which modules does the customer need?' }));
    expect((await state(drafted.id)).status).toBe('InfoRequested');
    await expectOk(await alice.patch(`/v1/deal-registrations/${drafted.id}`, { changes: { products: ['ledger-enterprise', 'ledger-audit'] } }));
    await expectOk(await alice.post(`/v1/deal-registrations/${drafted.id}/resubmit`));
    await expectOk(await cm.post(`/v1/deal-registrations/${drafted.id}/send-for-approval`));
    // Pending approval is read-only.
    expect((await alice.patch(`/v1/deal-registrations/${drafted.id}`, { changes: { products: ['x'] } })).status).toBe(409);

    const before = clock.now().getTime();
    const approved = await expectOk(await as(o.tokens.approver).post(`/v1/deal-registrations/${drafted.id}/approve`, {}));
    const after = clock.now().getTime();
    const approvedState = await state(drafted.id);
    expect(approvedState.status).toBe('Approved');
    const protectedUntil = Date.parse(approvedState.protectedUntil);
    expect(protectedUntil).toBeGreaterThanOrEqual(before + PROTECTION_DAYS * DAY);
    expect(protectedUntil).toBeLessThanOrEqual(after + PROTECTION_DAYS * DAY);
    expect(approvedState.details.products).toEqual(['ledger-enterprise', 'ledger-audit']);

    const opportunity = await expectOk(
      await cm.post(`/v1/deal-registrations/${drafted.id}/opportunity`, {
        name: 'Initech rollout',
        lineItems: [{ product: 'ledger-enterprise', quantity: 10, unitPriceMinor: 2_500_000 }],
      }),
    );
    expect(await state(drafted.id)).toMatchObject({ status: 'Converted', opportunityId: opportunity.id, version: approved.version + 1 });
  });

  it('answers an information request on the resubmission: the channel team reads the answer in the approval history', async () => {
    const alice = as(o.tokens.acmeManager);
    const cm = as(o.tokens.channelManager);
    const drafted = await expectOk(await alice.post('/v1/deal-registrations', registrationBody(o.programId, customer())));
    await expectOk(await alice.post(`/v1/deal-registrations/${drafted.id}/submit`));
    await expectOk(await cm.post(`/v1/deal-registrations/${drafted.id}/start-review`));
    await expectOk(await cm.post(`/v1/deal-registrations/${drafted.id}/request-info`, { message: 'How many seats?' }));
    // Too long, or not a string: refused on the field, and nothing changes.
    const events = await t.eventCount();
    for (const answer of ['x'.repeat(4001), 42]) {
      const refused = await alice.post(`/v1/deal-registrations/${drafted.id}/resubmit`, { answer });
      expect(refused.status).toBe(400);
      expect([...new Set(refused.body.fields.map((f: { field: string }) => f.field))]).toEqual(['answer']);
    }
    expect(await t.eventCount()).toBe(events);
    const answered = await expectOk(await alice.post(`/v1/deal-registrations/${drafted.id}/resubmit`, { answer: '  500 seats, rollout in Q3 ' }));
    for (const reader of [cm, alice]) {
      const history = await expectOk(await reader.get(`/v1/deal-registrations/${drafted.id}/approval-history`).set('X-Min-Position', answered.position));
      const asked = history.find((h: { eventType: string }) => h.eventType === 'RegistrationInfoRequested');
      const resubmitted = history.find((h: { eventType: string }) => h.eventType === 'RegistrationResubmitted');
      expect(asked.reason).toBe('How many seats?');
      expect(resubmitted).toMatchObject({ from: 'InfoRequested', to: 'UnderReview', reason: '500 seats, rollout in Q3' });
    }
  });

  it('rejects with a reason, and a rejected registration can never be approved', async () => {
    const id = await toPendingApproval(o.tokens.acmeManager);
    const missing = await as(o.tokens.approver).post(`/v1/deal-registrations/${id}/reject`, {});
    expect(missing.status).toBe(400);
    expect(new Set(missing.body.fields.map((f: { field: string }) => f.field))).toEqual(new Set(['reason']));
    await expectOk(await as(o.tokens.approver).post(`/v1/deal-registrations/${id}/reject`, { reason: 'The customer is a direct account' }));
    const again = await as(o.tokens.approver).post(`/v1/deal-registrations/${id}/approve`, { overrideReason: 'please' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('invalid_transition');
  });

  it('expires once the protection period lapses without conversion', async () => {
    const id = await toPendingApproval(o.tokens.acmeManager);
    await expectOk(await as(o.tokens.approver).post(`/v1/deal-registrations/${id}/approve`, {}));
    const early = await as(o.tokens.ops).post(`/v1/deal-registrations/${id}/expire`);
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('protection_not_lapsed');
    clock.advance((PROTECTION_DAYS + 1) * DAY);
    await expectOk(await as(o.tokens.ops).post(`/v1/deal-registrations/${id}/expire`));
    expect((await state(id)).status).toBe('Expired');
    const late = await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/opportunity`, { name: 'x', lineItems: [{ product: 'p', quantity: 1, unitPriceMinor: 1 }] });
    expect(late.status).toBe(409);
  });

  it('records a conflict that explains itself, and approving it needs an override reason', async () => {
    const c = customer();
    const first = await draftAndSubmit(o.tokens.acmeManager, c);
    // Same customer, written differently: www., another subdomain, legal suffix, case.
    const second = await toPendingApproval(o.tokens.globexManager, {
      companyName: c.companyName.replace(' LLC', ', llc').toUpperCase(),
      domain: `www.sales.${c.domain}`,
      contactEmail: c.contactEmail.toUpperCase(),
    });
    const firstState = await state(first);
    const secondState = await state(second);
    expect(firstState.conflicts).toEqual([]);
    expect(secondState.conflicts).toEqual([
      {
        registrationId: first,
        partnerId: o.partners.acme,
        submittedAt: firstState.submittedAt,
        keys: expect.arrayContaining([
          { kind: 'domain', value: c.domain },
          { kind: 'company', value: c.companyName.replace(' LLC', '').toLowerCase() },
          { kind: 'contact_email', value: c.contactEmail },
        ]),
      },
    ]);
    const refused = await as(o.tokens.approver).post(`/v1/deal-registrations/${second}/approve`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('conflict_override_required');
    await expectOk(await as(o.tokens.approver).post(`/v1/deal-registrations/${second}/approve`, { overrideReason: 'Customer chose Globex in writing' }));
    const events = await t.platform.eventStore.readStream(registrationStream(second));
    expect(events.at(-1)).toMatchObject({ type: 'RegistrationApproved', data: { overrideReason: 'Customer chose Globex in writing' } });
  });

  it('gives exactly one first when two partners submit for the same customer at once (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      const c = customer(`race${round}-${randomUUID().slice(0, 6)}`);
      const [a, b] = await Promise.all([
        expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, c))),
        expectOk(await as(o.tokens.globexManager).post('/v1/deal-registrations', registrationBody(o.programId, c))),
      ]);
      const results = await Promise.all([
        as(o.tokens.acmeManager).post(`/v1/deal-registrations/${a.id}/submit`),
        as(o.tokens.globexManager).post(`/v1/deal-registrations/${b.id}/submit`),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const [sa, sb] = await Promise.all([state(a.id), state(b.id)]);
      const firsts = [sa, sb].filter((s) => s.conflicts.length === 0);
      expect(firsts).toHaveLength(1);
      const later = firsts[0] === sa ? sb : sa;
      expect(later.conflicts.map((m: { registrationId: string }) => m.registrationId)).toEqual([firsts[0].registrationId]);
    }
  });

  it('records a conflict when the two customers share only some keys, claimed in different orders', async () => {
    // Shares the contact email only, then the domain only: the first shared key decides, both sides agree.
    for (let round = 0; round < 10; round++) {
      const tag = randomUUID().slice(0, 6);
      const c1 = { companyName: `Alpha ${tag}`, domain: `alpha-${tag}.example`, contactEmail: `cto@shared-${tag}.example` };
      const c2 = { companyName: `Beta ${tag}`, domain: `alpha-${tag}.example`, contactEmail: `cto@shared-${tag}.example` };
      const [a, b] = await Promise.all([
        expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, c1))),
        expectOk(await as(o.tokens.globexManager).post('/v1/deal-registrations', registrationBody(o.programId, c2))),
      ]);
      await Promise.all([
        as(o.tokens.acmeManager).post(`/v1/deal-registrations/${a.id}/submit`),
        as(o.tokens.globexManager).post(`/v1/deal-registrations/${b.id}/submit`),
      ]);
      const [sa, sb] = await Promise.all([state(a.id), state(b.id)]);
      expect([sa.conflicts.length, sb.conflicts.length].sort()).toEqual([0, 1]);
    }
  });
});
