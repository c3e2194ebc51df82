import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Role } from '../../apps/api/src/auth/actor';
import { comparePositions } from '../../libs/event-store/src';
import { TestApp, startTestApp } from '../support/test-app';
import { expectOk, registrationBody } from '../support/onboarding';

jest.setTimeout(120_000);

// One table-driven test of who sees what. A hierarchy
//
//   Root ── Viewer ── Child          Unrelated
//       └── Sibling
//
// where Viewer, Child, Sibling and Unrelated each own one record of every type. Every role looks at every
// record type of every relation (seen from Viewer) through every read surface, and the answer must be the one
// the visibility rule gives: enterprise roles see everything, a partner manager its organisation and its
// descendants, a partner associate its organisation only; hidden means absent from lists, 404 on detail, zero in
// counts and missing from aggregates, never a 403 that would confirm the record exists.

type Relation = 'own' | 'child' | 'sibling' | 'unrelated';
type RecordType = 'partner' | 'registration' | 'opportunity' | 'quote' | 'order' | 'case';
type Observed = 'visible' | 'hidden' | string;

const RELATIONS: Relation[] = ['own', 'child', 'sibling', 'unrelated'];
const ROLES: Role[] = ['admin', 'channel_manager', 'approver', 'auditor', 'ops', 'partner_manager', 'partner_associate'];

function expected(role: Role, relation: Relation): 'visible' | 'hidden' {
  if (role === 'partner_manager') return relation === 'own' || relation === 'child' ? 'visible' : 'hidden';
  if (role === 'partner_associate') return relation === 'own' ? 'visible' : 'hidden';
  return 'visible';
}

interface Fixture {
  partners: Record<Relation, string>;
  records: Record<Relation, Record<Exclude<RecordType, 'partner'>, string>>;
}

type Get = (path: string) => Promise<request.Response>;

const inList = (res: request.Response, key: string, id: string): Observed =>
  res.status !== 200 ? `list answered ${res.status}` : res.body.items.some((i: Record<string, string>) => i[key] === id) ? 'visible' : 'hidden';
const detail = (res: request.Response): Observed => (res.status === 200 ? 'visible' : res.status === 404 ? 'hidden' : `detail answered ${res.status}`);
const counted = (res: request.Response, expectOne: number): Observed =>
  res.status !== 200 ? `count answered ${res.status}` : expectOne === 1 ? 'visible' : expectOne === 0 ? 'hidden' : `count was ${expectOne}`;
const sum = (byState: Record<string, number>) => Object.values(byState).reduce((a, b) => a + b, 0);
// Partner 360 of a partner the caller may not see is a 404; of one it sees, the KPI must count its one record.
const kpi = (res: request.Response, pick: (kpis: any) => number): Observed => {
  if (res.status === 404) return 'hidden';
  if (res.status !== 200) return `360 answered ${res.status}`;
  const n = pick(res.body.kpis);
  return n === 1 ? 'visible' : `360 counted ${n}`;
};
const inPipeline = (res: request.Response, side: 'registrations' | 'opportunities', partnerId: string): Observed => {
  if (res.status !== 200) return `pipeline answered ${res.status}`;
  const group = res.body[side].find((g: { key: string }) => g.key === partnerId);
  return !group ? 'hidden' : group.count === 1 ? 'visible' : `pipeline counted ${group.count}`;
};

interface Surface {
  type: RecordType;
  surface: 'list' | 'detail' | 'count' | 'kpi';
  observe(get: Get, partnerId: string, id: string): Promise<Observed>;
}

const SURFACES: Surface[] = [
  { type: 'partner', surface: 'list', observe: async (get, p) => inList(await get('/v1/partners?limit=100'), 'partnerId', p) },
  { type: 'partner', surface: 'detail', observe: async (get, p) => detail(await get(`/v1/partners/${p}`)) },
  { type: 'partner', surface: 'kpi', observe: async (get, p) => kpi(await get(`/v1/partners/${p}/360`), () => 1) },

  { type: 'registration', surface: 'list', observe: async (get, _p, id) => inList(await get('/v1/deal-registrations?limit=100'), 'registrationId', id) },
  { type: 'registration', surface: 'detail', observe: async (get, _p, id) => detail(await get(`/v1/deal-registrations/${id}`)) },
  { type: 'registration', surface: 'detail', observe: async (get, _p, id) => detail(await get(`/v1/deal-registrations/${id}/approval-history`)) },
  { type: 'registration', surface: 'count', observe: async (get, p) => { const r = await get(`/v1/deal-registrations?partnerId=${p}&limit=100`); return counted(r, r.body.items?.length); } },
  { type: 'registration', surface: 'kpi', observe: async (get, p) => kpi(await get(`/v1/partners/${p}/360`), (k) => sum(k.registrationsByState)) },
  { type: 'registration', surface: 'kpi', observe: async (get, p) => inPipeline(await get('/v1/pipeline?groupBy=partner'), 'registrations', p) },

  { type: 'opportunity', surface: 'list', observe: async (get, _p, id) => inList(await get('/v1/opportunities?limit=100'), 'opportunityId', id) },
  { type: 'opportunity', surface: 'detail', observe: async (get, _p, id) => detail(await get(`/v1/opportunities/${id}`)) },
  { type: 'opportunity', surface: 'count', observe: async (get, p) => { const r = await get(`/v1/opportunities?partnerId=${p}&limit=100`); return counted(r, r.body.items?.length); } },
  { type: 'opportunity', surface: 'kpi', observe: async (get, p) => inPipeline(await get('/v1/pipeline?groupBy=partner'), 'opportunities', p) },

  { type: 'quote', surface: 'list', observe: async (get, _p, id) => inList(await get('/v1/quotes?limit=100'), 'quoteId', id) },
  { type: 'quote', surface: 'detail', observe: async (get, _p, id) => detail(await get(`/v1/quotes/${id}`)) },
  { type: 'quote', surface: 'count', observe: async (get, p) => { const r = await get(`/v1/quotes?partnerId=${p}&limit=100`); return counted(r, r.body.items?.length); } },

  { type: 'order', surface: 'list', observe: async (get, _p, id) => inList(await get('/v1/orders?limit=100'), 'orderId', id) },
  { type: 'order', surface: 'detail', observe: async (get, _p, id) => detail(await get(`/v1/orders/${id}`)) },
  { type: 'order', surface: 'detail', observe: async (get, _p, id) => detail(await get(`/v1/orders/${id}/timeline`)) },
  { type: 'order', surface: 'count', observe: async (get, p) => { const r = await get(`/v1/orders?partnerId=${p}&limit=100`); return counted(r, r.body.items?.length); } },
  { type: 'order', surface: 'kpi', observe: async (get, p) => kpi(await get(`/v1/partners/${p}/360`), (k) => sum(k.ordersByState)) },

  { type: 'case', surface: 'list', observe: async (get, _p, id) => inList(await get('/v1/cases?limit=100'), 'caseId', id) },
  { type: 'case', surface: 'detail', observe: async (get, _p, id) => detail(await get(`/v1/cases/${id}`)) },
  { type: 'case', surface: 'count', observe: async (get, p) => { const r = await get(`/v1/cases?partnerId=${p}&limit=100`); return counted(r, r.body.items?.length); } },
  { type: 'case', surface: 'kpi', observe: async (get, p) => kpi(await get(`/v1/partners/${p}/360`), (k) => k.openCases) },
];

describe('partner isolation matrix: role x record type x relation x read surface', () => {
  let t: TestApp;
  let fixture: Fixture;
  const viewers = new Map<Role, string>();
  let head: string | undefined;

  beforeAll(async () => {
    // A loaded machine may need more than the default 2 s for the projector to reach the last write.
    t = await startTestApp({ READ_YOUR_WRITES_TIMEOUT_MS: '15000' });
    const cm = await t.token('channel_manager', { subject: 'matrix-cm' });
    // Every read below waits (X-Min-Position) for the last position a command answered with; the head read once
    // could trail it until older transactions in the cluster end.
    const post = async (path: string, token: string, body: object = {}) => {
      const answer = await expectOk(await request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body));
      if (typeof answer.position === 'string' && (head === undefined || comparePositions(answer.position, head) > 0)) head = answer.position;
      return answer;
    };
    const program = await post('/v1/programs', cm, {
      name: 'Matrix Program',
      tiers: [{ name: 'Gold', rank: 1, benefits: [], requirements: [] }],
      rules: { allowedTypes: ['resell'], protectionDays: 60, approvalSlaHours: 48, discountPercent: 10, minimumDealSize: { amountMinor: 1_000, currency: 'USD' }, maxExtensions: 1, extensionDays: 30 },
    });
    const partner = async (name: string, parentId?: string) =>
      (await post('/v1/partners', cm, { name, partnerType: 'reseller', tier: 'Gold', webDomain: `${name.toLowerCase()}.example`, country: 'GB', industry: 'IT', ...(parentId ? { parentId } : {}) })).id as string;
    const root = await partner('Root');
    const partners: Record<Relation, string> = { own: await partner('Viewer', root), child: '', sibling: await partner('Sibling', root), unrelated: await partner('Unrelated') };
    partners.child = await partner('Child', partners.own);
    const member = async (partnerId: string, role: 'partner_manager' | 'partner_associate') => {
      const { memberId } = await post(`/v1/partners/${partnerId}/members`, cm, { name: `${role} ${partnerId.slice(0, 6)}`, email: `${role}-${randomUUID().slice(0, 6)}@${partnerId.slice(0, 8)}.example`, role });
      return t.token(role, { subject: memberId, partnerId });
    };

    const records = {} as Fixture['records'];
    for (const relation of RELATIONS) {
      const partnerId = partners[relation];
      await post('/v1/partnerships', cm, { partnerId, programId: program.id, tier: 'Gold', terms: 'v1', startDate: '2026-01-01' });
      const manager = await member(partnerId, 'partner_manager');
      const tag = randomUUID().slice(0, 8);
      const registration = await post('/v1/deal-registrations', manager, registrationBody(program.id, { companyName: `Matrix ${relation} ${tag}`, domain: `${relation}-${tag}.example`, contactEmail: `buyer@${relation}-${tag}.example` }));
      const opportunity = await post('/v1/opportunities', cm, {
        name: `Matrix ${relation}`, accountName: `Account ${relation}`, source: 'partner_sourced', channelPartnerId: partnerId,
        currency: 'USD', expectedCloseDate: '2027-05-01', lineItems: [{ product: 'ledger-enterprise', quantity: 1, unitPriceMinor: 100_000 }],
      });
      const quote = await post('/v1/quotes', manager, { currency: 'USD', validUntil: '2030-01-01T00:00:00Z', lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 1 }] });
      const order = await post('/v1/orders', cm, {
        account: `Account ${relation}`, contact: { name: 'Sol', email: 'sol@account.example' }, orderType: 'new', priority: 'low',
        channelPartnerId: partnerId, currency: 'USD', lines: [{ product: 'p', quantity: 1, unitPriceMinor: 1, partnerId }],
      });
      const opened = await post('/v1/cases', manager, { about: 'partner', priority: 'P3', subject: `Matrix ${relation}`, description: 'd' });
      records[relation] = { registration: registration.id, opportunity: opportunity.id, quote: quote.id, order: order.id, case: opened.id };
    }
    fixture = { partners, records };

    for (const role of ROLES) {
      viewers.set(role, role.startsWith('partner_') ? await member(partners.own, role as 'partner_manager' | 'partner_associate') : await t.token(role, { subject: `matrix-${role}` }));
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('gives every cell the answer the visibility rule expects', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const role of ROLES) {
      const token = viewers.get(role)!;
      const get: Get = (path) => request(t.http).get(path).set('Authorization', `Bearer ${token}`).set('X-Min-Position', head!);
      for (const relation of RELATIONS) {
        const partnerId = fixture.partners[relation];
        for (const surface of SURFACES) {
          const id = surface.type === 'partner' ? partnerId : fixture.records[relation][surface.type];
          const observed = await surface.observe(get, partnerId, id);
          const want = expected(role, relation);
          cells += 1;
          if (observed !== want) mismatches.push(`${role} / ${surface.type} / ${relation} / ${surface.surface}: expected ${want}, got ${observed}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBe(ROLES.length * RELATIONS.length * SURFACES.length);
    console.log(`isolation matrix: ${cells} cells (${ROLES.length} roles x ${RELATIONS.length} relations x ${SURFACES.length} surfaces over 6 record types), 0 mismatches`);
  });
});
