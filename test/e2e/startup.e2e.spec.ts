import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@channel-ledger/event-store';
import { allProjections } from '@channel-ledger/projections';
import { newEvent } from '../contract/event-store.contract';
import { createTestDatabase } from '../support/database';
import { BANNER, ROOT, buildOnce, freePort, interruptGroup, runApp, waitForHealth, waitForReady } from '../support/processes';

jest.setTimeout(120_000);

const JWT = 'local-test-secret-that-is-long-enough';
const AUDIT = 'local-audit-key-that-is-long-enough-too';

beforeAll(() => buildOnce());

interface SavedToken {
  label: string;
  name: string;
  partnerName?: string;
  partnerId?: string;
  roles: string[];
  token: string;
}

const readTokens = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8')) as { expiresAt: string; tokens: SavedToken[] };
const partner = (port: number, id: string, token: string) => fetch(`http://127.0.0.1:${port}/v1/partners/${id}`, { headers: { Authorization: `Bearer ${token}` } });
// The banner's table row of one demo user: "  Alice Hart (Acme Corp, partner manager)   eyJ...".
const tokenRow = (output: string, label: RegExp) => new RegExp(`^\\s+${label.source}\\s+(eyJ\\S+)$`, 'm').exec(output)?.[1];
const messages = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg?: string }).msg);

describe('start-up on the embedded default (no environment)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'channel-ledger-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is ready once the demo data and its tokens are, prints one banner, keeps the data across a restart and says what it stopped', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir, LOG_LEVEL: 'info' };

    const first = runApp('apps/api/src/main.js', env);
    // A script: poll /health/ready, then at once read the tokens file and use Alice's token.
    const answers: { status: number; retryAfter: string | null; body: any; bannerBefore: boolean }[] = [];
    await waitForReady(port, 60_000, first, (answer) => answers.push(answer));
    const saved = readTokens(dataDir);
    // At once, what the read models show (the pipeline by stage, the registrations list) is the demo data as a whole:
    // the same as a moment later, when nothing has written since.
    const chris = saved.tokens.find((t) => t.name === 'Chris')!;
    const readModels = async () => {
      const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${chris.token}` } }).then((r) => r.json());
      const [pipeline, list] = await Promise.all([get('/v1/pipeline?groupBy=stage'), get('/v1/deal-registrations?limit=100')]);
      return { pipeline, statuses: (list as { items: { registrationId: string; status: string }[] }).items.map((r) => `${r.registrationId} ${r.status}`).sort() };
    };
    const atReady = await readModels();
    expect(atReady.statuses).toHaveLength(6);
    const aliceSaved = saved.tokens.find((t) => t.name === 'Alice Hart')!;
    const own = await partner(port, aliceSaved.partnerId!, aliceSaved.token);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { profile: { name: string } }).profile.name).toBe('Acme Corp');
    // The last thing the demo data made (Globex's conflicting submission) is in the read models too.
    const daveSaved = saved.tokens.find((t) => t.name === 'Dave Kim')!;
    const submitted = await fetch(`http://127.0.0.1:${port}/v1/deal-registrations?status=Submitted`, { headers: { Authorization: `Bearer ${daveSaved.token}` } });
    expect(submitted.status).toBe(200);
    expect(((await submitted.json()) as { items: { status: string }[] }).items.map((r) => r.status)).toEqual(['Submitted']);

    await new Promise((r) => setTimeout(r, 1_500));
    expect(await readModels()).toEqual(atReady);

    // 503 (in the API's error shape, with Retry-After) while the demo data loads, 200 only once the banner is out.
    const early = answers.filter((a) => a.status === 503);
    expect(early.length).toBeGreaterThan(0);
    for (const answer of early) expect(answer).toMatchObject({ retryAfter: '1', body: { error: 'not_ready', message: expect.stringContaining('not ready yet'), requestId: expect.any(String) } });
    expect(answers.filter((a) => a.bannerBefore).every((a) => a.status === 200)).toBe(true);
    expect(answers.map((a) => a.status).slice(-1)).toEqual([200]);
    expect(first.output()).toContain(BANNER);

    const output = first.output();
    // The poller's own requests are requests like any other: each has its line (a warn for each 503).
    const lines = output.slice(0, output.indexOf(BANNER)).split('\n').filter((l) => l.trim() !== '');
    const polls = lines.filter((l) => l.includes('"url":"/health/ready"'));
    expect(polls.length).toBe(early.length);
    const beforeBanner = lines.filter((l) => !polls.includes(l));
    expect(beforeBanner.length).toBeLessThanOrEqual(20);
    // Nest's module and route lines, and the seeding's requests, are not among them.
    expect(output).not.toMatch(/"context":"(InstanceLoader|RoutesResolver|RouterExplorer|NestFactory|NestApplication)"/);
    expect(beforeBanner.join('\n')).not.toMatch(/"url":"\/(v1|health)/);
    expect(output).toContain('REDIS_URL is not set: jobs run in-process');
    expect(output).toContain(`http://localhost:${port}/docs`);
    expect(output).toContain(`http://localhost:${port}/health/ready`);
    expect(output).toMatch(new RegExp(`embedded PostgreSQL on 127\\.0\\.0\\.1:${pgPort}`));
    expect(output).toContain(join(dataDir, 'demo-tokens.json'));

    // The banner names each demo user with their partner; the saved file has the same tokens for scripts.
    const aliceToken = tokenRow(output, /Alice Hart \(Acme Corp, partner manager\)/);
    expect(aliceToken).toBe(aliceSaved.token);
    expect(tokenRow(output, /Chris \(channel manager\)/)).toBeDefined();
    expect(tokenRow(output, /Carol Price \(Acme UK, partner associate\)/)).toBeDefined();
    const dave = daveSaved;
    expect(tokenRow(output, /Dave Kim \(Globex Distribution, partner manager\)/)).toBe(dave.token);
    expect(aliceSaved).toMatchObject({ label: 'Alice Hart (Acme Corp, partner manager)', partnerName: 'Acme Corp', roles: ['partner_manager'] });
    expect(saved.tokens).toHaveLength(9);
    for (const file of ['demo-tokens.json', 'demo-tokens.txt']) expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'demo-tokens.txt'), 'utf8')).toContain(`Alice Hart (Acme Corp, partner manager), partner ${aliceSaved.partnerId}:`);
    const other = await partner(port, dave.partnerId!, aliceSaved.token);
    expect(other.status).toBe(404);

    // prm beside the running app uses its embedded database and leaves it running.
    const status = runApp('apps/cli/src/main.js', env, ['projections', 'status']);
    expect(await status.exited).toBe(0);
    expect(status.output()).toMatch(/^PROJECTION\s+VERSION\s+STATUS/m);
    for (const { name, version } of allProjections()) expect(status.output()).toMatch(new RegExp(`^${name}\\s+${version}\\s+running`, 'm'));
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    const streamId = `restart-${randomUUID()}`;
    const url = `postgres://postgres:postgres@127.0.0.1:${pgPort}/channel_ledger`;
    const writer = await PostgresEventStore.connect({ connectionString: url });
    const appended = await writer.append(streamId, [newEvent('KeptAcrossRestart')], { expectedRevision: 'no_stream' });
    await writer.close();

    first.child.kill('SIGTERM');
    const firstExit = await first.exited;
    expect({ exit: firstExit, output: firstExit === 0 ? '' : first.output().slice(-3000) }).toEqual({ exit: 0, output: '' });
    // What it stopped, in order, and a last line that says it is done.
    const logged = messages(first.output());
    const stopping = logged.slice(logged.indexOf('SIGTERM received: shutting down'));
    expect(stopping).toEqual([
      'SIGTERM received: shutting down',
      'stopped the HTTP server',
      expect.stringMatching(/^stopped the projector/),
      'stopped the jobs (in-process)',
      'stopped the database pools',
      `stopped the embedded PostgreSQL (data kept in ${join(dataDir, 'postgres')})`,
      'stopped',
    ]);

    // A restart prints the banner again, from the saved tokens, and they still work.
    const second = runApp('apps/api/src/main.js', env);
    await waitForReady(port, 60_000, second);
    expect(second.output()).toContain(BANNER);
    expect(tokenRow(second.output(), /Alice Hart \(Acme Corp, partner manager\)/)).toBe(aliceSaved.token);
    const again = await partner(port, aliceSaved.partnerId!, aliceSaved.token);
    expect(again.status).toBe(200);
    const reader = await PostgresEventStore.connect({ connectionString: url });
    const events = await reader.readStream(streamId);
    await reader.close();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(events.map((e) => [e.type, e.position])).toEqual([['KeptAcrossRestart', appended.position]]);
    expect(second.output()).not.toContain('initialising the embedded PostgreSQL');
    expect(second.output()).not.toContain('loading the demo data');
    expect(messages(second.output()).slice(-1)).toEqual(['stopped']);

    // Saved tokens that no longer verify (here: one altered, as after a change of secret) are minted again.
    const broken = readTokens(dataDir);
    broken.tokens[0].token = `${broken.tokens[0].token.slice(0, -4)}AAAA`;
    writeFileSync(join(dataDir, 'demo-tokens.json'), JSON.stringify(broken));
    const third = runApp('apps/api/src/main.js', env);
    await waitForReady(port, 60_000, third);
    expect(third.output()).toContain('Demo tokens (minted again');
    const renewed = readTokens(dataDir).tokens.find((t) => t.name === 'Alice Hart')!;
    expect(tokenRow(third.output(), /Alice Hart \(Acme Corp, partner manager\)/)).toBe(renewed.token);
    expect((await partner(port, renewed.partnerId!, renewed.token)).status).toBe(200);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });

  it('finishes the demo data on the next start when the first one is stopped while loading it', async () => {
    const interrupted = mkdtempSync(join(tmpdir(), 'channel-ledger-e2e-'));
    try {
      const [port, pgPort] = [await freePort(), await freePort()];
      const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: interrupted, LOG_LEVEL: 'info' };
      const first = runApp('apps/api/src/main.js', env, [], { ownGroup: true });
      // Stopped with a terminal's Ctrl-C (the embedded PostgreSQL gets it too, and may stop under a request in flight)
      // once the first requests of the demo data are in: the partners exist, the registrations not yet.
      const deadline = Date.now() + 60_000;
      while (!first.output().includes('"msg":"listening on') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      interruptGroup(first);
      await first.exited;
      expect(first.output()).not.toContain(BANNER);
      expect(existsSync(join(interrupted, 'demo-seeding'))).toBe(true);

      // The next start makes the rest (the requests already done are answered from their idempotency keys) and is
      // ready with all of it.
      const second = runApp('apps/api/src/main.js', env);
      await waitForReady(port, 90_000, second);
      expect(second.output()).toContain(BANNER);
      // The request the first start left in flight is taken over at once, not refused until its key times out.
      expect(second.output()).not.toContain('request_in_progress');
      expect(existsSync(join(interrupted, 'demo-seeding'))).toBe(false);
      const chris = readTokens(interrupted).tokens.find((t) => t.name === 'Chris')!;
      const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${chris.token}` } }).then((r) => r.json());
      const partners = (await get('/v1/partners?limit=100')) as { items: { name: string }[] };
      expect(partners.items.map((p) => p.name).sort()).toEqual(['Acme Corp', 'Acme UK', 'Globex Distribution']);
      const registrations = (await get('/v1/deal-registrations?limit=100')) as { items: { status: string }[] };
      expect(registrations.items.map((r) => r.status).sort()).toEqual(['Approved', 'Draft', 'Rejected', 'Submitted', 'Submitted', 'UnderReview']);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(interrupted, { recursive: true, force: true });
    }
  });
});

describe('npm run build', () => {
  // The staleness check of scripts/build.js, on a tree of its own: what it decides from, not tsc.
  const build: { needsBuild(root: string): boolean; markBuilt(root: string): void } = require('../../scripts/build.js');
  const root = mkdtempSync(join(tmpdir(), 'channel-ledger-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text = '') => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const files = ['apps/api/main.ts', 'libs/x/index.ts', 'projections/p/p.ts', 'libs/x/x.spec.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/aliases.js'];
  const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
  // Time is simulated: the sources were last written a minute ago, the build half a minute ago; an edit is now.
  const built = () => {
    for (const path of files) if (existsSync(join(root, path))) utimesSync(join(root, path), ago(60), ago(60));
    build.markBuilt(root);
    utimesSync(join(root, 'dist', '.build-stamp'), ago(30), ago(30));
  };
  const edit = (path: string) => utimesSync(join(root, path), new Date(), new Date());

  it('builds when a source, the compiler settings or the sources changed, and skips when nothing did', () => {
    for (const path of files) write(path);
    expect(build.needsBuild(root)).toBe(true); // never built
    built();
    expect(build.needsBuild(root)).toBe(false);
    edit('libs/x/index.ts');
    expect(build.needsBuild(root)).toBe(true);
    built();
    expect(build.needsBuild(root)).toBe(false);
    edit('libs/x/x.spec.ts'); // tests are not compiled into dist/
    expect(build.needsBuild(root)).toBe(false);
    edit('tsconfig.build.json');
    expect(build.needsBuild(root)).toBe(true);
    built();
    write('projections/p/new.ts'); // a new file, even one older than the build
    utimesSync(join(root, 'projections/p/new.ts'), ago(3600), ago(3600));
    expect(build.needsBuild(root)).toBe(true);
    built();
    expect(build.needsBuild(root)).toBe(false);
    rmSync(join(root, 'projections/p/new.ts')); // and a deleted one
    expect(build.needsBuild(root)).toBe(true);
  });

  it('does nothing, and says nothing, when the repository is built', () => {
    // buildOnce ran above: nothing changed since.
    expect(build.needsBuild(ROOT)).toBe(false);
    const started = Date.now();
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('start-up refuses a bad configuration with one line', () => {
  const oneLine = (output: string) => output.trim().split('\n').filter((l) => l.trim() !== '');

  it('names an invalid EVENT_STORE', async () => {
    const run = runApp('apps/api/src/main.js', { EVENT_STORE: 'mongo', DATABASE_URL: 'postgres://127.0.0.1:1/x' });
    expect(await run.exited).toBe(1);
    expect(oneLine(run.output())).toEqual(['channel-ledger: Invalid configuration: EVENT_STORE must be one of postgres, eventstoredb (got "mongo")']);
  });

  it('names a PORT that is taken, and leaves no embedded PostgreSQL behind', async () => {
    const taken: Server = createServer();
    const port = await new Promise<number>((r) => taken.listen(0, () => r((taken.address() as { port: number }).port)));
    const dataDir = mkdtempSync(join(tmpdir(), 'channel-ledger-e2e-port-'));
    const pgPort = await freePort();
    try {
      const run = runApp('apps/api/src/main.js', { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir });
      expect(await run.exited).toBe(1);
      expect(oneLine(run.output())).toEqual([`channel-ledger: PORT ${port} is already in use: stop what holds it or set PORT`]);
      // The embedded server it had started is stopped again: its port is free.
      const probe = createServer();
      await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(pgPort, '127.0.0.1', () => resolve()));
      probe.close();
    } finally {
      taken.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names a DATABASE_URL that refuses connections, at once', async () => {
    const started = Date.now();
    const run = runApp('apps/api/src/main.js', { DATABASE_URL: 'postgres://app:secret@127.0.0.1:1/ledger', JWT_SECRET: JWT, AUDIT_KEY: AUDIT });
    expect(await run.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const lines = oneLine(run.output());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^channel-ledger: Cannot reach PostgreSQL at DATABASE_URL \(postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/ledger\): .*ECONNREFUSED/);
  });

  it('names a DATABASE_URL whose server never answers, within seconds', async () => {
    // A local socket that accepts connections and then says nothing.
    const silent: Server = createServer(() => undefined);
    const port = await new Promise<number>((r) => silent.listen(0, '127.0.0.1', () => r((silent.address() as { port: number }).port)));
    try {
      const run = runApp('apps/api/src/main.js', { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/ledger`, JWT_SECRET: JWT, AUDIT_KEY: AUDIT });
      expect(await run.exited).toBe(1);
      expect(oneLine(run.output())).toEqual([expect.stringMatching(/Cannot reach PostgreSQL at DATABASE_URL .*no answer within 5 s/)]);
    } finally {
      silent.close();
    }
  });

  it('asks for `prm migrate` on an unmigrated DATABASE_URL, and starts once it ran', async () => {
    const database = await createTestDatabase('cl_e2e_migrate');
    try {
      const port = await freePort();
      const env = { DATABASE_URL: database.url, PORT: String(port), JWT_SECRET: JWT, AUDIT_KEY: AUDIT };
      const refused = runApp('apps/api/src/main.js', env);
      expect(await refused.exited).toBe(1);
      expect(oneLine(refused.output())).toEqual([expect.stringMatching(/needs \d+ migration\(s\) .*run "npm run prm -- migrate"/)]);

      const migrate = runApp('apps/cli/src/main.js', env, ['migrate']);
      expect(await migrate.exited).toBe(0);
      expect(migrate.output()).toContain('database is up to date');

      const app = runApp('apps/api/src/main.js', env);
      const health = await waitForHealth(port, 30_000, app);
      await waitForReady(port, 30_000, app);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      expect(health.body.details.database).toMatchObject({ status: 'up', embedded: false });
      // Its banner says where the data is, and has no demo tokens.
      expect(app.output()).toContain(`${BANNER}http://localhost:${port}`);
      expect(app.output()).toContain('Data       PostgreSQL at DATABASE_URL (postgres://');
      expect(app.output()).not.toMatch(/eyJ\S+/);
    } finally {
      await database.drop();
    }
  });
});
