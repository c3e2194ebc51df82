// npm run bench [-- --events N | --quick] [--seed S] [--out FILE] [--keep]
//
// Builds a synthetic PRM in a fresh PostgreSQL database through the event store, then measures, in the same run
// and on the same machine, each figure beside a baseline: projection catch-up (the full rebuild of every read
// model) beside a raw batched upsert, and the projector's peak memory; commands over HTTP (a profile edit, a deal
// submission, whole deals) with the projector running and stopped, beside Emmett's HTTP command endpoint and the
// raw INSERT, with the CPU each command costs the API, the projector and PostgreSQL; query throughput and latency
// beside a bare NestJS + Fastify app's 401 (the framework's floor); read-your-writes delay; the statements each
// command type sends; and the same append workload on Emmett's PostgreSQL event store. The peers (bench/peers/)
// run as processes of their own on free loopback ports, as the API and the projector do.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Agent, request } from 'node:http';
import { sql } from 'kysely';
import { Pool } from 'pg';
import { PostgresEventStore } from '@channel-ledger/event-store';
import { createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { allProjections, readModelMigrations } from '@channel-ledger/projections';
import { mintToken } from '@channel-ledger/auth';
import { GeneratedWorld, Stream, generate } from './generate';
import { CpuMeter, CpuSplit, parentOf } from './cpu';
import { countStatementsPerCommand, StatementCount } from './statement-count';

const ROOT = join(__dirname, '..');
const SECRET = randomBytes(32).toString('hex');
const AUDIT = randomBytes(32).toString('hex');

interface Args {
  events: number;
  quick: boolean;
  seed: number;
  out: string | undefined;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { events: 1_000_000, quick: false, seed: 42, out: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--events') args.events = Number(argv[++i]);
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--out') args.out = argv[++i];
    else throw new Error(`unknown argument ${a}; usage: npm run bench -- [--events N | --quick] [--seed S] [--out FILE] [--keep]`);
  }
  if (args.quick && !argv.includes('--events')) args.events = 50_000;
  if (!Number.isInteger(args.events) || args.events < 5_000) throw new Error('--events must be a whole number of at least 5000');
  if (args.out === undefined && !args.quick) args.out = join(ROOT, 'BENCHMARKS.md');
  return args;
}

let lastSaid = '';
const say = (line: string) => {
  lastSaid = line;
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface LoadResult {
  ops: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  firstError?: string;
}

// Thrown by an operation that has nothing left to work on (a phase that uses up what was prepared for it): its
// worker stops there, and the phase's rate is taken over the time until the last worker stopped.
const EXHAUSTED = Symbol('exhausted');

// Closed loop: `concurrency` workers each run `op` back to back for `ms` milliseconds.
async function closedLoop(concurrency: number, ms: number, op: (worker: number, i: number) => Promise<number[] | void>): Promise<LoadResult> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < end; i++) {
        const t = performance.now();
        try {
          const inner = await op(worker, i);
          if (inner) samples.push(...inner);
          else samples.push(performance.now() - t);
        } catch (error) {
          if (error === EXHAUSTED) break;
          errors += 1;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ops: samples.length, errors, seconds, perSecond: samples.length / seconds, p50: percentile(samples, 50), p99: percentile(samples, 99), firstError };
}

// A fixed single-threaded loop: the same work on every run, so its time shows how fast this machine's CPU was
// during a run (a shared virtual machine's speed moves over minutes). Compare runs by their ratios.
function cpuProbe(): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 300_000_000; i++) x = (x * 31 + i) | 0;
  if (x === 42) process.stdout.write('');
  return performance.now() - started;
}

// The load generator's HTTP client: node:http on kept-alive connections, one per worker at most (lighter than
// fetch: the load shares the two cores with the API and PostgreSQL).
const agent = new Agent({ keepAlive: true, maxSockets: 128 });
function httpRequest(base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function spawnTs(entry: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  // BENCH_PROFILE=<dir> writes a CPU profile of each process there when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, '-r', join(ROOT, 'test/support/swc-register.js'), join(ROOT, entry)], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function createDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new Pool({ connectionString: serverUrl, max: 1 });
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

const DOC = JSON.stringify({ pad: 'x'.repeat(440), n: 1, tags: ['a', 'b'] }); // about 500 bytes as jsonb

// Raw baseline: single-row autocommit INSERTs of 500-byte jsonb rows at the given concurrency.
async function rawInserts(url: string, concurrency: number, ms: number): Promise<LoadResult> {
  const pool = new Pool({ connectionString: url, max: concurrency });
  await pool.query('create table if not exists bench_raw_insert (id uuid primary key, doc jsonb not null)');
  const result = await closedLoop(concurrency, ms, async () => {
    await pool.query('insert into bench_raw_insert (id, doc) values ($1, $2)', [randomUUID(), DOC]);
  });
  await pool.end();
  return result;
}

// Raw baseline: batched upserts of read-model-like rows (500 per statement), one connection, about a third of
// them hitting an existing key, as projections update rows they wrote before.
async function rawUpserts(url: string, rows: number): Promise<{ rows: number; perSecond: number }> {
  const pool = new Pool({ connectionString: url, max: 1 });
  await pool.query(`create table bench_raw_upsert (id uuid primary key, partner_id uuid not null, status text not null, amount_minor bigint not null,
    updated_at timestamptz not null, last_position text not null)`);
  await pool.query('create index on bench_raw_upsert (partner_id, updated_at)');
  const keys = Array.from({ length: Math.ceil(rows / 1.5) }, () => randomUUID());
  const partners = Array.from({ length: 1000 }, () => randomUUID());
  const started = performance.now();
  for (let i = 0; i < rows; i += 500) {
    const n = Math.min(500, rows - i);
    const values: unknown[] = [];
    const tuples: string[] = [];
    const seen = new Set<string>();
    for (let k = 0; k < n; k++) {
      let id = keys[(i + k) % keys.length];
      if (seen.has(id)) id = randomUUID();
      seen.add(id);
      const b = values.length;
      values.push(id, partners[(i + k) % partners.length], 'Approved', 100_000 + k, new Date(), String(i + k).padStart(20, '0'));
      tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`);
    }
    await pool.query(
      `insert into bench_raw_upsert (id, partner_id, status, amount_minor, updated_at, last_position) values ${tuples.join(', ')}
       on conflict (id) do update set status = excluded.status, amount_minor = excluded.amount_minor, updated_at = excluded.updated_at, last_position = excluded.last_position`,
      values,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return { rows, perSecond: rows / seconds };
}

async function waitForListening(name: string, peer: { child: ChildProcess; output: () => string }, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!peer.output().includes('listening')) {
    if (peer.child.exitCode !== null || Date.now() > deadline) throw new Error(`the ${name} peer did not come up: ${peer.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForHealth(base: string, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).status === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not come up: ${output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Figure {
  name: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

interface CommandRow {
  workload: string;
  concurrency: number;
  result: LoadResult;
  cpu: CpuSplit;
  projector: 'running' | 'stopped' | '';
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const duration = args.quick ? 4_000 : 15_000;
  const figures: Figure[] = [];
  const notes: string[] = [];
  const sections: string[] = [];
  const cleanup: (() => Promise<void>)[] = [];
  const children: ChildProcess[] = [];
  const runStarted = Date.now();
  const probes = [cpuProbe()];
  try {
    const database = await createDatabase(serverUrl, 'cl_bench');
    if (!args.keep) cleanup.push(database.drop);
    say(`database ${database.url.replace(/\/\/[^@]*@/, '//')}`);
    const store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    const db = createReadDb(database.url, 4);
    await migrateReadStore(db, readModelMigrations);
    const pgVersion = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db)).rows[0].v;

    // 1. The data set, through the event store.
    say(`generating ${fmt(args.events)} events (seed ${args.seed})`);
    let lastReport = 0;
    const genStarted = performance.now();
    const generated = await generate((s: Stream) => store.append(s.streamId, s.events, { expectedRevision: 'no_stream' }).then(() => undefined), {
      events: args.events,
      seed: args.seed,
      partners: args.quick ? 200 : 1_000,
      programs: 20,
      writers: 8,
      start: new Date('2024-11-01T00:00:00Z'),
      onProgress: (n) => {
        if (n - lastReport >= args.events / 10) {
          lastReport = n;
          say(`  ${fmt(n)} events`);
        }
      },
    });
    const genSeconds = (performance.now() - genStarted) / 1000;
    const world: GeneratedWorld = generated.world;
    const counts = (await sql<{ type: string; n: string }>`select split_part(stream_id, '-', 1) as type, count(*) as n from ${sql.table('event_store.events')} group by 1 order by 2 desc`.execute(db)).rows;
    say(`generated ${fmt(generated.events)} events in ${fmt(generated.streams)} streams in ${fmt(genSeconds, 1)} s (${fmt(generated.events / genSeconds)} events/s through the event store, 8 writers)`);
    const head = (await store.headPosition())!;
    // Statistics on the imported log, as autovacuum would gather them within minutes of a bulk import (the
    // read tables are still empty here and fill during the catch-up; they are left to the planner's defaults).
    const autovacuum = (await sql<{ v: string }>`select current_setting('autovacuum') as v`.execute(db)).rows[0].v;
    const analyzeStarted = performance.now();
    await sql`analyze event_store.events, event_store.streams`.execute(db);
    notes.push(`The event log was analysed after the import (${fmt((performance.now() - analyzeStarted) / 1000, 1)} s); this PostgreSQL runs with autovacuum ${autovacuum}.`);

    // 2. Projection catch-up from the start of the log: the full rebuild of every read model, in its own process.
    say('raw baseline: batched upserts');
    const upsert = await rawUpserts(database.url, Math.min(args.events, 200_000));
    say(`  ${fmt(upsert.perSecond)} rows/s`);
    say('projection catch-up (full rebuild of all read models) in a projector process');
    const projector = spawnTs('apps/projector/src/main.ts', { DATABASE_URL: database.url, JWT_SECRET: SECRET, AUDIT_KEY: AUDIT, LOG_LEVEL: 'warn', SWEEP_INTERVAL_MS: '0' });
    children.push(projector.child);
    const catchUpStarted = performance.now();
    let peakRss = 0;
    const names = allProjections().map((p) => p.name);
    // When each projection reached the head: the slowest one sets the rebuild time.
    const finished = new Map<string, number>();
    for (;;) {
      peakRss = Math.max(peakRss, rssOf(projector.child.pid!).rss);
      const rows = await db.selectFrom('projection_checkpoints').select(['projection', 'position', 'status']).execute();
      if (rows.some((r) => r.status === 'failed')) throw new Error(`a projection failed: ${JSON.stringify(rows)}`);
      for (const r of rows) if ((r.position ?? '') >= head && !finished.has(r.projection)) finished.set(r.projection, (performance.now() - catchUpStarted) / 1000);
      if (names.every((n) => (rows.find((r) => r.projection === n)?.position ?? '') >= head)) break;
      if (projector.child.exitCode !== null) throw new Error(`the projector stopped: ${projector.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const catchUpSeconds = (performance.now() - catchUpStarted) / 1000;
    const catchUpRate = generated.events / catchUpSeconds;
    peakRss = Math.max(peakRss, rssOf(projector.child.pid!).peak);
    const perProjection = [...finished].sort((a, b) => b[1] - a[1]).map(([n, sec]) => `${n} ${fmt(sec, 1)} s`).join(', ');
    notes.push(`Catch-up per projection (the runner applies a page once for every projection at the same checkpoint, so they finish together): ${perProjection}.`);
    say(`  per projection: ${perProjection}`);
    say(`  ${fmt(generated.events)} events into ${names.length} projections in ${fmt(catchUpSeconds, 1)} s: ${fmt(catchUpRate)} events/s; projector peak RSS ${fmt(peakRss / 2 ** 20)} MB`);
    figures.push({ name: 'Projection catch-up, all read models (events/s)', value: fmt(catchUpRate), baseline: `${fmt(upsert.perSecond)} rows/s raw batched upsert`, ratio: `${fmt((catchUpRate / upsert.perSecond) * 100)}%`, target: '>= 70%', met: catchUpRate / upsert.perSecond >= 0.7 });
    figures.push({ name: 'Projector peak RSS during the catch-up', value: `${fmt(peakRss / 2 ** 20)} MB`, baseline: '', ratio: '', target: '< 400 MB', met: peakRss < 400 * 2 ** 20 });
    figures.push({ name: `Full rebuild of all projections, ${fmt(generated.events)} events`, value: `${fmt(catchUpSeconds, 1)} s`, baseline: `${fmt(generated.events / upsert.perSecond, 1)} s at the raw upsert rate`, ratio: `${fmt(catchUpSeconds / (generated.events / upsert.perSecond), 2)}x`, target: '< 180 s at 1M events', met: args.events >= 1_000_000 ? catchUpSeconds < 180 : null });

    // The read tables have just been filled by a bulk load; autovacuum would analyse them within a minute. It
    // is off on this server, so the bench does it, or the planner guesses their sizes from nothing (a Partner 360
    // then hashed every won opportunity on each request: 14-29 ms for one of its queries instead of 2.7 ms).
    const readStarted = performance.now();
    await sql`analyze`.execute(db);
    notes.push(`The read tables were analysed after the catch-up (${fmt((performance.now() - readStarted) / 1000, 1)} s), as autovacuum would after a bulk load.`);

    // 3. The API as its own process; the projector keeps running beside it, in its own process, so each one's CPU
    // can be read apart. The peers run beside them, each its own process on its own loopback port, idle until
    // their phase: a bare NestJS + Fastify app and raw node:http + pg (a guarded POST: token, DTO, one INSERT) on
    // a database of their own, and an HTTP command endpoint on Emmett's event store on another.
    // The server's main process: the parent of this connection's backend (PostgreSQL has no function that names it).
    const postmasterPid = parentOf(Number((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0].pid));
    if (postmasterPid === undefined) notes.push('PostgreSQL runs where this process cannot read its processes (another machine or container): its CPU per command is not measured.');
    const dbName = new URL(database.url).pathname.slice(1);
    const peersDb = await createDatabase(serverUrl, 'cl_bench_peers');
    cleanup.push(peersDb.drop);
    const emmettHttpDb = await createDatabase(serverUrl, 'cl_bench_emmett_http');
    cleanup.push(emmettHttpDb.drop);
    const dbOf = (url: string) => new URL(url).pathname.slice(1);
    const port = await freePort();
    const api = spawnTs('apps/api/src/main.ts', { DATABASE_URL: database.url, JWT_SECRET: SECRET, AUDIT_KEY: AUDIT, PORT: String(port), LOG_LEVEL: 'warn', RUN_PROJECTOR: 'false', SWEEP_INTERVAL_MS: '0', READ_YOUR_WRITES_TIMEOUT_MS: '5000', RATE_LIMIT_PER_MINUTE: '0' });
    children.push(api.child);
    const peerProcess = async (entry: string, url: string) => {
      const peerPort = await freePort();
      const started = spawnTs(entry, { DATABASE_URL: url, JWT_SECRET: SECRET, PORT: String(peerPort) });
      children.push(started.child);
      return { ...started, base: `http://127.0.0.1:${peerPort}` };
    };
    const nestPeer = await peerProcess('bench/peers/nest-fastify.ts', peersDb.url);
    const rawPeer = await peerProcess('bench/peers/raw-http.ts', peersDb.url);
    const emmettPeer = await peerProcess('bench/peers/emmett-http.ts', emmettHttpDb.url);
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, 60_000, api.output);
    for (const [name, peer] of [['NestJS + Fastify', nestPeer], ['raw node:http', rawPeer], ['Emmett', emmettPeer]] as const) await waitForListening(name, peer, 60_000);
    const token = (roles: string[], partnerId?: string, subject?: string) => mintToken(new TextEncoder().encode(SECRET), 'channel-ledger', 'channel-ledger-api', { subject: subject ?? `bench-${roles[0]}`, roles: roles as never, partnerId, expiresIn: '2h' });
    const channelManager = await token(['channel_manager', 'approver']);
    const managers = await Promise.all(world.partners.slice(0, 200).map(async (p) => ({ partner: p, token: await token(['partner_manager'], p.partnerId, p.managerId) })));
    // Profile edits spread over every partner, so no partner's stream grows much during the run.
    const editors = await Promise.all(world.partners.map(async (p) => ({ partner: p, token: await token(['partner_manager'], p.partnerId, p.managerId) })));
    const call = async (method: string, path: string, bearer: string, body?: unknown, headers: Record<string, string> = {}, at = base) => {
      const { status, text } = await httpRequest(at, method, path, { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...headers }, body === undefined ? undefined : JSON.stringify(body));
      if (status >= 300) throw new Error(`${method} ${path} answered ${status}: ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : undefined;
    };
    let seq = 0;
    const draftBody = (programId: string) => {
      seq += 1;
      const tag = `${seq}-${randomBytes(3).toString('hex')}`;
      return { programId, registrationType: 'resell', customer: { companyName: `Bench Customer ${tag}`, domain: `bench-${tag}.example`, contactName: 'Pat Buyer', contactEmail: `pat@bench-${tag}.example` }, estimatedSize: { amountMinor: 2_500_000, currency: 'EUR' }, expectedCloseDate: '2027-09-30', products: ['ledger-core'] };
    };
    // One deal: create and submit (partner), review, send for approval and approve (enterprise). Five commands.
    const deal = async (worker: number): Promise<number[]> => {
      const m = managers[worker % managers.length];
      const times: number[] = [];
      const timed = async <T>(f: () => Promise<T>) => {
        const t = performance.now();
        const r = await f();
        times.push(performance.now() - t);
        return r;
      };
      const created = await timed(() => call('POST', '/v1/deal-registrations', m.token, draftBody(m.partner.programIds[0])));
      await timed(() => call('POST', `/v1/deal-registrations/${created.id}/submit`, m.token, {}));
      await timed(() => call('POST', `/v1/deal-registrations/${created.id}/start-review`, channelManager, {}));
      await timed(() => call('POST', `/v1/deal-registrations/${created.id}/send-for-approval`, channelManager, {}));
      await timed(() => call('POST', `/v1/deal-registrations/${created.id}/approve`, channelManager, {}));
      return times;
    };
    // The cheapest command: a partner manager's profile edit (one short stream, one event). Worker w of c edits
    // partners w, w + c, w + 2c, ...: no two workers edit the same partner at once.
    const edit = (concurrency: number) => async (w: number, i: number) => {
      const slots = Math.max(1, Math.floor(editors.length / concurrency));
      const e = editors[(w + concurrency * (i % slots)) % editors.length];
      seq += 1;
      await call('PATCH', `/v1/partners/${e.partner.partnerId}`, e.token, { changes: { industry: `Bench industry ${seq}` } });
    };
    // A deal submission: submitting a draft made beforehand (the drafts are not part of the measured phase).
    const prepareDrafts = async (n: number): Promise<{ id: string; token: string }[]> => {
      const drafts: { id: string; token: string }[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < n) {
            const m = managers[next++ % managers.length];
            const created = await call('POST', '/v1/deal-registrations', m.token, draftBody(m.partner.programIds[0]));
            drafts.push({ id: created.id, token: m.token });
          }
        }),
      );
      return drafts;
    };
    const submitFrom = (drafts: { id: string; token: string }[]) => async () => {
      const d = drafts.pop();
      if (!d) throw EXHAUSTED;
      await call('POST', `/v1/deal-registrations/${d.id}/submit`, d.token, {});
    };
    const peerItem = () => {
      seq += 1;
      return { name: `Bench item ${seq}`, country: 'DE', industry: 'Software' };
    };
    const peerCaller = managers[0].token;

    // Waits until every projection has reached the head of the log, so that a phase's CPU includes projecting the
    // events it wrote, and no backlog of an earlier phase.
    const projectorProcess: { current: ChildProcess | undefined } = { current: projector.child };
    const projectorAtHead = async (timeoutMs = 60_000) => {
      if (!projectorProcess.current) return;
      const target = await store.headPosition();
      if (target === undefined) return;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rows = await db.selectFrom('projection_checkpoints').select(['projection', 'position']).execute();
        if (names.every((n) => (rows.find((r) => r.projection === n)?.position ?? '') >= target)) return;
        if (Date.now() > deadline) {
          notes.push(`The projector had not reached the head ${fmt(timeoutMs / 1000)} s after a command phase; its CPU for that phase is short of the whole.`);
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const commandRows: CommandRow[] = [];
    // One measured command phase: the closed loop, and the CPU each process spent on it per command.
    const phase = async (
      workload: string,
      concurrency: number,
      ms: number,
      op: (worker: number, i: number) => Promise<number[] | void>,
      target: { app: ChildProcess; projector?: boolean; databases: string[] },
    ): Promise<LoadResult & { cpu: CpuSplit }> => {
      const withProjector = target.projector === true && projectorProcess.current !== undefined;
      const meter = new CpuMeter(postmasterPid, () => target.app.pid, () => (withProjector ? projectorProcess.current?.pid : undefined), target.databases);
      if (withProjector) await projectorAtHead();
      const before = meter.snapshot();
      const result = await closedLoop(concurrency, ms, op);
      if (withProjector) await projectorAtHead();
      const cpu = CpuMeter.perOp(before, meter.snapshot(), result.ops);
      if (result.errors > 0) notes.push(`${workload} at concurrency ${concurrency}: ${result.errors} failed (first: ${result.firstError}).`);
      say(`  ${workload}, c=${concurrency}: ${fmt(result.perSecond)}/s (p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms); CPU per command ${fmt(cpu.app, 2)} app + ${fmt(cpu.projector, 2)} projector + ${fmt(cpu.postgres, 2)} PostgreSQL ms`);
      commandRows.push({ workload, concurrency, result, cpu, projector: target.projector === undefined ? '' : withProjector ? 'running' : 'stopped' });
      return { ...result, cpu };
    };
    const ourApi = (projectorOn: boolean) => ({ app: api.child, projector: projectorOn, databases: [dbName] });

    // Warm-up of every process: the first requests compile code paths and open pools.
    await closedLoop(4, 1_000, (w) => deal(w));
    await closedLoop(4, 500, edit(4));
    for (const peer of [nestPeer, rawPeer]) await closedLoop(4, 500, async () => void (await call('POST', '/items', peerCaller, peerItem(), {}, peer.base)));
    await closedLoop(4, 500, async () => void (await call('POST', '/deals', peerCaller, peerItem(), {}, emmettPeer.base)));

    // What each process spends with no request in flight (the projector's and the API's polls, PostgreSQL's
    // writers), per second: a phase's per-command CPU carries this share too, more of it the slower the phase.
    const idleMeter = new CpuMeter(postmasterPid, () => api.child.pid, () => projectorProcess.current?.pid, [dbName]);
    const idleBefore = idleMeter.snapshot();
    await new Promise((r) => setTimeout(r, 2_000));
    const idle = CpuMeter.perOp(idleBefore, idleMeter.snapshot(), 2);
    say(`at rest: API ${fmt(idle.app, 1)} ms/s, projector ${fmt(idle.projector, 1)} ms/s, PostgreSQL ${fmt(idle.postgres, 1)} ms/s of CPU`);

    // 3a. The peers. Emmett's command endpoint: the command-only rate the API's commands are held against.
    say("peer: Emmett's HTTP command endpoint (decide + append, one short stream per command)");
    const emmettRate = new Map<number, LoadResult & { cpu: CpuSplit }>();
    for (const concurrency of [16, 64]) {
      emmettRate.set(concurrency, await phase('Emmett 0.42 command endpoint (express)', concurrency, duration, async () => void (await call('POST', '/deals', peerCaller, peerItem(), {}, emmettPeer.base)), { app: emmettPeer.child, databases: [dbOf(emmettHttpDb.url)] }));
    }
    say('peers: a guarded POST with one INSERT on bare NestJS + Fastify and on raw node:http + pg');
    for (const [name, peer] of [['Bare NestJS + Fastify, guarded POST, one INSERT', nestPeer], ['Raw node:http + pg, the same work', rawPeer]] as const) {
      for (const concurrency of [16, 64]) await phase(name, concurrency, duration / 2, async () => void (await call('POST', '/items', peerCaller, peerItem(), {}, peer.base)), { app: peer.child, databases: [dbOf(peersDb.url)] });
    }
    // The framework's floor: the bare NestJS + Fastify app's guard turning a request away (no token).
    say('floor: the bare NestJS + Fastify app answering 401, 64 clients');
    const nestFloor = await closedLoop(64, duration / 2, async () => {
      const { status } = await httpRequest(nestPeer.base, 'POST', '/items', { 'content-type': 'application/json' }, JSON.stringify(peerItem()));
      if (status !== 401) throw new Error(`answered ${status}, not 401`);
    });
    say(`  ${fmt(nestFloor.perSecond)} requests/s, p50 ${fmt(nestFloor.p50, 1)} ms, p99 ${fmt(nestFloor.p99, 1)} ms`);
    figures.push({
      name: 'Bare NestJS + Fastify turning a request away (401), 64 clients (p50 / p99)',
      value: `${fmt(nestFloor.p50, 1)} / ${fmt(nestFloor.p99, 1)} ms (${fmt(nestFloor.perSecond)}/s)`,
      baseline: '',
      ratio: '',
      target: '',
      met: null,
    });

    // 3b. The API's commands with the projector running: the cheapest command, a deal submission, and whole
    // deals, each held against Emmett's command rate at the same concurrency; p99 against the raw INSERT's.
    const rawAt = new Map<number, LoadResult>();
    for (const concurrency of [16, 64]) rawAt.set(concurrency, await rawInserts(database.url, concurrency, duration / 2));
    say(`  raw INSERT: c=16 ${fmt(rawAt.get(16)!.perSecond)} rows/s (p99 ${fmt(rawAt.get(16)!.p99, 2)} ms), c=64 ${fmt(rawAt.get(64)!.perSecond)} rows/s (p99 ${fmt(rawAt.get(64)!.p99, 2)} ms)`);
    const commandFigures = (name: string, concurrency: number, result: LoadResult & { cpu: CpuSplit }, projectorOn: boolean) => {
      const emmett = emmettRate.get(concurrency)!;
      const ratio = result.perSecond / emmett.perSecond;
      const want = projectorOn ? 1 : 2;
      figures.push({
        name: `${name}, concurrency ${concurrency}, projector ${projectorOn ? 'running' : 'stopped'} (commands/s)`,
        value: fmt(result.perSecond),
        baseline: `${fmt(emmett.perSecond)}/s Emmett command endpoint, same concurrency`,
        ratio: `${fmt(ratio, 2)}x`,
        target: `>= ${want}x`,
        met: ratio >= want,
      });
      if (concurrency === 16 && projectorOn) {
        const raw = rawAt.get(16)!;
        figures.push({
          name: `${name}, concurrency 16, p99`,
          value: `${fmt(result.p99, 1)} ms (p50 ${fmt(result.p50, 1)})`,
          baseline: `${fmt(raw.p99, 2)} ms raw INSERT p99, concurrency 16`,
          ratio: `${fmt(result.p99 / raw.p99, 1)}x`,
          target: '<= 10x',
          met: result.p99 / raw.p99 <= 10,
        });
      }
    };
    const cpuFigure = (name: string, concurrency: number, result: LoadResult & { cpu: CpuSplit }, target?: number) => {
      const total = result.cpu.app + result.cpu.projector + result.cpu.postgres;
      const emmett = emmettRate.get(concurrency)!.cpu;
      const emmettTotal = emmett.app + emmett.postgres;
      figures.push({
        name: `${name}, CPU per command, concurrency ${concurrency} (API + projector + PostgreSQL)`,
        value: `${fmt(total, 2)} ms (${fmt(result.cpu.app, 2)} + ${fmt(result.cpu.projector, 2)} + ${fmt(result.cpu.postgres, 2)})`,
        baseline: `${fmt(emmettTotal, 2)} ms Emmett command (${fmt(emmett.app, 2)} app + ${fmt(emmett.postgres, 2)} PostgreSQL)`,
        ratio: `${fmt(total / emmettTotal, 1)}x`,
        target: target === undefined ? '' : `<= ${target} ms`,
        met: target === undefined ? null : total <= target,
      });
    };
    const submissionDrafts = async (concurrency: number, ms: number) => {
      // Enough drafts for the phase: the profile edit's rate at this concurrency (a submission costs more), with room.
      const editRate = commandRows.find((r) => r.workload === 'Profile edit (PATCH /v1/partners/:id)' && r.concurrency === concurrency)?.result.perSecond ?? 500;
      const n = Math.min(40_000, Math.max(200, Math.ceil(editRate * (ms / 1000) * 1.3)));
      say(`  preparing ${fmt(n)} drafts`);
      return prepareDrafts(n);
    };
    const EDIT = 'Profile edit (PATCH /v1/partners/:id)';
    const SUBMIT = 'Deal submission (POST /v1/deal-registrations/:id/submit)';
    say('commands over HTTP, projector running: profile edits');
    for (const concurrency of [16, 64]) {
      const result = await phase(EDIT, concurrency, duration, edit(concurrency), ourApi(true));
      commandFigures(EDIT, concurrency, result, true);
      cpuFigure(EDIT, concurrency, result, 4);
    }
    say('commands over HTTP, projector running: deal submissions');
    for (const concurrency of [16, 64]) {
      const drafts = await submissionDrafts(concurrency, duration / 2);
      const result = await phase(SUBMIT, concurrency, duration / 2, submitFrom(drafts), ourApi(true));
      commandFigures(SUBMIT, concurrency, result, true);
      cpuFigure(SUBMIT, concurrency, result);
    }
    let commandRate16 = 0;
    for (const concurrency of [16, 64]) {
      say(`whole deals (five commands each) over HTTP at concurrency ${concurrency}`);
      const commands = await phase('Whole deals: draft, submit, start-review, send-for-approval, approve', concurrency, duration, (w) => deal(w), ourApi(true));
      const raw = rawAt.get(concurrency)!;
      if (concurrency === 16) commandRate16 = commands.perSecond;
      figures.push({ name: `Commands over HTTP, whole deals, concurrency ${concurrency} (commands/s)`, value: fmt(commands.perSecond), baseline: `${fmt(raw.perSecond)} rows/s raw single-row INSERT`, ratio: `${fmt((commands.perSecond / raw.perSecond) * 100)}%`, target: '>= 40%', met: commands.perSecond / raw.perSecond >= 0.4 });
      figures.push({ name: `Command latency, whole deals, concurrency ${concurrency} (p50 / p99)`, value: `${fmt(commands.p50, 1)} / ${fmt(commands.p99, 1)} ms`, baseline: `${fmt(raw.p50, 2)} / ${fmt(raw.p99, 2)} ms raw INSERT`, ratio: `${fmt(commands.p50 / raw.p50, 0)}x / ${fmt(commands.p99 / raw.p99, 0)}x`, target: '', met: null });
      cpuFigure('Whole deals', concurrency, commands);
    }

    // 4. Queries under 64 concurrent clients, beside the bare NestJS + Fastify app's 401 (the framework's floor:
    // no endpoint of a NestJS app can be faster on this machine) and the raw primary-key lookup.
    const partnerIds = world.partners.map((p) => p.partnerId);
    const pick = (i: number) => partnerIds[(i * 7919) % partnerIds.length];
    const rawPool = new Pool({ connectionString: database.url, max: 64 });
    const rawLookup = await closedLoop(64, duration / 2, async (_w, i) => {
      await rawPool.query('select * from rm_partners where partner_id = $1', [pick(i)]);
    });
    await rawPool.end();
    say(`raw PK lookup at 64 clients: ${fmt(rawLookup.perSecond)}/s, p50 ${fmt(rawLookup.p50, 2)} ms, p99 ${fmt(rawLookup.p99, 2)} ms`);
    const queries: [string, (i: number) => string, boolean][] = [
      ['Partner 360', (i) => `/v1/partners/${pick(i)}/360`, true],
      ['Pipeline by stage', () => '/v1/pipeline?groupBy=stage', true],
      ['Filtered, paginated registration list', (i) => `/v1/deal-registrations?partnerId=${pick(i)}&status=Approved,Converted&sort=updatedAt&limit=25`, false],
    ];
    for (const [name, path, heldToFloor] of queries) {
      say(`query: ${name} at 64 concurrent clients`);
      const result = await closedLoop(64, duration, async (_w, i) => {
        await call('GET', path(i), channelManager);
      });
      if (result.errors > 0) notes.push(`${name}: ${result.errors} failed (first: ${result.firstError}).`);
      say(`  ${fmt(result.perSecond)} queries/s, p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms`);
      const share = result.perSecond / nestFloor.perSecond;
      const p99x = result.p99 / nestFloor.p99;
      figures.push(
        heldToFloor
          ? {
              name: `${name}, 64 clients (throughput / p99)`,
              value: `${fmt(result.perSecond)}/s / ${fmt(result.p99, 1)} ms (p50 ${fmt(result.p50, 1)})`,
              baseline: `${fmt(nestFloor.perSecond)}/s / ${fmt(nestFloor.p99, 1)} ms bare NestJS + Fastify 401`,
              ratio: `${fmt(share * 100)}% / ${fmt(p99x, 1)}x`,
              target: '>= 50% / <= 2.5x',
              met: share >= 0.5 && p99x <= 2.5,
            }
          : {
              name: `${name}, 64 clients (p50 / p99)`,
              value: `${fmt(result.p50, 1)} / ${fmt(result.p99, 1)} ms (${fmt(result.perSecond)}/s)`,
              baseline: `${fmt(rawLookup.p50, 2)} / ${fmt(rawLookup.p99, 2)} ms raw PK lookup (${fmt(rawLookup.perSecond)}/s)`,
              ratio: `${fmt(result.p99 / rawLookup.p99, 0)}x p99`,
              target: '',
              met: null,
            },
      );
    }

    // The API's own floor at 64 clients: a request its guard turns away (no token), beside the bare app's.
    say('floor: the API answering a request without a token at 64 concurrent clients');
    const floor = await closedLoop(64, duration / 2, async () => {
      const { status } = await httpRequest(base, 'GET', `/v1/partners/${pick(0)}/360`, {});
      if (status !== 401) throw new Error(`answered ${status}, not 401`);
    });
    say(`  ${fmt(floor.perSecond)} requests/s, p50 ${fmt(floor.p50, 1)} ms, p99 ${fmt(floor.p99, 1)} ms`);
    figures.push({
      name: 'The API turning a request away (401, no database), 64 clients (throughput / p99)',
      value: `${fmt(floor.perSecond)}/s / ${fmt(floor.p99, 1)} ms (p50 ${fmt(floor.p50, 1)})`,
      baseline: `${fmt(nestFloor.perSecond)}/s / ${fmt(nestFloor.p99, 1)} ms bare NestJS + Fastify 401`,
      ratio: `${fmt((floor.perSecond / nestFloor.perSecond) * 100)}% / ${fmt(floor.p99 / nestFloor.p99, 1)}x`,
      target: '',
      met: null,
    });

    // Partner 360 and the pipeline one request at a time, beside the raw lookup one at a time: what a request
    // costs at this size when it does not queue behind 63 others on two cores.
    const singlePool = new Pool({ connectionString: database.url, max: 1 });
    const rawSingle = await closedLoop(1, duration / 3, async (_w, i) => {
      await singlePool.query('select * from rm_partners where partner_id = $1', [pick(i)]);
    });
    await singlePool.end();
    for (const [name, path] of [['Partner 360', (i: number) => `/v1/partners/${pick(i)}/360`], ['Pipeline by stage', () => '/v1/pipeline?groupBy=stage']] as const) {
      say(`query: ${name}, one client`);
      const single = await closedLoop(1, duration / 3, async (_w, i) => {
        await call('GET', path(i), channelManager);
      });
      if (single.errors > 0) notes.push(`${name}, one client: ${single.errors} failed (first: ${single.firstError}).`);
      say(`  ${fmt(single.perSecond)} queries/s, p50 ${fmt(single.p50, 1)} ms, p99 ${fmt(single.p99, 1)} ms`);
      figures.push({
        name: `${name}, one client (p50 / p99)`,
        value: `${fmt(single.p50, 2)} / ${fmt(single.p99, 1)} ms (${fmt(single.perSecond)}/s)`,
        baseline: `${fmt(rawSingle.p50, 2)} / ${fmt(rawSingle.p99, 2)} ms raw PK lookup, one client`,
        ratio: `${fmt(single.p50 / rawSingle.p50, 0)}x p50`,
        target: 'p50 < 3 ms',
        met: single.p50 < 3,
      });
    }

    // 5. Read-your-writes under command load at half the measured command throughput (whole deals, concurrency 16).
    const rate = Math.max(1, commandRate16 / 2);
    say(`read-your-writes at ${fmt(rate)} commands/s`);
    const delays: number[] = [];
    const plain: number[] = [];
    let rywErrors = 0;
    const interval = 1000 / rate;
    const inFlight: Promise<void>[] = [];
    const rywStarted = performance.now();
    for (let i = 0; performance.now() - rywStarted < duration; i++) {
      const due = rywStarted + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const m = managers[i % managers.length];
      inFlight.push(
        (async () => {
          try {
            const created = await call('POST', '/v1/deal-registrations', m.token, draftBody(m.partner.programIds[0]));
            const answered = performance.now();
            await call('GET', `/v1/deal-registrations?partnerId=${m.partner.partnerId}&limit=1`, m.token, undefined, { 'X-Min-Position': created.position });
            delays.push(performance.now() - answered);
            const t = performance.now();
            await call('GET', `/v1/deal-registrations?partnerId=${m.partner.partnerId}&limit=1`, m.token);
            plain.push(performance.now() - t);
          } catch {
            rywErrors += 1;
          }
        })(),
      );
    }
    await Promise.all(inFlight);
    if (rywErrors > 0) notes.push(`Read-your-writes: ${rywErrors} of ${inFlight.length} failed.`);
    const rywP99 = percentile(delays, 99);
    say(`  delay p50 ${fmt(percentile(delays, 50), 1)} ms, p99 ${fmt(rywP99, 1)} ms (plain query p50 ${fmt(percentile(plain, 50), 1)} ms)`);
    figures.push({
      name: `Read-your-writes delay at ${fmt(rate)} commands/s (p50 / p99)`,
      value: `${fmt(percentile(delays, 50), 1)} / ${fmt(rywP99, 1)} ms`,
      baseline: `${fmt(percentile(plain, 50), 1)} / ${fmt(percentile(plain, 99), 1)} ms the same query without waiting`,
      ratio: `${fmt(rywP99 / percentile(plain, 99), 1)}x p99`,
      target: 'p99 < 50 ms',
      met: rywP99 < 50,
    });

    // 5b. The same commands with the projector stopped: what the write path alone sustains.
    const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)));
    projector.child.kill('SIGTERM');
    await exited(projector.child);
    projectorProcess.current = undefined;
    say('commands over HTTP, projector stopped');
    for (const concurrency of [16, 64]) commandFigures(EDIT, concurrency, await phase(EDIT, concurrency, duration, edit(concurrency), ourApi(false)), false);
    for (const concurrency of [16, 64]) {
      const drafts = await submissionDrafts(concurrency, duration / 2);
      commandFigures(SUBMIT, concurrency, await phase(SUBMIT, concurrency, duration / 2, submitFrom(drafts), ourApi(false)), false);
    }
    for (const c of [api.child, nestPeer.child, rawPeer.child, emmettPeer.child]) c.kill('SIGTERM');
    await Promise.all([api.child, nestPeer.child, rawPeer.child, emmettPeer.child].map(exited));

    // 5c. Statements per command, one request at a time, the API in this process and the projector off.
    say('statements per command');
    const statements = await countStatementsPerCommand({ databaseUrl: database.url, jwtSecret: SECRET, auditKey: AUDIT, partners: world.partners.slice(-5) });
    sections.push(renderCommandSection(commandRows, idle), renderStatementSection(statements));

    // 6. The peer: the same append workload on Emmett's PostgreSQL event store and on ours, side by side.
    const peerEvents = Math.min(args.events, args.quick ? 20_000 : 100_000);
    say(`peer: ${fmt(peerEvents)} events appended to Emmett's PostgreSQL event store and to ours, 8 writers each`);
    const peer = await comparePeer(serverUrl, peerEvents, args.seed, cleanup);
    figures.push({
      name: `Appends, ${fmt(peerEvents)} events, whole streams, 8 writers (events/s)`,
      value: fmt(peer.ours),
      baseline: `${fmt(peer.emmett)} events/s Emmett 0.42 (emmett-postgresql)`,
      ratio: `${fmt((peer.ours / peer.emmett) * 100)}%`,
      target: '',
      met: null,
    });
    if (peer.projection) {
      figures.push({
        name: `Projection of the peer workload, one read table (events/s)`,
        value: fmt(peer.projection.ours),
        baseline: `${fmt(peer.projection.emmett)} events/s Emmett consumer`,
        ratio: `${fmt((peer.projection.ours / peer.projection.emmett) * 100)}%`,
        target: '',
        met: null,
      });
    } else notes.push(peer.projectionNote);

    probes.push(cpuProbe());
    const report = renderReport({ args, pgVersion, generated, genSeconds, counts, figures, sections, notes, probes, totalSeconds: (Date.now() - runStarted) / 1000 });
    process.stdout.write(`\n${report}\n`);
    if (args.out) {
      writeFileSync(args.out, report);
      say(`wrote ${args.out}`);
    }
    await db.destroy();
    await store.close();
  } finally {
    agent.destroy();
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    // Emmett's pools can keep an idle connection after close(); dropping its database cuts it ("terminating
    // connection due to administrator command"), and a pool without an error listener would end the run there.
    const cut = (error: Error & { code?: string }) => {
      if (error.code !== '57P01') throw error;
    };
    process.on('uncaughtException', cut);
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    process.off('uncaughtException', cut);
  }
}

async function comparePeer(serverUrl: string, events: number, seed: number, cleanup: (() => Promise<void>)[]): Promise<{ ours: number; emmett: number; projection?: { ours: number; emmett: number }; projectionNote: string }> {
  const options = { events, seed, partners: 200, programs: 20, writers: 8, start: new Date('2024-11-01T00:00:00Z') };
  const oursDb = await createDatabase(serverUrl, 'cl_bench_peer_ours');
  cleanup.push(oursDb.drop);
  const store = await PostgresEventStore.connect({ connectionString: oursDb.url, migrate: true });
  let t = performance.now();
  const oursResult = await generate((s) => store.append(s.streamId, s.events, { expectedRevision: 'no_stream' }).then(() => undefined), options);
  const ours = oursResult.events / ((performance.now() - t) / 1000);
  await store.close();

  const emmettDb = await createDatabase(serverUrl, 'cl_bench_peer_emmett');
  cleanup.push(emmettDb.drop);
  // Emmett is ESM first but ships CommonJS too; it makes its schema on first use.
  const { getPostgreSQLEventStore } = require('@event-driven-io/emmett-postgresql') as typeof import('@event-driven-io/emmett-postgresql');
  const emmett = getPostgreSQLEventStore(emmettDb.url);
  await emmett.appendToStream('warm-up', [{ type: 'WarmedUp', data: {} }]);
  t = performance.now();
  const emmettResult = await generate(
    (s) =>
      emmett
        .appendToStream(
          s.streamId,
          s.events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata, eventId: e.id } })),
        )
        .then(() => undefined),
    options,
  );
  const emmettRate = emmettResult.events / ((performance.now() - t) / 1000);
  await emmett.close();
  return {
    ours,
    emmett: emmettRate,
    projectionNote:
      'Projection workload on the peer: not measured. Emmett projects either inline (in the append transaction) or through its consumer with its own read models (Pongo documents or raw SQL handlers); an equivalent of the six read models would be a port of them, not a measurement of the store. The append comparison above uses the identical streams.',
  };
}

function renderReport(r: {
  args: Args;
  pgVersion: string;
  generated: { events: number; streams: number };
  genSeconds: number;
  counts: { type: string; n: string }[];
  figures: Figure[];
  sections: string[];
  notes: string[];
  probes: number[];
  totalSeconds: number;
}): string {
  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench${r.args.quick ? ' -- --quick' : r.args.events !== 1_000_000 ? ` -- --events ${r.args.events}` : ''}\` on ${new Date().toISOString().slice(0, 10)}; every figure and its baseline come from the same run on the same machine (${fmt(r.totalSeconds / 60, 1)} minutes in all).`,
    '',
    '## Machine',
    '',
    `- ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB memory, Linux ${release()}`,
    `- Node ${process.version}, PostgreSQL ${r.pgVersion} (local, default settings), one machine for the database, the API, the projector and the load`,
    `- CPU reference (a fixed single-threaded loop of 300 million steps): ${fmt(r.probes[0])} ms at the start of the run, ${fmt(r.probes[1])} ms at the end`,
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm install',
    'npm run bench                       # 1,000,000 events, writes BENCHMARKS.md (10 to 15 minutes here)',
    'npm run bench -- --quick            # 50,000 events, prints the table only',
    'npm run bench -- --events 200000 --seed 7 --out /tmp/bench.md',
    '```',
    '',
    'It uses the PostgreSQL at `BENCH_DATABASE_URL` (or `DATABASE_URL`, or 127.0.0.1:5432), in fresh databases it drops afterwards.',
    '',
    '## Data set',
    '',
    `${fmt(r.generated.events)} events in ${fmt(r.generated.streams)} streams (seed ${r.args.seed}), written through the event store in ${fmt(r.genSeconds, 1)} s (${fmt(r.generated.events / r.genSeconds)} events/s with 8 concurrent writers, whole streams per append). Every event comes out of the domain's deciders:`,
    '',
    '| Stream kind | Events |',
    '| --- | --- |',
    ...r.counts.map((c) => `| ${c.type} | ${fmt(Number(c.n))} |`),
    '',
    '## Figures',
    '',
    '| Figure | Measured | Baseline (same run) | Ratio | Target | Met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.figures.map((f) => `| ${f.name} | ${f.value} | ${f.baseline} | ${f.ratio} | ${f.target} | ${f.met === null ? '' : f.met ? 'yes' : '**no**'} |`),
    '',
  ];
  lines.push(...r.sections);
  if (r.notes.length > 0) lines.push('## Notes from the run', '', ...r.notes.map((n) => `- ${n}`), '');
  // The analysis of where the time goes is written by hand from profiles and kept beside the harness.
  try {
    lines.push(readFileSync(join(ROOT, 'bench', 'analysis.md'), 'utf8').trim(), '');
  } catch {
    // no analysis yet
  }
  return lines.join('\n');
}

// Every command phase of the run: its rate and latency beside what each process spent on one command.
function renderCommandSection(rows: CommandRow[], idle: CpuSplit): string {
  return [
    '## Commands: rate and CPU per command',
    '',
    'Each phase is a closed loop over HTTP; CPU is user + system time from /proc over the phase, divided by the commands it completed. "App" is the API process (or the peer\'s own process); "projector" is the projector process, measured until it has projected the phase\'s events; PostgreSQL is the server\'s backends for the phase\'s database plus its WAL writer, background writer and checkpointer.',
    '',
    `At rest, with no request in flight, the API spent ${fmt(idle.app, 1)} ms of CPU per second, the projector ${fmt(idle.projector, 1)} ms and PostgreSQL ${fmt(idle.postgres, 1)} ms; a phase's figures per command include that share (at N commands/s, 1/N of it per command).`,
    '',
    '| Workload | Concurrency | Projector | Commands/s | p50 / p99 ms | CPU ms: app | projector | PostgreSQL | total |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const total = r.cpu.app + r.cpu.projector + r.cpu.postgres;
      return `| ${r.workload} | ${r.concurrency} | ${r.projector} | ${fmt(r.result.perSecond)} | ${fmt(r.result.p50, 1)} / ${fmt(r.result.p99, 1)} | ${fmt(r.cpu.app, 2)} | ${r.projector === 'running' ? fmt(r.cpu.projector, 2) : ''} | ${fmt(r.cpu.postgres, 2)} | ${fmt(total, 2)} |`;
    }),
    '',
  ].join('\n');
}

function renderStatementSection(rows: StatementCount[]): string {
  return [
    '## Statements per command',
    '',
    `The SQL statements one request sends, counted in the API's process with the projector off (the median of ${rows[0]?.repetitions ?? 0} requests of each kind, one at a time; transaction control counts as a statement).`,
    '',
    '| Command | Caller | Statements | By kind |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.command} | ${r.caller} | ${r.statements} | ${r.kinds} |`),
    '',
  ].join('\n');
}

let finished = false;
// A run whose event loop empties before main() settles (a promise nothing will ever resolve) would otherwise end
// with status 0 and no report.
process.on('beforeExit', () => {
  if (finished) return;
  process.stderr.write(`bench: stopped with work pending after "${lastSaid}" (a promise that never settled)\n`);
  process.exit(1);
});

main()
  .then(() => (finished = true))
  .catch((error: unknown) => {
    process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
