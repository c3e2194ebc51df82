import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';
import { HEAVY, setting } from '../support/heavy';

// Rounds of each race; RELIABILITY_HEAVY=1 runs 25.
const ROUNDS = setting('RACE_ROUNDS', 5, 25);

jest.setTimeout(HEAVY ? 600_000 : 120_000);

interface Answer {
  kind: string;
  status: number;
  body: any;
}

// Many people acting on one registration at the same moment: exactly the transitions the rules allow happen,
// nothing acknowledged is lost, and every loser is told so with 409 (the rules refuse it now) or 412 (its
// If-Match version is gone). The stream afterwards is checked event by event.
describe('parallel commands on one registration', () => {
  let t: TestApp;
  let o: Onboarded;

  beforeAll(async () => {
    t = await startTestApp();
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const send = async (kind: string, token: string, method: 'post' | 'patch', path: string, body: object = {}, ifMatch?: number): Promise<Answer> => {
    let req = request(t.http)[method](path).set('Authorization', `Bearer ${token}`);
    if (ifMatch !== undefined) req = req.set('If-Match', `"${ifMatch}"`);
    const res = await req.send(body);
    return { kind, status: res.status, body: res.body };
  };
  const draft = async () => {
    const tag = randomUUID().slice(0, 8);
    return (await expectOk(await request(t.http).post('/v1/deal-registrations').set('Authorization', `Bearer ${o.tokens.acmeManager}`).send(registrationBody(o.programId, { companyName: `Race ${tag}`, domain: `race-${tag}.example`, contactEmail: `buyer@race-${tag}.example` })))).id as string;
  };
  const step = async (id: string, action: string, token: string) => expectOk(await send(action, token, 'post', `/v1/deal-registrations/${id}/${action}`) as unknown as request.Response);
  const events = async (id: string) => (await t.platform.eventStore.readStream(`registration-${id}`)).map((e) => ({ type: e.type, data: e.data as any }));
  const tally = (answers: Answer[]) => answers.reduce<Record<string, number>>((acc, a) => ({ ...acc, [`${a.kind} ${a.status}`]: (acc[`${a.kind} ${a.status}`] ?? 0) + 1 }), {});

  it('approve x8, reject x8 and withdraw x4 at once on a pending registration: one decision, 19 refusals with 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await draft();
      for (const [action, token] of [['submit', o.tokens.acmeManager], ['start-review', o.tokens.channelManager], ['send-for-approval', o.tokens.channelManager]] as const) await step(id, action, token);
      const path = (action: string) => `/v1/deal-registrations/${id}/${action}`;
      const answers = await Promise.all([
        ...Array.from({ length: 8 }, () => send('approve', o.tokens.approver, 'post', path('approve'))),
        ...Array.from({ length: 8 }, () => send('reject', o.tokens.approver, 'post', path('reject'), { reason: 'duplicate of an existing deal' })),
        ...Array.from({ length: 4 }, () => send('withdraw', o.tokens.acmeManager, 'post', path('withdraw'), { reason: 'customer paused' })),
      ]);
      const winners = answers.filter((a) => a.status === 200);
      const losers = answers.filter((a) => a.status !== 200);
      expect({ round, winners: winners.length, losers: [...new Set(losers.map((a) => a.status))], tally: tally(answers) }).toMatchObject({ winners: 1, losers: [409] });
      const log = await events(id);
      const decisions = log.filter((e) => ['RegistrationApproved', 'RegistrationRejected', 'RegistrationWithdrawn'].includes(e.type));
      expect(decisions).toHaveLength(1);
      expect(decisions[0].type).toBe({ approve: 'RegistrationApproved', reject: 'RegistrationRejected', withdraw: 'RegistrationWithdrawn' }[winners[0].kind]);
      expect(log.at(-1)).toBe(decisions.at(-1)); // nothing after the decision
    }
  });

  it('ten edits and a submit all with If-Match on the same version: exactly one goes through, ten get 412', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await draft();
      const version = (await events(id)).length;
      const answers = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => send('edit', o.tokens.acmeManager, 'patch', `/v1/deal-registrations/${id}`, { changes: { products: [`edit-${i}`] } }, version)),
        send('submit', o.tokens.acmeManager, 'post', `/v1/deal-registrations/${id}/submit`, {}, version),
      ]);
      const winners = answers.filter((a) => a.status === 200);
      expect({ round, winners: winners.length, losers: [...new Set(answers.filter((a) => a.status !== 200).map((a) => a.status))], tally: tally(answers) }).toMatchObject({ winners: 1, losers: [412] });
      const log = await events(id);
      expect(log).toHaveLength(version + 1);
      expect(log[version].type).toBe(winners[0].kind === 'edit' ? 'RegistrationEdited' : 'RegistrationSubmitted');
      expect(winners[0].body.version).toBe(version + 1);
    }
  });

  it('ten edits without If-Match and a submit at once: every edit before the submit is kept, every edit after it gets 409', async () => {
    let submitsThrough = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const id = await draft();
      const answers = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => send('edit', o.tokens.acmeManager, 'patch', `/v1/deal-registrations/${id}`, { changes: { products: [`edit-${round}-${i}`] } })),
        send('submit', o.tokens.acmeManager, 'post', `/v1/deal-registrations/${id}/submit`),
      ]);
      const log = await events(id);
      const submitted = log.findIndex((e) => e.type === 'RegistrationSubmitted');
      const submit = answers.at(-1)!;
      // Every answer is a success or a 409 that says why: the rules (an edit after the submit) or a race lost
      // too many times in a row (concurrent_modification; the client may send it again).
      const odd = answers.filter((a) => a.status !== 200 && !(a.status === 409 && typeof a.body.error === 'string'));
      expect({ round, odd }).toEqual({ round, odd: [] });
      if (submit.status === 200) submitsThrough += 1;
      expect({ round, submit: submit.status, events: log.filter((e) => e.type === 'RegistrationSubmitted').length }).toEqual({ round, submit: submit.status, events: submit.status === 200 ? 1 : 0 });
      if (submitted >= 0) expect(log.slice(submitted + 1).filter((e) => e.type === 'RegistrationEdited')).toEqual([]);
      // Nothing acknowledged is lost and nothing refused was stored: each accepted edit answered with its own
      // version, and those versions are exactly the places of the edits in the log.
      const editVersions = answers.filter((a) => a.kind === 'edit' && a.status === 200).map((a) => a.body.version).sort((a, b) => a - b);
      const logVersions = log.map((e, i) => (e.type === 'RegistrationEdited' ? i + 1 : 0)).filter(Boolean);
      expect(editVersions).toEqual(logVersions);
      const refusedAfterSubmit = answers.filter((a) => a.kind === 'edit' && a.status === 409 && a.body.error !== 'concurrent_modification');
      if (submitted < 0) expect(refusedAfterSubmit).toEqual([]);
    }
    expect(submitsThrough).toBeGreaterThan(0);
  });
});
