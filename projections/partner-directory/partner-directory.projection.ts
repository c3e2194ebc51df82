import { Kysely, Transaction, sql } from 'kysely';
import { StoredEvent } from '../../libs/event-store/src';
import { PartnerEvent } from '../../libs/domain/src';
import { Projection } from '../../libs/projection-runner/src';
import { ReadDB } from '../../libs/read-store/src';
import { PartnerDirectoryTables } from './partner-directory.tables';

type DB = ReadDB & PartnerDirectoryTables;

const PARTNER_EVENTS = new Set<string>([
  'PartnerRegistered',
  'PartnerProfileUpdated',
  'PartnerTierChanged',
  'PartnerReparented',
  'StaffMemberRegistered',
  'StaffMemberRoleChanged',
  'StaffMemberDeactivated',
  'PointOfContactSet',
]);

// Replaces the subtree's links to its old ancestors with links to the new ones (a closure table).
async function relinkSubtree(db: Kysely<DB>, partnerId: string, parentId: string | null): Promise<void> {
  await sql`
    delete from rm_partner_closure c
    using rm_partner_closure sub, rm_partner_closure sup
    where sub.ancestor_id = ${partnerId} and sup.partner_id = ${partnerId} and sup.depth > 0
      and c.partner_id = sub.partner_id and c.ancestor_id = sup.ancestor_id`.execute(db);
  if (parentId) {
    await sql`
      insert into rm_partner_closure (ancestor_id, partner_id, depth)
      select sup.ancestor_id, sub.partner_id, sup.depth + sub.depth + 1
      from rm_partner_closure sup, rm_partner_closure sub
      where sup.partner_id = ${parentId} and sub.ancestor_id = ${partnerId}
      on conflict do nothing`.execute(db);
  }
}

async function applyOne(db: Kysely<DB>, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as PartnerEvent;
  const at = new Date(stored.metadata.occurredAt);
  const position = stored.position;
  // Each row remembers the last event applied to it, so an event seen twice changes nothing.
  const partnerRow = (partnerId: string) =>
    db.updateTable('rm_partners').where('partner_id', '=', partnerId).where('last_position', '<', position);
  switch (event.type) {
    case 'PartnerRegistered': {
      const d = event.data;
      const inserted = await db
        .insertInto('rm_partners')
        .values({
          partner_id: d.partnerId,
          name: d.name,
          partner_type: d.partnerType,
          tier: d.tier,
          parent_id: d.parentId,
          web_domain: d.webDomain,
          country: d.country,
          industry: d.industry,
          point_of_contact: null,
          registered_at: at,
          updated_at: at,
          last_position: position,
        })
        .onConflict((oc) => oc.column('partner_id').doNothing())
        .returning('partner_id')
        .executeTakeFirst();
      if (!inserted) return;
      await db.insertInto('rm_partner_closure').values({ ancestor_id: d.partnerId, partner_id: d.partnerId, depth: 0 }).onConflict((oc) => oc.doNothing()).execute();
      await relinkSubtree(db, d.partnerId, d.parentId);
      return;
    }
    case 'PartnerProfileUpdated': {
      const c = event.data.changes;
      await partnerRow(event.data.partnerId)
        .set({
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...(c.webDomain !== undefined ? { web_domain: c.webDomain } : {}),
          ...(c.country !== undefined ? { country: c.country } : {}),
          ...(c.industry !== undefined ? { industry: c.industry } : {}),
          updated_at: at,
          last_position: position,
        })
        .execute();
      return;
    }
    case 'PartnerTierChanged':
      await partnerRow(event.data.partnerId).set({ tier: event.data.to, updated_at: at, last_position: position }).execute();
      return;
    case 'PartnerReparented': {
      const moved = await partnerRow(event.data.partnerId).set({ parent_id: event.data.to, updated_at: at, last_position: position }).executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 1) await relinkSubtree(db, event.data.partnerId, event.data.to);
      return;
    }
    case 'PointOfContactSet':
      await partnerRow(event.data.partnerId).set({ point_of_contact: event.data.memberId, updated_at: at, last_position: position }).execute();
      return;
    case 'StaffMemberRegistered': {
      const d = event.data;
      await db
        .insertInto('rm_members')
        .values({ member_id: d.memberId, partner_id: d.partnerId, name: d.name, email: d.email, role: d.role, active: true, updated_at: at, last_position: position })
        .onConflict((oc) => oc.column('member_id').doNothing())
        .execute();
      return;
    }
    case 'StaffMemberRoleChanged':
      await db.updateTable('rm_members').set({ role: event.data.to, updated_at: at, last_position: position }).where('member_id', '=', event.data.memberId).where('last_position', '<', position).execute();
      return;
    case 'StaffMemberDeactivated':
      await db.updateTable('rm_members').set({ active: false, updated_at: at, last_position: position }).where('member_id', '=', event.data.memberId).where('last_position', '<', position).execute();
      await partnerRow(event.data.partnerId).where('point_of_contact', '=', event.data.memberId).set({ point_of_contact: null, updated_at: at, last_position: position }).execute();
      return;
  }
}

// Partners with their hierarchy (as a closure table, for scoping inside SQL) and their staff.
export const partnerDirectoryProjection: Projection = {
  name: 'partner_directory',
  version: 1,
  tables: [{ name: 'rm_partners', key: ['partner_id'] }, { name: 'rm_partner_closure', key: ['ancestor_id', 'partner_id'] }, { name: 'rm_members', key: ['member_id'] }],
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_partners, rm_partner_closure, rm_members`.execute(trx);
  },
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    for (const event of events) if (PARTNER_EVENTS.has(event.type)) await applyOne(trx as unknown as Kysely<DB>, event);
  },
};
