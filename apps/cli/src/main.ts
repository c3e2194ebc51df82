#!/usr/bin/env node
import { ConfigError, loadConfig } from '@channel-ledger/config';
import { StartupError, authSettings, startPlatform } from '@channel-ledger/platform';
import {
  RebuildInProgress,
  latestRebuilds,
  projectionStatuses,
  rebuildView,
  requestRebuild,
  runRebuildJob,
  verifyProjection,
} from '@channel-ledger/projection-runner';
import { progressLine } from './progress';
import { userInfo } from 'node:os';
import { allProjections, readModelMigrations } from '@channel-ledger/projections';
import { AuditUsageError, auditCheckpoint, auditKeygen, auditReplay, auditVerify } from './audit';
import { PARTNER_ROLES, ROLES, Role, mintToken } from '@channel-ledger/auth';

const USAGE = `usage: prm <command>

commands:
  migrate     apply the event store and read store migrations to DATABASE_URL
              (or to the embedded PostgreSQL when DATABASE_URL is not set)
  token       mint a local token (HS256, JWT_SECRET or the embedded default's secret)
                --role <role>        repeatable: ${ROLES.join(', ')}
                --partner <id>       the partner, for partner_manager / partner_associate
                --subject <id>       the user id; for partner roles the staff member's id
                --expires <span>     e.g. 30m, 12h, 7d (default 12h)
  projections status
              where each projection stands: status, position, events and seconds behind the log, owner, error
  projections rebuild <name>
              build a new copy of the projection from the start of the log beside the live one, which keeps
              serving reads, then switch readers to it once it has caught up; shows events done, rate and ETA
  projections verify <name>
              rebuild the projection from the log into a scratch copy and compare it with the live one, row by row;
              lists the differences (exit 1)
  audit verify <stream id> | --all [--checkpoint <file>]... [--public-key <file>]
              check the keyed hash chain of one stream or of every stream, and that each checkpoint kept is still
              a prefix of the log (catches removed tails and streams, and reordering); names what breaks (exit 1)
  audit checkpoint --key <private key file> [--out <file>]
              sign the log's head (position, event count, hash of the whole log) for the auditor to keep
  audit keygen --out <file>
              make an Ed25519 key pair for checkpoints: <file> (private) and <file>.pub (public)
  audit replay <id> [--at <ISO time>] [--kind deal-registrations|partners|programs|opportunities|quotes|orders|cases]
              print a record's events from the log and its state (as it stood at --at)
  help        show this text
`;

async function migrate(): Promise<void> {
  const config = loadConfig();
  const platform = await startPlatform(config, (line) => process.stdout.write(`prm: ${line}\n`), { readModels: readModelMigrations, migrate: true });
  await platform.close();
  process.stdout.write('prm: database is up to date\n');
}

class UsageError extends Error {}

function options(argv: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!name.startsWith('--') || value === undefined || value.startsWith('--')) throw new UsageError(`expected --option value, got "${name}"`);
    out.set(name.slice(2), [...(out.get(name.slice(2)) ?? []), value]);
  }
  return out;
}

async function token(argv: string[]): Promise<void> {
  const opts = options(argv);
  const roles = opts.get('role') ?? [];
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) throw new UsageError(`--role must be one of ${ROLES.join(', ')}${unknown.length ? ` (got ${unknown.join(', ')})` : ''}`);
  const partnerId = opts.get('partner')?.[0];
  const subject = opts.get('subject')?.[0];
  const partnerRole = roles.some((r) => (PARTNER_ROLES as readonly string[]).includes(r));
  if (partnerRole && (!partnerId || !subject)) throw new UsageError('partner roles need --partner <partner id> and --subject <staff member id>');
  if (!partnerRole && partnerId) throw new UsageError('--partner goes with partner_manager or partner_associate only');
  const config = loadConfig();
  const auth = authSettings(config);
  if (!auth.secret) throw new UsageError('JWT_JWKS_URL is set: tokens come from your identity provider, not from prm');
  const minted = await mintToken(auth.secret, auth.issuer, auth.audience, {
    subject: subject ?? `cli-${roles[0]}`,
    roles: roles as Role[],
    partnerId,
    expiresIn: opts.get('expires')?.[0] ?? '12h',
  });
  process.stdout.write(`${minted}\n`);
}

async function projectionsStatus(): Promise<void> {
  const config = loadConfig();
  const platform = await startPlatform(config, () => undefined, { readModels: readModelMigrations });
  try {
    const statuses = await projectionStatuses(platform.readDb, platform.eventStore);
    const rebuilds = await latestRebuilds(platform.readDb);
    const rows = [['PROJECTION', 'VERSION', 'STATUS', 'BEHIND (EVENTS)', 'BEHIND (S)', 'APPLIED', 'OWNER', 'REBUILD', 'ERROR']];
    for (const s of statuses) {
      const rebuild = rebuilds.get(s.projection);
      rows.push([
        s.projection,
        String(s.version),
        s.status,
        `${s.lagEvents}${s.lagCapped ? '+' : ''}`,
        s.lagSeconds.toFixed(1),
        String(s.eventsApplied),
        s.owner ?? '-',
        rebuild ? describeRebuild(rebuildView(rebuild)) : '-',
        s.error ?? '',
      ]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()}\n`);
    if (statuses.length === 0) process.stdout.write('no projection has run yet\n');
  } finally {
    await platform.close();
  }
}

function describeRebuild(r: ReturnType<typeof rebuildView>): string {
  const count = r.eventsTotal === null ? `${r.eventsDone} events` : `${r.eventsDone}/${r.eventsTotal} events`;
  switch (r.status) {
    case 'queued':
      return `queued since ${r.requestedAt}`;
    case 'running':
      return `${r.phase ?? 'running'} ${r.percent ?? '?'}% (${count}, ${r.eventsPerSecond ?? 0}/s, ETA ${r.etaSeconds ?? '?'}s)`;
    case 'done':
      return `done ${r.finishedAt} (${count})`;
    case 'failed':
      return `failed ${r.finishedAt}: ${r.error ?? ''}`;
  }
}

async function projectionsRebuild(name: string | undefined): Promise<number> {
  const projection = allProjections().find((p) => p.name === name);
  if (!projection?.tables?.length) {
    process.stderr.write(`prm projections rebuild: name one of ${allProjections().filter((p) => p.tables?.length).map((p) => p.name).join(', ')}${projection ? ` (${name} keeps no read model: its rows are an outbox)` : ''}\n`);
    return 2;
  }
  const config = loadConfig();
  const platform = await startPlatform(config, () => undefined, { readModels: readModelMigrations });
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    let row;
    try {
      row = await requestRebuild(platform.readDb, projection.name, `cli:${userInfo().username}`);
    } catch (error) {
      if (!(error instanceof RebuildInProgress)) throw error;
      process.stderr.write(`prm projections rebuild: ${error.message}; see prm projections status\n`);
      return 1;
    }
    const bar = progressLine((text) => void process.stderr.write(text), Boolean(process.stderr.isTTY));
    process.stdout.write(`rebuilding ${projection.name} (rebuild ${row.id}); the live copy keeps serving reads\n`);
    let last = { done: 0, total: undefined as number | undefined };
    try {
      const result = await runRebuildJob(platform.readDb, platform.eventStore, allProjections(), row.id, `cli:${process.pid}`, {
        signal: abort.signal,
        onProgress: (p) => {
          last = { done: p.done, total: p.total };
          bar.update(p.done, p.total, p.phase === 'switching' ? 'switching readers' : '');
        },
      });
      bar.done(last.done);
      process.stdout.write(`readers switched to the new copy of ${projection.name} at ${result?.position ?? 'the start of the log'}: ${result?.tables.map((t) => `${t.name} ${t.rows} rows`).join(', ')}\n`);
      return 0;
    } catch (error) {
      process.stderr.write(`\nprm projections rebuild: ${(error as Error).message}; the live copy is unchanged\n`);
      return 1;
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await platform.close();
  }
}

async function projectionsVerify(name: string | undefined): Promise<number> {
  const projection = allProjections().find((p) => p.name === name);
  if (!projection?.tables?.length) {
    process.stderr.write(`prm projections verify: name one of ${allProjections().filter((p) => p.tables?.length).map((p) => p.name).join(', ')}${projection ? ` (${name} keeps no read model: its rows are an outbox)` : ''}\n`);
    return 2;
  }
  const config = loadConfig();
  const platform = await startPlatform(config, () => undefined, { readModels: readModelMigrations });
  try {
    const tty = Boolean(process.stderr.isTTY);
    const report = await verifyProjection(platform.readDb, platform.eventStore, projection, {
      onProgress: (applied) => tty && process.stderr.write(`\rrebuilt from the log: ${applied} events`),
    });
    if (tty) process.stderr.write('\n');
    process.stdout.write(`projection ${report.projection} at ${report.position ?? 'the start of the log'}: ${report.identical ? 'identical to a rebuild from the log' : 'DIFFERS from a rebuild from the log'}\n`);
    for (const t of report.tables) {
      const same = t.liveChecksum === t.rebuiltChecksum;
      process.stdout.write(`  ${t.table}: live ${t.liveRows} rows, rebuilt ${t.rebuiltRows} rows, checksums ${same ? 'match' : 'differ'}\n`);
      if (t.differingKeys.length > 0) process.stdout.write(`    different values (${t.differing}): ${t.differingKeys.join(', ')}\n`);
      if (t.onlyLive.length > 0) process.stdout.write(`    only in the live copy: ${t.onlyLive.join(', ')}\n`);
      if (t.onlyRebuilt.length > 0) process.stdout.write(`    missing from the live copy: ${t.onlyRebuilt.join(', ')}\n`);
    }
    return report.identical ? 0 : 1;
  } finally {
    await platform.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'migrate':
      await migrate();
      return 0;
    case 'projections':
      if (argv[1] === 'status') {
        await projectionsStatus();
        return 0;
      }
      if (argv[1] === 'verify') return projectionsVerify(argv[2]);
      if (argv[1] === 'rebuild') return projectionsRebuild(argv[2]);
      process.stderr.write(`prm: unknown projections command "${argv[1] ?? ''}"\n\n${USAGE}`);
      return 2;
    case 'audit': {
      const [, sub, ...rest] = argv;
      if (sub !== 'verify' && sub !== 'replay' && sub !== 'checkpoint' && sub !== 'keygen') {
        process.stderr.write(`prm: unknown audit command "${sub ?? ''}"\n\n${USAGE}`);
        return 2;
      }
      const out = (text: string) => void process.stdout.write(text);
      if (sub === 'keygen') {
        try {
          return auditKeygen(rest, out);
        } catch (error) {
          if (!(error instanceof AuditUsageError) && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          process.stderr.write(`prm audit: ${(error as Error).message}\n`);
          return 2;
        }
      }
      const config = loadConfig();
      const platform = await startPlatform(config, () => undefined, { readModels: readModelMigrations });
      try {
        const err = (text: string) => void process.stderr.write(text);
        if (sub === 'checkpoint') return await auditCheckpoint(platform.eventStore, rest, out);
        return sub === 'verify'
          ? await auditVerify(platform.eventStore, platform.integrity, rest, out, err, Boolean(process.stderr.isTTY))
          : await auditReplay(platform.eventStore, platform.integrity, rest, out);
      } catch (error) {
        if (!(error instanceof AuditUsageError) && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        process.stderr.write(`prm audit: ${(error as Error).message}\n`);
        return 2;
      } finally {
        await platform.close();
      }
    }
    case 'token':
      try {
        await token(argv.slice(1));
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`prm token: ${error.message}\n`);
        return 2;
      }
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`prm: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof StartupError;
    process.stderr.write(`prm: ${known ? (error as Error).message : (error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
