import request from 'supertest';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';
import { HEAVY, setting } from '../support/heavy';
import { until } from '../support/until';

jest.setTimeout(HEAVY ? 3_600_000 : 240_000);

// Property-based fuzzing of every command endpoint the API documents: whatever the body, the answer is never a
// 5xx, a 4xx always says what is wrong without a stack trace or SQL, and a refused request stores nothing.
export const FUZZ_RUNS = setting('FUZZ_RUNS', 1_500, 20_000);

const FIELD_NAMES = ['programId', 'partnerId', 'registrationType', 'customer', 'companyName', 'domain', 'contactEmail', 'estimatedSize', 'amountMinor', 'currency', 'expectedCloseDate', 'products', 'lines', 'lineItems', 'quantity', 'unitPriceMinor', 'reason', 'note', 'tier', 'name', 'email', 'role', 'priority', 'subject', 'description', 'overrideReason', 'changes', 'stage', 'rules', 'tiers'];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(-1, -0.5, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.double(), // NaN and Infinity become null in JSON
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\udc00\ud800', '\u202e', '💥'.repeat(50), 'x'.repeat(5_000), '2026-02-30', 'not-an-email', 'ZZZ', '../../etc/passwd', "'; drop table events; --"),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
  fc.constant(Array.from({ length: 2_000 }, (_, i) => i)),
  fc.constant({ __proto__: { admin: true } }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')),
);

const hostileObject: fc.Arbitrary<unknown> = fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES, '__proto__', 'constructor', 'prototype', 'na\u0000me', '\ud800'), fc.string({ maxLength: 12 })), hostileValue, { maxKeys: 8 });

// Raw bodies and headers no JSON value can express: deep nesting, a body that is not what its headers say, and
// header values thousands of characters long.
const deep = (levels: number) => `{"customer":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
const LEVELS = [65, 1_000, 3_000, 6_000];
const hostileWire: fc.Arbitrary<{ raw: string | Buffer; headers?: Record<string, string> }> = fc.oneof(
  fc.constantFrom(...LEVELS).map((levels) => ({ raw: deep(levels) })),
  fc.constantFrom(...LEVELS).map((levels) => ({ raw: '['.repeat(levels) + ']'.repeat(levels) })),
  fc.constantFrom('{"name":"x"}', '').map((raw) => ({ raw, headers: { 'Content-Encoding': 'gzip' } })),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ raw: Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(bytes)]), headers: { 'Content-Encoding': 'gzip' } })),
  fc.constant({ raw: gzipSync(Buffer.alloc(3_000_000, 0x20)), headers: { 'Content-Encoding': 'gzip' } }),
  fc.constantFrom('br', 'compress', 'gzip, gzip', 'identity;q=0').map((encoding) => ({ raw: '{"name":"x"}', headers: { 'Content-Encoding': encoding } })),
  fc.constantFrom('latin1', 'utf-16', 'klingon', '').map((charset) => ({ raw: '{"name":"x"}', headers: { 'Content-Type': `application/json; charset=${charset}` } })),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x').map((type) => ({ raw: 'name=x', headers: { 'Content-Type': type } })),
  fc
    .tuple(fc.constantFrom('Idempotency-Key', 'If-Match', 'X-Correlation-Id', 'X-Request-Id', 'Authorization'), fc.integer({ min: 256, max: 12_000 }), fc.constantFrom('k', '9', 'é', ' '))
    .map(([header, length, unit]) => ({ raw: '{}', headers: { [header]: unit.repeat(length) } })),
);

type Endpoint = { method: 'post' | 'put' | 'patch'; path: string };

describe('fuzzing every command endpoint', () => {
  let t: TestApp;
  let o: Onboarded;
  let endpoints: Endpoint[] = [];
  let registrationId = '';
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    o = await onboard(t);
    registrationId = (await expectOk(await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).send(registrationBody(o.programId, { companyName: 'Fuzz Target', domain: 'fuzz-target.example', contactEmail: 'a@fuzz-target.example' })))).id;
    const doc = (await request(t.http).get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const ids: Record<string, string> = { registrationId, partnerId: o.partners.acme, programId: o.programId, memberId: o.members.acmeAssociate };
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const method of Object.keys(methods)) {
        if (method !== 'post' && method !== 'put' && method !== 'patch') continue;
        endpoints.push({ method, path: path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? randomUUID()) });
      }
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('documents the command endpoints it fuzzes', () => {
    expect(endpoints.length).toBeGreaterThan(40);
    expect(endpoints).toContainEqual({ method: 'post', path: '/v1/deal-registrations' });
  });

  it(`answers ${FUZZ_RUNS} hostile requests with a 4xx that says why, never a 5xx, and stores nothing when it refuses`, async () => {
    const token = await t.token(['admin', 'channel_manager', 'approver']);
    const tally = { refused: 0, accepted: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.boolean(),
        fc.oneof(
          { weight: 5, arbitrary: hostileObject.map((body) => ({ json: body })) },
          { weight: 2, arbitrary: fc.anything().map((body) => ({ json: body })) },
          { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'null', '[1,2', 'not json', '{"__proto__":', '\u0000').map((raw) => ({ raw })) },
          { weight: 1, arbitrary: fc.constant({ json: { description: 'x'.repeat(200_000) } }) },
          { weight: 2, arbitrary: hostileWire },
          // A body that is valid but for one string no store or validator can take.
          { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000').map((poison) => ({ poison })) },
        ),
        async (endpoint, asPartner, body) => {
          const before = await t.eventCount();
          let req = request(t.http)[endpoint.method](endpoint.path).set('Authorization', `Bearer ${asPartner ? o.tokens.acmeManager : token}`).set('Content-Type', 'application/json');
          for (const [name, value] of Object.entries(('headers' in body && body.headers) || {})) req = req.set(name, value);
          // Sent as the raw bytes a client would put on the wire, whatever the value (a bare number, a string, null).
          let target = `${endpoint.method.toUpperCase()} ${endpoint.path}`;
          if ('poison' in body) {
            n += 1;
            target = 'POST /v1/deal-registrations';
            const email = `a${n}@poison.example`;
            req = request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).set('Content-Type', 'application/json');
            body = { json: registrationBody(o.programId, { companyName: `Poison ${n} ${body.poison}`, domain: `poison-${n}.example`, contactEmail: email }) };
          }
          const text = 'raw' in body ? body.raw : (JSON.stringify(body.json) ?? 'null');
          const res = await req.serialize((raw: unknown) => raw as string).send(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));
          if (res.status >= 500) throw new Error(`${target} answered ${res.status}: ${JSON.stringify(res.body)} for ${JSON.stringify(body).slice(0, 300)}`);
          if (res.status >= 400) {
            tally.refused += 1;
            expect(typeof res.body.error).toBe('string');
            expect(typeof res.body.message).toBe('string');
            expect(JSON.stringify(res.body)).not.toMatch(/\bat [\w.<>]+ \(|node_modules|select |insert into|syntax error/i);
            expect(await t.eventCount()).toBe(before);
          } else {
            tally.accepted += 1;
          }
        },
      ),
      { numRuns: FUZZ_RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261122) },
    );
    // Nearly everything is refused; the odd body that is valid (an empty one where none is needed) is fine.
    expect(tally.refused).toBeGreaterThan(FUZZ_RUNS * 0.9);
  });
  it(`answers ${Math.ceil(FUZZ_RUNS / 3)} forged cursors across every list with a 4xx naming the cursor, never a 5xx`, async () => {
    const endpointId = randomUUID();
    await sql`insert into webhook_endpoints (endpoint_id, partner_id, url, secret, topics, created_by) values (${endpointId}, ${o.partners.acme}, 'https://hooks.example.com/x', ${'s'.repeat(24)}, null, 'fuzz')`.execute(t.platform.readDb);
    // Its partner manager sees it once the partner directory has caught up with the onboarding.
    await until('the endpoint visible to its partner manager', async () =>
      (await request(t.http).get(`/v1/webhooks/${endpointId}/deliveries`).set('Authorization', `Bearer ${o.tokens.acmeManager}`)).status === 200 ? true : undefined,
    );
    // Each list with the sorts it takes ('' for its only order) and whether it takes an order.
    const lists: [string, string[], boolean][] = [
      ['/v1/deal-registrations', ['updatedAt', 'submittedAt', 'amount'], true],
      ['/v1/opportunities', ['updatedAt', 'amount', 'createdAt'], true],
      ['/v1/quotes', ['updatedAt', 'total', 'validUntil'], true],
      ['/v1/orders', ['updatedAt', 'total', 'createdAt'], true],
      ['/v1/cases', ['updatedAt', 'openedAt', 'resolutionDue'], true],
      ['/v1/partners', [''], false],
      ['/v1/members', [''], false],
      [`/v1/webhooks/${endpointId}/deliveries`, [''], true],
    ];
    const tables = ['rm_registrations', 'rm_opportunities', 'rm_quotes', 'rm_orders', 'rm_cases', 'rm_partners', 'rm_members', 'webhook_deliveries'];
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');
    const shaped = fc
      .tuple(fc.oneof(fc.constant(1), hostileValue), fc.constantFrom(...tables), fc.constantFrom('updatedAt', 'amount', 'name', 'createdAt', 'total', ''), fc.constantFrom('asc', 'desc', 'up'), hostileValue, fc.oneof(fc.uuid(), hostileValue))
      .map((parts) => b64(parts));
    const cursor = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.base64String({ maxLength: 120 }),
      fc.jsonValue().map(b64),
      shaped,
      shaped.map((c) => c.repeat(40).slice(0, 8_000)),
    );
    const token = await t.token(['admin', 'channel_manager']);
    const before = await t.eventCount();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), fc.nat(), fc.boolean(), cursor, async ([path, sorts, ordered], pick, asc, forged) => {
        const sort = sorts[pick % sorts.length];
        const query = `${sort ? `sort=${sort}&` : ''}${asc && ordered ? 'order=asc&' : ''}cursor=${encodeURIComponent(forged)}`;
        const res = await request(t.http).get(`${path}?${query}`).set('Authorization', `Bearer ${asc ? o.tokens.acmeManager : token}`);
        if (res.status >= 500) throw new Error(`GET ${path}?${query} answered ${res.status}: ${JSON.stringify(res.body)}`);
        // A generated cursor can, rarely, be a well-formed one for that very list: then it is a page like any other.
        if (res.status === 200) return void expect(Array.isArray(res.body.items)).toBe(true);
        // A cursor that makes the URL longer than the server's 16 kB header limit never reaches the list.
        if (res.status === 431) return void expect(res.body.error).toBe('headers_too_large');
        expect(res.status).toBe(400);
        expect(typeof res.body.error).toBe('string');
        expect(res.body.fields?.map((f: { field: string }) => f.field)).toContain('cursor');
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 3), seed: Number(process.env.FUZZ_SEED ?? 20261122) },
    );
    expect(await t.eventCount()).toBe(before);
  });
});
