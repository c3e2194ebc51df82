import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { ManualClock, TestApp, startTestApp } from '../support/test-app';
import { until } from '../support/until';

jest.setTimeout(120_000);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

// Every refusal, whoever gives it (Node's HTTP parser, the body parser, routing, the guard, a pipe, a header check),
// answers in one shape, { error, message, fields, requestId }, with the request id also in X-Request-Id, and writes
// exactly one log line with that id.
describe('one error shape on every refusal, and one log line for every request', () => {
  let t: TestApp;
  const lines: string[] = [];
  const write = process.stdout.write;
  const clock = new ManualClock();
  const LIMIT = 5;

  beforeAll(async () => {
    // Replaced before the app makes its loggers: pino then writes through process.stdout (instead of straight to
    // the file descriptor), and every line it writes is kept here.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.startsWith('{"level"')) lines.push(...text.split('\n').filter(Boolean));
      else return write.call(process.stdout, chunk, ...rest);
      return true;
    }) as typeof process.stdout.write;
    t = await startTestApp({ LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: String(LIMIT) }, clock);
  });

  afterAll(async () => {
    await t?.close();
    process.stdout.write = write;
  });

  const port = async () => {
    const server = t.http as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };

  // Bytes on a socket of its own, as a client puts them on the wire; the answer as it comes back.
  const raw = async (text: string | ((write: (chunk: string) => void) => void)): Promise<Answer> => {
    const at = await port();
    const answer = await new Promise<string>((resolve, reject) => {
      let received = '';
      const socket = connect(at, '127.0.0.1', () => (typeof text === 'string' ? socket.write(text) : text((chunk) => socket.write(chunk))));
      socket.on('data', (chunk) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    const [head, ...rest] = answer.split('\r\n\r\n');
    const [statusLine, ...headerLines] = head.split('\r\n');
    const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(rest.join('\r\n')) };
  };

  const token = (role: Parameters<TestApp['token']>[0] = 'channel_manager') => t.token(role).then((value) => `Bearer ${value}`);
  const body = (size = 10) => JSON.stringify({ name: 'x'.repeat(size) });

  // The one shape, the id twice, and exactly one log line with that id (the line is written once the answer is sent,
  // so it is waited for, and then a little longer for any second one).
  async function expectRefusal(res: Answer, status: number, error: string, fields: string[]): Promise<void> {
    const text = JSON.stringify(res.body);
    if (res.status !== status) throw new Error(`expected ${status} ${error}, got ${res.status}: ${text}`);
    const answer = res.body as { error: string; message: string; fields: { field: string; reason: string }[]; requestId: string };
    expect(Object.keys(answer).sort()).toEqual(['error', 'fields', 'message', 'requestId']);
    expect(answer.error).toBe(error);
    expect(typeof answer.message).toBe('string');
    expect(answer.message).not.toMatch(/^Cannot /);
    expect(answer.fields.map((f) => f.field)).toEqual(fields);
    for (const f of answer.fields) expect(f.reason).not.toMatch(new RegExp(`^${f.field.replace(/[.[\]]/g, '\\$&')}\\b`));
    expect(answer.requestId).toEqual(expect.any(String));
    expect(res.headers['x-request-id']).toBe(answer.requestId);
    const withId = () => lines.filter((line) => line.includes(answer.requestId));
    await until(`the log line of ${answer.requestId}`, async () => (withId().length > 0 ? true : undefined), 5_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(withId()).toHaveLength(1);
    expect(JSON.parse(withId()[0])).toMatchObject({ level: 40, req: { id: answer.requestId }, res: { statusCode: status } });
  }

  const post = async (path: string, content: string | Buffer, headers: Record<string, string> = {}, role: Parameters<TestApp['token']>[0] = 'channel_manager') => {
    let req = request(t.http).post(path).set('Authorization', await token(role)).set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req.serialize((value: unknown) => value as string).send(content);
  };

  it('malformed JSON: 400 naming the body', async () => {
    await expectRefusal(await post('/v1/partners', '{"broken'), 400, 'malformed_request', ['body']);
  });

  it('a body over the limit by its declared length: 413 naming the body', async () => {
    await expectRefusal(await post('/v1/partners', body(200_000)), 413, 'payload_too_large', ['body']);
  });

  it('a chunked body that grows past the limit: 413 naming the body', async () => {
    const res = await raw((send) => {
      send(`POST /v1/partners HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`);
      const chunk = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 8; i++) send(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      send('0\r\n\r\n');
    });
    await expectRefusal(res, 413, 'payload_too_large', ['body']);
  });

  it.each([
    ['text/plain', { 'Content-Type': 'text/plain' }, 'Content-Type'],
    ['charset latin1', { 'Content-Type': 'application/json; charset=latin1' }, 'Content-Type'],
    ['Content-Encoding br', { 'Content-Encoding': 'br' }, 'Content-Encoding'],
  ])('%s: 415 naming the header', async (_label, headers, field) => {
    await expectRefusal(await post('/v1/partners', body(), headers), 415, 'unsupported_media_type', [field]);
  });

  it('bytes that are not UTF-8, and a body nested too deep: 400 naming the body', async () => {
    await expectRefusal(await post('/v1/partners', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])), 400, 'malformed_request', ['body']);
    await expectRefusal(await post('/v1/partners', '['.repeat(100) + ']'.repeat(100)), 400, 'malformed_request', ['body']);
  });

  it('a path parameter that is not an id: 400 naming it', async () => {
    await expectRefusal(await request(t.http).get('/v1/quotes/not-a-uuid').set('Authorization', await token()), 400, 'validation_failed', ['quoteId']);
  });

  it('a path the server cannot decode (not percent-encoding): 400, in the error shape and logged', async () => {
    await expectRefusal(await request(t.http).get('/v1/quotes/%E0%A4%A').set('Authorization', await token()), 400, 'malformed_request', []);
  });

  it('a query parameter out of its set: 400 naming it, the reason without the name again', async () => {
    const res = await request(t.http).get('/v1/pipeline?groupBy=foo').set('Authorization', await token());
    await expectRefusal(res, 400, 'validation_failed', ['groupBy']);
    expect(res.body.fields[0].reason).toMatch(/^must be one of the following values: /);
    expect(res.body.message).toMatch(/^the request is not valid: groupBy must be one of the following values: /);
  });

  it('an unknown property: 400 naming it', async () => {
    const res = await post('/v1/partners', JSON.stringify({ name: 'Acme', partnerType: 'reseller', tier: 'Gold', webDomain: 'acme.example', country: 'GB', industry: 'IT', colour: 'red' }));
    await expectRefusal(res, 400, 'validation_failed', ['colour']);
    expect(res.body.fields[0].reason).toBe('should not exist');
  });

  it.each([
    ['If-Match', 'not-a-version'],
    ['Idempotency-Key', 'has spaces in it'],
  ])('a bad %s header: 400 naming it', async (header, value) => {
    const res = await request(t.http).post(`/v1/partners/${randomUUID()}/members/${randomUUID()}/deactivate`).set('Authorization', await token()).set(header, value);
    await expectRefusal(res, 400, header === 'If-Match' ? 'invalid_if_match' : 'invalid_idempotency_key', [header]);
  });

  it('a bad X-Min-Position header: 400 naming it', async () => {
    const res = await request(t.http).get('/v1/partners').set('Authorization', await token()).set('X-Min-Position', 'yesterday');
    await expectRefusal(res, 400, 'invalid_min_position', ['X-Min-Position']);
  });

  it('a path no route has: 404 saying which, not the framework\'s text', async () => {
    const res = await request(t.http).get('/v1/nope');
    await expectRefusal(res, 404, 'not_found', []);
    expect(res.body.message).toBe('no route GET /v1/nope');
  });

  it.each([
    ['DELETE', '/v1/partners', 'GET, HEAD, OPTIONS, POST'],
    ['PATCH', '/health', 'GET, HEAD, OPTIONS'],
    ['PUT', `/v1/partners/${randomUUID()}`, 'GET, HEAD, OPTIONS, PATCH'],
  ])('%s %s: 405 with Allow', async (method, path, allow) => {
    const res = await request(t.http)[method.toLowerCase() as 'delete' | 'patch' | 'put'](path).set('Authorization', await token());
    await expectRefusal(res, 405, 'method_not_allowed', []);
    expect(res.headers.allow).toBe(allow);
  });

  it('OPTIONS: 204 with Allow where the path exists, 404 where it does not', async () => {
    const known = await request(t.http).options('/v1/partners');
    expect(known.status).toBe(204);
    expect(known.headers.allow).toBe('GET, HEAD, OPTIONS, POST');
    await expectRefusal(await request(t.http).options('/v1/nope'), 404, 'not_found', []);
  });

  it('no token, or a token without the role: 401 and 403', async () => {
    await expectRefusal(await request(t.http).get('/v1/partners'), 401, 'missing_token', ['Authorization']);
    await expectRefusal(await post('/v1/partners', body(), {}, 'auditor'), 403, 'forbidden', []);
  });

  it('a token over its minute: 429', async () => {
    const bearer = await token();
    clock.freeze();
    try {
      for (let i = 0; i < LIMIT; i++) expect((await request(t.http).get('/v1/partners').set('Authorization', bearer)).status).toBe(200);
      await expectRefusal(await request(t.http).get('/v1/partners').set('Authorization', bearer), 429, 'rate_limited', []);
    } finally {
      clock.thaw();
    }
  });

  it('headers past 16 kB: 431, before the app sees the request', async () => {
    const res = await request(t.http).get('/v1/partners').set('X-Filler', 'x'.repeat(20_000));
    await expectRefusal(res, 431, 'headers_too_large', ['headers']);
    // With the security headers every answer has.
    expect(res.headers).toMatchObject({ 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", 'strict-transport-security': expect.any(String) });
  });

  it('an Expect the server cannot meet: 417 naming Expect, and nothing stored', async () => {
    const before = await t.eventCount();
    const auth = await token();
    const content = body();
    await expectRefusal(
      await raw(`POST /v1/partners HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nExpect: foo\r\nContent-Length: ${content.length}\r\nConnection: close\r\n\r\n${content}`),
      417,
      'expectation_failed',
      ['Expect'],
    );
    expect(await t.eventCount()).toBe(before);
  });

  it('bytes that are not HTTP: 400, before the app sees the request', async () => {
    await expectRefusal(await raw('THIS IS NOT HTTP\r\n\r\n'), 400, 'malformed_request', []);
  });

  it.each(['/health', '/docs-json', '/docs', '/ops/queues/login'])('an answered request writes exactly one line too, with its id in X-Request-Id (GET %s)', async (path) => {
    const res = await request(t.http).get(path);
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'];
    expect(id).toEqual(expect.any(String));
    await until('the log line', async () => (lines.some((l) => l.includes(id)) ? true : undefined), 5_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.filter((l) => l.includes(id))).toHaveLength(1);
    expect(JSON.parse(lines.find((l) => l.includes(id))!)).toMatchObject({ req: { id, url: path }, res: { statusCode: 200 } });
  });
});
