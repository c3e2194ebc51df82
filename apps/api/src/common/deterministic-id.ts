import { createHash } from 'node:crypto';

// A version-4-shaped UUID derived from a seed: the same seed always names the same record, so "one opportunity
// per registration" and "one order per quote" hold even when two requests race.
export function deterministicUuid(seed: string): string {
  const b = createHash('sha256').update(seed).digest();
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
