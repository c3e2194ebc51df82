import { createHash, randomUUID } from 'node:crypto';

// A version-4-shaped UUID derived from a seed: the same seed always names the same record, so "one opportunity
// per registration" and "one order per quote" hold even when two requests race.
export function deterministicUuid(seed: string): string {
  const b = createHash('sha256').update(seed).digest();
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

// The id of a record a command creates. With an Idempotency-Key it is derived from the caller and the key, so a
// retry after a crash (the first attempt appended, its answer was lost) finds the same stream, where the command
// runner recognises its own events and answers with them instead of creating the record twice.
export function newRecordId(kind: string, ctx: { actor: { userId: string }; idempotencyKey: string | undefined }): string {
  return ctx.idempotencyKey ? deterministicUuid(`${kind}:${ctx.actor.userId}:${ctx.idempotencyKey}`) : randomUUID();
}
