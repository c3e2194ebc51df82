import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { caseStream } from '@channel-ledger/domain';
import { ManualClock, TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

const HOUR = 3_600_000;

describe('opportunities, quotes, orders and cases through HTTP', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let o: Onboarded;

  const as = (token: string) => ({
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object = {}) => request(t.http).put(path).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`),
  });

  async function approvedRegistration(token: string) {
    const tag = randomUUID().slice(0, 8);
    const body = registrationBody(o.programId, { companyName: `Massive Dynamic ${tag}`, domain: `massive-${tag}.example`, contactEmail: `cio@massive-${tag}.example` });
    const { id } = await expectOk(await as(token).post('/v1/deal-registrations', body));
    await expectOk(await as(token).post(`/v1/deal-registrations/${id}/submit`));
    await expectOk(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/start-review`));
    await expectOk(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/send-for-approval`));
    await expectOk(await as(o.tokens.approver).post(`/v1/deal-registrations/${id}/approve`));
    return id as string;
  }

  beforeAll(async () => {
    t = await startTestApp({}, clock);
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('goes registration -> opportunity -> quote with two partners on different lines -> order -> lines fulfilled separately -> closed', async () => {
    const cm = as(o.tokens.channelManager);
    const alice = as(o.tokens.acmeManager);
    const dave = as(o.tokens.globexManager);
    const registrationId = await approvedRegistration(o.tokens.acmeManager);

    // The channel manager converts the approved registration.
    const opportunity = await expectOk(
      await cm.post(`/v1/deal-registrations/${registrationId}/opportunity`, {
        name: 'Massive Dynamic ledger rollout',
        lineItems: [
          { product: 'ledger-enterprise', quantity: 20, unitPriceMinor: 150_000, partnerId: o.partners.acme },
          { product: 'ledger-audit', quantity: 20, unitPriceMinor: 40_000, partnerId: o.partners.globex },
        ],
      }),
    );
    expect(await expectOk(await cm.get(`/v1/deal-registrations/${registrationId}`), [200])).toMatchObject({ status: 'Converted', opportunityId: opportunity.id });
    const opp = await expectOk(await cm.get(`/v1/opportunities/${opportunity.id}`), [200]);
    expect(opp).toMatchObject({ registrationId, source: 'partner_sourced', channelPartnerId: o.partners.acme, stage: 'Qualify', amountMinor: 20 * 150_000 + 20 * 40_000 });
    // The channel partner reads its own line and its share; Globex's line is not its to read.
    expect(await expectOk(await alice.get(`/v1/opportunities/${opportunity.id}`), [200])).toMatchObject({ registrationId, channelPartnerId: o.partners.acme, amountMinor: 20 * 150_000, lineItems: [{ product: 'ledger-enterprise' }] });
    // Converting again makes nothing new.
    expect((await cm.post(`/v1/deal-registrations/${registrationId}/opportunity`, { name: 'again', lineItems: [{ product: 'x', quantity: 1, unitPriceMinor: 1 }] })).status).toBe(409);
    await expectOk(await cm.post(`/v1/opportunities/${opportunity.id}/stage`, { stage: 'Develop' }));
    await expectOk(await cm.post(`/v1/opportunities/${opportunity.id}/stage`, { stage: 'Negotiate' }));

    // The channel manager builds Acme's quote: Acme's line, and a ramped line fulfilled by Globex (partner staff
    // may name only partners they see, so a line for another partner is the enterprise's to add).
    const quote = await expectOk(
      await cm.post('/v1/quotes', {
        opportunityId: opportunity.id,
        channelPartnerId: o.partners.acme,
        currency: 'USD',
        validUntil: new Date(clock.now().getTime() + 30 * 24 * HOUR).toISOString(),
        lines: [
          { productOffering: 'ledger-enterprise', quantity: 20, unitPriceMinor: 150_000, partnerId: o.partners.acme },
          {
            productOffering: 'ledger-audit',
            quantity: 20,
            unitPriceMinor: 0,
            ramp: [
              { fromMonth: 1, toMonth: 3, unitPriceMinor: 2_000 },
              { fromMonth: 4, toMonth: 12, unitPriceMinor: 3_500 },
            ],
            partnerId: o.partners.globex,
          },
        ],
        // A client-sent total would be refused as an unknown field; totals are computed.
      }),
    );
    const expectedRamp = 20 * 2_000 * 3 + 20 * 3_500 * 9;
    const quoteState = await expectOk(await cm.get(`/v1/quotes/${quote.id}`), [200]);
    expect(quoteState.lines.map((l: { totalMinor: number }) => l.totalMinor)).toEqual([20 * 150_000, expectedRamp]);
    expect(quoteState.totalMinor).toBe(20 * 150_000 + expectedRamp);
    const ownQuote = await expectOk(await alice.get(`/v1/quotes/${quote.id}`), [200]);
    expect([ownQuote.lines.map((l: { totalMinor: number }) => l.totalMinor), ownQuote.totalMinor]).toEqual([[20 * 150_000], 20 * 150_000]);
    expect((await dave.get(`/v1/quotes/${quote.id}`)).status).toBe(404);

    await expectOk(await alice.post(`/v1/quotes/${quote.id}/submit`));
    await expectOk(await cm.post(`/v1/quotes/${quote.id}/approve`));
    await expectOk(await alice.post(`/v1/quotes/${quote.id}/accept`));

    const order = await expectOk(
      await cm.post('/v1/orders', { quoteId: quote.id, account: 'Massive Dynamic', contact: { name: 'Nina Sharp', email: 'nina@massive.example' }, orderType: 'new', priority: 'high' }),
    );
    // One order per quote.
    expect((await cm.post('/v1/orders', { quoteId: quote.id, account: 'x', contact: { name: 'x', email: 'x@x.example' }, orderType: 'new', priority: 'low' })).status).toBe(409);
    await expectOk(await cm.post(`/v1/orders/${order.id}/submit`));
    await expectOk(await cm.post(`/v1/orders/${order.id}/start-fulfilment`));
    const orderState = await expectOk(await cm.get(`/v1/orders/${order.id}`), [200]);
    expect(orderState.totalMinor).toBe(20 * 150_000 + expectedRamp);
    expect(await expectOk(await dave.get(`/v1/orders/${order.id}`), [200])).toMatchObject({ totalMinor: expectedRamp, lines: [{ partnerId: o.partners.globex }] });
    const [acmeLine, globexLine] = orderState.lines;
    expect([acmeLine.partnerId, globexLine.partnerId]).toEqual([o.partners.acme, o.partners.globex]);

    // Each partner fulfils its own line, and only its own.
    expect((await dave.post(`/v1/orders/${order.id}/lines/${acmeLine.lineId}/fulfil`)).status).toBe(403);
    await expectOk(await alice.post(`/v1/orders/${order.id}/lines/${acmeLine.lineId}/fulfil`));
    expect((await expectOk(await cm.get(`/v1/orders/${order.id}`), [200])).status).toBe('InFulfillment');
    expect((await cm.post(`/v1/orders/${order.id}/close`)).status).toBe(409);
    await expectOk(await dave.post(`/v1/orders/${order.id}/lines/${globexLine.lineId}/fulfil`));
    expect((await expectOk(await cm.get(`/v1/orders/${order.id}`), [200])).status).toBe('Fulfilled');
    await expectOk(await cm.post(`/v1/orders/${order.id}/close`));

    const timeline = await expectOk(await dave.get(`/v1/orders/${order.id}/timeline`), [200]);
    expect((await as(o.tokens.acmeUkAssociate).get(`/v1/orders/${order.id}/timeline`)).status).toBe(404);
    expect(timeline.find((e: { type: string; data: { lineId?: string } }) => e.data.lineId === globexLine.lineId)).toMatchObject({
      type: 'OrderLineFulfilled',
      actor: { role: 'partner_manager', partnerId: o.partners.globex },
    });
    expect(timeline.map((e: { type: string }) => e.type)).toEqual([
      'OrderCreated',
      'OrderSubmitted',
      'OrderFulfilmentStarted',
      'OrderLineFulfilled',
      'OrderLineFulfilled',
      'OrderFulfilled',
      'OrderClosed',
    ]);
    await expectOk(await cm.post(`/v1/opportunities/${opportunity.id}/won`, { amountMinor: 20 * 150_000 + expectedRamp }));
    expect(await expectOk(await cm.get(`/v1/opportunities/${opportunity.id}`), [200])).toMatchObject({ stage: 'ClosedWon', wonAmountMinor: 20 * 150_000 + expectedRamp });
    // The won amount is one figure for the whole deal, Globex's line included: not the channel partner's to read.
    expect(await expectOk(await alice.get(`/v1/opportunities/${opportunity.id}`), [200])).toMatchObject({ stage: 'ClosedWon', wonAmountMinor: null });
  });

  it('a revised quote supersedes its previous version', async () => {
    const alice = as(o.tokens.acmeManager);
    const validUntil = new Date(clock.now().getTime() + 10 * 24 * HOUR).toISOString();
    const quote = await expectOk(await alice.post('/v1/quotes', { currency: 'EUR', validUntil, lines: [{ productOffering: 'ledger-enterprise', quantity: 2, unitPriceMinor: 10_000 }] }));
    await expectOk(await alice.post(`/v1/quotes/${quote.id}/submit`));
    await expectOk(await alice.post(`/v1/quotes/${quote.id}/revisions`, { validUntil, lines: [{ productOffering: 'ledger-enterprise', quantity: 3, unitPriceMinor: 10_000 }] }));
    expect(await expectOk(await alice.get(`/v1/quotes/${quote.id}`), [200])).toMatchObject({ status: 'Draft', version: 2, totalMinor: 30_000 });
    const events = await t.platform.eventStore.readStream(`quote-${quote.id}`);
    expect(events.at(-1)).toMatchObject({ type: 'QuoteRevised', data: { version: 2, supersedes: 1 } });
  });

  it('a P1 case on hold for an hour has its due times moved by exactly that hour', async () => {
    clock.freeze();
    try {
      const opened = await expectOk(
        await as(o.tokens.acmeManager).post('/v1/cases', {
          about: 'end_customer',
          endCustomer: { companyName: 'Massive Dynamic', contactEmail: 'it@massive.example' },
          priority: 'P1',
          subject: 'Licence server refuses all seats',
          description: 'Since 09:40 every client gets LICENSE_DENIED.',
          programId: o.programId,
        }),
      );
      const openedAt = clock.now().getTime();
      const before = await expectOk(await as(o.tokens.acmeManager).get(`/v1/cases/${opened.id}`), [200]);
      expect(Date.parse(before.firstResponseDueAt)).toBe(openedAt + 30 * 60_000);
      expect(Date.parse(before.resolutionDueAt)).toBe(openedAt + 4 * HOUR);

      clock.advance(5 * 60_000);
      await expectOk(await as(o.tokens.channelManager).post(`/v1/cases/${opened.id}/hold`, { reason: 'Waiting for the customer\'s server logs' }));
      clock.advance(HOUR);
      await expectOk(await as(o.tokens.acmeManager).post(`/v1/cases/${opened.id}/resume`));
      clock.advance(10 * 60_000);
      await expectOk(await as(o.tokens.channelManager).post(`/v1/cases/${opened.id}/resolve`, { resolution: 'Licence cache rebuilt' }));

      const after = await expectOk(await as(o.tokens.acmeManager).get(`/v1/cases/${opened.id}`), [200]);
      expect(after.status).toBe('Resolved');
      expect(Date.parse(after.firstResponseDueAt) - Date.parse(before.firstResponseDueAt)).toBe(HOUR);
      expect(Date.parse(after.resolutionDueAt) - Date.parse(before.resolutionDueAt)).toBe(HOUR);
      // The log alone says so: the due times are in the events.
      const events = await t.platform.eventStore.readStream(caseStream(opened.id));
      expect(events.find((e) => e.type === 'CaseResumed')?.data).toMatchObject({ heldMs: HOUR, resolutionDueAt: after.resolutionDueAt });
    } finally {
      clock.thaw();
    }
  });

  it('uses the program\'s own case SLA when it has one', async () => {
    await expectOk(
      await as(o.tokens.channelManager).put(`/v1/programs/${o.programId}/case-sla`, {
        firstResponseMinutes: { P1: 15, P2: 60, P3: 240, P4: 1440 },
        resolutionMinutes: { P1: 120, P2: 2880, P3: 14400, P4: 28800 },
      }),
    );
    clock.freeze();
    try {
      const opened = await expectOk(await as(o.tokens.acmeAssociate).post('/v1/cases', { about: 'organisation', priority: 'P1', subject: 'Portal login', description: 'SSO loop', programId: o.programId }));
      const state = await expectOk(await as(o.tokens.acmeAssociate).get(`/v1/cases/${opened.id}`), [200]);
      expect(Date.parse(state.firstResponseDueAt) - clock.now().getTime()).toBe(15 * 60_000);
      expect(Date.parse(state.resolutionDueAt) - clock.now().getTime()).toBe(2 * HOUR);
    } finally {
      clock.thaw();
    }
  });

  describe('every new endpoint: scoping (404), roles (403), validation (400) and rules (409)', () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const cm = as(o.tokens.channelManager);
      const alice = as(o.tokens.acmeManager);
      ids.registration = await approvedRegistration(o.tokens.acmeManager);
      ids.opportunity = (
        await expectOk(await cm.post('/v1/opportunities', {
          name: 'Acme direct-assist', accountName: 'Soylent', source: 'partner_influenced', channelPartnerId: o.partners.acme,
          currency: 'USD', expectedCloseDate: '2027-05-01', lineItems: [{ product: 'ledger-enterprise', quantity: 1, unitPriceMinor: 100_000 }],
        }))
      ).id;
      ids.quote = (await expectOk(await alice.post('/v1/quotes', { currency: 'USD', validUntil: '2030-01-01T00:00:00Z', lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 1 }] }))).id;
      const order = await expectOk(
        await cm.post('/v1/orders', {
          account: 'Soylent', contact: { name: 'Sol', email: 'sol@soylent.example' }, orderType: 'new', priority: 'low',
          channelPartnerId: o.partners.acme, currency: 'USD', lines: [{ product: 'p', quantity: 1, unitPriceMinor: 1, partnerId: o.partners.acme }],
        }),
      );
      ids.order = order.id;
      ids.orderLine = (await expectOk(await cm.get(`/v1/orders/${order.id}`), [200])).lines[0].lineId;
      ids.case = (await expectOk(await alice.post('/v1/cases', { about: 'partner', priority: 'P3', subject: 's', description: 'd' }))).id;
    });

    type Row = {
      name: string;
      path: () => string;
      method?: 'post' | 'put';
      allowed: keyof Onboarded['tokens'];
      refused: keyof Onboarded['tokens'];
      // A body the validation refuses, and the field it must name.
      bad?: [object, string];
      // For records of Acme: an unrelated partner (Globex) gets 404.
      scoped?: boolean;
      // A body that passes validation but breaks a rule in the record's current state.
      rule?: object;
      // A body that passes validation, for the scoping probe where the command takes one.
      valid?: object;
    };
    const rows: Row[] = [
      { name: 'create opportunity', path: () => '/v1/opportunities', allowed: 'channelManager', refused: 'acmeManager', bad: [{ name: 'x', accountName: 'y', source: 'resold', currency: 'USD', expectedCloseDate: '2027-01-01', lineItems: [] }, 'source'] },
      { name: 'opportunity from registration', path: () => `/v1/deal-registrations/${ids.registration}/opportunity`, allowed: 'channelManager', refused: 'approver', bad: [{ name: 'x', lineItems: [{ product: 'p', quantity: 0, unitPriceMinor: 1 }] }, 'lineItems[0].quantity'] },
      { name: 'opportunity lines', method: 'put', path: () => `/v1/opportunities/${ids.opportunity}/lines`, allowed: 'channelManager', refused: 'acmeManager', bad: [{ lineItems: [{ product: 'p', quantity: 1, unitPriceMinor: 1.5 }] }, 'lineItems[0].unitPriceMinor'] },
      { name: 'opportunity stage', path: () => `/v1/opportunities/${ids.opportunity}/stage`, allowed: 'channelManager', refused: 'acmeManager', bad: [{ stage: 'ClosedWon' }, 'stage'] },
      { name: 'opportunity won', path: () => `/v1/opportunities/${ids.opportunity}/won`, allowed: 'channelManager', refused: 'auditor', bad: [{ amountMinor: -1 }, 'amountMinor'] },
      { name: 'opportunity lost', path: () => `/v1/opportunities/${ids.opportunity}/lost`, allowed: 'channelManager', refused: 'ops', bad: [{ reason: 'bad-luck' }, 'reason'] },
      { name: 'create quote', path: () => '/v1/quotes', allowed: 'acmeManager', refused: 'auditor', bad: [{ currency: 'USD', validUntil: 'soon', lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 1 }] }, 'validUntil'] },
      { name: 'revise quote', path: () => `/v1/quotes/${ids.quote}/revisions`, allowed: 'acmeManager', refused: 'ops', scoped: true, valid: { validUntil: '2030-01-01T00:00:00Z', lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 1 }] }, bad: [{ validUntil: '2030-01-01T00:00:00Z', lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 1, ramp: [{ fromMonth: 0, toMonth: 1, unitPriceMinor: 1 }] }] }, 'lines[0].ramp[0].fromMonth'] },
      { name: 'submit quote', path: () => `/v1/quotes/${ids.quote}/submit`, allowed: 'acmeManager', refused: 'approver', scoped: true },
      { name: 'approve quote', path: () => `/v1/quotes/${ids.quote}/approve`, allowed: 'approver', refused: 'acmeManager', scoped: false, rule: {} },
      { name: 'reject quote', path: () => `/v1/quotes/${ids.quote}/reject`, allowed: 'approver', refused: 'acmeManager', bad: [{ reason: '' }, 'reason'], rule: { reason: 'too cheap' } },
      { name: 'accept quote', path: () => `/v1/quotes/${ids.quote}/accept`, allowed: 'acmeManager', refused: 'ops', scoped: true, rule: {} },
      { name: 'expire quote', path: () => `/v1/quotes/${ids.quote}/expire`, allowed: 'ops', refused: 'acmeManager', rule: {} },
      { name: 'create order', path: () => '/v1/orders', allowed: 'channelManager', refused: 'acmeManager', bad: [{ account: 'a', contact: { name: 'n', email: 'nope' }, orderType: 'new', priority: 'low', channelPartnerId: randomUUID(), currency: 'USD', lines: [{ product: 'p', quantity: 1, unitPriceMinor: 1 }] }, 'contact.email'] },
      { name: 'submit order', path: () => `/v1/orders/${ids.order}/submit`, allowed: 'channelManager', refused: 'acmeManager' },
      { name: 'start fulfilment', path: () => `/v1/orders/${ids.order}/start-fulfilment`, allowed: 'ops', refused: 'acmeManager', rule: {} },
      { name: 'fulfil line', path: () => `/v1/orders/${ids.order}/lines/${ids.orderLine}/fulfil`, allowed: 'acmeManager', refused: 'approver', scoped: true, rule: {} },
      { name: 'close order', path: () => `/v1/orders/${ids.order}/close`, allowed: 'channelManager', refused: 'acmeManager', rule: {} },
      { name: 'cancel order', path: () => `/v1/orders/${ids.order}/cancel`, allowed: 'channelManager', refused: 'acmeManager', bad: [{ reason: 42 }, 'reason'] },
      { name: 'open case', path: () => '/v1/cases', allowed: 'acmeManager', refused: 'channelManager', bad: [{ about: 'end_customer', priority: 'P1', subject: 's', description: 'd' }, 'endCustomer'] },
      { name: 'assign case', path: () => `/v1/cases/${ids.case}/assign`, allowed: 'channelManager', refused: 'acmeManager', bad: [{ assigneeId: '' }, 'assigneeId'] },
      { name: 'first response', path: () => `/v1/cases/${ids.case}/first-response`, allowed: 'channelManager', refused: 'acmeManager', bad: [{}, 'message'] },
      { name: 'hold case', path: () => `/v1/cases/${ids.case}/hold`, allowed: 'channelManager', refused: 'acmeManager', bad: [{ reason: ['x'] }, 'reason'] },
      { name: 'resume case', path: () => `/v1/cases/${ids.case}/resume`, allowed: 'acmeManager', refused: 'approver', scoped: true, rule: {} },
      { name: 'resolve case', path: () => `/v1/cases/${ids.case}/resolve`, allowed: 'channelManager', refused: 'acmeAssociate', bad: [{ resolution: 'x'.repeat(20_001) }, 'resolution'] },
      { name: 'close case', path: () => `/v1/cases/${ids.case}/close`, allowed: 'acmeManager', refused: 'approver', scoped: true, rule: {} },
      { name: 'reopen case', path: () => `/v1/cases/${ids.case}/reopen`, allowed: 'acmeManager', refused: 'approver', scoped: true, bad: [{}, 'reason'], rule: { reason: 'again' } },
      { name: 'case SLA', method: 'put', path: () => `/v1/programs/${o.programId}/case-sla`, allowed: 'channelManager', refused: 'acmeManager', bad: [{ firstResponseMinutes: { P1: 0, P2: 1, P3: 1, P4: 1 }, resolutionMinutes: { P1: 1, P2: 1, P3: 1, P4: 1 } }, 'firstResponseMinutes.P1'] },
    ];

    const send = (row: Row, token: string, body: object) => (row.method === 'put' ? as(token).put(row.path(), body) : as(token).post(row.path(), body));

    it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
      const head = await t.eventCount();
      const forbidden = await send(row, o.tokens[row.refused], row.bad?.[0] ?? {});
      expect([forbidden.status, forbidden.body.error]).toEqual([403, 'forbidden']);
      if (row.bad) {
        const invalid = await send(row, o.tokens[row.allowed], row.bad[0]);
        expect(invalid.status).toBe(400);
        expect(invalid.body.fields.map((f: { field: string }) => f.field)).toContain(row.bad[1]);
      }
      if (row.scoped) {
        const hidden = await send(row, o.tokens.globexManager, row.valid ?? row.rule ?? {});
        expect(hidden.status).toBe(404);
      }
      if (row.rule) {
        const broken = await send(row, o.tokens[row.allowed], row.rule);
        expect([broken.status, broken.body.error]).toEqual([409, expect.stringMatching(/invalid_transition|quote_still_valid/)]);
      }
      expect(await t.eventCount()).toBe(head);
    });

    it('GET of each record: another partner gets 404, the owner and the enterprise 200', async () => {
      for (const path of [`/v1/opportunities/${ids.opportunity}`, `/v1/quotes/${ids.quote}`, `/v1/orders/${ids.order}`, `/v1/cases/${ids.case}`]) {
        expect([path, (await as(o.tokens.globexManager).get(path)).status]).toEqual([path, 404]);
        expect([path, (await as(o.tokens.acmeUkAssociate).get(path)).status]).toEqual([path, 404]);
        expect([path, (await as(o.tokens.acmeAssociate).get(path)).status]).toEqual([path, 200]);
        expect([path, (await as(o.tokens.auditor).get(path)).status]).toEqual([path, 200]);
      }
      expect((await as(o.tokens.acmeManager).get(`/v1/cases/${randomUUID()}`)).status).toBe(404);
    });
  });
});
