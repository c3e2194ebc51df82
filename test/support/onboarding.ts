import request from 'supertest';
import { TestApp } from './test-app';

export interface Onboarded {
  programId: string;
  partners: { acme: string; acmeUk: string; acmeDe: string; globex: string };
  tokens: {
    channelManager: string;
    approver: string;
    admin: string;
    ops: string;
    auditor: string;
    acmeManager: string;
    acmeAssociate: string;
    acmeUkAssociate: string;
    acmeDeAssociate: string;
    globexManager: string;
  };
  members: { acmeAssociate: string };
}

export const PROTECTION_DAYS = 60;

export async function expectOk(res: request.Response, status = [200, 201]): Promise<any> {
  if (!status.includes(res.status)) throw new Error(`answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

// The three onboarding steps through the HTTP API, as a channel manager does them: a program, partners
// with staff, and partnerships.
export async function onboard(t: TestApp): Promise<Onboarded> {
  const cm = await t.token('channel_manager', { subject: 'cm-1' });
  const post = (path: string, token: string, body: unknown) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body as object);

  const program = await expectOk(
    await post('/v1/programs', cm, {
      name: 'Global Resell Program',
      tiers: [
        { name: 'Gold', rank: 1, benefits: ['12% registration discount'], requirements: ['$1M annual bookings'] },
        { name: 'Silver', rank: 2, benefits: ['8% registration discount'], requirements: ['$250k annual bookings'] },
      ],
      rules: {
        allowedTypes: ['resell', 'referral'],
        protectionDays: PROTECTION_DAYS,
        approvalSlaHours: 48,
        discountPercent: 12,
        minimumDealSize: { amountMinor: 1_000_000, currency: 'USD' },
        maxExtensions: 1,
        extensionDays: 30,
      },
    }),
  );
  const partner = async (name: string, parentId?: string) =>
    (
      await expectOk(
        await post('/v1/partners', cm, {
          name,
          partnerType: 'reseller',
          tier: 'Gold',
          webDomain: `${name.toLowerCase().replace(/[^a-z]/g, '')}.example`,
          country: 'GB',
          industry: 'IT services',
          ...(parentId ? { parentId } : {}),
        }),
      )
    ).id as string;
  const acme = await partner('Acme');
  const acmeUk = await partner('Acme UK', acme);
  const acmeDe = await partner('Acme DE', acme);
  const globex = await partner('Globex');

  const member = async (partnerId: string, name: string, role: 'partner_manager' | 'partner_associate') => {
    const body = await expectOk(await post(`/v1/partners/${partnerId}/members`, cm, { name, email: `${name.toLowerCase()}@${partnerId.slice(0, 8)}.example`, role }));
    return { memberId: body.memberId as string, token: await t.token(role, { subject: body.memberId, partnerId }) };
  };
  const alice = await member(acme, 'Alice', 'partner_manager');
  const bob = await member(acme, 'Bob', 'partner_associate');
  const carol = await member(acmeUk, 'Carol', 'partner_associate');
  const dirk = await member(acmeDe, 'Dirk', 'partner_associate');
  const dave = await member(globex, 'Dave', 'partner_manager');

  for (const [partnerId, tier] of [
    [acme, 'Gold'],
    [acmeUk, 'Silver'],
    [acmeDe, 'Silver'],
    [globex, 'Gold'],
  ]) {
    await expectOk(await post('/v1/partnerships', cm, { partnerId, programId: program.id, tier, terms: 'Reseller agreement v3', startDate: '2026-01-01' }));
  }

  return {
    programId: program.id,
    partners: { acme, acmeUk, acmeDe, globex },
    tokens: {
      channelManager: cm,
      approver: await t.token('approver', { subject: 'approver-1' }),
      admin: await t.token('admin', { subject: 'admin-1' }),
      ops: await t.token('ops', { subject: 'ops-1' }),
      auditor: await t.token('auditor', { subject: 'auditor-1' }),
      acmeManager: alice.token,
      acmeAssociate: bob.token,
      acmeUkAssociate: carol.token,
      acmeDeAssociate: dirk.token,
      globexManager: dave.token,
    },
    members: { acmeAssociate: bob.memberId },
  };
}

export function registrationBody(programId: string, customer: { companyName: string; domain: string | null; contactEmail: string }, extra: Record<string, unknown> = {}) {
  return {
    programId,
    registrationType: 'resell',
    customer: { contactName: 'Pat Buyer', ...customer },
    estimatedSize: { amountMinor: 25_000_000, currency: 'USD' },
    expectedCloseDate: '2027-03-31',
    products: ['ledger-enterprise'],
    ...extra,
  };
}
