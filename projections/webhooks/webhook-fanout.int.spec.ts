import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import { StoredEvent } from '@channel-ledger/event-store';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { WebhookTables } from '@channel-ledger/webhooks';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { webhookFanoutProjection } from './webhook-fanout.projection';

type DB = ReadDB & { [T in keyof WebhookTables]: WebhookTables[T] };

let seq = 0;
function stored(streamId: string, type: string, data: Record<string, unknown>, recordedAt = new Date()): StoredEvent {
  seq += 1;
  return { id: randomUUID(), streamId, revision: 0, position: `${String(seq).padStart(20, '0')}-${String(seq).padStart(20, '0')}`, type, data, metadata: { occurredAt: recordedAt.toISOString() }, recordedAt } as StoredEvent;
}

describe('webhook fan-out projection (real PostgreSQL)', () => {
  let database: TestDatabase;
  let db: Kysely<DB>;
  const acme = randomUUID();
  const globex = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase('cl_webhook_fanout');
    db = createReadDb(database.url).withTables<{ [T in keyof WebhookTables]: WebhookTables[T] }>();
    await migrateReadStore(db);
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const endpoint = async (partnerId: string, topics: string[] | null, createdAt = new Date(Date.now() - 60_000)) => {
    const id = randomUUID();
    await db.insertInto('webhook_endpoints').values({ endpoint_id: id, partner_id: partnerId, url: 'https://hooks.example.com/x', secret: 's'.repeat(24), topics, description: null, created_by: 'test', created_at: createdAt, deactivated_at: null }).execute();
    return id;
  };
  const apply = (events: StoredEvent[]) => db.transaction().execute((trx) => webhookFanoutProjection.apply(trx as never, events));
  const deliveries = () => db.selectFrom('webhook_deliveries').selectAll().orderBy('position').execute();

  it('fans each event out once per matching endpoint of its partner, and a replayed batch adds nothing', async () => {
    const all = await endpoint(acme, null);
    const casesOnly = await endpoint(acme, ['case']);
    const other = await endpoint(globex, null);
    const late = await endpoint(acme, null, new Date(Date.now() + 60_000)); // registered after these events
    const reg = randomUUID();
    const kase = randomUUID();
    const events = [
      stored(`registration-${reg}`, 'RegistrationDrafted', { registrationId: reg, partnerId: acme }),
      stored(`registration-${reg}`, 'RegistrationApproved', { registrationId: reg, overrideReason: 'internal: beat Globex on price' }),
      stored(`case-${kase}`, 'CaseOpened', { caseId: kase, partnerId: acme }),
      stored(`partner-${acme}`, 'PartnerProfileUpdated', { partnerId: acme }),
    ];
    await apply(events.slice(0, 2));
    await apply(events.slice(2));
    await apply(events); // the same events again, as after a crash between apply and checkpoint
    const rows = await deliveries();
    expect(rows.map((r) => [r.endpoint_id, r.event_type]).sort()).toEqual(
      [
        [all, 'RegistrationDrafted'],
        [all, 'RegistrationApproved'],
        [all, 'CaseOpened'],
        [casesOnly, 'CaseOpened'],
      ].sort(),
    );
    expect(rows.some((r) => r.endpoint_id === other || r.endpoint_id === late)).toBe(false);
    // Internal fields stay inside the enterprise.
    const approved = rows.find((r) => r.event_type === 'RegistrationApproved')!;
    expect(JSON.stringify(approved.payload)).not.toContain('beat Globex');
    expect(approved.payload).toMatchObject({ deliveryId: approved.delivery_id, partnerId: acme, subject: { type: 'deal_registration', id: reg } });
  });
});
