import request from 'supertest';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { ProjectionRunner } from '@channel-ledger/projection-runner';
import { allProjections } from '@channel-ledger/projections';
import { TestApp, startTestApp } from '../support/test-app';
import { expectOk, onboard, registrationBody } from '../support/onboarding';
import { HEAVY, seeded, setting } from '../support/heavy';
import { READ_TABLES, readModelChecksums } from '../support/read-model-checksums';

// CI kills the projector 8 times over 30 registrations; RELIABILITY_HEAVY=1 kills it 60 times over 150.
const KILLS = setting('PROJECTOR_KILLS', 8, 60);
const REGISTRATIONS = setting('CRASH_REGISTRATIONS', 30, 150);
const SEED = setting('CRASH_SEED', 20261122, 20261122);

jest.setTimeout(HEAVY ? 1_800_000 : 120_000);

const ROOT = join(__dirname, '..', '..');
const TABLES = READ_TABLES;
const checksums = readModelChecksums;

describe('the real read models survive SIGKILL in the middle of batches', () => {
  let t: TestApp;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // Commands only: the projections run in separate processes below.
    t = await startTestApp({ RUN_PROJECTOR: 'false' });
    const o = await onboard(t);
    const as = (token: string) => ({ post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body) });
    for (let i = 0; i < REGISTRATIONS; i++) {
      const token = [o.tokens.acmeManager, o.tokens.acmeUkAssociate, o.tokens.globexManager][i % 3];
      const tag = randomUUID().slice(0, 8);
      const { id } = await expectOk(await as(token).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Crash ${tag}`, domain: `crash-${tag}.example`, contactEmail: `c@crash-${tag}.example` })));
      const steps = ['submit', 'start-review', 'send-for-approval', i % 2 ? 'approve' : 'reject'].slice(0, i % 5);
      for (const step of steps) {
        const actor = step === 'submit' ? token : step === 'approve' || step === 'reject' ? o.tokens.approver : o.tokens.channelManager;
        await expectOk(await as(actor).post(`/v1/deal-registrations/${id}/${step}`, step === 'reject' ? { reason: 'duplicate' } : {}));
      }
    }
    await expectOk(await as(o.tokens.channelManager).post(`/v1/partners/${o.partners.acmeDe}/parent`, { parentId: o.partners.globex }));
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await t?.close();
  });

  const spawnProjector = (instance: string, slowMs: number) => {
    const child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'test/support/projector-child.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.database.url, INSTANCE_ID: instance, REAL: '1', SLOW_MS: String(slowMs), BATCH: '7' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    children.push(child);
    return { child, output: () => out, exited: new Promise<void>((r) => child.on('exit', () => r())) };
  };

  async function caughtUp(db: Kysely<any>): Promise<boolean> {
    const head = await t.platform.eventStore.headPosition();
    const rows = await db.selectFrom('projection_checkpoints').select('position').where('projection', 'in', allProjections().map((p) => p.name)).execute();
    return rows.length === allProjections().length && rows.every((r: { position: string | null }) => r.position === head);
  }

  it(`kills the projector ${KILLS} times at random moments mid-catch-up; the rows then equal a clean replay`, async () => {
    const db = t.platform.readDb as unknown as Kysely<any>;
    const random = seeded(SEED);
    let killedBeforeCaughtUp = 0;
    for (let round = 0; round < KILLS; round++) {
      const p = spawnProjector(`crash-${round}`, 25);
      const deadline = Date.now() + 30_000;
      while (!p.output().includes('owns projection') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 40 + Math.floor(random() * 260)));
      if (!(await caughtUp(db))) killedBeforeCaughtUp += 1;
      p.child.kill('SIGKILL');
      await p.exited;
    }
    // Most kills must land while there is still work to do, or the test proves nothing.
    expect(killedBeforeCaughtUp).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));
    const last = spawnProjector('crash-final', 0);
    const deadline = Date.now() + 60_000;
    while (!(await caughtUp(db)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    last.child.kill('SIGTERM');
    await last.exited;
    expect(await caughtUp(db)).toBe(true);
    const afterCrashes = await checksums(db);

    // The same log, replayed from scratch by one runner that is never interrupted.
    for (const [table] of TABLES) await sql`truncate ${sql.table(table)}`.execute(db);
    await db.deleteFrom('projection_checkpoints').execute();
    const clean = new ProjectionRunner({ store: t.platform.eventStore, db: t.platform.readDb, connectionString: t.database.url, projections: allProjections(), instanceId: 'clean', batchSize: 500, idleMs: 10 });
    await clean.start();
    const until = Date.now() + 60_000;
    while (!(await caughtUp(db)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await clean.stop();
    const replayed = await checksums(db);

    expect(afterCrashes).toEqual(replayed);
    expect(Number(replayed.rm_registrations.split(':')[0])).toBe(REGISTRATIONS);
    expect(Number(replayed.rm_deal_approval_history.split(':')[0])).toBeGreaterThan(REGISTRATIONS);
    console.log(`projector crashes: ${KILLS} SIGKILLs (seed ${SEED}), ${killedBeforeCaughtUp} before catch-up was complete; ${TABLES.length} tables equal a clean replay`);
  });
});
