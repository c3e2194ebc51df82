import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ManualClock, TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';

jest.setTimeout(60_000);

describe('audit: history and as-of from the log, export, tamper evidence', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let o: Onboarded;
  let id: string;
  const moments: Record<string, string> = {};

  const as = (token: string) => ({
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${token}`),
  });
  const pause = () => new Promise((r) => setTimeout(r, 30));

  beforeAll(async () => {
    t = await startTestApp({}, clock);
    o = await onboard(t);
    const tag = randomUUID().slice(0, 8);
    moments.beforeAll = new Date().toISOString();
    await pause();
    ({ id } = await expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Audit, ${tag}`, domain: `audit-${tag}.example`, contactEmail: `a@audit-${tag}.example` }))));
    await pause();
    moments.afterDraft = new Date().toISOString();
    await pause();
    await expectOk(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${id}/submit`));
    await expectOk(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/start-review`));
    await pause();
    moments.inReview = new Date().toISOString();
    await pause();
    await expectOk(await as(o.tokens.channelManager).post(`/v1/deal-registrations/${id}/send-for-approval`));
    await expectOk(await as(o.tokens.approver).post(`/v1/deal-registrations/${id}/approve`));
    await pause();
    moments.afterAll = new Date().toISOString();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('returns every event from the log with actor, metadata, position and a holding hash chain', async () => {
    const history = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${id}/history`), [200]);
    expect(history.verification).toEqual({ ok: true, events: 5 });
    expect(history.events.map((e: { type: string; actor: { role: string } }) => [e.type, e.actor.role])).toEqual([
      ['RegistrationDrafted', 'partner_manager'],
      ['RegistrationSubmitted', 'partner_manager'],
      ['RegistrationReviewStarted', 'channel_manager'],
      ['RegistrationSentForApproval', 'channel_manager'],
      ['RegistrationApproved', 'approver'],
    ]);
    for (const e of history.events) {
      expect(e).toMatchObject({ position: expect.stringMatching(/^\d{20}-\d{20}$/), correlationId: expect.any(String), causationId: expect.any(String), integrity: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    }
  });

  it('shows the registration as it stood before, between and after its events', async () => {
    const at = async (moment: string) => request(t.http).get(`/v1/deal-registrations/${id}/as-of?at=${encodeURIComponent(moment)}`).set('Authorization', `Bearer ${o.tokens.auditor}`);
    const before = await expectOk(await at(moments.beforeAll), [200]);
    expect(before).toMatchObject({ version: 0, state: { status: 'None' } });
    expect((await expectOk(await at(moments.afterDraft), [200])).state).toMatchObject({ status: 'Draft', submittedAt: null });
    expect(await expectOk(await at(moments.inReview), [200])).toMatchObject({ version: 3, state: { status: 'UnderReview' } });
    const after = await expectOk(await at(moments.afterAll), [200]);
    expect(after).toMatchObject({ version: 5, state: { status: 'Approved', protectedUntil: expect.any(String) } });
    expect((await at('yesterday')).status).toBe(400);
    expect((await as(o.tokens.auditor).get(`/v1/deal-registrations/${randomUUID()}/as-of?at=${encodeURIComponent(moments.afterAll)}`)).status).toBe(404);
  });

  it('exports the history as JSON lines and CSV', async () => {
    const jsonl = await as(o.tokens.auditor).get(`/v1/deal-registrations/${id}/history?format=jsonl`).expect(200);
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    const lines = jsonl.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.revision)).toEqual([0, 1, 2, 3, 4]);
    const csv = await as(o.tokens.auditor).get(`/v1/deal-registrations/${id}/history?format=csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe('revision,position,eventId,type,recordedAt,occurredAt,actorUserId,actorRole,actorPartnerId,correlationId,causationId,idempotencyKey,hash,data');
    expect(rows).toHaveLength(6);
    // The company name has a comma: the data cell is quoted, so the row still has 14 cells.
    expect(rows[1]).toContain('""companyName"":""Audit,');
  });

  it('is read-only and for the enterprise: partner users get 403, other aggregates work the same way', async () => {
    expect((await as(o.tokens.acmeManager).get(`/v1/deal-registrations/${id}/history`)).status).toBe(403);
    expect((await as(o.tokens.auditor).post(`/v1/deal-registrations/${id}/approve`)).status).toBe(403);
    const partner = await expectOk(await as(o.tokens.auditor).get(`/v1/partners/${o.partners.acme}/history`), [200]);
    expect(partner.events[0].type).toBe('PartnerRegistered');
    expect(partner.verification.ok).toBe(true);
    expect((await as(o.tokens.auditor).get(`/v1/widgets/${id}/history`)).status).toBe(404);
  });

  it('names a back-dated event in the history, so an as-of answer it changes is flagged', async () => {
    const tag = randomUUID().slice(0, 8);
    const { id: other } = await expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Dated ${tag}`, domain: `dated-${tag}.example`, contactEmail: `d@dated-${tag}.example` })));
    await expectOk(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${other}/submit`));
    const stream = `registration-${other}`;
    await sql`update event_store.events set recorded_at = recorded_at - interval '7 days' where stream_id = ${stream} and stream_revision = 1`.execute(t.platform.readDb);
    const history = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/history`), [200]);
    expect(history.verification).toMatchObject({ ok: false, revision: 1, reason: expect.stringContaining('recorded time') });
  });

  it('names a stream whose last event was deleted; commands on it are refused rather than written over the hole', async () => {
    const tag = randomUUID().slice(0, 8);
    const { id: other } = await expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Cut ${tag}`, domain: `cut-${tag}.example`, contactEmail: `c@cut-${tag}.example` })));
    await expectOk(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${other}/submit`));
    const stream = `registration-${other}`;
    await sql`delete from event_store.events where stream_id = ${stream} and stream_revision = 1`.execute(t.platform.readDb);
    const history = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/history`), [200]);
    expect(history.verification).toMatchObject({ ok: false, revision: 1, reason: expect.stringContaining('end were removed') });
    // As-of, on any moment, does not call the shortened record intact either.
    const asOf = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/as-of?at=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), [200]);
    expect(asOf.verification).toMatchObject({ ok: false, reason: expect.stringContaining('end were removed') });
    const before = await t.eventCount();
    const refused = await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${other}/submit`);
    expect(refused.status).toBe(409);
    expect(await t.eventCount()).toBe(before);
  });

  it('reports the first broken link when an event row is edited in the database', async () => {
    await sql`update event_store.events set data = jsonb_set(data, '{estimatedSize,amountMinor}', '1') where stream_id = ${`registration-${id}`} and stream_revision = 0`.execute(t.platform.readDb);
    const history = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${id}/history`), [200]);
    expect(history.verification).toMatchObject({ ok: false, revision: 0, reason: expect.stringContaining('altered') });
  });
  it('answers 200 with the breakage for a record whose rows were made unreadable, and refuses commands on it with 409', async () => {
    const damaged: Record<string, string> = {};
    for (const [name, change] of [
      ['metadata', sql`metadata = 'null'`],
      ['data', sql`data = 'null'`],
      ['type', sql`event_type = 'Bogus'`],
      // Deeper than the call stack of a recursive hash or of JSON.stringify goes.
      ['nesting', sql`data = jsonb_build_object('deep', (repeat('[', 5000) || repeat(']', 5000))::jsonb) || data`],
    ] as const) {
      const tag = randomUUID().slice(0, 8);
      const { id: other } = await expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Broken ${tag}`, domain: `broken-${tag}.example`, contactEmail: `b@broken-${tag}.example` })));
      await expectOk(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${other}/submit`));
      await sql`update event_store.events set ${change} where stream_id = ${`registration-${other}`} and stream_revision = 1`.execute(t.platform.readDb);
      damaged[name] = other;
    }
    const now = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    for (const [name, other] of Object.entries(damaged)) {
      const history = await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/history`);
      expect({ name, status: history.status }).toEqual({ name, status: 200 });
      expect(history.body.verification).toMatchObject({ ok: false, revision: 1, eventId: history.body.events[1].eventId });
      for (const format of ['csv', 'jsonl']) expect({ name, format, status: (await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/history?format=${format}`)).status }).toEqual({ name, format, status: 200 });
      const asOf = await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/as-of?at=${now}`);
      expect({ name, status: asOf.status }).toEqual({ name, status: 200 });
      expect(asOf.body).toMatchObject({ version: 2, state: null, verification: { ok: false, revision: 1 }, unreadable: { revision: 1, eventId: history.body.events[1].eventId } });
      // Before the damaged event the record still reads as it stood.
      const drafted = encodeURIComponent(history.body.events[0].recordedAt);
      if (history.body.events[0].recordedAt !== history.body.events[1].recordedAt) {
        expect((await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/as-of?at=${drafted}`), [200])).state).toMatchObject({ status: 'Draft' });
      }
      // The record's own read answers the same refusal, not a server error.
      const read = await as(o.tokens.channelManager).get(`/v1/deal-registrations/${other}`);
      expect({ name, status: read.status, error: read.body.error }).toEqual({ name, status: 409, error: 'record_unreadable' });
      const before = await t.eventCount();
      const refused = await as(o.tokens.channelManager).post(`/v1/deal-registrations/${other}/start-review`);
      expect({ name, status: refused.status, body: refused.body }).toMatchObject({ name, status: 409, body: { error: 'record_unreadable', message: expect.any(String) } });
      expect(await t.eventCount()).toBe(before);
    }
    expect((await as(o.tokens.auditor).get(`/v1/deal-registrations/${damaged.metadata}/history`)).body.verification.reason).toContain('its metadata is null');
    expect((await as(o.tokens.auditor).get(`/v1/deal-registrations/${damaged.type}/as-of?at=${now}`)).body.unreadable.reason).toContain('Bogus');
  });

  it('names a stream whose row was lowered behind its events or deleted', async () => {
    for (const change of ['lower', 'delete'] as const) {
      const tag = randomUUID().slice(0, 8);
      const { id: other } = await expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Row ${tag}`, domain: `row-${tag}.example`, contactEmail: `r@row-${tag}.example` })));
      await expectOk(await as(o.tokens.acmeManager).post(`/v1/deal-registrations/${other}/submit`));
      const stream = `registration-${other}`;
      if (change === 'lower') await sql`update event_store.streams set revision = 0 where stream_id = ${stream}`.execute(t.platform.readDb);
      else await sql`delete from event_store.streams where stream_id = ${stream}`.execute(t.platform.readDb);
      const history = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/history`), [200]);
      expect(history.verification).toMatchObject({ ok: false, reason: expect.stringContaining(change === 'lower' ? 'lowered' : 'no stream row') });
      const asOf = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/as-of?at=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), [200]);
      expect(asOf.verification).toMatchObject({ ok: false, reason: expect.stringContaining(change === 'lower' ? 'lowered' : 'no stream row') });
    }
  });
  it('reports a record whose events were all deleted while its stream row was kept, rather than answering 404', async () => {
    const tag = randomUUID().slice(0, 8);
    const { id: other } = await expectOk(await as(o.tokens.acmeManager).post('/v1/deal-registrations', registrationBody(o.programId, { companyName: `Gone ${tag}`, domain: `gone-${tag}.example`, contactEmail: `g@gone-${tag}.example` })));
    await sql`delete from event_store.events where stream_id = ${`registration-${other}`}`.execute(t.platform.readDb);
    const history = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/history`), [200]);
    expect(history).toMatchObject({ events: [], verification: { ok: false, events: 0, reason: expect.stringContaining('end were removed') } });
    const asOf = await expectOk(await as(o.tokens.auditor).get(`/v1/deal-registrations/${other}/as-of?at=2030-01-01T00:00:00Z`), [200]);
    expect(asOf).toMatchObject({ version: 0, verification: { ok: false, reason: expect.stringContaining('end were removed') } });
    expect((await as(o.tokens.auditor).get(`/v1/deal-registrations/${randomUUID()}/history`)).status).toBe(404);
  });
});
