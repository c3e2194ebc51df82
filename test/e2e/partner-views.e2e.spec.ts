import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ManualClock, TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';
import { until } from '../support/until';

jest.setTimeout(90_000);

// What a partner may learn, checked as an attacker would: the whole answer serialised, and the other partner's
// ids, times, names and amounts searched for anywhere in it, not one field at a time.
describe('what a partner reads of a conflict and of a record with other partners on it', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let o: Onboarded;
  let position = '';

  const as = (token: string) => ({
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string) => {
      const req = request(t.http).get(path).set('Authorization', `Bearer ${token}`);
      return position ? req.set('X-Min-Position', position) : req;
    },
  });
  const ok = async (res: request.Response) => {
    const body = await expectOk(res);
    if (body?.position) position = body.position;
    return body;
  };
  // The body and every header of an answer, as one string, with the page cursor decoded (it carries a sort value).
  const everything = (res: request.Response) => {
    const cursor = typeof res.body?.nextCursor === 'string' ? Buffer.from(res.body.nextCursor, 'base64url').toString('utf8') : '';
    return JSON.stringify({ headers: res.headers, body: res.body, text: res.text, cursor });
  };
  const expectNone = (text: string, secrets: string[]) => {
    for (const secret of secrets) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
  };
  const deliveriesFor = (partnerId: string, subjectId: string) =>
    sql<{ event_type: string; payload: unknown }>`select event_type, payload from webhook_deliveries where partner_id = ${partnerId} and subject_id = ${subjectId} order by position`
      .execute(t.platform.readDb)
      .then((r) => r.rows);

  beforeAll(async () => {
    // Reads wait for the projections to reach the last write; generously, as the machine may be busy.
    t = await startTestApp({ READ_YOUR_WRITES_TIMEOUT_MS: '30000' }, clock);
    o = await onboard(t);
    for (const token of [o.tokens.acmeManager, o.tokens.globexManager]) {
      await expectOk(await as(token).post('/v1/webhooks', { url: 'https://hooks.example.com/channel-ledger', secret: 'a-webhook-secret-of-24-chars' }), [201]);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('a conflict', () => {
    const tag = randomUUID().slice(0, 8);
    let acmeRegistration = '';
    let acmeSubmittedAt = '';
    let globexRegistration = '';
    const acmeContact = `buyer-acme-${tag}@initech-${tag}.example`;
    const overrideNote = `override-note-${tag}: Acme is slow`;

    beforeAll(async () => {
      const acme = as(o.tokens.acmeManager);
      acmeRegistration = (await ok(await acme.post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Initech ${tag} Inc`, domain: `initech-${tag}.example`, contactEmail: acmeContact })))).id;
      await ok(await acme.post(`/v1/deal-registrations/${acmeRegistration}/submit`));
      acmeSubmittedAt = (await expectOk(await as(o.tokens.channelManager).get(`/v1/deal-registrations/${acmeRegistration}`))).submittedAt;

      // Globex claims the same customer an hour later (so that no time of its own can pass for Acme's): same domain
      // and company, its own contact.
      clock.advance(3_600_000);
      const globex = as(o.tokens.globexManager);
      globexRegistration = (
        await ok(await globex.post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Initech ${tag}`, domain: `www.initech-${tag}.example`, contactEmail: `someone@initech-${tag}.example` })))
      ).id;
      await ok(await globex.post(`/v1/deal-registrations/${globexRegistration}/submit`));
      const cm = as(o.tokens.channelManager);
      await ok(await cm.post(`/v1/deal-registrations/${globexRegistration}/start-review`));
      await ok(await cm.post(`/v1/deal-registrations/${globexRegistration}/send-for-approval`));
      await ok(await as(o.tokens.approver).post(`/v1/deal-registrations/${globexRegistration}/approve`, { overrideReason: overrideNote }));
    });

    const secrets = () => [o.partners.acme, acmeRegistration, acmeSubmittedAt, acmeContact, `buyer-acme-${tag}`, overrideNote];
    const ownKeys = () => [
      { kind: 'domain', value: `initech-${tag}.example` },
      { kind: 'company', value: `initech ${tag}` },
    ];

    it("Globex's detail, list rows and approval history name no Acme claim, and list only its own matched keys", async () => {
      const globex = as(o.tokens.globexManager);
      const detail = await globex.get(`/v1/deal-registrations/${globexRegistration}`);
      const list = await globex.get('/v1/deal-registrations?limit=100');
      const history = await globex.get(`/v1/deal-registrations/${globexRegistration}/approval-history`);
      for (const res of [detail, list, history]) {
        expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
        expectNone(everything(res), secrets());
      }
      expect(detail.body.conflict).toEqual({ matchedKeys: expect.arrayContaining(ownKeys()) });
      expect(detail.body.conflict.matchedKeys).toHaveLength(2);
      expect(list.body.items.find((r: { registrationId: string }) => r.registrationId === globexRegistration)).toMatchObject({ inConflict: true });
      const conflictEntry = history.body.find((e: { eventType: string }) => e.eventType === 'RegistrationConflictDetected');
      expect(conflictEntry.matchedKeys).toEqual(expect.arrayContaining(ownKeys()));
      expect(conflictEntry.matchedKeys).toHaveLength(2);
    });

    it("Globex's webhook payloads name no Acme claim", async () => {
      const rows = await until('the conflict and the approval fanned out to Globex', async () => {
        const found = await deliveriesFor(o.partners.globex, globexRegistration);
        return found.some((r) => r.event_type === 'RegistrationApproved') ? found : undefined;
      });
      expect(rows.map((r) => r.event_type)).toEqual(expect.arrayContaining(['RegistrationConflictDetected', 'RegistrationApproved']));
      expectNone(JSON.stringify(rows), secrets());
      const conflict = rows.find((r) => r.event_type === 'RegistrationConflictDetected')!.payload as { data: { matchedKeys: unknown[] } };
      expect(conflict.data.matchedKeys).toEqual(expect.arrayContaining(ownKeys()));
    });

    it('the enterprise reads all of it', async () => {
      const cm = as(o.tokens.channelManager);
      const detail = await expectOk(await cm.get(`/v1/deal-registrations/${globexRegistration}`));
      expect(detail.conflicts).toEqual([expect.objectContaining({ registrationId: acmeRegistration, partnerId: o.partners.acme, submittedAt: acmeSubmittedAt })]);
      const history = await expectOk(await cm.get(`/v1/deal-registrations/${globexRegistration}/approval-history`));
      const text = JSON.stringify(history);
      for (const secret of [o.partners.acme, acmeRegistration, overrideNote]) expect(text).toContain(secret);
      const row = (await expectOk(await cm.get(`/v1/deal-registrations?partnerId=${o.partners.globex}&limit=100`))).items.find((r: { registrationId: string }) => r.registrationId === globexRegistration);
      expect(row).toMatchObject({ conflictCount: 1 });
    });
  });

  describe('records with lines of several partners', () => {
    // Amounts and names no other figure in these answers can be mistaken for.
    const acmeProduct = `acme-only-product-${randomUUID().slice(0, 8)}`;
    const globexProduct = `globex-product-${randomUUID().slice(0, 8)}`;
    const ACME_PRICE = 7_654_321;
    const ACME_QTY = 3;
    const GLOBEX_PRICE = 1_234_567;
    const WON_AMOUNT = 9_876_543;
    let opportunityId = '';
    let quoteId = '';
    let orderId = '';
    let aliceMemberId = '';

    beforeAll(async () => {
      const cm = as(o.tokens.channelManager);
      aliceMemberId = ((await expectOk(await cm.get(`/v1/partners/${o.partners.acme}`))).staff as { memberId: string; role: string }[]).find((m) => m.role === 'partner_manager')!.memberId;
      // An opportunity converted from Acme's registration, with a line of Globex's: its program comes through a
      // registration that is Acme's alone.
      const tagged = randomUUID().slice(0, 8);
      const acmeRegistration = (await ok(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Vandelay ${tagged}`, domain: `vandelay-${tagged}.example`, contactEmail: `art@vandelay-${tagged}.example` })))).id;
      await ok(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${acmeRegistration}/submit`));
      await ok(await cm.post(`/v1/deal-registrations/${acmeRegistration}/start-review`));
      await ok(await cm.post(`/v1/deal-registrations/${acmeRegistration}/send-for-approval`));
      await ok(await as(o.tokens.approver).post(`/v1/deal-registrations/${acmeRegistration}/approve`, {}));
      await ok(await cm.post(`/v1/deal-registrations/${acmeRegistration}/opportunity`, {
        name: 'Converted split deal',
        lineItems: [
          { product: acmeProduct, quantity: 1, unitPriceMinor: 100 },
          { product: globexProduct, quantity: 1, unitPriceMinor: 100, partnerId: o.partners.globex },
        ],
      }));
      opportunityId = (
        await ok(
          await cm.post('/v1/opportunities', {
            name: 'Split deal',
            accountName: 'Hooli',
            source: 'partner_sourced',
            channelPartnerId: o.partners.acme,
            currency: 'USD',
            expectedCloseDate: '2027-06-30',
            lineItems: [
              { product: acmeProduct, quantity: ACME_QTY, unitPriceMinor: ACME_PRICE },
              { product: globexProduct, quantity: 1, unitPriceMinor: GLOBEX_PRICE, partnerId: o.partners.globex },
            ],
          }),
        )
      ).id;
      quoteId = (
        await ok(
          // The enterprise puts another partner's line on Acme's quote: partner staff name only partners they see.
          await cm.post('/v1/quotes', {
            opportunityId,
            channelPartnerId: o.partners.acme,
            currency: 'USD',
            validUntil: '2030-01-01T00:00:00Z',
            lines: [
              { productOffering: acmeProduct, quantity: ACME_QTY, unitPriceMinor: ACME_PRICE },
              { productOffering: globexProduct, quantity: 1, unitPriceMinor: GLOBEX_PRICE, partnerId: o.partners.globex },
            ],
          }),
        )
      ).id;
      orderId = (
        await ok(
          await cm.post('/v1/orders', {
            account: 'Hooli',
            contact: { name: 'Gavin', email: 'gavin@hooli.example' },
            orderType: 'new',
            priority: 'high',
            channelPartnerId: o.partners.acme,
            currency: 'USD',
            lines: [
              { product: acmeProduct, quantity: ACME_QTY, unitPriceMinor: ACME_PRICE, partnerId: o.partners.acme },
              { product: globexProduct, quantity: 1, unitPriceMinor: GLOBEX_PRICE, partnerId: o.partners.globex },
            ],
          }),
        )
      ).id;
      await ok(await cm.post(`/v1/orders/${orderId}/submit`));
      // Acme fulfils its line: its staff's action is in the order's timeline that Globex reads.
      await ok(await cm.post(`/v1/orders/${orderId}/start-fulfilment`));
      const acmeLine = (await expectOk(await cm.get(`/v1/orders/${orderId}`))).lines.find((l: { product: string }) => l.product === acmeProduct);
      await ok(await as(o.tokens.acmeManager).post(`/v1/orders/${orderId}/lines/${acmeLine.lineId}/fulfil`));
      // A deal with Globex's line that Acme sourced and the enterprise won: its won amount covers Globex's line.
      const won = await ok(
        await cm.post('/v1/opportunities', {
          name: 'Won split deal',
          accountName: 'Hooli',
          source: 'partner_sourced',
          channelPartnerId: o.partners.acme,
          currency: 'USD',
          expectedCloseDate: '2027-06-30',
          lineItems: [
            { product: acmeProduct, quantity: 1, unitPriceMinor: 100 },
            { product: globexProduct, quantity: 1, unitPriceMinor: 100, partnerId: o.partners.globex },
          ],
        }),
      );
      await ok(await cm.post(`/v1/opportunities/${won.id}/won`, { amountMinor: WON_AMOUNT }));
      // A second, small record each, so that a page of one sorted by amount has a next page and a cursor.
      const small = [{ product: 'small', quantity: 1, unitPriceMinor: 100 }];
      await ok(await cm.post('/v1/opportunities', { name: 'Small', accountName: 'Pied Piper', source: 'partner_sourced', channelPartnerId: o.partners.globex, currency: 'USD', expectedCloseDate: '2027-06-30', lineItems: small }));
      await ok(await cm.post('/v1/orders', { account: 'Pied Piper', contact: { name: 'R', email: 'r@pp.example' }, orderType: 'new', priority: 'low', channelPartnerId: o.partners.globex, currency: 'USD', lines: small }));
      await ok(await as(o.tokens.acmeManager).post('/v1/quotes', { currency: 'USD', validUntil: '2030-01-01T00:00:00Z', lines: [{ productOffering: 'small', quantity: 1, unitPriceMinor: 100 }] }));
    });

    const acmeSecrets = () => [o.partners.acme, aliceMemberId, acmeProduct, String(ACME_PRICE), String(ACME_PRICE * ACME_QTY), String(ACME_PRICE * ACME_QTY + GLOBEX_PRICE)];
    const globexSecrets = () => [o.partners.globex, globexProduct, String(GLOBEX_PRICE), String(ACME_PRICE * ACME_QTY + GLOBEX_PRICE)];

    it('a line partner reads the header and its own lines of an opportunity and an order, in details, lists, timeline and pipeline', async () => {
      const globex = as(o.tokens.globexManager);
      const answers = {
        opportunity: await globex.get(`/v1/opportunities/${opportunityId}`),
        opportunities: await globex.get('/v1/opportunities?limit=100'),
        opportunitiesByAmount: await globex.get('/v1/opportunities?sort=amount&limit=1'),
        order: await globex.get(`/v1/orders/${orderId}`),
        orders: await globex.get('/v1/orders?limit=100'),
        ordersByTotal: await globex.get('/v1/orders?sort=total&limit=1'),
        timeline: await globex.get(`/v1/orders/${orderId}/timeline`),
        pipelineByPartner: await globex.get('/v1/pipeline?groupBy=partner'),
        pipelineByTier: await globex.get('/v1/pipeline?groupBy=tier'),
        pipelineByProgram: await globex.get('/v1/pipeline?groupBy=program'),
        opportunitiesWithAcme: await globex.get(`/v1/opportunities?partnerId=${o.partners.acme}`),
        ordersWithAcme: await globex.get(`/v1/orders?partnerId=${o.partners.acme}`),
      };
      for (const [name, res] of Object.entries(answers)) {
        expect({ name, status: res.status }).toEqual({ name, status: 200 });
        expectNone(everything(res), acmeSecrets());
      }
      expect(answers.opportunity.body).toMatchObject({ name: 'Split deal', accountName: 'Hooli', channelPartnerId: null, amountMinor: GLOBEX_PRICE, lineItems: [{ product: globexProduct, partnerId: o.partners.globex }] });
      expect(answers.opportunity.body.lineItems).toHaveLength(1);
      expect(answers.opportunities.body.items.find((r: { opportunityId: string }) => r.opportunityId === opportunityId)).toMatchObject({ amount: { amountMinor: GLOBEX_PRICE } });
      expect(answers.order.body).toMatchObject({ account: 'Hooli', channelPartnerId: null, totalMinor: GLOBEX_PRICE, lines: [{ product: globexProduct }] });
      expect(answers.order.body.lines).toHaveLength(1);
      expect(answers.orders.body.items.find((r: { orderId: string }) => r.orderId === orderId)).toMatchObject({ total: { amountMinor: GLOBEX_PRICE } });
      expect(answers.timeline.body[0]).toMatchObject({ type: 'OrderCreated', data: { totalMinor: GLOBEX_PRICE, lines: [{ product: globexProduct }] } });
      // Filtering by a partner it may not see tells Globex nothing about where that partner has lines.
      expect([answers.opportunitiesWithAcme.body.items, answers.ordersWithAcme.body.items]).toEqual([[], []]);
      expect([answers.opportunitiesByAmount.body.nextCursor, answers.ordersByTotal.body.nextCursor]).toEqual([expect.any(String), expect.any(String)]);
      // Acme's staff who fulfilled Acme's line are nobody Globex may name.
      expect(answers.timeline.body.find((e: { type: string }) => e.type === 'OrderLineFulfilled')).toMatchObject({ actor: { role: 'partner_manager' }, data: { by: null } });
      // The converted deal's program comes from Acme's registration: Globex reads it as another partner's.
      const byProgram = answers.pipelineByProgram.body.opportunities.map((g: { key: string }) => g.key);
      expect(byProgram).not.toContain(o.programId);
      // Both of Acme's open deals with a Globex line, the converted one and the direct one: whether a registration
      // lies behind a deal of another partner's is not Globex's to learn either.
      expect(answers.pipelineByProgram.body.opportunities.find((g: { key: string }) => g.key === 'other_partner')).toMatchObject({ count: 2 });
      const open = answers.pipelineByPartner.body.opportunities;
      // Globex's lines of Acme's two open deals: the split deal and the converted one (100).
      expect(open.find((g: { key: string }) => g.key === 'other_partner')).toMatchObject({ amounts: [{ currency: 'USD', amountMinor: GLOBEX_PRICE + 100 }] });
    });

    it('the channel partner reads its own lines of a quote and an order, in details, lists and webhooks', async () => {
      const acme = as(o.tokens.acmeManager);
      const answers = {
        quote: await acme.get(`/v1/quotes/${quoteId}`),
        quotes: await acme.get('/v1/quotes?limit=100'),
        quotesByTotal: await acme.get('/v1/quotes?sort=total&limit=1'),
        opportunity: await acme.get(`/v1/opportunities/${opportunityId}`),
        order: await acme.get(`/v1/orders/${orderId}`),
        orders: await acme.get('/v1/orders?limit=100'),
        timeline: await acme.get(`/v1/orders/${orderId}/timeline`),
        partner360: await acme.get(`/v1/partners/${o.partners.acme}/360`),
      };
      for (const [name, res] of Object.entries(answers)) {
        expect({ name, status: res.status }).toEqual({ name, status: 200 });
        expectNone(everything(res), globexSecrets());
      }
      expect(answers.quotesByTotal.body.nextCursor).toEqual(expect.any(String));
      expect(answers.quote.body).toMatchObject({ channelPartnerId: o.partners.acme, totalMinor: ACME_PRICE * ACME_QTY, lines: [{ productOffering: acmeProduct }] });
      expect(answers.quote.body.lines).toHaveLength(1);
      expect(answers.quotes.body.items.find((r: { quoteId: string }) => r.quoteId === quoteId)).toMatchObject({ total: { amountMinor: ACME_PRICE * ACME_QTY } });
      expect(answers.order.body).toMatchObject({ totalMinor: ACME_PRICE * ACME_QTY, lines: [{ product: acmeProduct }] });
      expect(answers.partner360.body.tabs.orders.find((r: { orderId: string }) => r.orderId === orderId)).toMatchObject({ totalMinor: ACME_PRICE * ACME_QTY });
      // The won amount of a deal with Globex's line is not Acme's to read, nor to count in its revenue.
      expectNone(everything(answers.partner360), [String(WON_AMOUNT)]);
      const enterprise360 = await as(o.tokens.channelManager).get(`/v1/partners/${o.partners.acme}/360`);
      expect(enterprise360.body.kpis.revenue).toEqual([expect.objectContaining({ currency: 'USD', sourcedMinor: WON_AMOUNT })]);
      const rows = await until('the quote and order fanned out to Acme', async () => {
        const found = [...(await deliveriesFor(o.partners.acme, quoteId)), ...(await deliveriesFor(o.partners.acme, orderId))];
        return found.some((r) => r.event_type === 'OrderSubmitted') && found.some((r) => r.event_type === 'QuoteCreated') ? found : undefined;
      });
      expectNone(JSON.stringify(rows), globexSecrets());
      expect(rows.find((r) => r.event_type === 'OrderCreated')!.payload).toMatchObject({ data: { totalMinor: ACME_PRICE * ACME_QTY, lines: [{ product: acmeProduct }] } });
    });

    it('the enterprise reads every line', async () => {
      const cm = as(o.tokens.channelManager);
      const total = ACME_PRICE * ACME_QTY + GLOBEX_PRICE;
      expect(await expectOk(await cm.get(`/v1/opportunities/${opportunityId}`))).toMatchObject({ channelPartnerId: o.partners.acme, amountMinor: total, lineItems: [{ product: acmeProduct }, { product: globexProduct }] });
      expect(await expectOk(await cm.get(`/v1/quotes/${quoteId}`))).toMatchObject({ totalMinor: total });
      expect(await expectOk(await cm.get(`/v1/orders/${orderId}`))).toMatchObject({ totalMinor: total, lines: [{ product: acmeProduct }, { product: globexProduct }] });
      const row = (await expectOk(await cm.get(`/v1/orders?partnerId=${o.partners.globex}&limit=100`))).items.find((r: { orderId: string }) => r.orderId === orderId);
      expect(row).toMatchObject({ channelPartnerId: o.partners.acme, total: { amountMinor: total } });
    });
  });

  describe('Partner 360 and the partner directory', () => {
    const names = { acme: '"Acme"', acmeUk: 'Acme UK', acmeDe: 'Acme DE' };

    // Run on its own, nothing before this has waited for the directory to take in the onboarding.
    beforeAll(async () => {
      await until('the partner directory has the hierarchy', async () => {
        const res = await as(o.tokens.channelManager).get(`/v1/partners/${o.partners.acme}/360`);
        return res.status === 200 && res.body.tabs.childPartners.length === 2 ? true : undefined;
      });
    });

    it("an associate's own organisation names no partner the associate cannot see", async () => {
      const bob = as(o.tokens.acmeAssociate);
      const carol = as(o.tokens.acmeUkAssociate);
      // Acme's associate: Acme UK and Acme DE are Acme's children, but not the associate's to see.
      for (const res of [await bob.get(`/v1/partners/${o.partners.acme}/360`), await bob.get(`/v1/partners/${o.partners.acme}`), await bob.get('/v1/partners')]) {
        expect(res.status).toBe(200);
        expectNone(everything(res), [o.partners.acmeUk, o.partners.acmeDe, names.acmeUk, names.acmeDe]);
      }
      // Acme UK's associate: its parent Acme and its sibling Acme DE are not its to see.
      const own360 = await carol.get(`/v1/partners/${o.partners.acmeUk}/360`);
      for (const res of [own360, await carol.get(`/v1/partners/${o.partners.acmeUk}`), await carol.get('/v1/partners')]) {
        expect(res.status).toBe(200);
        expectNone(everything(res), [o.partners.acme, o.partners.acmeDe, names.acme, names.acmeDe]);
      }
      expect(own360.body).toMatchObject({ profile: { partnerId: o.partners.acmeUk, name: 'Acme UK' }, parent: null, tabs: { childPartners: [] } });
    });

    it('the manager and the enterprise still read the hierarchy', async () => {
      const acme360 = await expectOk(await as(o.tokens.acmeManager).get(`/v1/partners/${o.partners.acme}/360`));
      expect(acme360.tabs.childPartners.map((c: { partnerId: string }) => c.partnerId).sort()).toEqual([o.partners.acmeUk, o.partners.acmeDe].sort());
      const uk360 = await expectOk(await as(o.tokens.channelManager).get(`/v1/partners/${o.partners.acmeUk}/360`));
      expect(uk360.parent).toMatchObject({ partnerId: o.partners.acme, name: 'Acme' });
      expect(await expectOk(await as(o.tokens.acmeManager).get(`/v1/partners/${o.partners.acmeUk}`))).toMatchObject({ parentId: o.partners.acme });
    });
  });
});
