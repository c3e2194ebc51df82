import { randomUUID } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { partnerStream } from '@channel-ledger/domain';
import { PostgresEventStore, comparePositions } from '@channel-ledger/event-store';
import { ProjectionRunner } from '@channel-ledger/projection-runner';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { generate } from '../bench/generate';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { READ_TABLES, readModelChecksums } from '@test/support/read-model-checksums';
import { until } from '@test/support/until';
import { allProjections, readModelMigrations } from './read-models';

// Projecting the log one event at a time is the slow half; on a loaded machine it takes minutes.
jest.setTimeout(400_000);

// The projections merge the events of one batch per record (and insert new records together), so the rows
// must not depend on where the batches are cut: a realistic log (the bench's generator, through the real
// deciders) projected in batches of 500 and one event at a time leaves identical tables.
describe('read models do not depend on batch size', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let db: Kysely<ReadDB>;
  // The last position the generator appended: the head read once may trail it until older transactions end.
  let last: string | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('cl_batches');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    db = createReadDb(database.url);
    await migrateReadStore(db, readModelMigrations);
    const { world } = await generate(
      async (s) => {
        const { position } = await store.append(s.streamId, s.events, { expectedRevision: 'no_stream' });
        if (last === undefined || comparePositions(position, last) > 0) last = position;
      },
      {
      events: 1_500,
      seed: 7,
      partners: 12,
      programs: 2,
      writers: 1,
      start: new Date('2026-01-01T00:00:00Z'),
      },
    );
    // The generator only registers partners; the directory also applies moves in the hierarchy (which cut a
    // batch into runs), tier and profile changes, role changes and deactivations (which clear a point of
    // contact). They go at the end of the log, in the last batch of 500, among a new partner and its staff.
    const child = world.partners.find((p) => p.parentId !== null)!;
    const root = world.partners.find((p) => p.parentId === null && p.partnerId !== child.parentId)!;
    const newcomer = '7f000000-0000-4000-8000-000000000001';
    const at = (minute: number) => new Date(Date.UTC(2027, 0, 1, 0, minute)).toISOString();
    const event = (type: string, data: Record<string, unknown>, minute: number) => ({
      id: randomUUID(),
      type,
      data: { ...data, at: at(minute) },
      metadata: { schemaVersion: 1, occurredAt: at(minute), actor: { userId: 'test', role: 'channel_manager' }, correlationId: randomUUID(), causationId: randomUUID() },
    });
    const append = async (partnerId: string, events: ReturnType<typeof event>[]) => {
      const { position } = await store.append(partnerStream(partnerId), events, { expectedRevision: 'any' });
      if (comparePositions(position, last!) > 0) last = position;
    };
    await append(child.partnerId, [
      event('PartnerTierChanged', { partnerId: child.partnerId, from: 'Registered', to: 'Gold' }, 1),
      event('PartnerReparented', { partnerId: child.partnerId, from: child.parentId, to: root.partnerId }, 2),
    ]);
    await append(newcomer, [
      event('PartnerRegistered', { partnerId: newcomer, name: 'Newcomer', webDomain: 'newcomer.example', country: 'DE', industry: 'retail', partnerType: 'reseller', tier: 'Registered', parentId: child.partnerId }, 3),
      event('StaffMemberRegistered', { partnerId: newcomer, memberId: '7f000000-0000-4000-8000-000000000002', name: 'New Manager', email: 'm@newcomer.example', role: 'partner_manager' }, 4),
      event('PointOfContactSet', { partnerId: newcomer, memberId: '7f000000-0000-4000-8000-000000000002' }, 5),
    ]);
    await append(child.partnerId, [
      event('PartnerProfileUpdated', { partnerId: child.partnerId, changes: { name: 'Renamed' } }, 6),
      event('StaffMemberRoleChanged', { partnerId: child.partnerId, memberId: child.associateId, from: 'partner_associate', to: 'partner_manager' }, 7),
      event('StaffMemberDeactivated', { partnerId: child.partnerId, memberId: child.managerId }, 8),
      event('PartnerReparented', { partnerId: child.partnerId, from: root.partnerId, to: null }, 9),
    ]);
    await append(newcomer, [event('StaffMemberDeactivated', { partnerId: newcomer, memberId: '7f000000-0000-4000-8000-000000000002' }, 10)]);
  });

  afterAll(async () => {
    await db.destroy();
    await store.close();
    await database.drop();
  });

  async function project(batchSize: number): Promise<Record<string, string>> {
    for (const [table] of READ_TABLES) await sql`truncate ${sql.table(table)}`.execute(db);
    await db.deleteFrom('projection_checkpoints').execute();
    const runner = new ProjectionRunner({ store, db, connectionString: database.url, projections: allProjections(), instanceId: `batch-${batchSize}`, batchSize, idleMs: 10 });
    await runner.start();
    await until(
      `every projection past the last append in batches of ${batchSize}`,
      async () => {
        const rows = await db.selectFrom('projection_checkpoints').select(['position', 'status']).execute();
        if (rows.some((r) => r.status === 'failed')) throw new Error(`a projection failed: ${JSON.stringify(rows)}`);
        return rows.length === allProjections().length && rows.every((r) => r.position !== null && comparePositions(r.position, last!) >= 0) ? true : undefined;
      },
      180_000,
    );
    await runner.stop();
    return readModelChecksums(db);
  }

  it('leaves the same rows in batches of 500 and of 1', async () => {
    const whole = await project(500);
    const single = await project(1);
    expect(single).toEqual(whole);
    for (const table of ['rm_registrations', 'rm_opportunities', 'rm_orders', 'rm_order_lines', 'rm_cases']) expect(Number(whole[table].split(':')[0])).toBeGreaterThan(0);
    // The hierarchy changes at the end took effect: the moved partner is a root with the newcomer under it.
    const moved = await db.selectFrom('rm_partners' as never).select(['name', 'tier', 'parent_id', 'point_of_contact'] as never[]).where('name' as never, '=', 'Renamed' as never).executeTakeFirstOrThrow();
    expect(moved).toEqual({ name: 'Renamed', tier: 'Gold', parent_id: null, point_of_contact: null });
    const links = await sql<{ depth: number }>`select depth from rm_partner_closure where partner_id = '7f000000-0000-4000-8000-000000000001' order by depth`.execute(db);
    expect(links.rows.map((r) => r.depth)).toEqual([0, 1]);
  });
});
