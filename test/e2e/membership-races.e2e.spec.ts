import request from 'supertest';
import { EventStore } from '@channel-ledger/event-store';
import { partnerStream } from '@channel-ledger/domain';
import { TestApp, startTestApp } from '../support/test-app';
import { expectOk } from '../support/onboarding';

// A partner's staff act on the stream that records their own membership. The guard reads the membership before the
// command reads the stream; when a demotion or a deactivation lands in between, the command's append finds the
// stream moved and decides again on the newer state, and that state is what it must act on: no event of the
// member's old powers may follow the change in the log.
describe('a change of membership that lands while the member\'s command is in flight', () => {
  let t: TestApp;
  let cm: string;
  const send = (method: 'post' | 'patch', path: string, token: string, body: object = {}) => request(t.http)[method](path).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTOR: 'false' });
    cm = await t.token('channel_manager', { subject: 'cm-races' });
  });
  afterAll(() => t?.close());

  async function partnerWithManager(name: string) {
    const partnerId = (await expectOk(await send('post', '/v1/partners', cm, { name, partnerType: 'reseller', tier: 'Gold', webDomain: `${name.toLowerCase()}.example`, country: 'GB', industry: 'IT services' }))).id as string;
    const memberId = (await expectOk(await send('post', `/v1/partners/${partnerId}/members`, cm, { name: 'Mallory', email: `mallory@${name.toLowerCase()}.example`, role: 'partner_manager' }))).memberId as string;
    return { partnerId, memberId, token: await t.token('partner_manager', { subject: memberId, partnerId }) };
  }

  // Runs `change` (through the API) just before the member's command appends its first attempt.
  function beforeTheMembersAppend(partnerId: string, eventType: string, change: () => Promise<void>) {
    const store = t.platform.eventStore as EventStore;
    const append = store.append.bind(store);
    let armed = true;
    store.append = async (streamId, events, options) => {
      if (armed && streamId === partnerStream(partnerId) && events.some((e) => e.type === eventType)) {
        armed = false;
        await change();
      }
      return append(streamId, events, options);
    };
    return () => {
      store.append = append;
    };
  }

  async function eventsAfter(partnerId: string, changeType: string) {
    const events = await t.platform.eventStore.readStream(partnerStream(partnerId));
    const change = events.findIndex((e) => e.type === changeType);
    expect(change).toBeGreaterThan(0);
    return events.slice(change + 1);
  }

  it('a manager demoted meanwhile does not edit the profile as a manager', async () => {
    const p = await partnerWithManager('Demoted');
    const restore = beforeTheMembersAppend(p.partnerId, 'PartnerProfileUpdated', async () => {
      await expectOk(await send('post', `/v1/partners/${p.partnerId}/members/${p.memberId}/role`, cm, { role: 'partner_associate' }));
    });
    try {
      const res = await send('patch', `/v1/partners/${p.partnerId}`, p.token, { changes: { industry: 'Hardware' } });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('forbidden');
    } finally {
      restore();
    }
    expect(await eventsAfter(p.partnerId, 'StaffMemberRoleChanged')).toEqual([]);
  });

  it('a manager deactivated meanwhile registers no staff', async () => {
    const p = await partnerWithManager('Deactivated');
    const restore = beforeTheMembersAppend(p.partnerId, 'StaffMemberRegistered', async () => {
      await expectOk(await send('post', `/v1/partners/${p.partnerId}/members/${p.memberId}/deactivate`, cm));
    });
    try {
      const res = await send('post', `/v1/partners/${p.partnerId}/members`, p.token, { name: 'Eve', email: 'eve@deactivated.example', role: 'partner_associate' });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('member_inactive');
    } finally {
      restore();
    }
    expect(await eventsAfter(p.partnerId, 'StaffMemberDeactivated')).toEqual([]);
  });
});
