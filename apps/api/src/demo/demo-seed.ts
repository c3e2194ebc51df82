import { Role } from '@channel-ledger/auth';
import { DEMO_SEED_HEADER, DEMO_SEED_MARK } from './request-log';

export interface DemoPersona {
  // The person ("Alice Hart") and what they are ("partner manager").
  name: string;
  role: string;
  roles: Role[];
  subject: string;
  partnerId?: string;
  partnerName?: string;
}

// How a demo user is shown: "Alice Hart (Acme Corp, partner manager)", "Chris (channel manager)".
export function personaLabel(persona: Pick<DemoPersona, 'name' | 'role' | 'partnerName'>): string {
  return `${persona.name} (${persona.partnerName ? `${persona.partnerName}, ` : ''}${persona.role})`;
}

type Mint = (persona: DemoPersona) => Promise<string>;

// A small, realistic data set for a first look, created through the HTTP API exactly as users would create
// it: the same validation, rules, events and metadata.
// Every request carries an Idempotency-Key of its own, the same on every run: a run cut short (the process stopped
// mid-way) is finished by the next start, which gets the stored answers of the requests that were done and makes the
// rest. Answers with the log position of the last event written, for the read models to reach.
export async function seedDemo(baseUrl: string, mint: Mint): Promise<{ personas: DemoPersona[]; position: string | undefined }> {
  const channelManager: DemoPersona = { name: 'Chris', role: 'channel manager', roles: ['channel_manager'], subject: 'demo-channel-manager' };
  const approver: DemoPersona = { name: 'Avery', role: 'approver', roles: ['approver'], subject: 'demo-approver' };
  const cmToken = await mint(channelManager);
  const approverToken = await mint(approver);

  let step = 0;
  let position: string | undefined;
  const call = async (token: string, method: string, path: string, body?: unknown): Promise<any> => {
    const key = `demo-seed-${++step}`;
    for (;;) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        // The mark lets the request log put these requests at debug: they are the start-up's, not a user's.
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key, [DEMO_SEED_HEADER]: DEMO_SEED_MARK },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer: any = await res.json();
      // The same request of a run that stopped while it was in flight: answered once that one is taken to have died.
      if (res.status === 409 && answer?.error === 'request_in_progress') {
        await new Promise((resolve) => setTimeout(resolve, 1_000 * Math.max(1, Number(res.headers.get('retry-after')) || 1)));
        continue;
      }
      if (!res.ok) throw new Error(`demo data: ${method} ${path} answered ${res.status} ${JSON.stringify(answer)}`);
      if (typeof answer?.position === 'string') position = answer.position;
      return answer;
    }
  };

  const program = await call(cmToken, 'POST', '/v1/programs', {
    name: 'Global Resell Program',
    tiers: [
      { name: 'Gold', rank: 1, benefits: ['12% registration discount', 'Co-marketing funds'], requirements: ['$1M annual bookings', '3 certified engineers'] },
      { name: 'Silver', rank: 2, benefits: ['8% registration discount'], requirements: ['$250k annual bookings'] },
      { name: 'Bronze', rank: 3, benefits: ['5% registration discount'], requirements: [] },
    ],
    rules: {
      allowedTypes: ['referral', 'resell', 'influenced'],
      protectionDays: 90,
      approvalSlaHours: 48,
      discountPercent: 12,
      minimumDealSize: { amountMinor: 1_000_000, currency: 'USD' },
      maxExtensions: 1,
      extensionDays: 30,
    },
  });
  const partner = (body: object) => call(cmToken, 'POST', '/v1/partners', body).then((r) => r.id as string);
  const names = new Map<string, string>();
  const named = async (body: { name: string; [field: string]: unknown }) => {
    const id = await partner(body);
    names.set(id, body.name);
    return id;
  };
  const acme = await named({ name: 'Acme Corp', partnerType: 'reseller', tier: 'Gold', webDomain: 'acme.example', country: 'US', industry: 'IT services' });
  const acmeUk = await named({ name: 'Acme UK', partnerType: 'reseller', tier: 'Silver', webDomain: 'acme.example.co.uk', country: 'GB', industry: 'IT services', parentId: acme });
  const globex = await named({ name: 'Globex Distribution', partnerType: 'distributor', tier: 'Silver', webDomain: 'globex.example', country: 'DE', industry: 'Distribution' });

  const member = async (partnerId: string, name: string, email: string, role: 'partner_manager' | 'partner_associate'): Promise<DemoPersona> => {
    const { memberId } = await call(cmToken, 'POST', `/v1/partners/${partnerId}/members`, { name, email, role });
    return { name, role: role.replace('_', ' '), roles: [role], subject: memberId, partnerId, partnerName: names.get(partnerId) };
  };
  const alice = await member(acme, 'Alice Hart', 'alice@acme.example', 'partner_manager');
  const bob = await member(acme, 'Bob Lee', 'bob@acme.example', 'partner_associate');
  const carol = await member(acmeUk, 'Carol Price', 'carol@acme.example.co.uk', 'partner_associate');
  const dave = await member(globex, 'Dave Kim', 'dave@globex.example', 'partner_manager');
  await call(cmToken, 'POST', `/v1/partners/${acme}/point-of-contact`, { memberId: alice.subject });

  for (const [partnerId, tier] of [
    [acme, 'Gold'],
    [acmeUk, 'Silver'],
    [globex, 'Silver'],
  ]) {
    await call(cmToken, 'POST', '/v1/partnerships', { partnerId, programId: program.id, tier, terms: 'Reseller agreement v3', startDate: '2026-01-01' });
  }

  const tokens = { alice: await mint(alice), bob: await mint(bob), carol: await mint(carol), dave: await mint(dave) };
  const register = (token: string, companyName: string, domain: string, amountMinor: number) =>
    call(token, 'POST', '/v1/deal-registrations', {
      programId: program.id,
      registrationType: 'resell',
      customer: { companyName, domain, contactName: 'Procurement', contactEmail: `procurement@${domain}` },
      estimatedSize: { amountMinor, currency: 'USD' },
      expectedCloseDate: '2027-06-30',
      products: ['ledger-enterprise'],
    }).then((r) => r.id as string);
  const act = (token: string, id: string, action: string, body: object = {}) => call(token, 'POST', `/v1/deal-registrations/${id}/${action}`, body);

  await register(tokens.bob, 'Hooli Inc', 'hooli.example', 4_500_000); // stays a draft
  const initech = await register(tokens.alice, 'Initech LLC', 'initech.example', 12_000_000);
  await act(tokens.alice, initech, 'submit');
  const umbrella = await register(tokens.alice, 'Umbrella Corporation', 'umbrella.example', 38_000_000);
  await act(tokens.alice, umbrella, 'submit');
  await act(cmToken, umbrella, 'start-review');
  await act(cmToken, umbrella, 'send-for-approval');
  await act(approverToken, umbrella, 'approve');
  const vandelay = await register(tokens.alice, 'Vandelay Industries', 'vandelay.example', 2_000_000);
  await act(tokens.alice, vandelay, 'submit');
  await act(cmToken, vandelay, 'start-review');
  await act(cmToken, vandelay, 'reject', { reason: 'Vandelay buys direct under an existing enterprise agreement' });
  const stark = await register(tokens.carol, 'Stark Industries', 'stark.example', 21_000_000);
  await act(tokens.carol, stark, 'submit');
  await act(cmToken, stark, 'start-review');
  // Globex registers Initech after Acme did: a conflict, first in time is Acme.
  const rival = await register(tokens.dave, 'INITECH, L.L.C.', 'www.initech.example', 9_000_000);
  await act(tokens.dave, rival, 'submit');

  const personas: DemoPersona[] = [
    channelManager,
    approver,
    { name: 'Ada', role: 'admin', roles: ['admin'], subject: 'demo-admin' },
    { name: 'Aubrey', role: 'auditor', roles: ['auditor'], subject: 'demo-auditor' },
    { name: 'Oscar', role: 'ops', roles: ['ops'], subject: 'demo-ops' },
    alice,
    bob,
    carol,
    dave,
  ];
  return { personas, position };
}
