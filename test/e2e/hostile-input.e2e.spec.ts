import request from 'supertest';
import { randomBytes, randomUUID } from 'node:crypto';
import { gzipSync, deflateSync } from 'node:zlib';
import { AddressInfo, connect } from 'node:net';
import { Server } from 'node:http';
import { sql } from 'kysely';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';
import { until } from '../support/until';

jest.setTimeout(180_000);

// Hostile bodies, headers and cursors, one case per way they used to answer 500: each is now a 4xx in the
// error shape ({ error, message, requestId }, with fields where a field is at fault), and nothing is stored.
describe('hostile input', () => {
  let t: TestApp;
  let o: Onboarded;
  let n = 0;

  // Everything a refused request could have left behind: events, idempotency claims, webhook endpoints.
  const stored = async () => {
    const { rows } = await sql<{ keys: string; endpoints: string }>`select (select count(*) from idempotency_keys) as keys, (select count(*) from webhook_endpoints) as endpoints`.execute(t.platform.readDb);
    return { events: await t.eventCount(), keys: Number(rows[0].keys), endpoints: Number(rows[0].endpoints) };
  };

  const customer = () => {
    n += 1;
    return { companyName: `Hostile ${n} Ltd`, domain: `hostile-${n}.example`, contactEmail: `buyer@hostile-${n}.example` };
  };

  const expectProblem = (res: request.Response, status: number, error: string) => {
    if (res.status !== status) throw new Error(`expected ${status} ${error}, got ${res.status}: ${JSON.stringify(res.body)}`);
    expect(res.body).toMatchObject({ error, message: expect.any(String), requestId: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/\bat [\w.<>]+ \(|node_modules|select |insert into/i);
  };

  // Sends raw bytes as a client would put them on the wire.
  const postRaw = (path: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    let req = request(t.http).post(path).set('Authorization', `Bearer ${o.tokens.acmeManager}`).set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    // As bytes: supertest would otherwise serialise a Buffer as JSON of its own.
    return req.serialize((raw: unknown) => raw as string).send(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));
  };

  beforeAll(async () => {
    t = await startTestApp();
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  // ISO 8601 forms that Date cannot read (week and basic dates answered 500 where a quote converts its validity)
  // or misreads (a signed year), and a time without an offset: refused on every date field, naming it.
  describe('dates', () => {
    const FORMS = ['2027-W01', '2027-W01-1', '20270630', '20270630T101010Z', '-2030-01-01', '2027-06-30T10:10:10', '2027-02-30', '9999-12-31T23:59:59-23:59', '0000-01-01'];
    const quote = (validUntil: string) => ({ currency: 'USD', validUntil, lines: [{ productOffering: 'p', quantity: 1, unitPriceMinor: 1 }] });

    it.each(FORMS)('refuses %s on every date field', async (form) => {
      const before = await stored();
      const as = (token: string) => (path: string, body: object) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body);
      const answers: [string, request.Response][] = [
        ['validUntil', await as(o.tokens.acmeManager)('/v1/quotes', quote(form))],
        ['expectedCloseDate', await as(o.tokens.acmeManager)('/v1/deal-registrations', registrationBody(o.programId, customer(), { expectedCloseDate: form }))],
        ['startDate', await as(o.tokens.channelManager)('/v1/partnerships', { partnerId: o.partners.globex, programId: o.programId, tier: 'Gold', terms: 't', startDate: form })],
        ['at', await request(t.http).get(`/v1/deal-registrations/${randomUUID()}/as-of`).query({ at: form }).set('Authorization', `Bearer ${o.tokens.auditor}`)],
      ];
      for (const [field, res] of answers) {
        expectProblem(res, 400, 'validation_failed');
        expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      expect(await stored()).toEqual(before);
    });

    it('accepts a date, and a date-time with an offset', async () => {
      for (const validUntil of ['2030-01-01', '2030-01-01T10:00Z', '2030-01-01T10:00:00.123+02:00']) {
        await expectOk(await request(t.http).post('/v1/quotes').set('Authorization', `Bearer ${o.tokens.acmeManager}`).send(quote(validUntil)));
      }
    });
  });

  it('names the path parameter that is not a record id', async () => {
    for (const [path, field] of [
      ['/v1/quotes/not-a-uuid', 'quoteId'],
      ['/v1/partners/00000000-0000-0000-0000-000000000000/360', 'partnerId'],
      ['/v1/webhooks/deliveries/abc', 'deliveryId'],
    ]) {
      const res = await request(t.http).get(path).set('Authorization', `Bearer ${o.tokens.admin}`);
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.fields).toEqual([{ field, reason: expect.stringMatching(/must be a UUID/) }]);
    }
  });

  it('treats a job dashboard cookie that is not valid percent-encoding as no token', async () => {
    for (const cookie of ['cl_ops_token=%E0%A4%A', 'cl_ops_token=%']) {
      const res = await request(t.http).get('/ops/queues').set('Cookie', cookie);
      expect(res.status).toBeLessThan(500);
    }
  });

  describe('bodies', () => {
    const validText = () => JSON.stringify(registrationBody(o.programId, customer()));
    // JSON text with a \u escape the way a client sends it (JSON.stringify would keep a lone surrogate as an escape too).
    const withEscape = (escape: string) => validText().replace('"Pat Buyer"', `"Pat${escape}Buyer"`);

    const cases: [string, () => { body: Buffer | string; headers?: Record<string, string>; path?: string }, number, string, string?][] = [
      ['a NUL character in a nested string', () => ({ body: withEscape('\\u0000') }), 400, 'validation_failed', 'customer.contactName'],
      ['a lone high surrogate in a nested string', () => ({ body: withEscape('\\ud800') }), 400, 'validation_failed', 'customer.contactName'],
      ['a lone low surrogate in a nested string', () => ({ body: withEscape('\\udfff') }), 400, 'validation_failed', 'customer.contactName'],
      ['a NUL character in a property name', () => ({ body: validText().replace('"products"', '"prod\\u0000ucts"') }), 400, 'validation_failed'],
      ['a NUL character in an array element', () => ({ body: validText().replace('"ledger-enterprise"', '"ledger\\u0000"') }), 400, 'validation_failed', 'products[0]'],
      ['a right-to-left override in a name ("gnp.exe" shown as "exe.png")', () => ({ body: withEscape('\\u202egnp.exe') }), 400, 'validation_failed', 'customer.contactName'],
      ['a first-strong isolate in a product', () => ({ body: validText().replace('"ledger-enterprise"', '"ledger\\u2068x"') }), 400, 'validation_failed', 'products[0]'],
      ['a company name of spaces only', () => ({ body: JSON.stringify({ ...registrationBody(o.programId, customer()), customer: { ...customer(), companyName: '   ' } }) }), 400, 'validation_failed', 'customer.companyName'],
      ['a product of spaces only', () => ({ body: JSON.stringify({ ...registrationBody(o.programId, customer()), products: [' \t '] }) }), 400, 'validation_failed', 'products'],
      ['a staff member named with spaces only', () => ({ path: `/v1/partners/${o.partners.acme}/members`, body: '{"name":"   ","email":"blank@acme.example","role":"partner_associate"}' }), 400, 'validation_failed', 'name'],
      ['a lone surrogate in an email field (the email validator throws on it)', () => ({ path: `/v1/partners/${o.partners.acme}/members`, body: '{"name":"Lou","email":"lo\\ud800u@acme.example","role":"partner_associate"}' }), 400, 'validation_failed', 'email'],
      ['arrays nested 5,000 deep', () => ({ body: '['.repeat(5_000) + ']'.repeat(5_000) }), 400, 'malformed_request'],
      ['objects nested 3,000 deep inside a valid body', () => ({ body: validText().replace('"products":', `"deep":${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)},"products":`) }), 400, 'malformed_request'],
      ['plain JSON sent as gzip', () => ({ body: validText(), headers: { 'Content-Encoding': 'gzip' } }), 400, 'malformed_request'],
      ['a truncated gzip stream', () => ({ body: gzipSync(validText()).subarray(0, 20), headers: { 'Content-Encoding': 'gzip' } }), 400, 'malformed_request'],
      ['a corrupt deflate stream', () => ({ body: Buffer.from('789c0000ffff', 'hex'), headers: { 'Content-Encoding': 'deflate' } }), 400, 'malformed_request'],
      ['gzip that inflates past the size limit', () => ({ body: gzipSync(Buffer.alloc(5_000_000, 0x20)), headers: { 'Content-Encoding': 'gzip' } }), 413, 'payload_too_large'],
      ['Content-Encoding br', () => ({ body: validText(), headers: { 'Content-Encoding': 'br' } }), 415, 'unsupported_media_type'],
      ['Content-Encoding compress', () => ({ body: validText(), headers: { 'Content-Encoding': 'compress' } }), 415, 'unsupported_media_type'],
      ['charset latin1', () => ({ body: validText(), headers: { 'Content-Type': 'application/json; charset=latin1' } }), 415, 'unsupported_media_type'],
      ['charset utf-16', () => ({ body: validText(), headers: { 'Content-Type': 'application/json; charset=utf-16' } }), 415, 'unsupported_media_type'],
      ['an unknown charset', () => ({ body: validText(), headers: { 'Content-Type': 'application/json; charset=klingon' } }), 415, 'unsupported_media_type'],
      ['a body that is not JSON by its type', () => ({ body: validText(), headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type'],
      ['bytes that are not UTF-8', () => ({ body: Buffer.concat([Buffer.from('{"programId":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]) }), 400, 'malformed_request'],
      ['a bare JSON value', () => ({ body: '"just a string"' }), 400, 'malformed_request'],
    ];

    // Rest parameters: jest would take a fifth named parameter for a done callback on rows without a field.
    it.each(cases)('%s: a 4xx, nothing stored', async (...row) => {
      const [, make, status, error, field] = row;
      const { body, headers, path } = make();
      const before = await stored();
      const res = await postRaw(path ?? '/v1/deal-registrations', body, { 'Idempotency-Key': randomUUID(), ...headers });
      expectProblem(res, status, error);
      if (field) expect(res.body.fields).toContainEqual({ field, reason: expect.any(String) });
      expect(await stored()).toEqual(before);
    });

    it('a refused webhook body stores no endpoint', async () => {
      const before = await stored();
      const res = await postRaw('/v1/webhooks', '{"url":"https://hooks.example.com/x","secret":"s3cr3t-s3cr3t-s3cr3t-s3cr3t","topics":["deal_registration"],"description":"a\\u0000b"}');
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.fields).toContainEqual({ field: 'description', reason: expect.stringContaining('NUL') });
      expect(await stored()).toEqual(before);
    });

    it('still takes gzip, deflate and an explicit utf-8 charset', async () => {
      for (const [encoding, encode] of [['gzip', gzipSync], ['deflate', deflateSync]] as const) {
        const res = await postRaw('/v1/deal-registrations', encode(validText()), { 'Content-Encoding': encoding, 'Content-Type': 'application/json; charset=UTF-8' });
        expect(res.status).toBe(201);
      }
      // A property value may hold any well-formed text, including a surrogate pair.
      const emoji = await postRaw('/v1/deal-registrations', withEscape('\\ud83d\\udca5'));
      expect(emoji.status).toBe(201);
    });
    it('treats an empty chunked body of no type as no body (validated as such, not refused as a wrong type)', async () => {
      const server = t.http as Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        let text = '';
        const socket = connect(port, '127.0.0.1', () =>
          socket.write(`POST /v1/partners HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${o.tokens.channelManager}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`),
        );
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
      expect(answer).toContain('"error":"validation_failed"');
    });
  });

  describe('headers', () => {
    const long = (length: number) => randomBytes(length).toString('base64url').slice(0, length);

    it('refuses an Idempotency-Key of thousands of characters before claiming it', async () => {
      for (const key of [long(5_000), 'k'.repeat(256), 'clé-non-ascii']) {
        const before = await stored();
        const res = await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).set('Idempotency-Key', key).send(registrationBody(o.programId, customer()));
        expectProblem(res, 400, 'invalid_idempotency_key');
        expect(res.body.fields).toEqual([{ field: 'Idempotency-Key', reason: expect.any(String) }]);
        expect(await stored()).toEqual(before);
      }
    });

    it('refuses a 10,000-character If-Match and Authorization, and replaces a long X-Correlation-Id or X-Request-Id', async () => {
      let before = await stored();
      const ifMatch = await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).set('If-Match', long(10_000)).send(registrationBody(o.programId, customer()));
      expectProblem(ifMatch, 400, 'invalid_if_match');
      expect(await stored()).toEqual(before);

      before = await stored();
      const auth = await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${long(10_000)}`).send(registrationBody(o.programId, customer()));
      expectProblem(auth, 401, 'invalid_token');
      expect(await stored()).toEqual(before);

      // These two only name the conversation: an unusable one is replaced, never echoed or recorded.
      for (const header of ['X-Correlation-Id', 'X-Request-Id']) {
        const res = await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).set(header, long(10_000)).send(registrationBody(o.programId, customer()));
        expect(res.status).toBe(201);
        expect(res.headers[header.toLowerCase()]).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('answers headers past the server\'s 16 kB limit with 431 in the error shape, and stores nothing', async () => {
      const before = await stored();
      const res = await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).set('Idempotency-Key', long(20_000)).send(registrationBody(o.programId, customer()));
      expect(res.status).toBe(431);
      expect(res.body).toMatchObject({ error: 'headers_too_large', message: expect.any(String) });
      expect(await stored()).toEqual(before);
    });
  });

  describe('cursors', () => {
    let gets: string[] = [];
    const lists = () => ['/v1/cases', '/v1/deal-registrations', '/v1/members', '/v1/opportunities', '/v1/orders', '/v1/partners', '/v1/quotes', `/v1/webhooks/${endpointId}/deliveries`];
    let endpointId = '';

    beforeAll(async () => {
      // A webhook endpoint of Acme's, so its delivery list answers (its URL is never called here).
      endpointId = randomUUID();
      await sql`insert into webhook_endpoints (endpoint_id, partner_id, url, secret, topics, description, created_by, created_at, deactivated_at)
        values (${endpointId}, ${o.partners.acme}, 'https://hooks.example.com/x', ${'s'.repeat(24)}, ${['deal_registration']}, null, 'test', now(), null)`.execute(t.platform.readDb);
      // Its partner manager sees it once the partner directory has caught up with the onboarding.
      await until('the endpoint visible to its partner manager', async () => ((await get(`/v1/webhooks/${endpointId}/deliveries`)).status === 200 ? true : undefined));
      // Every GET the API documents; the lists among them are found by what they answer to a cursor.
      const doc = (await request(t.http).get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
      gets = Object.entries(doc.paths)
        .filter(([, ops]) => 'get' in ops)
        .map(([path]) => path.replace('{endpointId}', endpointId).replace('{resource}', 'deal-registrations').replace(/\{\w+\}/g, () => randomUUID()));
      for (let i = 0; i < 3; i++) await expectOk(await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).send(registrationBody(o.programId, customer(), { estimatedSize: { amountMinor: 1_000_000 * (i + 1), currency: 'USD' } })));
    });

    const get = (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${o.tokens.acmeManager}`);
    const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

    const forged: [string, string][] = [
      ['not base64url', 'abc!!$'],
      ['base64 of no JSON', Buffer.from('\u0000\u0001garbage').toString('base64url')],
      ['the old two-element shape with text where a time goes', cursorOf(['x', 'y'])],
      ['an object instead of an array', cursorOf({ value: 1, id: randomUUID() } as unknown as unknown[])],
      ['a value of the wrong type', cursorOf([1, 'rm_registrations', 'updatedAt', 'desc', { $gt: '' }, randomUUID()])],
      ['a time that does not exist', cursorOf([1, 'rm_registrations', 'updatedAt', 'desc', '2026-02-30T00:00:00.000Z', randomUUID()])],
      ['an id that is not a UUID', cursorOf([1, 'rm_registrations', 'updatedAt', 'desc', '2026-01-01T00:00:00.000Z', "x' or 1=1 --"])],
      ['a NUL character inside', cursorOf([1, 'rm_partners', 'name', 'asc', 'a\u0000b', randomUUID()])],
      ['a number past bigint', cursorOf([1, 'rm_registrations', 'amount', 'desc', '99999999999999999999', randomUUID()])],
      ['10,000 characters', 'A'.repeat(10_000)],
    ];

    it.each(forged)('answers a forged cursor (%s) with 400 invalid_cursor on every list, and no GET with a 5xx', async (_label, cursor) => {
      const refusedAsCursor: string[] = [];
      for (const path of gets) {
        const res = await get(`${path}?cursor=${encodeURIComponent(cursor)}`);
        if (res.status >= 500) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
        if (res.body?.error !== 'invalid_cursor') continue;
        expectProblem(res, 400, 'invalid_cursor');
        expect(res.body.fields).toEqual([{ field: 'cursor', reason: expect.any(String) }]);
        refusedAsCursor.push(path);
      }
      // Exactly the keyset lists read the cursor; the other routes refuse or ignore the unknown parameter.
      expect(refusedAsCursor.sort()).toEqual(lists().sort());
    });

    it('refuses a real cursor reused with another sort, another order or on another list', async () => {
      const page = await until('two registration pages', async () => {
        const body = (await get('/v1/deal-registrations?limit=1&sort=amount')).body;
        return body.nextCursor ? body : undefined;
      });
      const cursor: string = page.nextCursor;
      // Its own list, sort and order: the next page.
      const next = await get(`/v1/deal-registrations?limit=1&sort=amount&cursor=${cursor}`);
      expect(next.status).toBe(200);
      expect(next.body.items[0].id ?? next.body.items[0].registrationId).not.toBe(page.items[0].id ?? page.items[0].registrationId);
      for (const path of ['/v1/deal-registrations?sort=updatedAt', '/v1/deal-registrations?sort=submittedAt', '/v1/deal-registrations?sort=amount&order=asc', '/v1/opportunities?sort=amount', '/v1/orders?sort=total', '/v1/partners', `/v1/webhooks/${endpointId}/deliveries`]) {
        const res = await get(`${path}&cursor=${cursor}`.replace(/^([^?]*)&/, '$1?'));
        expectProblem(res, 400, 'invalid_cursor');
        expect(res.body.fields).toEqual([{ field: 'cursor', reason: expect.stringMatching(/another (list|sort)/) }]);
      }
      const partners = await until('two partner pages', async () => {
        const body = (await request(t.http).get('/v1/partners?limit=1').set('Authorization', `Bearer ${o.tokens.channelManager}`)).body;
        return body.nextCursor ? body : undefined;
      });
      const members = await request(t.http).get(`/v1/members?cursor=${partners.nextCursor}`).set('Authorization', `Bearer ${o.tokens.channelManager}`);
      expectProblem(members, 400, 'invalid_cursor');
    });
  });

  it('answers a NUL character in a query filter with 400 naming it', async () => {
    const res = await request(t.http).get('/v1/partners?q=%00').set('Authorization', `Bearer ${o.tokens.channelManager}`);
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.fields).toContainEqual({ field: 'q', reason: expect.stringContaining('NUL') });
  });
});
