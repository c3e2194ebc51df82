import { Kysely, Selectable, Transaction, sql } from 'kysely';
import { StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { PartnerEvent } from '@channel-ledger/domain';
import { Projection } from '@channel-ledger/projection-runner';
import { ReadDB, writeBack } from '@channel-ledger/read-store';
import { MemberRow, PartnerDirectoryTables, PartnerRow, RmPartnerClosureTable } from './partner-directory.tables';

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

type ClosureRow = Selectable<RmPartnerClosureTable>;

// The rows one run of partner events (none of them a move in the hierarchy) touches, read once, changed in
// memory in log order, and written back once. Each row remembers the last event applied to it, so an event it
// has already seen changes nothing, and one for a partner or member that was never registered changes nothing.
class DirectoryChanges {
  private readonly changedPartners = new Set<string>();
  private readonly changedMembers = new Set<string>();
  private readonly closure: ClosureRow[] = [];

  constructor(
    private readonly partners: Map<string, PartnerRow>,
    private readonly members: Map<string, MemberRow>,
    // Each partner's ancestors (itself at depth 0) for the parents of partners registered in this run.
    private readonly ancestors: Map<string, ClosureRow[]>,
  ) {}

  static async load(db: Kysely<DB>, events: StoredEvent[]): Promise<DirectoryChanges> {
    const partnerIds = new Set<string>();
    const memberIds = new Set<string>();
    const parentIds = new Set<string>();
    for (const { data } of events) {
      const d = data as { partnerId: string; memberId?: string; parentId?: string | null };
      partnerIds.add(d.partnerId);
      if (d.memberId) memberIds.add(d.memberId);
      if (d.parentId) parentIds.add(d.parentId);
    }
    const [partners, members, closure] = await Promise.all([
      db.selectFrom('rm_partners').selectAll().where('partner_id', 'in', [...partnerIds]).execute(),
      memberIds.size ? db.selectFrom('rm_members').selectAll().where('member_id', 'in', [...memberIds]).execute() : [],
      parentIds.size ? db.selectFrom('rm_partner_closure').selectAll().where('partner_id', 'in', [...parentIds]).execute() : [],
    ]);
    const ancestors = new Map<string, ClosureRow[]>();
    for (const row of closure) {
      const links = ancestors.get(row.partner_id);
      if (links) links.push(row);
      else ancestors.set(row.partner_id, [row]);
    }
    return new DirectoryChanges(new Map(partners.map((r) => [r.partner_id, r])), new Map(members.map((r) => [r.member_id, r])), ancestors);
  }

  private partner(id: string, position: string, change: (row: PartnerRow) => Partial<PartnerRow> | undefined, at: Date): void {
    const row = this.partners.get(id);
    if (!row || comparePositions(position, row.last_position) <= 0) return;
    const set = change(row);
    if (!set) return;
    this.partners.set(id, { ...row, ...set, updated_at: at, last_position: position });
    this.changedPartners.add(id);
  }

  private member(id: string, position: string, set: Partial<MemberRow>, at: Date): void {
    const row = this.members.get(id);
    if (!row || comparePositions(position, row.last_position) <= 0) return;
    this.members.set(id, { ...row, ...set, updated_at: at, last_position: position });
    this.changedMembers.add(id);
  }

  apply(stored: StoredEvent): void {
    const event = { type: stored.type, data: stored.data } as PartnerEvent;
    const at = new Date(stored.metadata.occurredAt);
    const position = stored.position;
    switch (event.type) {
      case 'PartnerRegistered': {
        const d = event.data;
        if (this.partners.has(d.partnerId)) return;
        this.partners.set(d.partnerId, {
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
        });
        this.changedPartners.add(d.partnerId);
        // A new partner has no descendants yet: its ancestors are itself and its parent's ancestors, one deeper.
        const links = [{ ancestor_id: d.partnerId, partner_id: d.partnerId, depth: 0 }];
        for (const up of d.parentId ? (this.ancestors.get(d.parentId) ?? []) : []) links.push({ ancestor_id: up.ancestor_id, partner_id: d.partnerId, depth: up.depth + 1 });
        this.ancestors.set(d.partnerId, links);
        this.closure.push(...links);
        return;
      }
      case 'PartnerProfileUpdated': {
        const c = event.data.changes;
        this.partner(event.data.partnerId, position, () => ({
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...(c.webDomain !== undefined ? { web_domain: c.webDomain } : {}),
          ...(c.country !== undefined ? { country: c.country } : {}),
          ...(c.industry !== undefined ? { industry: c.industry } : {}),
        }), at);
        return;
      }
      case 'PartnerTierChanged':
        this.partner(event.data.partnerId, position, () => ({ tier: event.data.to }), at);
        return;
      case 'PointOfContactSet':
        this.partner(event.data.partnerId, position, () => ({ point_of_contact: event.data.memberId }), at);
        return;
      case 'StaffMemberRegistered': {
        const d = event.data;
        if (this.members.has(d.memberId)) return;
        this.members.set(d.memberId, { member_id: d.memberId, partner_id: d.partnerId, name: d.name, email: d.email, role: d.role, active: true, updated_at: at, last_position: position });
        this.changedMembers.add(d.memberId);
        return;
      }
      case 'StaffMemberRoleChanged':
        this.member(event.data.memberId, position, { role: event.data.to }, at);
        return;
      case 'StaffMemberDeactivated':
        this.member(event.data.memberId, position, { active: false }, at);
        this.partner(event.data.partnerId, position, (row) => (row.point_of_contact === event.data.memberId ? { point_of_contact: null } : undefined), at);
        return;
    }
  }

  async write(db: Kysely<DB>): Promise<void> {
    const partners = [...this.changedPartners].map((id) => this.partners.get(id)!);
    const members = [...this.changedMembers].map((id) => this.members.get(id)!);
    await writeBack(db, 'rm_partners', 'partner_id', partners);
    for (let i = 0; i < this.closure.length; i += 500) {
      await db.insertInto('rm_partner_closure').values(this.closure.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
    }
    await writeBack(db, 'rm_members', 'member_id', members);
  }
}

async function applyRun(db: Kysely<DB>, events: StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const changes = await DirectoryChanges.load(db, events);
  for (const event of events) changes.apply(event);
  await changes.write(db);
}

// A move in the hierarchy rewrites the closure of the moved subtree, in SQL.
async function reparent(db: Kysely<DB>, stored: StoredEvent): Promise<void> {
  const data = stored.data as { partnerId: string; to: string | null };
  const moved = await db
    .updateTable('rm_partners')
    .set({ parent_id: data.to, updated_at: new Date(stored.metadata.occurredAt), last_position: stored.position })
    .where('partner_id', '=', data.partnerId)
    .where('last_position', '<', stored.position)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 1) await relinkSubtree(db, data.partnerId, data.to);
}

// Partners with their hierarchy (as a closure table, for scoping inside SQL) and their staff.
export const partnerDirectoryProjection: Projection = {
  name: 'partner_directory',
  version: 1,
  tables: [{ name: 'rm_partners', key: ['partner_id'] }, { name: 'rm_partner_closure', key: ['ancestor_id', 'partner_id'] }, { name: 'rm_members', key: ['member_id'] }],
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_partners, rm_partner_closure, rm_members`.execute(trx);
  },
  // A batch is cut into runs at each move in the hierarchy: a run's rows are read, changed and written together,
  // and a move is applied on its own between them, so every run sees the closure as the log left it.
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    const db = trx as unknown as Kysely<DB>;
    let run: StoredEvent[] = [];
    for (const event of events) {
      if (!PARTNER_EVENTS.has(event.type)) continue;
      if (event.type !== 'PartnerReparented') {
        run.push(event);
        continue;
      }
      await applyRun(db, run);
      run = [];
      await reparent(db, event);
    }
    await applyRun(db, run);
  },
};
