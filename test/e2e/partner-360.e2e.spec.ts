import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { ManualClock, TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type PartnerKey = keyof Onboarded['partners'];
type Who = keyof Onboarded['tokens'];

describe('Partner 360, pipeline and the workspace lists', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let o: Onboarded;
  let position = '';
  const made: Record<'opportunities' | 'quotes' | 'orders' | 'cases', Record<string, PartnerKey>> = { opportunities: {}, quotes: {}, orders: {}, cases: {} };

  const as = (token: string) => ({
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`).set('X-Min-Position', position),
  });
  const ok = async (res: request.Response) => {
    const body = await expectOk(res);
    if (body?.position) position = body.position;
    return body;
  };
  const staffOf: Record<PartnerKey, Who> = { acme: 'acmeManager', acmeUk: 'acmeUkAssociate', acmeDe: 'acmeDeAssociate', globex: 'globexManager' };

  async function registration(who: Who, decide?: 'approve' | 'reject', hoursToDecision = 0) {
    const tag = randomUUID().slice(0, 8);
    const { id } = await ok(await as(o.tokens[who]).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `KPI ${tag}`, domain: `kpi-${tag}.example`, contactEmail: `k@kpi-${tag}.example` })));
    await ok(await as(o.tokens[who]).post(`/v1/deal-registrations/${id}/submit`));
    if (decide) {
      await ok(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/start-review`));
      await ok(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/send-for-approval`));
      clock.advance(hoursToDecision * HOUR);
      await ok(await as(o.tokens.approver).post(`/v1/deal-registrations/${id}/${decide}`, decide === 'reject' ? { reason: 'no' } : {}));
    }
    return id as string;
  }

  beforeAll(async () => {
    clock.freeze();
    t = await startTestApp({}, clock);
    o = await onboard(t);
    const cm = as(o.tokens.channelManager);

    // Acme: three decided registrations, after 2, 4 and 6 hours: approval rate 2/3, median 4 h.
    const r1 = await registration('acmeManager', 'approve', 2);
    await registration('acmeManager', 'reject', 4);
    await registration('acmeManager', 'approve', 6);
    // r1 becomes an opportunity won 10 days after r1 was drafted (drafted 12 h earlier in test time).
    const opp1 = await ok(await cm.post(`/v1/deal-registrations/${r1}/opportunity`, { name: 'From r1', lineItems: [{ product: 'ledger-enterprise', quantity: 4, unitPriceMinor: 250_000, partnerId: o.partners.acme }] }));
    clock.advance(10 * DAY - 12 * HOUR);
    await ok(await cm.post(`/v1/opportunities/${opp1.id}/won`, { amountMinor: 1_000_000 }));
    const direct = { name: 'Influenced', accountName: 'Tyrell', currency: 'USD', expectedCloseDate: '2027-05-01', lineItems: [{ product: 'ledger-audit', quantity: 1, unitPriceMinor: 500_000 }] };
    const opp2 = await ok(await cm.post('/v1/opportunities', { ...direct, source: 'partner_influenced', channelPartnerId: o.partners.acme }));
    await ok(await cm.post(`/v1/opportunities/${opp2.id}/won`, { amountMinor: 500_000 }));
    const opp3 = await ok(await cm.post('/v1/opportunities', { ...direct, name: 'Lost one', source: 'partner_sourced', channelPartnerId: o.partners.acme }));
    await ok(await cm.post(`/v1/opportunities/${opp3.id}/lost`, { reason: 'competitor' }));

    // One record of each kind per partner, for the visibility matrix.
    for (const partner of ['acme', 'acmeUk', 'acmeDe', 'globex'] as PartnerKey[]) {
      const partnerId = o.partners[partner];
      const opp = await ok(await cm.post('/v1/opportunities', { ...direct, name: `Open ${partner}`, source: 'partner_sourced', channelPartnerId: partnerId }));
      made.opportunities[opp.id] = partner;
      const quote = await ok(await as(o.tokens[staffOf[partner]]).post('/v1/quotes', { currency: 'USD', validUntil: '2030-01-01T00:00:00Z', lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 100 }] }));
      made.quotes[quote.id] = partner;
      const order = await ok(
        await cm.post('/v1/orders', {
          account: `Account ${partner}`, contact: { name: 'C', email: 'c@c.example' }, orderType: 'new', priority: 'medium', channelPartnerId: partnerId, currency: 'USD',
          lines: [{ product: 'ledger-enterprise', quantity: 2, unitPriceMinor: 30_000, partnerId }],
        }),
      );
      made.orders[order.id] = partner;
      const opened = await ok(await as(o.tokens[staffOf[partner]]).post('/v1/cases', { about: 'organisation', priority: 'P1', subject: `Down at ${partner}`, description: 'd' }));
      made.cases[opened.id] = partner;
    }
    // Acme's order: fulfilment started, its line fulfilled: sold products.
    const acmeOrder = Object.entries(made.orders).find(([, p]) => p === 'acme')![0];
    await ok(await cm.post(`/v1/orders/${acmeOrder}/submit`));
    await ok(await cm.post(`/v1/orders/${acmeOrder}/start-fulfilment`));
    const orderState = await expectOk(await cm.get(`/v1/orders/${acmeOrder}`), [200]);
    await ok(await as(o.tokens.acmeManager).post(`/v1/orders/${acmeOrder}/lines/${orderState.lines[0].lineId}/fulfil`));
  });

  afterAll(async () => {
    clock.thaw();
    await t?.close();
  });

  it('Partner 360 of Acme: KPI tiles computed from what the test sent', async () => {
    const view = await expectOk(await as(o.tokens.acmeManager).get(`/v1/partners/${o.partners.acme}/360`), [200]);
    expect(view.profile).toMatchObject({ partnerId: o.partners.acme, name: 'Acme', tier: 'Gold' });
    expect(view.kpis).toMatchObject({
      registrationsByState: { Converted: 1, Rejected: 1, Approved: 1 },
      ordersByState: { Fulfilled: 1 },
      openCases: 1,
      approvalRate: 2 / 3,
      medianHoursToDecision: 4,
      conflictRate: 0,
      winRate: 2 / 3,
      revenue: [{ currency: 'USD', sourcedMinor: 1_000_000, influencedMinor: 500_000, averageDealSizeMinor: 750_000 }],
      medianDaysRegistrationToClose: 10,
      inactive: false,
    });
    expect(view.tabs.childPartners.map((c: { partnerId: string }) => c.partnerId).sort()).toEqual([o.partners.acmeUk, o.partners.acmeDe].sort());
    expect(view.tabs.members.map((m: { name: string }) => m.name)).toEqual(['Alice', 'Bob']);
    expect(view.tabs.partnerships).toEqual([expect.objectContaining({ programId: o.programId, tier: 'Gold', status: 'active' })]);
    expect(view.tabs.soldProducts).toEqual([{ product: 'ledger-enterprise', currency: 'USD', quantity: 2, totalMinor: 60_000 }]);
    expect(view.kpis.slasBreached).toBe(0);
  });

  it('shows a case as breached once its due time passes, without any new event, and the partner inactive after 90 days', async () => {
    clock.advance(31 * 60_000);
    const view = await expectOk(await as(o.tokens.acmeManager).get(`/v1/partners/${o.partners.acme}/360`), [200]);
    expect(view.kpis.slasBreached).toBe(1);
    const breached = await expectOk(await as(o.tokens.channelManager).get('/v1/cases?breached=true&limit=100'), [200]);
    expect(breached.items.map((c: { caseId: string }) => c.caseId).sort()).toEqual(Object.keys(made.cases).sort());
    expect(breached.items.every((c: { firstResponseBreached: boolean }) => c.firstResponseBreached)).toBe(true);
    clock.advance(91 * DAY);
    expect((await expectOk(await as(o.tokens.acmeManager).get(`/v1/partners/${o.partners.acme}/360`), [200])).kpis.inactive).toBe(true);
  });

  it('pipeline by partner: open registrations and opportunities, scoped, with stale flags', async () => {
    const all = await expectOk(await as(o.tokens.channelManager).get('/v1/pipeline?groupBy=partner'), [200]);
    const acmeRegs = all.registrations.find((g: { key: string }) => g.key === o.partners.acme);
    // Acme's open registrations: the one still approved (the converted and rejected ones are not open).
    expect(acmeRegs).toMatchObject({ count: 1, amounts: [{ currency: 'USD', amountMinor: 25_000_000 }] });
    const acmeOpps = all.opportunities.find((g: { key: string }) => g.key === o.partners.acme);
    expect(acmeOpps).toMatchObject({ count: 1, amounts: [{ currency: 'USD', amountMinor: 500_000 }] });
    // 91 days have passed since anything happened: everything open is stale.
    expect(all.opportunities.every((g: { count: number; stale: number }) => g.stale === g.count)).toBe(true);
    const forUk = await expectOk(await as(o.tokens.acmeUkAssociate).get('/v1/pipeline?groupBy=partner'), [200]);
    expect(forUk.opportunities.map((g: { key: string }) => g.key)).toEqual([o.partners.acmeUk]);
    expect(forUk.registrations).toEqual([]);
    const byStage = await expectOk(await as(o.tokens.channelManager).get('/v1/pipeline?groupBy=stage'), [200]);
    expect(byStage.opportunities.map((g: { key: string; count: number }) => [g.key, g.count])).toEqual([['Qualify', 4]]);
    expect((await as(o.tokens.channelManager).get('/v1/pipeline?groupBy=colour')).status).toBe(400);
  });

  const MATRIX: [string, Who, PartnerKey[]][] = [
    ['channel manager', 'channelManager', ['acme', 'acmeUk', 'acmeDe', 'globex']],
    ['partner manager: own and children, not unrelated', 'acmeManager', ['acme', 'acmeUk', 'acmeDe']],
    ['partner associate: own, not parent, sibling or unrelated', 'acmeUkAssociate', ['acmeUk']],
    ['unrelated partner manager', 'globexManager', ['globex']],
  ];

  it.each(MATRIX)('lists: %s', async (_label, who, partners) => {
    for (const kind of ['opportunities', 'quotes', 'orders', 'cases'] as const) {
      const page = await expectOk(await as(o.tokens[who]).get(`/v1/${kind}?limit=100`), [200]);
      const ids = page.items.map((r: Record<string, string>) => r[{ opportunities: 'opportunityId', quotes: 'quoteId', orders: 'orderId', cases: 'caseId' }[kind]]);
      const expected = Object.entries(made[kind]).filter(([, p]) => partners.includes(p)).map(([id]) => id);
      // The channel manager also sees Acme's closed opportunities from the KPI set-up; partners see theirs too.
      expect([kind, ids.filter((id: string) => made[kind][id] !== undefined).sort()]).toEqual([kind, expected.sort()]);
      for (const id of ids) if (made[kind][id]) expect(partners).toContain(made[kind][id]);
    }
  });

  it.each(MATRIX)('Partner 360 detail: %s', async (_label, who, partners) => {
    for (const partner of ['acme', 'acmeUk', 'acmeDe', 'globex'] as PartnerKey[]) {
      const res = await as(o.tokens[who]).get(`/v1/partners/${o.partners[partner]}/360`);
      expect([partner, res.status]).toEqual([partner, partners.includes(partner) ? 200 : 404]);
    }
  });
});
