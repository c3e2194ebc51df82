import request from 'supertest';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { ProjectionRunner } from '../../libs/projection-runner/src';
import { allProjections } from '../../projections/read-models';
import { TestApp, startTestApp } from '../support/test-app';
import { expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const TABLES: [string, string][] = [
  ['rm_partners', 'partner_id'],
  ['rm_partner_closure', 'ancestor_id, partner_id'],
  ['rm_members', 'member_id'],
  ['rm_registrations', 'registration_id'],
  ['rm_deal_approval_history', 'position'],
  ['rm_partnerships', 'partner_id, program_id'],
  ['rm_opportunities', 'opportunity_id'],
  ['rm_quotes', 'quote_id'],
  ['rm_orders', 'order_id'],
  ['rm_order_lines', 'order_id, line_id'],
  ['rm_cases', 'case_id'],
];

async function checksums(db: Kysely<unknown>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, key] of TABLES) {
    const { rows } = await sql<{ sum: string; n: string }>`select md5(coalesce(string_agg(t::text, '|' order by ${sql.raw(key)}), '')) as sum, count(*) as n from ${sql.table(table)} t`.execute(db);
    out[table] = `${rows[0].n}:${rows[0].sum}`;
  }
  return out;
}

describe('the real read models survive SIGKILL in the middle of batches', () => {
  let t: TestApp;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // Commands only: the projections run in separate processes below.
    t = await startTestApp({ RUN_PROJECTOR: 'false' });
    const o = await onboard(t);
    const as = (token: string) => ({ post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body) });
    for (let i = 0; i < 30; i++) {
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

  it('kills the projector 8 times mid-catch-up; the rows then equal a clean replay', async () => {
    const db = t.platform.readDb as unknown as Kysely<any>;
    for (let round = 0; round < 8; round++) {
      const p = spawnProjector(`crash-${round}`, 25);
      const deadline = Date.now() + 30_000;
      while (!p.output().includes('owns projection') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 60 + ((round * 53) % 140)));
      p.child.kill('SIGKILL');
      await p.exited;
    }
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
    expect(Number(replayed.rm_registrations.split(':')[0])).toBe(30);
    expect(Number(replayed.rm_deal_approval_history.split(':')[0])).toBeGreaterThan(30);
  });
});
