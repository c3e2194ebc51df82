import { signPayload, verifySignature } from './signature';

describe('webhook signatures', () => {
  const secret = 'whsec-0123456789abcdef';
  const body = JSON.stringify({ hello: 'partner' });
  const now = 1_800_000_000;
  const signed = { signature: signPayload(secret, now, 'd-1', body), timestamp: String(now), deliveryId: 'd-1' };

  it('signs timestamp, delivery id and body with HMAC-SHA256', () => {
    // Reference value computed independently: printf '1800000000.d-1.{"hello":"partner"}' | openssl dgst -sha256 -hmac whsec-0123456789abcdef
    expect(signed.signature).toBe('sha256=19c535953a49ecb8e9d777bd7a0423ffba25dcd7d9b6cd94610bfd0ac5e1171b');
    expect(verifySignature(secret, signed, body, { now })).toBe(true);
  });

  it.each([
    ['another body', { ...signed }, '{"hello":"attacker"}', now],
    ['another delivery id', { ...signed, deliveryId: 'd-2' }, body, now],
    ['another secret', { ...signed, signature: signPayload('other-secret-000000', now, 'd-1', body) }, body, now],
    ['an old timestamp', { ...signed }, body, now + 301],
    ['no signature', { ...signed, signature: undefined }, body, now],
  ])('refuses %s', (_what, headers, payload, at) => {
    expect(verifySignature(secret, headers, payload, { now: at })).toBe(false);
  });
});
