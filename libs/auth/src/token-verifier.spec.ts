import { createServer, Server } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { TokenVerifier } from './token-verifier';

const issuer = 'channel-ledger';
const audience = 'channel-ledger-api';
const secret = new TextEncoder().encode('s'.repeat(40));

const hs = (claims: Record<string, unknown>, build: (j: SignJWT) => SignJWT = (j) => j) =>
  build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(audience).setSubject('u-1').setExpirationTime('1h')).sign(secret);

describe('TokenVerifier with a local HS256 secret', () => {
  const verifier = new TokenVerifier({ secret, jwksUrl: undefined, issuer, audience });

  it('turns claims into an actor', async () => {
    await expect(verifier.verify(await hs({ roles: ['approver'] }))).resolves.toEqual({ kind: 'enterprise', userId: 'u-1', roles: ['approver'] });
    await expect(verifier.verify(await hs({ roles: ['partner_associate'], partner_id: 'p-1' }))).resolves.toEqual({
      kind: 'partner',
      userId: 'u-1',
      roles: ['partner_associate'],
      partnerId: 'p-1',
    });
  });

  it.each([
    ['not yet valid', () => hs({ roles: ['admin'] }, (j) => j.setNotBefore('10m'))],
    ['expired', () => hs({ roles: ['admin'] }, (j) => j.setExpirationTime('-1m'))],
    ['the wrong audience', () => hs({ roles: ['admin'] }, (j) => j.setAudience('someone-else'))],
    ['the wrong issuer', () => hs({ roles: ['admin'] }, (j) => j.setIssuer('someone-else'))],
    ['no roles', () => hs({})],
    ['an unknown role', () => hs({ roles: ['superuser'] })],
    ['a partner role without partner_id', () => hs({ roles: ['partner_manager'] })],
    ['partner and enterprise roles together', () => hs({ roles: ['admin', 'partner_manager'], partner_id: 'p-1' })],
    ['a partner_id with a NUL character', () => hs({ roles: ['partner_manager'], partner_id: 'p-1\u0000' })],
    ['a subject with an unpaired surrogate', () => hs({ roles: ['admin'] }, (j) => j.setSubject('u-\ud800'))],
    ['a subject of 256 characters', () => hs({ roles: ['admin'] }, (j) => j.setSubject('u'.repeat(256)))],
    ['no subject', () => new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(audience).setExpirationTime('1h').sign(secret)],
    ['no issuer', () => new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setAudience(audience).setSubject('u').setExpirationTime('1h').sign(secret)],
    ['a signature made with another secret', () => new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(audience).setSubject('u').setExpirationTime('1h').sign(new TextEncoder().encode('t'.repeat(40)))],
    ['alg none', async () => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part({ roles: ['admin'], sub: 'u', iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
    }],
    ['a body changed after signing', async () => {
      const [header, , signature] = (await hs({ roles: ['partner_associate'], partner_id: 'p-1' })).split('.');
      const body = Buffer.from(JSON.stringify({ roles: ['admin'], sub: 'u-1', iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
      return `${header}.${body}.${signature}`;
    }],
    ['garbage', async () => 'not-a-token'],
    ['no expiry', () => new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(audience).setSubject('u').sign(secret)],
  ])('refuses a token with %s as 401', async (_label, make) => {
    await expect(verifier.verify(await make())).rejects.toMatchObject({ status: 401 });
  });
});

describe('TokenVerifier with a JWKS URL (the production path)', () => {
  let server: Server;
  let url: string;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`;
  });

  afterAll(() => server.close());

  it('verifies RS256 tokens signed by the identity provider, and refuses HS256 ones', async () => {
    const verifier = new TokenVerifier({ secret: undefined, jwksUrl: url, issuer, audience });
    const rs = await new SignJWT({ roles: ['channel_manager'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('idp-user')
      .setExpirationTime('1h')
      .sign(keys.privateKey);
    await expect(verifier.verify(rs)).resolves.toEqual({ kind: 'enterprise', userId: 'idp-user', roles: ['channel_manager'] });
    await expect(verifier.verify(await hs({ roles: ['admin'] }))).rejects.toMatchObject({ status: 401 });
  });
});
