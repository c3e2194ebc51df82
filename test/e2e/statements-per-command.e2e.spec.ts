import request from 'supertest';
import { Onboarded, expectOk, onboard, registrationBody } from '../support/onboarding';
import { countStatements } from '../support/statement-count';
import { TestApp, startTestApp } from '../support/test-app';

// What one command costs in round trips to PostgreSQL: every statement it sends, BEGIN and COMMIT included. Each
// statement is about as much CPU as the rest of the command's work, so a regression here is a regression in
// throughput. The counts are exact on purpose: a change that saves a statement updates this table too.
//
// The app runs without its projector and sweeps, so the only statements are the request's own.
describe('statements per command', () => {
  let t: TestApp;
  let o: Onboarded;
  let n = 0;
  const customer = () => {
    n += 1;
    return { companyName: `Statement Count ${n} Ltd`, domain: `statement-count-${n}.example`, contactEmail: `buyer@statement-count-${n}.example` };
  };
  const send = (method: 'post' | 'patch', path: string, token: string, body?: object, headers: Record<string, string> = {}) =>
    request(t.http)[method](path).set('Authorization', `Bearer ${token}`).set(headers).send(body);
  const counted = async (method: 'post' | 'patch', path: string, token: string, body?: object, headers: Record<string, string> = {}) => {
    const { result, count, statements } = await countStatements(() => send(method, path, token, body, headers));
    await expectOk(result);
    return { count, statements, body: result.body };
  };

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTOR: 'false' });
    o = await onboard(t);
  });
  afterAll(() => t?.close());

  it('counts each command type', async () => {
    const seen: Record<string, number> = {};
    const draft = await counted('post', '/v1/deal-registrations', o.tokens.acmeAssociate, registrationBody(o.programId, customer()));
    seen['draft (partner associate)'] = draft.count;
    const id = draft.body.id as string;
    seen['submit (partner associate, no competitor)'] = (await counted('post', `/v1/deal-registrations/${id}/submit`, o.tokens.acmeAssociate)).count;
    seen['start-review (channel manager)'] = (await counted('post', `/v1/deal-registrations/${id}/start-review`, o.tokens.channelManager)).count;
    seen['send-for-approval (channel manager)'] = (await counted('post', `/v1/deal-registrations/${id}/send-for-approval`, o.tokens.channelManager)).count;
    seen['approve (approver)'] = (await counted('post', `/v1/deal-registrations/${id}/approve`, o.tokens.approver, {})).count;

    const managed = await counted('post', '/v1/deal-registrations', o.tokens.acmeManager, registrationBody(o.programId, customer()));
    seen['draft (partner manager)'] = managed.count;
    const rival = customer();
    const first = await expectOk(await send('post', '/v1/deal-registrations', o.tokens.globexManager, registrationBody(o.programId, rival)));
    await expectOk(await send('post', `/v1/deal-registrations/${first.id}/submit`, o.tokens.globexManager));
    const second = await expectOk(await send('post', '/v1/deal-registrations', o.tokens.acmeAssociate, registrationBody(o.programId, rival)));
    seen['submit (partner associate, one competitor)'] = (await counted('post', `/v1/deal-registrations/${second.id}/submit`, o.tokens.acmeAssociate)).count;

    seen['draft (channel manager, for a partner)'] = (await counted('post', '/v1/deal-registrations', o.tokens.channelManager, registrationBody(o.programId, customer(), { partnerId: o.partners.acme }))).count;
    seen['profile edit (channel manager)'] = (await counted('patch', `/v1/partners/${o.partners.acme}`, o.tokens.channelManager, { changes: { industry: 'Software' } })).count;
    seen['profile edit (partner manager)'] = (await counted('patch', `/v1/partners/${o.partners.acme}`, o.tokens.acmeManager, { changes: { industry: 'Hardware' } })).count;
    seen['start-review with an Idempotency-Key'] = (
      await counted('post', `/v1/deal-registrations/${second.id}/start-review`, o.tokens.channelManager, undefined, { 'Idempotency-Key': `count-${Date.now()}` })
    ).count;
    expect(seen).toEqual({
      // The caller's membership (the guard's read, shared with the handler); the program and the partnership in one
      // query; the append. The new registration's stream is not read.
      'draft (partner associate)': 3,
      'draft (partner manager)': 3,
      // The partner, the program and the partnership in one query; the append.
      'draft (channel manager, for a partner)': 2,
      // Membership; the registration with the program and the partnership (read ahead: the draft read them); the
      // three claim streams; the three claims in one statement; the append.
      'submit (partner associate, no competitor)': 5,
      // ... and the competing registration, read to see that its claim still counts.
      'submit (partner associate, one competitor)': 6,
      // The registration; the append.
      'start-review (channel manager)': 2,
      'send-for-approval (channel manager)': 2,
      // The registration with the program and the partnership (the program's rules), read ahead because the
      // submission read them; the append.
      'approve (approver)': 2,
      'profile edit (channel manager)': 2,
      // Membership (the record itself: its first attempt starts from the guard's read, the append checks the
      // revision); the append.
      'profile edit (partner manager)': 2,
      // The idempotency claim and its answer are two statements of their own (a row in the read store).
      'start-review with an Idempotency-Key': 4,
    });
  });
});
