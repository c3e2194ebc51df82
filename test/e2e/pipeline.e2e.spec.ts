import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { ManualClock, TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

const DAY = 86_400_000;
type Group = { key: string; count: number; stale: number; amounts: { currency: string; amountMinor: number }[] };
type Who = keyof Onboarded['tokens'];

// The pipeline through the API, held to figures the test works out from what it sent: which records are open,
// whose they are, what each line is worth and who may see which line.
describe('GET /v1/pipeline adds up what was sent', () => {
  // What was sent, as the test keeps it.
  const registrations: { partner: 'acme' | 'acmeUk' | 'globex'; amountMinor: number; submitted: boolean }[] = [];
  const opportunities: { id: string; channel: 'acme' | 'acmeUk' | null; currency: string; lines: { partner: 'acme' | 'acmeUk' | 'globex' | null; quantity: number; unitPriceMinor: number }[] }[] = [];
  const clock = new ManualClock();
  let position = '';
  let t: TestApp;
  let o: Onboarded;

  const as = (who: Who) => ({
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${o.tokens[who]}`).send(body),
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${o.tokens[who]}`).set('X-Min-Position', position),
  });
  const ok = async (res: request.Response) => {
    const body = await expectOk(res);
    if (body?.position) position = body.position;
    return body;
  };
  const byKey = (groups: Group[]) => [...groups].sort((a, b) => (a.key < b.key ? -1 : 1));

  beforeAll(async () => {
    t = await startTestApp({}, clock);
    o = await onboard(t);
    const staff = { acme: 'acmeManager', acmeUk: 'acmeUkAssociate', globex: 'globexManager' } as const;
    for (const [i, partner] of (['acme', 'acme', 'acmeUk', 'globex', 'globex'] as const).entries()) {
      const amountMinor = 1_000_000 + (i + 1) * 12_345;
      const tag = randomUUID().slice(0, 8);
      const { id } = await ok(await as(staff[partner]).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Pipe ${tag}`, domain: `pipe-${tag}.example`, contactEmail: `p@pipe-${tag}.example` }, { estimatedSize: { amountMinor, currency: 'USD' } })));
      const submitted = i % 2 === 0;
      if (submitted) await ok(await as(staff[partner]).post(`/v1/deal-registrations/${id}/submit`));
      registrations.push({ partner, amountMinor, submitted });
    }
    const sent: Omit<(typeof opportunities)[number], 'id'>[] = [
      { channel: 'acme', currency: 'USD', lines: [{ partner: 'acme', quantity: 2, unitPriceMinor: 300 }, { partner: 'globex', quantity: 1, unitPriceMinor: 700 }] },
      { channel: null, currency: 'EUR', lines: [{ partner: 'globex', quantity: 1, unitPriceMinor: 500 }, { partner: null, quantity: 4, unitPriceMinor: 25 }] },
      { channel: 'acmeUk', currency: 'USD', lines: [{ partner: null, quantity: 3, unitPriceMinor: 100 }] },
    ];
    for (const [i, s] of sent.entries()) {
      const { id } = await ok(
        await as('channelManager').post('/v1/opportunities', {
          name: `Pipe deal ${i}`,
          accountName: 'Initech',
          source: s.channel ? 'partner_sourced' : 'direct',
          ...(s.channel ? { channelPartnerId: o.partners[s.channel] } : {}),
          currency: s.currency,
          expectedCloseDate: '2027-06-30',
          lineItems: s.lines.map((l) => ({ product: 'p', quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, ...(l.partner ? { partnerId: o.partners[l.partner] } : {}) })),
        }),
      );
      opportunities.push({ id, ...s });
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  // Whose each line is (its own partner, else the channel partner), and the partners a caller may see.
  const lineOwner = (opp: (typeof opportunities)[number], line: (typeof opportunities)[number]['lines'][number]) => line.partner ?? opp.channel;
  const SEES: Record<'channelManager' | 'acmeManager' | 'globexManager', ReadonlySet<string> | 'all'> = {
    channelManager: 'all',
    acmeManager: new Set(['acme', 'acmeUk', 'acmeDe']),
    globexManager: new Set(['globex']),
  };
  function expected(who: keyof typeof SEES, stale: (kind: 'registration' | 'opportunity', id: string) => boolean) {
    const sees = (p: string | null) => p !== null && (SEES[who] === 'all' || (SEES[who] as ReadonlySet<string>).has(p));
    const add = (groups: Map<string, Group>, key: string, currency: string, amount: number, isStale: boolean) => {
      const g = groups.get(key) ?? { key, count: 0, stale: 0, amounts: [] };
      g.count += 1;
      g.stale += isStale ? 1 : 0;
      const a = g.amounts.find((x) => x.currency === currency);
      if (a) a.amountMinor += amount;
      else g.amounts.push({ currency, amountMinor: amount });
      groups.set(key, g);
    };
    const regs = new Map<string, Group>();
    registrations.forEach((r, i) => sees(r.partner) && add(regs, o.partners[r.partner], 'USD', r.amountMinor, stale('registration', String(i))));
    const opps = new Map<string, Group>();
    for (const opp of opportunities) {
      const mine = opp.lines.filter((l) => SEES[who] === 'all' || sees(lineOwner(opp, l)));
      if (!sees(opp.channel) && !opp.lines.some((l) => sees(lineOwner(opp, l)))) continue;
      const key = opp.channel === null ? 'direct' : sees(opp.channel) ? o.partners[opp.channel] : 'other_partner';
      add(opps, key, opp.currency, mine.reduce((n, l) => n + l.quantity * l.unitPriceMinor, 0), stale('opportunity', opp.id));
    }
    return { registrations: byKey([...regs.values()]), opportunities: byKey([...opps.values()]) };
  }

  it.each(['channelManager', 'acmeManager', 'globexManager'] as const)('by partner for %s: counts and the amounts of the lines it may see', async (who) => {
    const body = await expectOk(await as(who).get('/v1/pipeline?groupBy=partner'), [200]);
    expect({ registrations: byKey(body.registrations), opportunities: byKey(body.opportunities) }).toEqual(expected(who, () => false));
  });

  it('stale after 30 days without an event, fresh again after one', async () => {
    clock.advance(31 * DAY);
    const touched = opportunities[0];
    await ok(await as('channelManager').post(`/v1/opportunities/${touched.id}/stage`, { stage: 'Develop' }));
    const body = await expectOk(await as('channelManager').get('/v1/pipeline?groupBy=partner'), [200]);
    expect({ registrations: byKey(body.registrations), opportunities: byKey(body.opportunities) }).toEqual(expected('channelManager', (kind, id) => kind === 'registration' || id !== touched.id));
    const byStage = await expectOk(await as('channelManager').get('/v1/pipeline?groupBy=stage'), [200]);
    const drafts = registrations.filter((r) => !r.submitted);
    expect(byStage.registrations.map((g: Group) => [g.key, g.count, g.stale])).toEqual([
      ['Draft', drafts.length, drafts.length],
      ['Submitted', registrations.length - drafts.length, registrations.length - drafts.length],
    ]);
    expect(byStage.opportunities.map((g: Group) => [g.key, g.count, g.stale])).toEqual([
      ['Develop', 1, 0],
      ['Qualify', opportunities.length - 1, opportunities.length - 1],
    ]);
  });
});
