import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  Checkpoint,
  CheckpointError,
  EventStore,
  IntegrityKeys,
  StoredEvent,
  Verification,
  keyFingerprint,
  malformation,
  readCheckpoint,
  readForAudit,
  takeCheckpoint,
  verifyLog,
  verifyStream,
} from '@channel-ledger/event-store';
import { AUDITABLE, foldForAudit } from '@channel-ledger/audit';

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

function describe(streamId: string, result: Extract<Verification, { ok: false }>): string {
  return `${result.unkeyed ? 'UNKEYED' : 'BROKEN'}: stream ${streamId} at revision ${result.revision}${result.eventId ? ` (event ${result.eventId})` : ''}: ${result.reason}`;
}

function readKey(path: string | undefined, kind: 'private' | 'public', option: string): KeyObject {
  if (!path) throw new AuditUsageError(`${option} <file> is required`);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AuditUsageError(`${option}: cannot read ${path} (${(error as Error).message})`);
  }
  try {
    const key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    return key;
  } catch (error) {
    throw new AuditUsageError(`${option}: ${path} is not an Ed25519 ${kind} key in PEM (${(error as Error).message})`);
  }
}

// --name value pairs; repeatable names collect every value.
function flags(args: string[], allowed: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i];
    const value = args[i + 1];
    if (!allowed.includes(name)) throw new AuditUsageError(`unknown option ${name}`);
    if (value === undefined || value.startsWith('--')) throw new AuditUsageError(`${name} needs a value`);
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

// Returns the exit code: 0 when every chain (and every kept checkpoint) holds, 1 when one does not.
export async function auditVerify(store: EventStore, keys: IntegrityKeys, args: string[], out: Out, err: Out, tty: boolean): Promise<number> {
  const target = args[0];
  if (!target) throw new AuditUsageError('audit verify needs a stream id or --all');
  if (target !== '--all') {
    if (args.length > 1) throw new AuditUsageError('--checkpoint goes with --all (a checkpoint covers the whole log)');
    const { events, record } = await readForAudit(store, target);
    const result = verifyStream(target, events, keys, record);
    if (result.events === 0 && (record?.before ?? null) === null && (record?.after ?? null) === null) throw new AuditUsageError(`stream ${target} has no events`);
    if (!result.ok) {
      out(`${describe(target, result)}\n`);
      return 1;
    }
    out(`ok: stream ${target}, ${result.events} events, hash chain intact\n`);
    return 0;
  }
  const opts = flags(args.slice(1), ['--checkpoint', '--public-key']);
  const files = opts.get('--checkpoint') ?? [];
  const checkpoints: { name: string; checkpoint: Checkpoint }[] = [];
  if (files.length > 0) {
    const publicKey = readKey(opts.get('--public-key')?.[0], 'public', '--public-key');
    for (const name of files) {
      let text: string;
      try {
        text = readFileSync(name, 'utf8');
      } catch (error) {
        throw new AuditUsageError(`--checkpoint: cannot read ${name} (${(error as Error).message})`);
      }
      try {
        checkpoints.push({ name, checkpoint: readCheckpoint(text, publicKey) });
      } catch (error) {
        if (!(error instanceof CheckpointError)) throw error;
        out(`BROKEN: checkpoint ${name} ${error.message}\n`);
        return 1;
      }
    }
  } else if (opts.has('--public-key')) {
    throw new AuditUsageError('--public-key goes with --checkpoint');
  }

  const log = await verifyLog(store, checkpoints, (events) => tty && err(`\rread the log: ${events} events`));
  if (tty) err('\n');
  let failures = 0;
  for (const result of log.checkpoints) {
    const { checkpoint } = result;
    if (result.ok) out(`ok: checkpoint ${result.name} (${checkpoint.events} events up to ${checkpoint.position ?? 'the start'}, taken ${checkpoint.takenAt}) is a prefix of the log\n`);
    else out(`BROKEN: checkpoint ${result.name} (${checkpoint.events} events up to ${checkpoint.position ?? 'the start'}, taken ${checkpoint.takenAt}): ${result.reason}\n`);
    if (!result.ok) failures += 1;
  }
  // The streams the log holds and those the store keeps a row for: a stream whose events were all removed while its
  // row was kept is only in the second list.
  const streams = new Set(log.streams);
  if (store.listStreams) {
    for (let after: string | undefined; ; ) {
      const page = await store.listStreams({ after, limit: 5_000 });
      for (const id of page) streams.add(id);
      if (page.length < 5_000) break;
      after = page[page.length - 1];
    }
  }
  const tick = progress(streams.size, err, tty);
  let events = 0;
  let brokenStreams = 0;
  for (const [i, streamId] of [...streams].entries()) {
    const { events: stream, record } = await readForAudit(store, streamId);
    const result = verifyStream(streamId, stream, keys, record);
    events += result.events;
    if (!result.ok) {
      if (tty) err('\n');
      out(`${describe(streamId, result)}\n`);
      brokenStreams += 1;
    }
    tick(i + 1, events);
  }
  failures += brokenStreams;
  if (failures > 0) {
    out(`NOT OK: ${brokenStreams} of ${streams.size} streams and ${failures - brokenStreams} of ${log.checkpoints.length} checkpoints do not hold\n`);
    return 1;
  }
  out(`ok: ${streams.size} streams, ${events} events, every hash chain intact${checkpoints.length ? `, ${checkpoints.length} checkpoint(s) still hold` : ''}\n`);
  if (checkpoints.length === 0) out('(no --checkpoint given: removed streams, removed tails and reordering are only caught against a kept checkpoint)\n');
  return 0;
}

// Signs the log as a reader sees it now; the auditor keeps the file.
export async function auditCheckpoint(store: EventStore, args: string[], out: Out): Promise<number> {
  const opts = flags(args, ['--key', '--out']);
  const privateKey = readKey(opts.get('--key')?.[0], 'private', '--key');
  const checkpoint = await takeCheckpoint(store, privateKey);
  const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
  const file = opts.get('--out')?.[0];
  if (!file) {
    out(text);
    return 0;
  }
  writeFileSync(file, text, { flag: 'wx' });
  out(`checkpoint of ${checkpoint.events} events up to ${checkpoint.position ?? 'the start'} written to ${file}\n`);
  return 0;
}

// A new Ed25519 pair for checkpoints: <out> (private, for whoever takes them) and <out>.pub (for auditors).
export function auditKeygen(args: string[], out: Out): number {
  const file = flags(args, ['--out']).get('--out')?.[0];
  if (!file) throw new AuditUsageError('audit keygen needs --out <file>');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
  writeFileSync(`${file}.pub`, publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx' });
  out(`checkpoint signing key written to ${file}, its public key to ${file}.pub (fingerprint ${keyFingerprint(publicKey)})\n`);
  return 0;
}

export async function auditReplay(store: EventStore, keys: IntegrityKeys, args: string[], out: Out): Promise<number> {
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
    const shape = malformation(e);
    if (shape) {
      out(`#${e.revision}  ${e.recordedAt.toISOString()}  ${e.type}  MALFORMED ROW: ${shape}\n    ${JSON.stringify(e.data)}\n`);
      continue;
    }
    const actor = e.metadata.actor ? `${e.metadata.actor.userId} (${e.metadata.actor.role}${e.metadata.actor.partnerId ? `, partner ${e.metadata.actor.partnerId}` : ''})` : 'system';
    out(`#${e.revision}  ${e.recordedAt.toISOString()}  ${e.type}  by ${actor}\n    ${JSON.stringify(e.data)}\n`);
  }
  const verification = verifyStream(streamId, events, keys);
  out(`\nhash chain: ${verification.ok ? 'intact' : `${verification.unkeyed ? 'unkeyed' : 'BROKEN'}: ${verification.reason} (revision ${verification.revision})`}\n`);
  const folded = foldForAudit(auditable, events);
  out(folded.ok ? `state:\n${JSON.stringify(folded.state, null, 2)}\n` : `state: cannot be rebuilt: ${folded.reason}\n`);
  return 0;
}
