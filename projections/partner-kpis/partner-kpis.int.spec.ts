import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { caseStream, opportunityStream, orderStream } from '@channel-ledger/domain';
import { Partner360ReadRepository } from '@channel-ledger/application/partner-360/partner-360.read-repository';
import { GetPartner360, GetPartner360Handler } from '@channel-ledger/application/partner-360/queries/get-partner-360';
import { GeneratedWorld } from '../../bench/generate';
import { GeneratedLog, generatedLog, projectToHead } from '@test/support/generated-log';
import { partner360Oracle } from '@test/support/partner-360-oracle';
import { ReadModelsDB } from '../read-models';

jest.setTimeout(180_000);

// The partner_kpis read model keeps, event by event, the figures Partner 360 used to aggregate over the record
// tables on every request. Over a generated log (the bench's generator, through the real deciders) and a tail of
// the cases it does not produce (deals with other partners' lines, a direct deal, a second currency, open, held,
// resumed and overdue cases, draft and cancelled orders), every partner's Partner 360 read through the projected
// model equals today's aggregate SQL, for every kind of reader.
describe('partner_kpis equals the aggregate over the record tables', () => {
  let log: GeneratedLog;
  let partners: GeneratedWorld['partners'];
  let end: Date;

  beforeAll(async () => {
    log = await generatedLog('cl_kpis', { events: 2_500, seed: 11, partners: 10, programs: 2 });
    const { world } = log;
    partners = world.partners;
    const child = partners.find((p) => p.parentId !== null)!;
    const other = partners.find((p) => p.parentId === null && p.partnerId !== child.parentId)!;
    end = new Date('2027-06-01T00:00:00Z');
    let minute = 0;
    const at = () => new Date(end.getTime() + ++minute * 60_000).toISOString();
    const event = (type: string, data: Record<string, unknown>) => {
      const when = at();
      return {
        id: randomUUID(),
        type,
        data: { ...data, at: when },
        metadata: { schemaVersion: 1, occurredAt: when, actor: { userId: 'test', role: 'channel_manager' }, correlationId: randomUUID(), causationId: randomUUID() },
      };
    };
    const append = (streamId: string, events: ReturnType<typeof event>[]) => log.append(streamId, events);
    const line = (partnerId: string | null, unitPriceMinor: number) => ({ lineId: randomUUID(), product: 'ledger-core', quantity: 2, unitPriceMinor, partnerId });
    const opportunity = (id: string, channelPartnerId: string | null, currency: string, source: string, lineItems: ReturnType<typeof line>[]) =>
      event('OpportunityCreated', { opportunityId: id, registrationId: null, name: 'Joint deal', accountName: 'Globex', source, channelPartnerId, currency, expectedCloseDate: '2027-09-01', lineItems, amountMinor: lineItems.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0) });

    // A won deal of the child with a line of an unrelated partner, in USD: a reader of the child may not see it whole.
    const joint = randomUUID();
    await append(opportunityStream(joint), [opportunity(joint, child.partnerId, 'USD', 'partner_influenced', [line(child.partnerId, 5_000), line(other.partnerId, 7_000)]), event('OpportunityWon', { opportunityId: joint, amountMinor: 24_000, by: 'test' })]);
    // A won deal of the child's parent with a line of the child: its manager sees every line.
    const family = randomUUID();
    await append(opportunityStream(family), [opportunity(family, child.parentId, 'USD', 'partner_sourced', [line(child.parentId, 1_000), line(child.partnerId, 2_000)]), event('OpportunityWon', { opportunityId: family, amountMinor: 6_000, by: 'test' })]);
    // A direct deal with a line of the child, won; an open deal whose lines later take another partner in, then lost.
    const direct = randomUUID();
    await append(opportunityStream(direct), [opportunity(direct, null, 'EUR', 'partner_influenced', [line(child.partnerId, 3_000)]), event('OpportunityWon', { opportunityId: direct, amountMinor: 6_000, by: 'test' })]);
    const moving = randomUUID();
    await append(opportunityStream(moving), [
      opportunity(moving, child.partnerId, 'EUR', 'partner_sourced', [line(child.partnerId, 4_000)]),
      event('OpportunityLinesUpdated', { opportunityId: moving, lineItems: [line(child.partnerId, 4_000), line(other.partnerId, 1_000)], amountMinor: 10_000 }),
      event('OpportunityStageChanged', { opportunityId: moving, from: 'Qualify', to: 'Develop', by: 'test' }),
    ]);
    const lost = randomUUID();
    await append(opportunityStream(lost), [opportunity(lost, other.partnerId, 'EUR', 'partner_sourced', [line(other.partnerId, 4_000)]), event('OpportunityLost', { opportunityId: lost, reason: 'price', note: null, by: 'test' })]);
    // Orders left in draft and cancelled.
    for (const [status, partnerId] of [['Draft', child.partnerId], ['Cancelled', other.partnerId]] as const) {
      const orderId = randomUUID();
      const lines = [{ lineId: randomUUID(), product: 'ledger-vault', quantity: 1, unitPriceMinor: 9_000, totalMinor: 9_000, partnerId }];
      const events = [event('OrderCreated', { orderId, quoteId: null, account: 'Globex', contact: { name: 'Buyer', email: 'buyer@globex.example' }, orderType: 'new', priority: 'low', channelPartnerId: partnerId, currency: 'EUR', lines, totalMinor: 9_000, by: 'test' })];
      if (status === 'Cancelled') events.push(event('OrderCancelled', { orderId, reason: 'duplicate', by: 'test' }));
      await append(orderStream(orderId), events);
    }
    // Cases: one open and overdue, one held and resumed, one resolved and reopened, one on hold.
    const due = (hours: number) => new Date(end.getTime() + hours * 3_600_000).toISOString();
    const opened = (caseId: string, partnerId: string, firstHours: number) =>
      event('CaseOpened', { caseId, partnerId, openedBy: 'test', requestedBy: 'test', about: 'organisation', endCustomer: null, priority: 'P2', subject: 'Portal login', description: 'Cannot sign in', firstResponseDueAt: due(firstHours), resolutionDueAt: due(firstHours * 4) });
    const [overdue, held, reopened, onHold] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await append(caseStream(overdue), [opened(overdue, child.partnerId, -1)]);
    await append(caseStream(held), [opened(held, child.partnerId, 8), event('CaseFirstResponseRecorded', { caseId: held, message: 'On it', by: 'test' }), event('CasePutOnHold', { caseId: held, reason: 'waiting', by: 'test' }), event('CaseResumed', { caseId: held, firstResponseDueAt: due(10), resolutionDueAt: due(40), by: 'test' })]);
    await append(caseStream(reopened), [opened(reopened, other.partnerId, 8), event('CaseResolved', { caseId: reopened, resolution: 'Reset', by: 'test' }), event('CaseReopened', { caseId: reopened, reason: 'again', by: 'test' })]);
    await append(caseStream(onHold), [opened(onHold, other.partnerId, 8), event('CasePutOnHold', { caseId: onHold, reason: 'waiting', by: 'test' })]);

    await projectToHead(log, 200, 120_000);
  });

  afterAll(() => log.close());

  const readers = (): { name: string; actor: Actor }[] => [
    { name: 'channel manager', actor: { kind: 'enterprise', userId: 'cm', roles: ['channel_manager'] } },
    ...partners.flatMap((p): { name: string; actor: Actor }[] => [
      { name: `associate of ${p.partnerId}`, actor: { kind: 'partner', userId: p.associateId, roles: ['partner_associate'], partnerId: p.partnerId } },
      { name: `manager of ${p.partnerId}`, actor: { kind: 'partner', userId: p.managerId, roles: ['partner_manager'], partnerId: p.partnerId } },
    ]),
  ];

  async function both(partnerId: string, actor: Actor, now: Date): Promise<[unknown, unknown]> {
    const settle = (p: Promise<unknown>) => p.then((v) => v, (e: { code?: string }) => ({ refused: e.code ?? String(e) }));
    const read = log.db as unknown as Kysely<ReadModelsDB>;
    const handler = new GetPartner360Handler(new Partner360ReadRepository(read), { now: () => now });
    return Promise.all([settle(partner360Oracle(read, partnerId, actor, now)), settle(handler.execute(new GetPartner360(partnerId, actor)).then((a) => ({ kpis: a.kpis })))]);
  }

  it.each([
    ['right after the log', () => new Date(end.getTime() + 86_400_000)],
    ['a year later (cases breach, partners go inactive)', () => new Date(end.getTime() + 400 * 86_400_000)],
  ])('every partner, every reader, %s: the projected Partner 360 equals the aggregate', async (_when, now) => {
    let compared = 0;
    let seen = 0;
    for (const { partnerId } of partners) {
      for (const { name, actor } of readers()) {
        const [expected, actual] = await both(partnerId, actor, now());
        expect({ partnerId, reader: name, answer: actual }).toEqual({ partnerId, reader: name, answer: expected });
        compared += 1;
        if (!('refused' in (expected as object))) seen += 1;
      }
    }
    expect(compared).toBe(partners.length * (1 + 2 * partners.length));
    // Visible answers are most of the comparisons' point; refusals must agree too.
    expect(seen).toBeGreaterThan(partners.length * 2);
  });

  it('the log holds what the figures tell apart', async () => {
    const now = new Date(end.getTime() + 86_400_000);
    const cm: Actor = { kind: 'enterprise', userId: 'cm', roles: ['channel_manager'] };
    const answers = await Promise.all(partners.map((p) => both(p.partnerId, cm, now).then(([, a]) => a as { kpis: Record<string, unknown> & { revenue: { currency: string }[]; registrationsByState: Record<string, number> } })));
    const kpis = answers.map((a) => a.kpis);
    expect(kpis.some((k) => k.revenue.some((r) => r.currency === 'USD'))).toBe(true);
    expect(kpis.some((k) => (k.openCases as number) > 0 && (k.slasBreached as number) > 0)).toBe(true);
    expect(kpis.some((k) => (k.registrationsByState.Rejected ?? 0) > 0)).toBe(true);
    expect(kpis.some((k) => (k.conflictRate as number) > 0)).toBe(true);
    expect(kpis.some((k) => k.medianHoursToDecision !== null && k.medianDaysRegistrationToClose !== null)).toBe(true);
    expect(kpis.some((k) => k.winRate !== null && (k.winRate as number) < 1)).toBe(true);
  });
});
