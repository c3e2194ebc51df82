import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import { Kysely } from 'kysely';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { DeliverySettings, attemptDelivery, claimDue } from './delivery';
import { Resolver } from './outbound';
import { WebhookTables } from './tables';

type DB = ReadDB & WebhookTables;

// The body a receiver answers with: it stands for anything another host says (an internal service's banner, an
// error page), which must never be stored where a partner can read it.
const ANSWER = 'internal-banner: redis_version=7.2 at 10.0.0.5';

describe('webhook delivery attempts (real PostgreSQL)', () => {
  let database: TestDatabase;
  let db: Kysely<DB>;
  let receiver: Server;
  let port: number;
  const heard: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('cl_webhook_delivery');
    db = createReadDb(database.url) as unknown as Kysely<DB>;
    await migrateReadStore(db as unknown as Kysely<unknown>);
    receiver = createServer((req, res) => {
      heard.push(req.url ?? '');
      req.resume();
      req.on('end', () => {
        res.statusCode = req.url?.startsWith('/ok') ? 200 : 500;
        res.end(ANSWER);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    port = (receiver.address() as AddressInfo).port;
  });

  afterAll(async () => {
    receiver?.close();
    await db?.destroy();
    await database?.drop();
  });

  const settings = (allowInsecure: boolean): DeliverySettings => ({ maxAttempts: 3, backoffMs: 60_000, timeoutMs: 5_000, allowInsecure });

  // One pending delivery to `url`, claimed for its first attempt.
  const pending = async (url: string) => {
    const partnerId = randomUUID();
    const endpointId = randomUUID();
    const deliveryId = randomUUID();
    await db.insertInto('webhook_endpoints').values({ endpoint_id: endpointId, partner_id: partnerId, url, secret: 's'.repeat(24), topics: null, description: null, created_by: 'test', deactivated_at: null }).execute();
    await db
      .insertInto('webhook_deliveries')
      .values({ delivery_id: deliveryId, endpoint_id: endpointId, partner_id: partnerId, event_id: randomUUID(), event_type: 'RegistrationDrafted', topic: 'deal_registration', subject_id: randomUUID(), position: '1', payload: JSON.stringify({ deliveryId }), status: 'pending', next_attempt_at: new Date(Date.now() - 1000), last_status_code: null, last_error: null, finished_at: null })
      .execute();
    const claims = await claimDue(db, 'test-worker', 1000, settings(false));
    const claim = claims.find((c) => c.deliveryId === deliveryId);
    if (!claim) throw new Error('the delivery was not claimed');
    return claim;
  };
  const recorded = async (deliveryId: string) => ({
    delivery: await db.selectFrom('webhook_deliveries').select(['status', 'last_status_code', 'last_error']).where('delivery_id', '=', deliveryId).executeTakeFirstOrThrow(),
    attempts: await db.selectFrom('webhook_attempts').select(['attempt', 'status_code', 'error']).where('delivery_id', '=', deliveryId).execute(),
  });

  it('refuses, at delivery time, a name that resolves to loopback, and records only the reason', async () => {
    const calls: string[] = [];
    const resolve: Resolver = async (name) => (calls.push(name), [{ address: '127.0.0.1', family: 4 }]);
    const claim = await pending(`https://hooks.partner.example.com:${port}/ok`);
    const lines: string[] = [];
    expect(await attemptDelivery(db, claim, settings(false), { resolve, log: (l) => lines.push(l) })).toBe('retry');
    expect(calls).toEqual(['hooks.partner.example.com']);
    expect(heard).not.toContain('/ok');
    expect(await recorded(claim.deliveryId)).toEqual({
      delivery: { status: 'pending', last_status_code: null, last_error: 'address_refused' },
      attempts: [{ attempt: 1, status_code: null, error: 'address_refused' }],
    });
    // The service's own log says why, with the address.
    expect(lines.join('\n')).toContain('127.0.0.1');
  });

  it('delivers to the same local receiver when insecure endpoints are allowed (development, tests)', async () => {
    const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const claim = await pending(`http://hooks.partner.example.com:${port}/ok/insecure`);
    expect(await attemptDelivery(db, claim, settings(true), { resolve })).toBe('delivered');
    expect(heard).toContain('/ok/insecure');
    expect(await recorded(claim.deliveryId)).toEqual({ delivery: { status: 'delivered', last_status_code: 200, last_error: null }, attempts: [{ attempt: 1, status_code: 200, error: null }] });
  });

  it('stores neither the receiver body nor the socket error text', async () => {
    const failing = await pending(`http://127.0.0.1:${port}/fails`);
    expect(await attemptDelivery(db, failing, settings(true))).toBe('retry');
    const answered = await recorded(failing.deliveryId);
    expect(answered.attempts).toEqual([{ attempt: 1, status_code: 500, error: 'receiver_error' }]);
    expect(JSON.stringify(answered)).not.toContain('redis_version');

    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await pending(`http://127.0.0.1:${closedPort}/nobody`);
    expect(await attemptDelivery(db, refused, settings(true))).toBe('retry');
    const nobody = await recorded(refused.deliveryId);
    expect(nobody.attempts).toEqual([{ attempt: 1, status_code: null, error: 'connection_failed' }]);
    expect(JSON.stringify(nobody)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\d{4,5}/);
  });
});
