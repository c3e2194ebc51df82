import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { opportunityStream, registrationStream } from '@channel-ledger/domain';
import { GeneratedLog, generatedLog, projectToHead } from '@test/support/generated-log';

jest.setTimeout(180_000);

// Every record's amount is at most the largest safe integer (the domain refuses more), but a read model that adds
// records up may pass what a bigint or a double holds: 1,025 drafts of that size overflow a bigint. A total that
// cannot be written would stop the projection on that event for every organisation, for good (the log cannot be
// changed); a total kept as a double would drift. Totals are kept exactly.
describe('read models that add amounts up keep large totals exactly', () => {
  const LARGEST = Number.MAX_SAFE_INTEGER;
  const RECORDS = 1_100;
  let log: GeneratedLog;
  let partnerId: string;
  let programId: string;

  beforeAll(async () => {
    log = await generatedLog('cl_large', { events: 60, seed: 3, partners: 2, programs: 1 });
    partnerId = log.world.partners[0].partnerId;
    programId = log.world.programs[0].programId;
    const at = new Date('2027-01-01T00:00:00Z').toISOString();
    const metadata = () => ({ schemaVersion: 1, occurredAt: at, actor: { userId: 'test', role: 'partner_associate' }, correlationId: randomUUID(), causationId: randomUUID() });
    for (let i = 0; i < RECORDS; i++) {
      const registrationId = randomUUID();
      await log.append(registrationStream(registrationId), [
        {
          id: randomUUID(),
          type: 'RegistrationDrafted',
          data: {
            registrationId, partnerId, programId, submittedBy: 'test', registrationType: 'resell',
            customer: { companyName: `Big ${i}`, domain: `big-${i}.example`, contactEmail: `buyer@big-${i}.example` },
            estimatedSize: { amountMinor: LARGEST, currency: 'USD' }, expectedCloseDate: '2027-06-01', products: ['ledger-core'], at,
          },
          metadata: metadata(),
        },
      ]);
      const opportunityId = randomUUID();
      const lineItems = [{ lineId: randomUUID(), product: 'ledger-core', quantity: 1, unitPriceMinor: LARGEST, partnerId }];
      await log.append(opportunityStream(opportunityId), [
        { id: randomUUID(), type: 'OpportunityCreated', data: { opportunityId, registrationId: null, name: `Big ${i}`, accountName: `Big ${i}`, source: 'partner_sourced', channelPartnerId: partnerId, currency: 'USD', expectedCloseDate: '2027-06-01', lineItems, amountMinor: LARGEST, at }, metadata: metadata() },
        { id: randomUUID(), type: 'OpportunityWon', data: { opportunityId, amountMinor: LARGEST, by: 'test', at }, metadata: metadata() },
      ]);
    }
    await projectToHead(log, 500, 150_000);
  });

  afterAll(() => log.close());

  const exact = String(BigInt(LARGEST) * BigInt(RECORDS));

  it('no projection stops on the total', async () => {
    const rows = await log.db.selectFrom('projection_checkpoints').select(['projection', 'status']).execute();
    expect(rows.filter((r) => r.status !== 'running')).toEqual([]);
  });

  it('the pipeline group holds the exact sum of its drafts', async () => {
    const { rows } = await sql<{ amount: string; count: number }>`
      select amount_minor::text as amount, count from pipeline_groups
      where side = 'registration' and channel_partner_id = ${partnerId} and stage = 'Draft' and currency = 'USD'`.execute(log.db);
    expect(rows).toEqual([{ amount: exact, count: RECORDS }]);
  });

  it("the partner's KPI row holds the exact won revenue", async () => {
    const { rows } = await sql<{ revenue: Record<string, { wonTotalMinor: string; sourcedMinor: string; wonCount: number }> }>`
      select revenue from rm_partner_kpis where partner_id = ${partnerId}`.execute(log.db);
    expect(rows[0].revenue.USD).toEqual({ sourcedMinor: exact, influencedMinor: '0', wonCount: RECORDS, wonTotalMinor: exact });
  });
});
