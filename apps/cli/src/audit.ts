import { EventStore, StoredEvent, Verification, verifyStream } from '../../../libs/event-store/src';
import { fold } from '../../../libs/domain/src';
import { AUDITABLE } from '../../api/src/audit/auditable';

export class AuditUsageError extends Error {}

type Out = (text: string) => void;

// A progress bar on a terminal; a line every tenth of the way otherwise (logs, CI).
function progress(total: number, write: Out, tty: boolean) {
  const started = Date.now();
  let lastDecile = -1;
  return (done: number, events: number) => {
    const fraction = total === 0 ? 1 : done / total;
    const rate = events / Math.max((Date.now() - started) / 1000, 0.001);
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} streams, ${events} events, ${Math.round(rate)} events/s`);
      if (done === total) write('\n');
    } else if (Math.floor(fraction * 10) > lastDecile) {
      lastDecile = Math.floor(fraction * 10);
      write(`verified ${done}/${total} streams (${events} events)\n`);
    }
  };
}

async function allStreams(store: EventStore): Promise<string[]> {
  const streams = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: 2_000 });
    for (const event of page) streams.add(event.streamId);
    if (page.length < 2_000) return [...streams];
    after = page[page.length - 1].position;
  }
}

function describe(streamId: string, result: Extract<Verification, { ok: false }>): string {
  return `BROKEN: stream ${streamId} at revision ${result.revision}${result.eventId ? ` (event ${result.eventId})` : ''}: ${result.reason}`;
}

// Returns the exit code: 0 when every chain holds, 1 at the first broken link.
export async function auditVerify(store: EventStore, args: string[], out: Out, err: Out, tty: boolean): Promise<number> {
  const target = args[0];
  if (!target) throw new AuditUsageError('audit verify needs a stream id or --all');
  if (target !== '--all') {
    const result = verifyStream(target, await store.readStream(target));
    if (result.events === 0) throw new AuditUsageError(`stream ${target} has no events`);
    if (!result.ok) {
      out(`${describe(target, result)}\n`);
      return 1;
    }
    out(`ok: stream ${target}, ${result.events} events, hash chain intact\n`);
    return 0;
  }
  const streams = await allStreams(store);
  const tick = progress(streams.length, err, tty);
  let events = 0;
  for (const [i, streamId] of streams.entries()) {
    const result = verifyStream(streamId, await store.readStream(streamId));
    events += result.events;
    if (!result.ok) {
      if (tty) err('\n');
      out(`${describe(streamId, result)}\n`);
      return 1;
    }
    tick(i + 1, events);
  }
  out(`ok: ${streams.length} streams, ${events} events, every hash chain intact\n`);
  return 0;
}

export async function auditReplay(store: EventStore, args: string[], out: Out): Promise<number> {
  const id = args[0];
  if (!id || id.startsWith('--')) throw new AuditUsageError('audit replay needs a record id');
  let at: Date | undefined;
  let kind = 'deal-registrations';
  for (let i = 1; i < args.length; i += 2) {
    if (args[i] === '--at') at = new Date(args[i + 1] ?? '');
    else if (args[i] === '--kind') kind = args[i + 1] ?? '';
    else throw new AuditUsageError(`unknown option ${args[i]}`);
  }
  if (at && Number.isNaN(at.getTime())) throw new AuditUsageError('--at needs an ISO 8601 time, e.g. 2026-11-22T10:00:00Z');
  const auditable = AUDITABLE[kind];
  if (!auditable) throw new AuditUsageError(`--kind must be one of ${Object.keys(AUDITABLE).join(', ')}`);
  const streamId = `${auditable.prefix}-${id}`;
  const events: StoredEvent[] = await store.readStream(streamId, at ? { toTimestamp: at } : {});
  if (events.length === 0 && (await store.readStream(streamId, { toRevision: 0 })).length === 0) throw new AuditUsageError(`no ${kind} with id ${id}`);
  out(`${streamId}${at ? ` as it stood at ${at.toISOString()}` : ''}: ${events.length} event(s)\n\n`);
  for (const e of events) {
    const actor = e.metadata.actor ? `${e.metadata.actor.userId} (${e.metadata.actor.role}${e.metadata.actor.partnerId ? `, partner ${e.metadata.actor.partnerId}` : ''})` : 'system';
    out(`#${e.revision}  ${e.recordedAt.toISOString()}  ${e.type}  by ${actor}\n    ${JSON.stringify(e.data)}\n`);
  }
  const verification = verifyStream(streamId, events);
  out(`\nhash chain: ${verification.ok ? 'intact' : `${verification.reason} (revision ${verification.revision})`}\n`);
  out(`state:\n${JSON.stringify(fold(auditable.decider, events as never[]), null, 2)}\n`);
  return 0;
}
