import { randomUUID, createHash } from 'node:crypto';
import { PostgresEventStore } from '@channel-ledger/event-store';
import { ConflictKey, registrationStream } from '@channel-ledger/domain';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { CustomerClaims } from './customer-claims';

const streamOf = (key: ConflictKey) => `deal-claims-${createHash('sha256').update(`${key.kind}:${key.value}`).digest('hex').slice(0, 40)}`;
const meta = { schemaVersion: 1, occurredAt: '2026-11-22T10:00:00.000Z' };

describe('customer claims: the first shared key decides', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let claims: CustomerClaims;

  beforeAll(async () => {
    database = await createTestDatabase('cl_claims');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    claims = new CustomerClaims(store);
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  async function drafted(registrationId: string, partnerId: string) {
    await store.append(registrationStream(registrationId), [
      { id: randomUUID(), type: 'RegistrationDrafted', data: { registrationId, partnerId, programId: 'p', submittedBy: 'u', registrationType: 'resell', customer: {}, estimatedSize: { amountMinor: 1, currency: 'USD' }, expectedCloseDate: '2027-01-01', products: ['x'], at: meta.occurredAt }, metadata: meta },
    ], { expectedRevision: 'no_stream' });
  }

  it('agrees on one first when A leads on the first shared key and B on the second', async () => {
    const tag = randomUUID().slice(0, 8);
    const k1: ConflictKey = { kind: 'contact_email', value: `cto@${tag}.example` };
    const k2: ConflictKey = { kind: 'domain', value: `${tag}.example` };
    const a = { registrationId: randomUUID(), partnerId: 'acme', submittedAt: '2026-11-22T10:00:00.000Z', keys: [k1, k2] };
    const b = { registrationId: randomUUID(), partnerId: 'globex', submittedAt: '2026-11-22T10:00:00.100Z', keys: [k1, k2] };
    await drafted(a.registrationId, a.partnerId);
    await drafted(b.registrationId, b.partnerId);
    // The interleaving: A claimed k1, then B claimed k1 and k2, and only now does A reach k2 (behind B).
    await store.append(streamOf(k1), [{ id: randomUUID(), type: 'CustomerClaimed', data: a, metadata: meta }], { expectedRevision: 'no_stream' });
    const bConflicts = await claims.claim(b, '2026-11-22T10:00:01.000Z');
    const aConflicts = await claims.claim(a, '2026-11-22T10:00:02.000Z');
    expect(bConflicts.map((m) => m.registrationId)).toEqual([a.registrationId]);
    expect(aConflicts).toEqual([]);
  });
});
