import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Role } from '@channel-ledger/auth';
import { comparePositions } from '@channel-ledger/event-store';
import { TestApp, startTestApp } from '../support/test-app';
import { expectOk, registrationBody } from '../support/onboarding';
import { RouteMethods } from '../../apps/api/src/common/route-methods';

jest.setTimeout(120_000);

// One table-driven test of who sees what. A hierarchy
//
//   Parent ── Viewer ── Child ── Grandchild          Unrelated
//         └── Sibling
//
// where every partner owns one record of every type (a "direct children only" or "ancestors included" rule
// would fail on the grandchild or the parent). Every role looks at every
// record type of every relation (seen from Viewer) through every read surface, and the answer must be the one
// the visibility rule gives: enterprise roles see everything, a partner manager its organisation and its
// descendants, a partner associate its organisation only; hidden means absent from lists, 404 on detail, zero in
// counts and missing from aggregates, never a 403 that would confirm the record exists.

type Relation = 'own' | 'child' | 'grandchild' | 'parent' | 'sibling' | 'unrelated';
type RecordType = 'partner' | 'registration' | 'opportunity' | 'quote' | 'order' | 'case';
type Observed = 'visible' | 'hidden' | string;

const RELATIONS: Relation[] = ['own', 'child', 'grandchild', 'parent', 'sibling', 'unrelated'];
const ROLES: Role[] = ['admin', 'channel_manager', 'approver', 'auditor', 'ops', 'partner_manager', 'partner_associate'];

function expected(role: Role, relation: Relation): 'visible' | 'hidden' {
  if (role === 'partner_manager') return relation === 'own' || relation === 'child' || relation === 'grandchild' ? 'visible' : 'hidden';
  if (role === 'partner_associate') return relation === 'own' ? 'visible' : 'hidden';
  return 'visible';
}

interface Fixture {
  programId: string;
  partners: Record<Relation, string>;
  records: Record<Relation, Record<Exclude<RecordType, 'partner'>, string>>;
  // What the write matrix also needs: a staff member, a webhook endpoint, an order line of each partner.
  extras: Record<Relation, { memberId: string; endpointId: string; orderLineId: string }>;
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
    const parent = await partner('Parent');
    const own = await partner('Viewer', parent);
    const child = await partner('Child', own);
    const partners: Record<Relation, string> = { own, child, grandchild: await partner('Grandchild', child), parent, sibling: await partner('Sibling', parent), unrelated: await partner('Unrelated') };
    const memberOf = async (partnerId: string, role: 'partner_manager' | 'partner_associate') => {
      const { memberId } = await post(`/v1/partners/${partnerId}/members`, cm, { name: `${role} ${partnerId.slice(0, 6)}`, email: `${role}-${randomUUID().slice(0, 6)}@${partnerId.slice(0, 8)}.example`, role });
      return { memberId: memberId as string, token: await t.token(role, { subject: memberId, partnerId }) };
    };
    const member = async (partnerId: string, role: 'partner_manager' | 'partner_associate') => (await memberOf(partnerId, role)).token;

    const records = {} as Fixture['records'];
    const extras = {} as Fixture['extras'];
    for (const relation of RELATIONS) {
      const partnerId = partners[relation];
      await post('/v1/partnerships', cm, { partnerId, programId: program.id, tier: 'Gold', terms: 'v1', startDate: '2026-01-01' });
      const { memberId, token: manager } = await memberOf(partnerId, 'partner_manager');
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
      const endpoint = await expectOk(await request(t.http).post('/v1/webhooks').set('Authorization', `Bearer ${manager}`).send({ url: `https://hooks-${relation}.example/in`, secret: 'a-shared-secret-of-24-chars-or-more', topics: ['case'] }));
      const placed = await expectOk(await request(t.http).get(`/v1/orders/${order.id}`).set('Authorization', `Bearer ${cm}`));
      extras[relation] = { memberId, endpointId: endpoint.endpointId, orderLineId: placed.lines[0].lineId };
    }
    fixture = { programId: program.id, partners, records, extras };

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

  // Every command route, sent by partner staff to a record of a partner it may not see, must answer exactly as it
  // answers for a record that does not exist: same status, same error, same message, same headers that describe
  // the record, whatever If-Match or Idempotency-Key says, and nothing is appended.
  it('answers every command on a hidden record exactly like one on a missing record, with and without If-Match', async () => {
    const missing = randomUUID();
    type Ids = { partner: string; member: string; registration: string; opportunity: string; quote: string; order: string; line: string; case: string; endpoint: string };
    const idsOf = (relation: Relation): Ids => ({
      partner: fixture.partners[relation],
      member: fixture.extras[relation].memberId,
      ...fixture.records[relation],
      line: fixture.extras[relation].orderLineId,
      endpoint: fixture.extras[relation].endpointId,
    });
    const missingIds: Ids = { partner: missing, member: missing, registration: missing, opportunity: missing, quote: missing, order: missing, line: missing, case: missing, endpoint: missing };
    const lines = { lineItems: [{ product: 'p', quantity: 1, unitPriceMinor: 1 }] };
    const quoteTerms = { validUntil: '2030-01-01T00:00:00Z', lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 1 }] };
    const program = fixture.programId;
    // method, route pattern (as the router has it), path, body
    const ROUTES: [string, string, (i: Ids) => string, object][] = [
      ['patch', '/v1/deal-registrations/:registrationId', (i) => `/v1/deal-registrations/${i.registration}`, { changes: { products: ['x'] } }],
      ...(['submit', 'resubmit', 'start-review', 'send-for-approval', 'approve', 'withdraw', 'extension-grants', 'expire'] as const).map(
        (a): [string, string, (i: Ids) => string, object] => ['post', `/v1/deal-registrations/:registrationId/${a}`, (i) => `/v1/deal-registrations/${i.registration}/${a}`, {}],
      ),
      ['post', '/v1/deal-registrations/:registrationId/request-info', (i) => `/v1/deal-registrations/${i.registration}/request-info`, { message: 'm' }],
      ['post', '/v1/deal-registrations/:registrationId/reject', (i) => `/v1/deal-registrations/${i.registration}/reject`, { reason: 'r' }],
      ['post', '/v1/deal-registrations/:registrationId/cancel', (i) => `/v1/deal-registrations/${i.registration}/cancel`, { note: 'n' }],
      ['post', '/v1/deal-registrations/:registrationId/extension-requests', (i) => `/v1/deal-registrations/${i.registration}/extension-requests`, { reason: 'r' }],
      ['post', '/v1/deal-registrations/:registrationId/opportunity', (i) => `/v1/deal-registrations/${i.registration}/opportunity`, { name: 'n', ...lines }],
      ['put', '/v1/opportunities/:opportunityId/lines', (i) => `/v1/opportunities/${i.opportunity}/lines`, lines],
      ['post', '/v1/opportunities/:opportunityId/stage', (i) => `/v1/opportunities/${i.opportunity}/stage`, { stage: 'Develop' }],
      ['post', '/v1/opportunities/:opportunityId/won', (i) => `/v1/opportunities/${i.opportunity}/won`, { amountMinor: 1 }],
      ['post', '/v1/opportunities/:opportunityId/lost', (i) => `/v1/opportunities/${i.opportunity}/lost`, { reason: 'price' }],
      ['post', '/v1/quotes/:quoteId/revisions', (i) => `/v1/quotes/${i.quote}/revisions`, quoteTerms],
      ...(['submit', 'approve', 'accept', 'expire'] as const).map((a): [string, string, (i: Ids) => string, object] => ['post', `/v1/quotes/:quoteId/${a}`, (i) => `/v1/quotes/${i.quote}/${a}`, {}]),
      ['post', '/v1/quotes/:quoteId/reject', (i) => `/v1/quotes/${i.quote}/reject`, { reason: 'r' }],
      ...(['submit', 'start-fulfilment', 'close'] as const).map((a): [string, string, (i: Ids) => string, object] => ['post', `/v1/orders/:orderId/${a}`, (i) => `/v1/orders/${i.order}/${a}`, {}]),
      ['post', '/v1/orders/:orderId/lines/:lineId/fulfil', (i) => `/v1/orders/${i.order}/lines/${i.line}/fulfil`, {}],
      ['post', '/v1/orders/:orderId/cancel', (i) => `/v1/orders/${i.order}/cancel`, { reason: 'r' }],
      ['post', '/v1/cases/:caseId/assign', (i) => `/v1/cases/${i.case}/assign`, { assigneeId: 'someone' }],
      ['post', '/v1/cases/:caseId/first-response', (i) => `/v1/cases/${i.case}/first-response`, { message: 'm' }],
      ['post', '/v1/cases/:caseId/hold', (i) => `/v1/cases/${i.case}/hold`, { reason: 'r' }],
      ['post', '/v1/cases/:caseId/resume', (i) => `/v1/cases/${i.case}/resume`, {}],
      ['post', '/v1/cases/:caseId/resolve', (i) => `/v1/cases/${i.case}/resolve`, { resolution: 'r' }],
      ['post', '/v1/cases/:caseId/close', (i) => `/v1/cases/${i.case}/close`, {}],
      ['post', '/v1/cases/:caseId/reopen', (i) => `/v1/cases/${i.case}/reopen`, { reason: 'r' }],
      ['patch', '/v1/partners/:partnerId', (i) => `/v1/partners/${i.partner}`, { changes: { name: 'Renamed' } }],
      ['post', '/v1/partners/:partnerId/tier', (i) => `/v1/partners/${i.partner}/tier`, { tier: 'Silver' }],
      ['post', '/v1/partners/:partnerId/parent', (i) => `/v1/partners/${i.partner}/parent`, { parentId: null }],
      ['post', '/v1/partners/:partnerId/members', (i) => `/v1/partners/${i.partner}/members`, { name: 'Eve', email: 'eve@eve.example', role: 'partner_manager' }],
      ['post', '/v1/partners/:partnerId/members/:memberId/role', (i) => `/v1/partners/${i.partner}/members/${i.member}/role`, { role: 'partner_associate' }],
      ['post', '/v1/partners/:partnerId/members/:memberId/deactivate', (i) => `/v1/partners/${i.partner}/members/${i.member}/deactivate`, {}],
      ['post', '/v1/partners/:partnerId/point-of-contact', (i) => `/v1/partners/${i.partner}/point-of-contact`, { memberId: missing }],
      ['post', '/v1/partnerships/:partnerId/:programId/tier', (i) => `/v1/partnerships/${i.partner}/${program}/tier`, { tier: 'Gold' }],
      ['post', '/v1/partnerships/:partnerId/:programId/end', (i) => `/v1/partnerships/${i.partner}/${program}/end`, { reason: 'r' }],
      ['delete', '/v1/webhooks/:endpointId', (i) => `/v1/webhooks/${i.endpoint}`, {}],
    ];
    // Routes on records that are not any partner's: programs are published terms every signed-in user reads, and
    // projections are operations; neither has a hidden case.
    const NOT_PARTNER_RECORDS = ['/v1/programs/:programId/rules', '/v1/programs/:programId/segments', '/v1/programs/:programId/case-sla', '/v1/programs/:programId/retire', '/v1/ops/projections/:name/rebuild'];

    // Every command route the app serves on an existing record is in one of the two lists.
    const served = t.app
      .get(RouteMethods)
      .served()
      .filter(({ method }) => method !== 'GET' && method !== 'HEAD')
      .map(({ method, url }) => `${method.toLowerCase()} ${url}`)
      .filter((route) => route.includes(':'));
    const listed = new Set([...ROUTES.map(([m, r]) => `${m} ${r}`), ...NOT_PARTNER_RECORDS.map((r) => `post ${r}`), ...NOT_PARTNER_RECORDS.map((r) => `put ${r}`)]);
    expect(served.filter((route) => !listed.has(route))).toEqual([]);
    expect(ROUTES.map(([m, r]) => `${m} ${r}`).filter((route) => !served.includes(route))).toEqual([]);

    const versionOf = async (path: string): Promise<number> => {
      const cm = viewers.get('channel_manager')!;
      const res = await request(t.http).get(path).set('Authorization', `Bearer ${cm}`);
      return typeof res.body?.version === 'number' ? res.body.version : 1;
    };
    const shape = (res: request.Response) => ({
      status: res.status,
      body: res.body && typeof res.body === 'object' ? { ...res.body, requestId: undefined } : res.text,
      location: res.headers.location,
      allow: res.headers.allow,
    });

    const before = await t.eventCount();
    const mismatches: string[] = [];
    let cells = 0;
    let hiddenNotFound = 0;
    const reachedVisibility = new Set<string>();
    for (const role of ['partner_manager', 'partner_associate'] as const) {
      const token = viewers.get(role)!;
      for (const [method, route, path, body] of ROUTES) {
        for (const variant of ['plain', 'if-match-99', 'if-match-current', 'idempotency-key'] as const) {
          const send = async (ids: Ids, relation?: Relation) => {
            let req = (request(t.http) as any)[method](path(ids)).set('Authorization', `Bearer ${token}`);
            if (variant === 'if-match-99') req = req.set('If-Match', '"99"');
            if (variant === 'if-match-current') req = req.set('If-Match', `"${relation ? await versionOf(path(ids).split('/').slice(0, 4).join('/')) : 1}"`);
            if (variant === 'idempotency-key') req = req.set('Idempotency-Key', `matrix-${randomUUID()}`);
            return shape(await req.send(body));
          };
          const absent = await send(missingIds);
          if (absent.status !== 404 && absent.status !== 403) mismatches.push(`${role} ${method} ${route} [${variant}] on a missing record answered ${absent.status} (the body must pass validation for the cell to mean anything)`);
          for (const relation of RELATIONS) {
            if (expected(role, relation) === 'visible') continue;
            const hidden = await send(idsOf(relation), relation);
            cells += 1;
            if (hidden.status === 404) {
              hiddenNotFound += 1;
              reachedVisibility.add(`${role} ${method} ${route}`);
            }
            if (JSON.stringify(hidden) !== JSON.stringify(absent)) {
              mismatches.push(`${role} ${method} ${route} [${variant}] on ${relation}: ${JSON.stringify(hidden)} but a missing record answers ${JSON.stringify(absent)}`);
            }
          }
        }
      }
    }

    // Commands that name another record in their body (a partner, an opportunity, a quote line's partner) resolve
    // it through the same rule: a hidden one is refused exactly like one that does not exist.
    const REFERENCES: [string, (ref: Ids) => [string, object]][] = [
      ['draft registration for partner', (r) => ['/v1/deal-registrations', registrationBody(program, { companyName: 'Ref Co', domain: 'ref.example', contactEmail: 'a@ref.example' }, { partnerId: r.partner })]],
      ['open case for partner', (r) => ['/v1/cases', { about: 'partner', priority: 'P3', subject: 's', description: 'd', partnerId: r.partner }]],
      ['quote for channel partner', (r) => ['/v1/quotes', { currency: 'USD', channelPartnerId: r.partner, ...quoteTerms }]],
      ['quote on opportunity', (r) => ['/v1/quotes', { currency: 'USD', opportunityId: r.opportunity, ...quoteTerms }]],
      ['quote line partner', (r) => ['/v1/quotes', { currency: 'USD', validUntil: quoteTerms.validUntil, lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 1, partnerId: r.partner }] }]],
      ['quote revision line partner', (r) => [`/v1/quotes/${fixture.records.own.quote}/revisions`, { validUntil: quoteTerms.validUntil, lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 1, partnerId: r.partner }] }]],
    ];
    for (const role of ['partner_manager', 'partner_associate'] as const) {
      const token = viewers.get(role)!;
      for (const [name, make] of REFERENCES) {
        const send = async (ids: Ids) => {
          const [path, body] = make(ids);
          return shape(await request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body));
        };
        const absent = await send(missingIds);
        if (absent.status !== 400 && absent.status !== 404) mismatches.push(`${role} ${name} naming a missing record answered ${absent.status}`);
        for (const relation of RELATIONS) {
          if (expected(role, relation) === 'visible') continue;
          const hidden = await send(idsOf(relation));
          cells += 1;
          if (JSON.stringify(hidden) !== JSON.stringify(absent)) mismatches.push(`${role} ${name} naming ${relation}: ${JSON.stringify(hidden)} but a missing one answers ${JSON.stringify(absent)}`);
        }
      }
    }

    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(await t.eventCount()).toBe(before);
    // The cells mean something: the routes partner staff may call reached the visibility check (404), not only a
    // role refusal (403) that says nothing about the record.
    expect(reachedVisibility.size).toBeGreaterThanOrEqual(30);

    // And If-Match is checked at all: on its own visible record a stale version is a 412.
    const manager = viewers.get('partner_manager')!;
    const stale = await request(t.http).post(`/v1/cases/${fixture.records.own.case}/reopen`).set('Authorization', `Bearer ${manager}`).set('If-Match', '"99"').send({ reason: 'r' });
    expect(stale.status).toBe(412);
    console.log(`isolation matrix (commands): ${cells} hidden cells over ${ROUTES.length} routes x 4 header variants x 2 partner roles and ${REFERENCES.length} references in bodies, ${hiddenNotFound} answered 404 (${reachedVisibility.size} role x route pairs), 0 mismatches`);
  });
});
