import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Answer, OpenApiChecker, OpenApiDocument } from '../support/openapi-check';
import { startTestApp } from '../support/test-app';

// The check every end-to-end answer goes through (test-app.ts): first on a small document made here, then on the
// running app, where a mismatch must fail the test file that received it and real answers must pass.

const document: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/v1/things/{thingId}': {
      get: {
        responses: {
          '200': {
            description: 'the thing',
            headers: { ETag: { $ref: '#/components/headers/ETag' }, 'X-Seen': { schema: { type: 'integer', minimum: 1 } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      delete: { responses: { '204': { description: 'gone' } } },
    },
    '/v1/things/special': {
      get: { responses: { '200': { description: 'the special one', content: { 'application/json': { schema: { type: 'object', required: ['special'] } } } } } },
    },
    '/v1/things/{thingId}/export': {
      get: { responses: { '200': { description: 'as CSV', content: { 'text/csv': { schema: { type: 'string' } } } } } },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'status'],
        additionalProperties: false,
        properties: { id: { type: 'string', format: 'uuid' }, status: { enum: ['Draft', 'Approved'] }, note: { type: ['string', 'null'], example: 'a note' } },
      },
      Problem: { type: 'object', required: ['error', 'message'], properties: { error: { type: 'string' }, message: { type: 'string' } } },
    },
    headers: { ETag: { required: true, schema: { type: 'string', pattern: '^"\\d+"$' } } },
    responses: { NotFound: { description: 'no such thing', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
  },
};

const PROGRAM_RULES = {
  allowedTypes: ['resell'],
  protectionDays: 90,
  approvalSlaHours: 48,
  discountPercent: 10,
  minimumDealSize: { amountMinor: 100_000, currency: 'USD' },
  maxExtensions: 1,
  extensionDays: 30,
};

const thing = { id: randomUUID(), status: 'Draft', note: null };
const answer = (over: Partial<Answer> & { json?: unknown }): Answer => ({
  method: 'GET',
  path: `/v1/things/${thing.id}`,
  status: 200,
  contentType: 'application/json; charset=utf-8',
  headers: over.status === undefined || over.status === 200 ? { etag: '"3"' } : {},
  body: JSON.stringify(over.json ?? thing),
  ...over,
});

describe('the response check on a hand-made document', () => {
  const checker = new OpenApiChecker(document);

  it('passes an answer its operation documents, following $refs to schemas and to shared responses', () => {
    expect(checker.check(answer({}))).toBeUndefined();
    expect(checker.check(answer({ status: 404, contentType: 'application/problem+json', json: { error: 'not_found', message: 'no such thing' } }))).toBeUndefined();
    expect(checker.check(answer({ method: 'DELETE', status: 204, contentType: undefined, body: '' }))).toBeUndefined();
  });

  it('fails a body that does not match the schema, with the errors ajv reports', () => {
    const mismatch = checker.check(answer({ json: { id: 'not-a-uuid', status: 'Pending', extra: 1 } }));
    expect(mismatch).toMatchObject({ method: 'GET', status: 200, template: '/v1/things/{thingId}', problem: 'the body does not match the documented schema' });
    expect(mismatch?.errors?.join('\n')).toEqual(expect.stringContaining('/id must match format "uuid"'));
    expect(mismatch?.errors?.join('\n')).toEqual(expect.stringContaining('/status must be equal to one of the allowed values'));
    expect(mismatch?.errors?.join('\n')).toEqual(expect.stringContaining('must NOT have additional properties {"additionalProperty":"extra"}'));
    expect(checker.check(answer({ body: '{"id": ' }))?.problem).toBe('the body is not JSON although it is sent as application/json');
  });

  it('fails a status the operation does not document', () => {
    expect(checker.check(answer({ status: 409, json: { error: 'conflict', message: 'x' } }))?.problem).toBe('status 409 is not documented for this operation (documented: 200, 404)');
    expect(checker.check(answer({ method: 'DELETE', status: 200, contentType: undefined, body: '' }))?.problem).toMatch(/^status 200 is not documented/);
  });

  it('fails a content type the response does not document, and a body where it documents none', () => {
    expect(checker.check(answer({ contentType: 'text/html' }))?.problem).toBe('content type text/html is not documented for this status (documented: application/json)');
    expect(checker.check(answer({ method: 'DELETE', status: 204, body: '{}' }))?.problem).toBe('the answer has a body; the document describes none for this status');
    expect(checker.check(answer({ body: '' }))?.problem).toBe('the answer has no body; the document describes one for this status');
    expect(checker.check(answer({ path: `/v1/things/${thing.id}/export`, contentType: 'text/csv; charset=utf-8', body: 'a,b\n1,2\n' }))).toBeUndefined();
  });

  it('fails a required header that is missing, and a header whose value its schema does not allow', () => {
    expect(checker.check(answer({ headers: { etag: '"3"', 'x-seen': '2' } }))).toBeUndefined();
    expect(checker.check(answer({ headers: {} }))).toMatchObject({ problem: 'the headers do not match the documented ones', errors: ['header ETag is missing'] });
    expect(checker.check(answer({ headers: { etag: 'W/"abc"', 'x-seen': '0' } }))?.errors).toEqual([
      expect.stringMatching(/^header ETag: "W\/.*" must match pattern /),
      'header X-Seen: "0" must be >= 1',
    ]);
  });

  it('matches a literal path segment before a parameter', () => {
    expect(checker.check(answer({ path: '/v1/things/special', json: { special: true } }))).toBeUndefined();
    expect(checker.check(answer({ path: '/v1/things/special', json: thing }))?.template).toBe('/v1/things/special');
  });

  it('leaves the router\'s 404 for an unknown route, the document and the job dashboard alone, and fails any other undocumented route', () => {
    expect(checker.check(answer({ path: '/v1/nothing-here', status: 404, json: { error: 'not_found', message: 'x' } }))).toBeUndefined();
    expect(checker.check(answer({ method: 'POST', status: 404, json: { error: 'not_found', message: 'x' } }))).toBeUndefined();
    for (const path of ['/docs', '/docs-json', '/ops/queues/login']) expect(checker.check(answer({ path, contentType: 'text/html', body: '<html>' }))).toBeUndefined();
    expect(checker.check(answer({ path: '/v1/nothing-here' }))?.problem).toBe('no operation in the document for this method and path');
    expect(checker.check(answer({ path: '/metrics', contentType: 'text/plain', body: 'up 1' }))?.problem).toBe('no operation in the document for this method and path');
  });

  it('reads OpenAPI 3.0 `nullable` as a type that admits null', () => {
    const schema = { type: 'object', properties: { note: { type: 'string', nullable: true } } };
    const old = new OpenApiChecker({ openapi: '3.0.0', paths: { '/v1/x': { get: { responses: { '200': { description: '', content: { 'application/json': { schema } } } } } } } });
    expect(old.check(answer({ path: '/v1/x', json: { note: null } }))).toBeUndefined();
    expect(old.check(answer({ path: '/v1/x', json: { note: 3 } }))?.errors).toHaveLength(1);
  });
});

describe('the response check on the running app', () => {
  it('records an answer the document does not describe and fails close() listing it (wrong body, undocumented status)', async () => {
    // The served document, made wrong on purpose in two places: /health must carry a field it never has, and a
    // program's 404 is not documented.
    const t = await startTestApp({}, undefined, undefined, {
      checkAgainst: (served) => {
        const doc: OpenApiDocument = JSON.parse(JSON.stringify(served));
        const paths = doc.paths ?? {};
        paths['/health'].get = { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['nonsense'] } } } } } };
        paths['/v1/programs/{programId}'].get = { responses: { '200': { description: 'the program' } } };
        return doc;
      },
    });
    const missing = randomUUID();
    let failure: unknown;
    try {
      const token = await t.token('channel_manager');
      expect((await request(t.http).get('/health')).status).toBe(200);
      expect((await request(t.http).get(`/v1/programs/${missing}`).set('Authorization', `Bearer ${token}`)).status).toBe(404);
      expect(t.schemaMismatches()).toEqual([
        expect.objectContaining({ method: 'GET', path: '/health', status: 200, problem: 'the body does not match the documented schema', errors: [expect.stringContaining("must have required property 'nonsense'")] }),
        expect.objectContaining({ method: 'GET', path: `/v1/programs/${missing}`, status: 404, problem: 'status 404 is not documented for this operation (documented: 200)' }),
      ]);
    } finally {
      failure = await t.close().then(
        () => undefined,
        (error: unknown) => error,
      );
    }
    expect(failure).toBeInstanceOf(Error);
    const message = String(failure);
    expect(message).toContain('2 answer(s) do not match the OpenAPI document');
    expect(message).toContain(`- GET /v1/programs/${missing} -> 404 (/v1/programs/{programId}): status 404 is not documented`);
    expect(message).toContain("must have required property 'nonsense'");
  });

  it('passes real answers: success, not found, validation failure, missing token', async () => {
    const t = await startTestApp();
    try {
      const token = await t.token('channel_manager');
      const auth = { Authorization: `Bearer ${token}` };
      expect((await request(t.http).get('/health')).status).toBe(200);
      const created = await request(t.http)
        .post('/v1/programs')
        .set(auth)
        .send({ name: 'Checked Program', tiers: [{ name: 'Gold', rank: 1, benefits: [], requirements: [] }], rules: PROGRAM_RULES });
      expect(created.status).toBe(201);
      expect((await request(t.http).get(`/v1/programs/${created.body.id}`).set(auth)).status).toBe(200);
      expect((await request(t.http).get(`/v1/programs/${randomUUID()}`).set(auth)).status).toBe(404);
      expect((await request(t.http).post('/v1/programs').set(auth).send({ name: '' })).status).toBe(400);
      expect((await request(t.http).get('/v1/partners')).status).toBe(401);
      expect((await request(t.http).get('/v1/no-such-route').set(auth)).status).toBe(404);
      expect(t.schemaMismatches()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
