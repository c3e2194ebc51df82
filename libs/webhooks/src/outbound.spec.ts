import { AddressInfo } from 'node:net';
import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:tls';
import { OutboundPost, Resolver, postWebhook } from './outbound';

interface Heard {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

// A local HTTP server that records what it hears and answers with `status` (and a body a partner must never see).
async function listen(host: string, status: number, port = 0, extra: Record<string, string> = {}): Promise<{ server: Server; port: number; heard: Heard[] }> {
  const heard: Heard[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      heard.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(status, extra);
      res.end('internal: redis at 10.0.0.5:6379 says NOAUTH');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port, heard };
}

// A DNS stand-in whose answers change from one lookup to the next, as a rebinding attacker's server does.
function rebinding(...answers: string[]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const address = answers[Math.min(calls.length - 1, answers.length - 1)];
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  return Object.assign(resolve, { calls });
}

const post = (url: string, more: Partial<OutboundPost> = {}): OutboundPost => ({ url, headers: { 'content-type': 'application/json' }, body: '{"hello":"partner"}', timeoutMs: 5_000, allowInsecure: false, ...more });

describe('outbound webhook posts', () => {
  const servers: Server[] = [];
  afterAll(() =>
    servers.forEach((s) => {
      s.closeAllConnections?.();
      s.close();
    }),
  );
  const local = async (host: string, status: number, port = 0, extra: Record<string, string> = {}) => {
    const s = await listen(host, status, port, extra);
    servers.push(s.server);
    return s;
  };

  it('refuses a name that resolves to loopback, without connecting, when insecure endpoints are not allowed', async () => {
    const receiver = await local('127.0.0.1', 200);
    const resolve = rebinding('127.0.0.1');
    const result = await postWebhook(post(`http://partner.example.com:${receiver.port}/hooks`, { resolve, allowInsecure: false }));
    // http:// is refused first; over https the name is resolved and its address refused.
    expect(result).toMatchObject({ statusCode: null, reason: 'address_refused' });
    const https = await postWebhook(post(`https://partner.example.com:${receiver.port}/hooks`, { resolve }));
    expect(https).toMatchObject({ statusCode: null, reason: 'address_refused' });
    expect(resolve.calls).toEqual(['partner.example.com']);
    expect(receiver.heard).toEqual([]);
  });

  it.each([['10.0.0.7'], ['169.254.169.254'], ['::1'], ['::ffff:127.0.0.1'], ['fd00::2'], ['100.64.1.1']])('refuses a name resolving to %s', async (address) => {
    const result = await postWebhook(post('https://partner.example.com/hooks', { resolve: rebinding(address) }));
    expect(result).toMatchObject({ statusCode: null, reason: 'address_refused' });
  });

  it('refuses a name when any of its addresses is not public', async () => {
    const resolve: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    expect(await postWebhook(post('https://partner.example.com/hooks', { resolve }))).toMatchObject({ statusCode: null, reason: 'address_refused' });
  });

  it('refuses a name that does not resolve with the same reason as a refused address', async () => {
    const resolve: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND db.corp.example.com'), { code: 'ENOTFOUND' });
    };
    const result = await postWebhook(post('https://db.corp.example.com/hooks', { resolve }));
    expect(result).toMatchObject({ statusCode: null, reason: 'address_refused' });
  });

  it('refuses, at sending time too, the names and literals the registration check refuses', async () => {
    const resolve = rebinding('93.184.216.34');
    for (const url of ['https://localhost./x', 'https://2130706433/x', 'https://[::ffff:7f00:1]/x', 'https://kubernetes.default.svc.cluster.local/x']) {
      expect(await postWebhook(post(url, { resolve }))).toMatchObject({ statusCode: null, reason: 'address_refused' });
    }
    expect(resolve.calls).toEqual([]);
  });

  it('connects to the address it checked, even when a second lookup would answer differently', async () => {
    // The checked answer is 127.0.0.2; the system resolver and every later answer of the stand-in say 127.0.0.1,
    // where another server listens on the same port. (Insecure mode, so that a local address can be checked
    // and accepted at all; the pinning is the same in both modes.)
    const receiver = await local('127.0.0.2', 204);
    const elsewhere = await local('127.0.0.1', 200, receiver.port);
    const resolve = rebinding('127.0.0.2', '127.0.0.1');
    const result = await postWebhook(post(`http://localhost:${receiver.port}/hooks?x=1`, { resolve, allowInsecure: true }));
    expect(result).toEqual({ statusCode: 204, reason: null });
    expect(resolve.calls).toEqual(['localhost']);
    expect(receiver.heard).toHaveLength(1);
    expect(receiver.heard[0]).toMatchObject({ url: '/hooks?x=1', body: '{"hello":"partner"}', headers: { host: `localhost:${receiver.port}`, 'content-type': 'application/json' } });
    expect(elsewhere.heard).toEqual([]);
  });

  it('falls back to the next checked address when the first does not answer, and to no other', async () => {
    const receiver = await local('127.0.0.2', 200);
    const elsewhere = await local('127.0.0.1', 200, receiver.port);
    const resolve: Resolver = async () => [
      { address: '127.0.0.3', family: 4 }, // nothing listens there
      { address: '127.0.0.2', family: 4 },
    ];
    const result = await postWebhook(post(`http://localhost:${receiver.port}/hooks`, { resolve, allowInsecure: true }));
    expect(result).toEqual({ statusCode: 200, reason: null });
    expect(receiver.heard).toHaveLength(1);
    expect(elsewhere.heard).toEqual([]);
  });

  it('does not reach a loopback address a rebinding name gives after its first, public answer', async () => {
    const inside = await local('127.0.0.1', 200);
    const resolve = rebinding('93.184.216.34', '127.0.0.1');
    const result = await postWebhook(post(`https://rebind.example.com:${inside.port}/hooks`, { resolve, timeoutMs: 1_500 }));
    // There is no route to the public address from here: the attempt fails, and nothing went inside.
    expect(result.statusCode).toBeNull();
    expect(['timeout', 'connection_failed']).toContain(result.reason);
    expect(resolve.calls).toEqual(['rebind.example.com']);
    expect(inside.heard).toEqual([]);
  });

  it('over https, names the host in the TLS handshake while connecting to the pinned address, and hides TLS errors', async () => {
    const names: string[] = [];
    // The handshake stops at SNI (this server has no certificate): enough to see the name the client asked for.
    const tls = createTlsServer({ SNICallback: (name, callback) => (names.push(name), callback(new Error('no certificate for you'), undefined)) });
    servers.push(tls as unknown as Server);
    await new Promise<void>((r) => tls.listen(0, '127.0.0.2', () => r()));
    const resolve = rebinding('127.0.0.2', '127.0.0.1');
    const result = await postWebhook(post(`https://hooks.partner.example.com:${(tls.address() as AddressInfo).port}/in`, { resolve, allowInsecure: true }));
    expect(result).toMatchObject({ statusCode: null, reason: 'connection_failed' });
    expect(names).toEqual(['hooks.partner.example.com']);
  });

  it('does not follow redirects', async () => {
    const target = await local('127.0.0.1', 200);
    const redirecting = await local('127.0.0.1', 307, 0, { location: `http://127.0.0.1:${target.port}/stolen` });
    const result = await postWebhook(post(`http://127.0.0.1:${redirecting.port}/hooks`, { allowInsecure: true }));
    expect(result).toEqual({ statusCode: 307, reason: 'redirect_refused' });
    expect(redirecting.heard).toHaveLength(1);
    expect(target.heard).toEqual([]);
  });

  it('reports a receiver error by status and a closed port by a generic reason, keeping the details for the service log', async () => {
    const failing = await local('127.0.0.1', 500);
    const answered = await postWebhook(post(`http://127.0.0.1:${failing.port}/hooks`, { allowInsecure: true }));
    expect(answered).toEqual({ statusCode: 500, reason: 'receiver_error' });

    const closed = await local('127.0.0.1', 200);
    await new Promise((r) => closed.server.close(r));
    const refused = await postWebhook(post(`http://127.0.0.1:${closed.port}/hooks`, { allowInsecure: true }));
    expect(refused).toMatchObject({ statusCode: null, reason: 'connection_failed' });
    expect(refused.diagnostic).toContain('ECONNREFUSED');
  });

  it('opens a fresh connection for every post, so none goes out on a socket connected to an earlier answer', async () => {
    const receiver = await local('127.0.0.1', 200, 0, { connection: 'keep-alive' });
    let connections = 0;
    receiver.server.on('connection', () => (connections += 1));
    for (let i = 0; i < 3; i += 1) expect(await postWebhook(post(`http://127.0.0.1:${receiver.port}/hooks`, { allowInsecure: true }))).toEqual({ statusCode: 200, reason: null });
    expect(receiver.heard).toHaveLength(3);
    expect(connections).toBe(3);
  });

  it('reads no more than a small part of an endless answer', async () => {
    const endless = createServer((req, res) => {
      req.resume();
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const write = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', write);
      };
      write();
    });
    servers.push(endless);
    await new Promise<void>((r) => endless.listen(0, '127.0.0.1', () => r()));
    // The attempt's time-out (60 s) is far beyond the test's: only the cap on the answer can end it in time.
    const result = await postWebhook(post(`http://127.0.0.1:${(endless.address() as AddressInfo).port}/hooks`, { allowInsecure: true, timeoutMs: 60_000 }));
    expect(result).toEqual({ statusCode: 200, reason: null });
  }, 20_000);

  it('gives up at the time-out when the receiver never answers', async () => {
    const silent = createServer(() => undefined);
    servers.push(silent);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const result = await postWebhook(post(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/hooks`, { allowInsecure: true, timeoutMs: 300 }));
    expect(result).toMatchObject({ statusCode: null, reason: 'timeout' });
  });
});
