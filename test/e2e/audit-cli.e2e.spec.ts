import request from 'supertest';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';
import { until } from '../support/until';
import { buildOnce, runApp } from '../support/processes';

jest.setTimeout(120_000);

describe('prm audit', () => {
  let t: TestApp;
  let registrationId: string;
  let betweenSubmitAndApproval: string;
  const secret = 'audit-cli-secret-that-is-long-enough';
  const auditKey = randomBytes(32).toString('hex');

  beforeAll(async () => {
    buildOnce();
    t = await startTestApp({ RUN_PROJECTOR: 'false', JWT_SECRET: secret, AUDIT_KEY: auditKey });
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

  const cli = (args: string[]) => runApp('apps/cli/src/main.js', { DATABASE_URL: t.database.url, JWT_SECRET: secret, AUDIT_KEY: auditKey }, args);


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

describe('prm audit checkpoints', () => {
  let t: TestApp;
  let first: Onboarded;
  const auditKey = randomBytes(32).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'prm-checkpoint-'));
  const secret = 'audit-cli-secret-that-is-long-enough';

  beforeAll(async () => {
    buildOnce();
    t = await startTestApp({ RUN_PROJECTOR: 'false', JWT_SECRET: secret, AUDIT_KEY: auditKey });
    first = await onboard(t);
    // A checkpoint covers what readers see; wait until that is every committed event.
    await until('every event readable', async () => ((await t.platform.eventStore.countEvents!()) === (await t.eventCount()) ? true : undefined));
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (args: string[], env: Record<string, string> = {}) => {
    const started = runApp('apps/cli/src/main.js', { DATABASE_URL: t.database.url, JWT_SECRET: secret, AUDIT_KEY: auditKey, ...env }, args);
    return { code: await started.exited, output: started.output() };
  };

  it('signs the head of the log, verifies it as a prefix after more appends, and catches a stream deleted before it', async () => {
    const key = join(dir, 'checkpoint.key');
    expect(await run(['audit', 'keygen', '--out', key])).toMatchObject({ code: 0, output: expect.stringContaining(`${key}.pub`) });
    const checkpoint = join(dir, 'head-1.json');
    const taken = await run(['audit', 'checkpoint', '--key', key, '--out', checkpoint]);
    expect(taken).toMatchObject({ code: 0, output: expect.stringMatching(/checkpoint of \d+ events up to \d{20}-\d{20} written to /) });
    const signed = JSON.parse(readFileSync(checkpoint, 'utf8'));
    expect(signed).toMatchObject({ format: 'channel-ledger-checkpoint/1', events: expect.any(Number), logHash: expect.stringMatching(/^[0-9a-f]{64}$/), signature: expect.any(String) });

    await onboard(t);
    const clean = await run(['audit', 'verify', '--all', '--checkpoint', checkpoint, '--public-key', `${key}.pub`]);
    expect(clean.output).toContain(`ok: checkpoint ${checkpoint} (${signed.events} events`);
    expect(clean).toMatchObject({ code: 0, output: expect.stringMatching(/every hash chain intact, 1 checkpoint\(s\) still hold/) });

    // A forged checkpoint (fewer events, to cover for a removal) is refused on its signature.
    const forged = join(dir, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...signed, events: signed.events - 1 }));
    expect(await run(['audit', 'verify', '--all', '--checkpoint', forged, '--public-key', `${key}.pub`])).toMatchObject({ code: 1, output: expect.stringContaining('signature') });
    expect(await run(['audit', 'verify', '--all', '--checkpoint', checkpoint])).toMatchObject({ code: 2, output: expect.stringContaining('--public-key <file> is required') });

    // The insider removes a partner's whole stream (events and stream row): every remaining chain holds, the kept
    // checkpoint does not.
    const victim = `partner-${first.partners.globex}`;
    await sql`delete from event_store.events where stream_id = ${victim}`.execute(t.platform.readDb);
    await sql`delete from event_store.streams where stream_id = ${victim}`.execute(t.platform.readDb);
    const broken = await run(['audit', 'verify', '--all', '--checkpoint', checkpoint, '--public-key', `${key}.pub`]);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`BROKEN: checkpoint ${checkpoint}`);
    expect(broken.output).toMatch(/NOT OK: 0 of \d+ streams and 1 of 1 checkpoints do not hold/);
  });
});
