import createClient, { Client } from 'openapi-fetch';
import { randomUUID } from 'node:crypto';
import type { components, paths } from '../../apps/workspace/src/api/schema';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

// The API's main flows as a client written against the generated types uses it: every request and every read of
// an answer below goes through openapi-fetch's createClient<paths>, over the app's real HTTP port. The types come
// from the served document (generated-types.e2e.spec.ts keeps them current), so `npm run typecheck` fails when
// the document no longer fits what this client does, and every answer is also checked against the document at
// run time (startTestApp).

type Api = Client<paths>;
type Who = 'cm' | 'approver' | 'auditor' | 'alice' | 'dave';

// The body of a successful answer; any other answer fails the test with its status and problem.
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`answered ${result.response.status}: ${JSON.stringify(result.error)}`);
  return result.data;
}

describe('the API through the generated client', () => {
  let t: TestApp;
  let baseUrl: string;
  // The log position of the latest command, for the read models to have caught up with (X-Min-Position).
  let position = '';

  const client = (token: string): Api => createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  // A command's answer: kept for its position.
  const done = <T extends { position: string | null }>(result: { data?: T; error?: unknown; response: Response }): T => {
    const data = ok(result);
    if (data.position) position = data.position;
    return data;
  };
  const fresh = () => ({ 'X-Min-Position': position });

  let programId = '';
  const partners = { acme: '', globex: '' };
  // The channel manager, the approver, the auditor, and the partner managers Alice (Acme) and Dave (Globex).
  const staff = new Map<Who, Api>();
  const by = (who: Who): Api => {
    const api = staff.get(who);
    if (!api) throw new Error(`no client for ${who} yet`);
    return api;
  };
  const tag = randomUUID().slice(0, 6);
  const customer = { companyName: `Initech ${tag} LLC`, domain: `initech-${tag}.example`, contactName: 'Pat Buyer', contactEmail: `buyer@initech-${tag}.example` };
  let first = '';
  let second = '';

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    staff.set('cm', client(await t.token('channel_manager', { subject: 'cm-1' })));
    staff.set('approver', client(await t.token('approver', { subject: 'approver-1' })));
    staff.set('auditor', client(await t.token('auditor', { subject: 'auditor-1' })));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('onboards a program with tiers, two partners with staff, and their partnerships', async () => {
    const program = done(
      await by('cm').POST('/v1/programs', {
        body: {
          name: 'Global Resell Program',
          tiers: [
            { name: 'Gold', rank: 1, benefits: ['12% registration discount'], requirements: ['$1M annual bookings'] },
            { name: 'Silver', rank: 2, benefits: ['8% registration discount'], requirements: ['$250k annual bookings'] },
          ],
          rules: {
            allowedTypes: ['resell', 'referral'],
            protectionDays: 60,
            approvalSlaHours: 48,
            discountPercent: 12,
            minimumDealSize: { amountMinor: 1_000_000, currency: 'USD' },
            maxExtensions: 1,
            extensionDays: 30,
          },
        },
      }),
    );
    programId = program.id;
    const read = ok(await by('cm').GET('/v1/programs/{programId}', { params: { path: { programId } } }));
    expect(read.tiers.map((tier) => tier.name)).toEqual(['Gold', 'Silver']);

    const onboardPartner = async (key: 'acme' | 'globex', name: string, manager: { who: 'alice' | 'dave'; name: string }) => {
      const partner = done(
        await by('cm').POST('/v1/partners', { body: { name, partnerType: 'reseller', tier: 'Gold', webDomain: `${key}.example`, country: 'GB', industry: 'IT services' } }),
      );
      partners[key] = partner.id;
      const member = done(
        await by('cm').POST('/v1/partners/{partnerId}/members', {
          params: { path: { partnerId: partner.id } },
          body: { name: manager.name, email: `${manager.who}@${key}.example`, role: 'partner_manager' },
        }),
      );
      staff.set(manager.who, client(await t.token('partner_manager', { subject: member.memberId, partnerId: partner.id })));
      done(await by('cm').POST('/v1/partnerships', { body: { partnerId: partner.id, programId, tier: 'Gold', terms: 'Reseller agreement v3', startDate: '2026-01-01' } }));
    };
    await onboardPartner('acme', 'Acme', { who: 'alice', name: 'Alice' });
    await onboardPartner('globex', 'Globex', { who: 'dave', name: 'Dave' });

    const own = ok(await by('alice').GET('/v1/partners/{partnerId}', { params: { path: { partnerId: partners.acme } } }));
    expect(own).toMatchObject({ partnerId: partners.acme, tier: 'Gold', profile: { name: 'Acme' }, parentId: null });
    expect(own.staff.map((member) => [member.name, member.role])).toEqual([['Alice', 'partner_manager']]);
    // Another partner's record answers 404, as a missing one does.
    const other = await by('alice').GET('/v1/partners/{partnerId}', { params: { path: { partnerId: partners.globex } } });
    expect(other.response.status).toBe(404);
    if (!other.error) throw new Error('Acme read Globex');
    expect(other.error.error).toBe('partner_not_found');
  });

  const registration = (): components['schemas']['DraftRegistrationDto'] => ({
    programId,
    registrationType: 'resell',
    customer,
    estimatedSize: { amountMinor: 25_000_000, currency: 'USD' },
    expectedCloseDate: '2027-03-31',
    products: ['ledger-enterprise'],
  });

  it('takes a registration from draft to approval, and a second partner\'s conflicting one to approval with an override', async () => {
    first = done(await by('alice').POST('/v1/deal-registrations', { body: registration() })).id;
    const path = (registrationId: string) => ({ params: { path: { registrationId } } });
    expect(ok(await by('alice').GET('/v1/deal-registrations/{registrationId}', path(first))).status).toBe('Draft');
    done(await by('alice').POST('/v1/deal-registrations/{registrationId}/submit', path(first)));
    done(await by('cm').POST('/v1/deal-registrations/{registrationId}/start-review', path(first)));
    done(await by('cm').POST('/v1/deal-registrations/{registrationId}/send-for-approval', path(first)));
    done(await by('approver').POST('/v1/deal-registrations/{registrationId}/approve', { ...path(first), body: {} }));
    const approved = ok(await by('alice').GET('/v1/deal-registrations/{registrationId}', path(first)));
    expect(approved.status).toBe('Approved');
    if (!approved.protectedUntil) throw new Error('an approved registration has no protection');
    expect(Date.parse(approved.protectedUntil)).toBeGreaterThan(Date.now() + 59 * 86_400_000);

    // Globex registers the same customer: its submission records the conflict with Acme's earlier claim.
    second = done(await by('dave').POST('/v1/deal-registrations', { body: registration() })).id;
    done(await by('dave').POST('/v1/deal-registrations/{registrationId}/submit', path(second)));
    const conflicted = ok(await by('cm').GET('/v1/deal-registrations/{registrationId}', path(second)));
    expect(conflicted.conflicts?.map((c) => [c.registrationId, c.partnerId])).toEqual([[first, partners.acme]]);
    // Globex learns that it conflicts and on which keys, never whose claim it is.
    const asGlobex = ok(await by('dave').GET('/v1/deal-registrations/{registrationId}', path(second)));
    expect(asGlobex.conflicts).toBeUndefined();
    expect(asGlobex.conflict?.matchedKeys.map((k) => k.kind).sort()).toEqual(['company', 'contact_email', 'domain']);

    done(await by('cm').POST('/v1/deal-registrations/{registrationId}/start-review', path(second)));
    done(await by('cm').POST('/v1/deal-registrations/{registrationId}/send-for-approval', path(second)));
    // Approval is the approvers' (and admins'): a channel manager is refused.
    const byChannelManager = await by('cm').POST('/v1/deal-registrations/{registrationId}/approve', { ...path(second), body: { overrideReason: 'Customer chose Globex' } });
    expect(byChannelManager.response.status).toBe(403);
    const refused = await by('approver').POST('/v1/deal-registrations/{registrationId}/approve', { ...path(second), body: {} });
    expect(refused.response.status).toBe(409);
    if (!refused.error) throw new Error('a conflicting registration was approved without an override reason');
    expect(refused.error.error).toBe('conflict_override_required');
    done(await by('approver').POST('/v1/deal-registrations/{registrationId}/approve', { ...path(second), body: { overrideReason: 'Customer chose Globex in writing' } }));
    expect(ok(await by('dave').GET('/v1/deal-registrations/{registrationId}', path(second))).status).toBe('Approved');
  });

  it('turns the approved registration into an opportunity, a quote and an order', async () => {
    const opportunity = done(
      await by('cm').POST('/v1/deal-registrations/{registrationId}/opportunity', {
        params: { path: { registrationId: first } },
        body: { name: 'Initech rollout', lineItems: [{ product: 'ledger-enterprise', quantity: 10, unitPriceMinor: 150_000, partnerId: partners.acme }] },
      }),
    );
    expect(ok(await by('alice').GET('/v1/deal-registrations/{registrationId}', { params: { path: { registrationId: first } } }))).toMatchObject({ status: 'Converted', opportunityId: opportunity.id });

    const quote = done(
      await by('cm').POST('/v1/quotes', {
        body: {
          opportunityId: opportunity.id,
          channelPartnerId: partners.acme,
          currency: 'USD',
          validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          lines: [{ productOffering: 'ledger-enterprise', quantity: 10, unitPriceMinor: 150_000, partnerId: partners.acme }],
        },
      }),
    );
    const quotePath = { params: { path: { quoteId: quote.id } } };
    done(await by('alice').POST('/v1/quotes/{quoteId}/submit', quotePath));
    done(await by('cm').POST('/v1/quotes/{quoteId}/approve', quotePath));
    done(await by('alice').POST('/v1/quotes/{quoteId}/accept', quotePath));
    const accepted = ok(await by('alice').GET('/v1/quotes/{quoteId}', quotePath));
    expect(accepted).toMatchObject({ status: 'Accepted', totalMinor: 1_500_000, opportunityId: opportunity.id });

    const order = done(
      await by('cm').POST('/v1/orders', { body: { quoteId: quote.id, account: 'Initech', contact: { name: 'Nina Sharp', email: 'nina@initech.example' }, orderType: 'new', priority: 'high' } }),
    );
    const orderPath = { params: { path: { orderId: order.id } } };
    done(await by('cm').POST('/v1/orders/{orderId}/submit', orderPath));
    const submitted = ok(await by('alice').GET('/v1/orders/{orderId}', orderPath));
    expect(submitted).toMatchObject({ status: 'Submitted', quoteId: quote.id, channelPartnerId: partners.acme, totalMinor: 1_500_000, currency: 'USD' });
    expect(submitted.lines.map((line) => line.partnerId)).toEqual([partners.acme]);
  });

  it('puts a support case on hold and resumes it', async () => {
    const opened = done(
      await by('alice').POST('/v1/cases', { body: { about: 'organisation', priority: 'P2', subject: 'Portal login fails', description: 'Every sign-in answers 500 since 09:40.', programId } }),
    );
    const casePath = { params: { path: { caseId: opened.id } } };
    done(await by('cm').POST('/v1/cases/{caseId}/hold', { ...casePath, body: { reason: 'Waiting for the partner\'s logs' } }));
    const held = ok(await by('alice').GET('/v1/cases/{caseId}', casePath));
    expect(held).toMatchObject({ status: 'OnHold', statusBeforeHold: 'New' });
    expect(held.heldSince).toEqual(expect.any(String));
    done(await by('alice').POST('/v1/cases/{caseId}/resume', casePath));
    done(await by('cm').POST('/v1/cases/{caseId}/resolve', { ...casePath, body: { resolution: 'Session store restarted' } }));
    const resolved = ok(await by('alice').GET('/v1/cases/{caseId}', casePath));
    expect(resolved).toMatchObject({ status: 'Resolved', heldSince: null });
    expect(resolved.resolvedAt).toEqual(expect.any(String));
  });

  it('shows Acme\'s Partner 360', async () => {
    const view = ok(await by('alice').GET('/v1/partners/{partnerId}/360', { params: { path: { partnerId: partners.acme }, header: fresh() } }));
    expect(view.profile).toMatchObject({ partnerId: partners.acme, name: 'Acme', tier: 'Gold' });
    expect(view.kpis.registrationsByState).toMatchObject({ Converted: 1 });
    expect(view.kpis.approvalRate).toBe(1);
    expect(view.kpis.ordersByState).toMatchObject({ Submitted: 1 });
    expect(view.tabs.members.map((m) => m.name)).toEqual(['Alice']);
    expect(view.tabs.partnerships).toEqual([expect.objectContaining({ programId, tier: 'Gold' })]);
    expect(view.tabs.cases).toEqual([expect.objectContaining({ subject: 'Portal login fails', status: 'Resolved' })]);
  });

  it('adds up the pipeline by stage', async () => {
    const pipeline = ok(await by('cm').GET('/v1/pipeline', { params: { query: { groupBy: 'stage' }, header: fresh() } }));
    expect(pipeline.groupBy).toBe('stage');
    // Globex's registration is open (approved); Acme's became the opportunity, open in its first stage.
    expect(pipeline.registrations).toEqual([expect.objectContaining({ key: 'Approved', count: 1, amounts: [{ currency: 'USD', amountMinor: 25_000_000 }] })]);
    expect(pipeline.opportunities).toEqual([expect.objectContaining({ key: 'Qualify', count: 1, amounts: [{ currency: 'USD', amountMinor: 1_500_000 }] })]);
  });

  it('lists the conflicting registration\'s approval history', async () => {
    const history = ok(await by('cm').GET('/v1/deal-registrations/{registrationId}/approval-history', { params: { path: { registrationId: second }, header: fresh() } }));
    expect(history.map((entry) => entry.to)).toEqual(expect.arrayContaining(['Submitted', 'UnderReview', 'PendingApproval', 'Approved']));
    const approval = history.find((entry) => entry.to === 'Approved');
    expect(approval).toMatchObject({ reason: 'override: Customer chose Globex in writing', actor: { userId: 'approver-1', role: 'approver' } });
  });

  it('replays the conflicting registration\'s audit history from the log, its hash chain holding', async () => {
    const history = ok(await by('auditor').GET('/v1/{resource}/{id}/history', { params: { path: { resource: 'deal-registrations', id: second } } }));
    // The same operation exports JSON lines or CSV (?format=); asked for nothing, it answers JSON.
    if (typeof history === 'string') throw new Error('the history came as text');
    expect(history.verification).toMatchObject({ ok: true, events: history.events.length });
    expect(history.events.map((entry) => entry.type)).toEqual([
      'RegistrationDrafted',
      'RegistrationSubmitted',
      'RegistrationConflictDetected',
      'RegistrationReviewStarted',
      'RegistrationSentForApproval',
      'RegistrationApproved',
    ]);
  });
});
