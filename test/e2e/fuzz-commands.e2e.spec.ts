import request from 'supertest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';
import { HEAVY, setting } from '../support/heavy';

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
  fc.constantFrom('', ' ', '\u0000', '\u202e', '💥'.repeat(50), 'x'.repeat(5_000), '2026-02-30', 'not-an-email', 'ZZZ', '../../etc/passwd', "'; drop table events; --"),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
  fc.constant(Array.from({ length: 2_000 }, (_, i) => i)),
  fc.constant({ __proto__: { admin: true } }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')),
);

const hostileObject: fc.Arbitrary<unknown> = fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES, '__proto__', 'constructor', 'prototype'), fc.string({ maxLength: 12 })), hostileValue, { maxKeys: 8 });

type Endpoint = { method: 'post' | 'put' | 'patch'; path: string };

describe('fuzzing every command endpoint', () => {
  let t: TestApp;
  let o: Onboarded;
  let endpoints: Endpoint[] = [];
  let registrationId = '';

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
        ),
        async (endpoint, asPartner, body) => {
          const before = await t.eventCount();
          let req = request(t.http)[endpoint.method](endpoint.path).set('Authorization', `Bearer ${asPartner ? o.tokens.acmeManager : token}`);
          // Sent as the raw text a client would put on the wire, whatever the value (a bare number, a string, null).
          const text = 'raw' in body ? body.raw : (JSON.stringify(body.json) ?? 'null');
          req = req.set('Content-Type', 'application/json').send(text);
          const res = await req;
          if (res.status >= 500) throw new Error(`${endpoint.method.toUpperCase()} ${endpoint.path} answered ${res.status}: ${JSON.stringify(res.body)} for ${JSON.stringify(body).slice(0, 300)}`);
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
});
