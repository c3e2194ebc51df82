import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { partnerStream } from '@channel-ledger/domain';
import { GeneratedLog, generatedLog, projectToHead } from '@test/support/generated-log';
import { READ_TABLES, readModelChecksums } from '@test/support/read-model-checksums';

// Projecting the log one event at a time is the slow half; on a loaded machine it takes minutes.
jest.setTimeout(400_000);

// The projections merge the events of one batch per record (and insert new records together), so the rows
// must not depend on where the batches are cut: a realistic log (the bench's generator, through the real
// deciders) projected in batches of 500 and one event at a time leaves identical tables.
describe('read models do not depend on batch size', () => {
  let log: GeneratedLog;

  beforeAll(async () => {
    log = await generatedLog('cl_batches', { events: 1_500, seed: 7, partners: 12, programs: 2 });
    const { world } = log;
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
    const append = (partnerId: string, events: ReturnType<typeof event>[]) => log.append(partnerStream(partnerId), events);
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

  afterAll(() => log.close());

  async function project(batchSize: number): Promise<Record<string, string>> {
    for (const [table] of READ_TABLES) await sql`truncate ${sql.table(table)}`.execute(log.db);
    await log.db.deleteFrom('projection_checkpoints').execute();
    await projectToHead(log, batchSize, 180_000);
    return readModelChecksums(log.db);
  }

  it('leaves the same rows in batches of 500 and of 1', async () => {
    const whole = await project(500);
    const single = await project(1);
    expect(single).toEqual(whole);
    for (const table of ['rm_registrations', 'rm_opportunities', 'rm_orders', 'rm_order_lines', 'rm_cases']) expect(Number(whole[table].split(':')[0])).toBeGreaterThan(0);
    // The hierarchy changes at the end took effect: the moved partner is a root with the newcomer under it.
    const moved = await log.db.selectFrom('rm_partners' as never).select(['name', 'tier', 'parent_id', 'point_of_contact'] as never[]).where('name' as never, '=', 'Renamed' as never).executeTakeFirstOrThrow();
    expect(moved).toEqual({ name: 'Renamed', tier: 'Gold', parent_id: null, point_of_contact: null });
    const links = await sql<{ depth: number }>`select depth from rm_partner_closure where partner_id = '7f000000-0000-4000-8000-000000000001' order by depth`.execute(log.db);
    expect(links.rows.map((r) => r.depth)).toEqual([0, 1]);
  });
});
