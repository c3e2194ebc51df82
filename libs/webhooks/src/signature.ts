import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-channel-ledger-signature';
export const TIMESTAMP_HEADER = 'x-channel-ledger-timestamp';
export const DELIVERY_HEADER = 'x-channel-ledger-delivery';
export const ATTEMPT_HEADER = 'x-channel-ledger-attempt';

// What is signed: "<unix seconds>.<delivery id>.<raw body>", with HMAC-SHA256 and the endpoint's secret. The
// signature header carries it as "sha256=<hex>". A receiver recomputes it over the raw body it got, compares
// in constant time, and refuses timestamps far from its own clock (replays).
export function signPayload(secret: string, timestamp: number, deliveryId: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${deliveryId}.${body}`).digest('hex')}`;
}

export function verifySignature(secret: string, headers: { signature?: string; timestamp?: string; deliveryId?: string }, body: string, options: { now?: number; toleranceSeconds?: number } = {}): boolean {
  const { signature, timestamp, deliveryId } = headers;
  if (!signature || !timestamp || !deliveryId || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signPayload(secret, Number(timestamp), deliveryId, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
