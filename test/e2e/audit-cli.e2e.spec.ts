import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { TestApp, startTestApp } from '../support/test-app';
import { expectOk, onboard, registrationBody } from '../support/onboarding';
import { buildOnce, runApp } from '../support/processes';

jest.setTimeout(120_000);

describe('prm audit', () => {
  let t: TestApp;
  let registrationId: string;
  let betweenSubmitAndApproval: string;
  const secret = 'audit-cli-secret-that-is-long-enough';

  beforeAll(async () => {
    buildOnce();
    t = await startTestApp({ RUN_PROJECTOR: 'false', JWT_SECRET: secret });
    const o = await onboard(t);
    const as = (token: string) => ({ post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body) });
    const tag = randomUUID().slice(0, 8);
    ({ id: registrationId } = await expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Cli ${tag}`, domain: `cli-${tag}.example`, contactEmail: `c@cli-${tag}.example` }))));
    await expectOk(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${registrationId}/submit`));
    await new Promise((r) => setTimeout(r, 30));
    betweenSubmitAndApproval = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 30));
    await expectOk(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${registrationId}/start-review`));
  });

  afterAll(async () => {
    await t?.close();
  });

  const cli = (args: string[]) => runApp('apps/cli/src/main.js', { DATABASE_URL: t.database.url, JWT_SECRET: secret }, args);

  it('replays a registration as it stood at a moment', async () => {
    const run = cli(['audit', 'replay', registrationId, '--at', betweenSubmitAndApproval]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain(`registration-${registrationId} as it stood at ${betweenSubmitAndApproval}: 2 event(s)`);
    expect(run.output()).toMatch(/#0 .* RegistrationDrafted {2}by .* \(partner_manager, partner /);
    expect(run.output()).toContain('hash chain: intact');
    expect(run.output()).toContain('"status": "Submitted"');
    expect(run.output()).not.toContain('RegistrationReviewStarted');
  });

  it('verifies every chain, then finds the event row edited on purpose', async () => {
    const clean = cli(['audit', 'verify', '--all']);
    expect(await clean.exited).toBe(0);
    expect(clean.output()).toMatch(/ok: \d+ streams, \d+ events, every hash chain intact/);
    expect(clean.output()).toContain('verified');

    await sql`update event_store.events set data = jsonb_set(data, '{products}', '["free-upgrade"]') where stream_id = ${`registration-${registrationId}`} and stream_revision = 0`.execute(t.platform.readDb);
    const broken = cli(['audit', 'verify', '--all']);
    expect(await broken.exited).toBe(1);
    expect(broken.output()).toContain(`BROKEN: stream registration-${registrationId} at revision 0`);
    expect(broken.output()).toContain('altered');
    const one = cli(['audit', 'verify', `registration-${registrationId}`]);
    expect(await one.exited).toBe(1);
    expect((await (async () => { const r = cli(['audit', 'verify']); await r.exited; return r.output(); })())).toContain('needs a stream id or --all');
  });
});
