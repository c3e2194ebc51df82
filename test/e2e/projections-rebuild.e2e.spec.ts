import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import { verifyProjection } from '@channel-ledger/projection-runner';
import { allProjections } from '@channel-ledger/projections';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';
import { buildOnce, runApp } from '../support/processes';

jest.setTimeout(120_000);

const registrations = allProjections().find((p) => p.name === 'registrations')!;

async function waitForRebuild(t: TestApp, token: string, id: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = await expectOk(await request(t.http).get(`/v1/ops/projections/rebuilds/${id}`).set('Authorization', `Bearer ${token}`), [200]);
    if (view.status === 'done' || view.status === 'failed') return view;
    if (Date.now() > deadline) throw new Error(`rebuild ${id} still ${view.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function seed(t: TestApp, o: Onboarded, token: string, count: number, label: string): Promise<{ ids: string[]; position: string }> {
  const ids: string[] = [];
  let position = '';
  for (let i = 0; i < count; i++) {
    const tag = randomUUID().slice(0, 8);
    const created = await expectOk(
      await request(t.http)
        .post('/v1/deal-registrations')
        .set('Authorization', `Bearer ${token}`)
        .send(registrationBody(o.programId, { companyName: `${label} ${tag}`, domain: `${label.toLowerCase()}-${tag}.example`, contactEmail: `buyer@${label.toLowerCase()}-${tag}.example` })),
    );
    ids.push(created.id);
    position = created.position;
  }
  return { ids, position };
}

describe('rebuilding a projection without downtime', () => {
  let t: TestApp;
  let o: Onboarded;
  const secret = 'rebuild-secret-that-is-long-enough-for-hs256';

  beforeAll(async () => {
    buildOnce();
    t = await startTestApp({ JWT_SECRET: secret });
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, token: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, token: string) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send({});

  it('switches readers from the live copy to the rebuilt one exactly once, while commands and queries go on', async () => {
    const { ids, position } = await seed(t, o, o.tokens.acmeManager, 40, 'Acme');
    await expectOk(await get(`/v1/deal-registrations?partnerId=${o.partners.acme}&limit=100`, o.tokens.channelManager).set('X-Min-Position', position), [200]);
    // The live copy goes wrong (as a bug in an old version of the projection would leave it): the rebuild puts it right.
    await sql`update rm_registrations set customer_company = 'CORRUPTED' where partner_id = ${o.partners.acme}`.execute(t.platform.readDb);

    let writing = true;
    let reading = true;
    // Another partner keeps registering deals: the live copy keeps moving during the rebuild.
    const writer = (async () => {
      let written = 0;
      while (writing) written += (await seed(t, o, o.tokens.globexManager, 1, 'Globex')).ids.length;
      return written;
    })();
    const answers: string[] = [];
    const failures: string[] = [];
    const reader = (async () => {
      while (reading) {
        const res = await get(`/v1/deal-registrations?partnerId=${o.partners.acme}&limit=100`, o.tokens.channelManager);
        if (res.status !== 200) {
          failures.push(`${res.status} ${JSON.stringify(res.body)}`);
          continue;
        }
        const names = (res.body.items as { customer: { companyName: string } }[]).map((r) => r.customer.companyName);
        const corrupted = names.filter((n) => n === 'CORRUPTED').length;
        answers.push(names.length === ids.length && corrupted === ids.length ? 'old' : names.length === ids.length && corrupted === 0 ? 'new' : `mixed ${names.length}/${corrupted}`);
      }
    })();

    await new Promise((r) => setTimeout(r, 150));
    const started = await expectOk(await post('/v1/ops/projections/registrations/rebuild', o.tokens.ops), [202]);
    expect(started).toMatchObject({ projection: 'registrations', status: 'queued', mode: 'in-process', links: { self: `/v1/ops/projections/rebuilds/${started.id}` } });
    const finished = await waitForRebuild(t, o.tokens.ops, started.id);
    await new Promise((r) => setTimeout(r, 150));
    reading = false;
    writing = false;
    await reader;
    const written = await writer;

    expect(finished).toMatchObject({ status: 'done', percent: 100, error: null, requestedBy: expect.any(String) });
    expect(finished.eventsDone).toBeGreaterThanOrEqual(ids.length);
    expect(finished.eventsTotal).toBe(finished.eventsDone);
    expect(written).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    // Old answers, then new ones: one switch, nothing in between, and both sides seen.
    const switches = answers.filter((a, i) => i > 0 && a !== answers[i - 1]).length;
    expect(answers[0]).toBe('old');
    expect(answers[answers.length - 1]).toBe('new');
    expect(answers.filter((a) => a !== 'old' && a !== 'new')).toEqual([]);
    expect(switches).toBe(1);

    // The live runner went on after the switch: it catches up with everything written, and the copy equals a replay.
    const last = (await seed(t, o, o.tokens.globexManager, 1, 'Globex')).position;
    await expectOk(await get(`/v1/deal-registrations?limit=1`, o.tokens.channelManager).set('X-Min-Position', last), [200]);
    const report = await verifyProjection(t.platform.readDb, t.platform.eventStore, registrations);
    expect(report.identical).toBe(true);
    const { rows } = await sql<{ n: string }>`select count(*) as n from information_schema.schemata where schema_name like 'rebuild_%'`.execute(t.platform.readDb);
    expect(Number(rows[0].n)).toBe(0);
  });

  it('shows the newest rebuild of each projection beside its status', async () => {
    const body = await expectOk(await get('/v1/ops/projections', o.tokens.ops), [200]);
    const row = body.items.find((i: { projection: string }) => i.projection === 'registrations');
    expect(row).toMatchObject({ projection: 'registrations', status: 'running', rebuildable: true, rebuild: { status: 'done', percent: 100 } });
    // What the list says may be rebuilt is what the rebuild command accepts.
    for (const item of body.items as { projection: string; rebuildable: boolean }[]) {
      if (item.rebuildable) continue;
      const refused = await post(`/v1/ops/projections/${item.projection}/rebuild`, o.tokens.ops);
      expect([refused.status, refused.body.error]).toEqual([409, 'not_rebuildable']);
    }
    expect((body.items as { projection: string; rebuildable: boolean }[]).filter((i) => !i.rebuildable).map((i) => i.projection)).toEqual(['webhooks']);
    expect(body.items.map((i: { projection: string }) => i.projection).sort()).toEqual(allProjections().map((p) => p.name).sort());
  });

  it('reports each projection\'s dead letters of its current version: how many, and the last one', async () => {
    const before = await expectOk(await get('/v1/ops/projections', o.tokens.ops), [200]);
    const cases = before.items.find((i: { projection: string }) => i.projection === 'cases');
    expect(cases).toMatchObject({ deadLetters: 0, lastDeadLetter: null });
    const letter = (version: number, eventType: string, error: string) => ({ projection: 'cases', version, position: '1/1', event_id: randomUUID(), stream_id: `case-${randomUUID()}`, event_type: eventType, error });
    await t.platform.readDb
      .insertInto('projection_dead_letters')
      .values([letter(cases.version, 'CaseOpened', 'first'), letter(cases.version, 'CaseResolved', 'second'), letter(cases.version + 1, 'CaseClosed', 'of another version')])
      .execute();
    try {
      const after = await expectOk(await get('/v1/ops/projections', o.tokens.ops), [200]);
      const row = after.items.find((i: { projection: string }) => i.projection === 'cases');
      expect(row.deadLetters).toBe(2);
      expect(row.lastDeadLetter).toMatchObject({ eventType: 'CaseResolved', error: 'second', position: '1/1' });
      expect(after.items.find((i: { projection: string }) => i.projection === 'registrations').deadLetters).toBe(0);
    } finally {
      await t.platform.readDb.deleteFrom('projection_dead_letters').where('projection', '=', 'cases').execute();
    }
  });

  it('is for ops: others get 403, an unknown projection 404, a second rebuild while one is active 409', async () => {
    expect((await post('/v1/ops/projections/registrations/rebuild', o.tokens.channelManager)).status).toBe(403);
    expect((await post('/v1/ops/projections/registrations/rebuild', o.tokens.acmeManager)).status).toBe(403);
    expect((await get('/v1/ops/projections', o.tokens.auditor)).status).toBe(403);
    expect((await post('/v1/ops/projections/registrations/rebuild', '')).status).toBe(401);
    const unknown = await post('/v1/ops/projections/nonsense/rebuild', o.tokens.ops);
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('registrations');
    expect((await get(`/v1/ops/projections/rebuilds/${randomUUID()}`, o.tokens.ops)).status).toBe(404);
    expect((await get('/v1/ops/projections/rebuilds/not-a-uuid', o.tokens.ops)).status).toBe(400);
    // An active rebuild (as one queued for a projector that is busy) blocks a second one.
    const active = randomUUID();
    await sql`insert into projection_rebuilds (id, projection, status, requested_by) values (${active}, 'cases', 'queued', 'someone')`.execute(t.platform.readDb);
    try {
      const second = await post('/v1/ops/projections/cases/rebuild', o.tokens.ops);
      expect(second.status).toBe(409);
      expect(JSON.stringify(second.body)).toContain(active);
    } finally {
      await sql`delete from projection_rebuilds where id = ${active}`.execute(t.platform.readDb);
    }
  });

  it('prm projections rebuild shows progress and switches readers; prm projections status shows the result', async () => {
    await sql`update rm_registrations set amount_minor = 1`.execute(t.platform.readDb);
    const cli = (args: string[]) => runApp('apps/cli/src/main.js', { DATABASE_URL: t.database.url, JWT_SECRET: secret, AUDIT_KEY: t.auditKey }, args);
    const run = cli(['projections', 'rebuild', 'registrations']);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('the live copy keeps serving reads');
    expect(run.output()).toMatch(/\[#{30}\] \d+\/\d+ events {2}\d+ events\/s/);
    expect(run.output()).toMatch(/readers switched to the new copy of registrations at \d{20}-\d{20}: rm_registrations \d+ rows/);
    expect((await verifyProjection(t.platform.readDb, t.platform.eventStore, registrations)).identical).toBe(true);
    const status = cli(['projections', 'status']);
    expect(await status.exited).toBe(0);
    expect(status.output()).toMatch(/registrations .* done \S+ \(\d+\/\d+ events\)/);
    const unknown = cli(['projections', 'rebuild', 'nonsense']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain('name one of');
  });
});

describe('rebuilding through BullMQ when Redis is configured', () => {
  let t: TestApp;
  let o: Onboarded;
  const prefix = `cl-test-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: process.env.TEST_REDIS_URL!, QUEUE_PREFIX: prefix });
    o = await onboard(t);
  });

  afterAll(async () => {
    const queue = new Queue('channel-ledger-rebuilds', { connection: { url: process.env.TEST_REDIS_URL! }, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await t?.close();
  });

  it('queues the rebuild as a job that a projector runs, and the job reports its progress', async () => {
    await seed(t, o, o.tokens.acmeManager, 5, 'Queued');
    const started = await expectOk(await request(t.http).post('/v1/ops/projections/partner_directory/rebuild').set('Authorization', `Bearer ${o.tokens.ops}`).send({}), [202]);
    expect(started.mode).toBe('bullmq');
    const finished = await waitForRebuild(t, o.tokens.ops, started.id);
    expect(finished).toMatchObject({ status: 'done', percent: 100 });
    expect(finished.runner).toMatch(/:\d+$/);
    const queue = new Queue('channel-ledger-rebuilds', { connection: { url: process.env.TEST_REDIS_URL! }, prefix });
    try {
      const job = await queue.getJob(started.id);
      expect(await job?.getState()).toBe('completed');
      expect(job?.progress).toMatchObject({ phase: 'switching' });
    } finally {
      await queue.close();
    }
  });
});
