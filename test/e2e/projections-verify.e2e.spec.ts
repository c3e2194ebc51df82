import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { allProjections } from '@channel-ledger/projections';
import { TestApp, startTestApp } from '../support/test-app';
import { expectOk, onboard, registrationBody } from '../support/onboarding';
import { buildOnce, runApp } from '../support/processes';

jest.setTimeout(120_000);

describe('prm projections verify', () => {
  let t: TestApp;
  const secret = 'verify-cli-secret-that-is-long-enough';
  const ids: string[] = [];

  beforeAll(async () => {
    buildOnce();
    t = await startTestApp({ JWT_SECRET: secret });
    const o = await onboard(t);
    const as = (token: string) => ({ post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body) });
    let position = '';
    for (let i = 0; i < 5; i++) {
      const tag = randomUUID().slice(0, 8);
      const created = await expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Verify ${tag}`, domain: `verify-${tag}.example`, contactEmail: `v@verify-${tag}.example` })));
      ids.push(created.id);
      position = (await expectOk(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${created.id}/submit`))).position;
    }
    // Let every projection include the last command before verifying.
    for (const list of ['/v1/deal-registrations', '/v1/partners', '/v1/cases', '/v1/orders']) {
      await expectOk(await request(t.http).get(`${list}?limit=1`).set('Authorization', `Bearer ${o.tokens.channelManager}`).set('X-Min-Position', position), [200]);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const cli = (args: string[]) => runApp('apps/cli/src/main.js', { DATABASE_URL: t.database.url, JWT_SECRET: secret, AUDIT_KEY: t.auditKey }, args);

  it.each(allProjections().filter((p) => p.tables?.length).map((p) => p.name))('%s: the live copy equals a rebuild from the log', async (name) => {
    const run = cli(['projections', 'verify', name]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain(`projection ${name} at `);
    expect(run.output()).toContain('identical to a rebuild from the log');
  });

  it('finds rows corrupted, removed and invented on purpose, by key', async () => {
    await sql`update rm_registrations set amount_minor = 1 where registration_id = ${ids[0]}`.execute(t.platform.readDb);
    await sql`delete from rm_registrations where registration_id = ${ids[1]}`.execute(t.platform.readDb);
    const invented = randomUUID();
    await sql`insert into rm_registrations select ${invented}, partner_id, program_id, submitted_by, registration_type, customer_company, customer_domain,
      contact_email, amount_minor, currency, expected_close_date, status, conflict_count, created_at, submitted_at, decided_at, protected_until,
      updated_at, last_position, decision, opportunity_id from rm_registrations where registration_id = ${ids[2]}`.execute(t.platform.readDb);
    const run = cli(['projections', 'verify', 'registrations']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('DIFFERS from a rebuild from the log');
    expect(run.output()).toContain(`different values (1): ${ids[0]}`);
    expect(run.output()).toContain(`missing from the live copy: ${ids[1]}`);
    expect(run.output()).toContain(`only in the live copy: ${invented}`);
    expect(run.output()).toMatch(/rm_registrations: live \d+ rows, rebuilt \d+ rows, checksums differ/);
    // The scratch copy is gone afterwards.
    const { rows } = await sql<{ n: string }>`select count(*) as n from information_schema.schemata where schema_name like 'verify_%'`.execute(t.platform.readDb);
    expect(Number(rows[0].n)).toBe(0);
  });
});
