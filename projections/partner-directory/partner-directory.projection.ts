import { StoredEvent } from '@channel-ledger/event-store';
import { PartnerEvent } from '@channel-ledger/domain';
import { defineRowProjection } from '@channel-ledger/projection-runner';
import { MemberRow, PartnerDirectoryTables, PartnerRow } from './partner-directory.tables';

const PARTNER_ROW_EVENTS = new Set<string>(['PartnerRegistered', 'PartnerProfileUpdated', 'PartnerTierChanged', 'PartnerReparented', 'PointOfContactSet', 'StaffMemberDeactivated']);
const MEMBER_ROW_EVENTS = new Set<string>(['StaffMemberRegistered', 'StaffMemberRoleChanged', 'StaffMemberDeactivated']);

const typed = (stored: StoredEvent) => ({ type: stored.type, data: stored.data }) as PartnerEvent;
const touched = (stored: StoredEvent) => ({ updated_at: new Date(stored.metadata.occurredAt), last_position: stored.position });

// A partner's row after one event; an event for a partner never registered changes nothing.
function evolvePartner(row: PartnerRow | undefined, stored: StoredEvent): PartnerRow | undefined {
  const event = typed(stored);
  if (event.type === 'PartnerRegistered') {
    const d = event.data;
    return (
      row ?? {
        partner_id: d.partnerId,
        name: d.name,
        partner_type: d.partnerType,
        tier: d.tier,
        parent_id: d.parentId,
        web_domain: d.webDomain,
        country: d.country,
        industry: d.industry,
        point_of_contact: null,
        registered_at: new Date(stored.metadata.occurredAt),
        ...touched(stored),
      }
    );
  }
  if (!row) return row;
  switch (event.type) {
    case 'PartnerProfileUpdated': {
      const c = event.data.changes;
      return {
        ...row,
        ...(c.name !== undefined ? { name: c.name } : {}),
        ...(c.webDomain !== undefined ? { web_domain: c.webDomain } : {}),
        ...(c.country !== undefined ? { country: c.country } : {}),
        ...(c.industry !== undefined ? { industry: c.industry } : {}),
        ...touched(stored),
      };
    }
    case 'PartnerTierChanged':
      return { ...row, tier: event.data.to, ...touched(stored) };
    case 'PartnerReparented':
      return { ...row, parent_id: event.data.to, ...touched(stored) };
    case 'PointOfContactSet':
      return { ...row, point_of_contact: event.data.memberId, ...touched(stored) };
    case 'StaffMemberDeactivated':
      // A deactivated member is no longer anyone's point of contact.
      return row.point_of_contact === event.data.memberId ? { ...row, point_of_contact: null, ...touched(stored) } : row;
    default:
      return row;
  }
}

function evolveMember(row: MemberRow | undefined, stored: StoredEvent): MemberRow | undefined {
  const event = typed(stored);
  if (event.type === 'StaffMemberRegistered') {
    const d = event.data;
    return row ?? { member_id: d.memberId, partner_id: d.partnerId, name: d.name, email: d.email, role: d.role, active: true, ...touched(stored) };
  }
  if (!row) return row;
  switch (event.type) {
    case 'StaffMemberRoleChanged':
      return { ...row, role: event.data.to, ...touched(stored) };
    case 'StaffMemberDeactivated':
      return { ...row, active: false, ...touched(stored) };
    default:
      return row;
  }
}

// Where an event puts a partner in the hierarchy: registered under its parent, or moved with its subtree.
function placed(stored: StoredEvent): { node: string; parent: string | null; move: boolean } | undefined {
  const event = typed(stored);
  if (event.type === 'PartnerRegistered') return { node: event.data.partnerId, parent: event.data.parentId, move: false };
  if (event.type === 'PartnerReparented') return { node: event.data.partnerId, parent: event.data.to, move: true };
  return undefined;
}

// Partners with their hierarchy (as a closure table, for scoping inside SQL) and their staff.
export const partnerDirectoryProjection = defineRowProjection<PartnerDirectoryTables>({
  name: 'partner_directory',
  version: 1,
  tables: {
    rm_partners: { key: ['partner_id'], filter: (e) => PARTNER_ROW_EVENTS.has(e.type), keys: (e) => [(e.data as { partnerId: string }).partnerId], evolve: evolvePartner },
    rm_members: { key: ['member_id'], filter: (e) => MEMBER_ROW_EVENTS.has(e.type), keys: (e) => [(e.data as { memberId: string }).memberId], evolve: evolveMember },
  },
  closures: {
    rm_partner_closure: { columns: { ancestor: 'ancestor_id', descendant: 'partner_id', depth: 'depth' }, follows: 'rm_partners', placed },
  },
});
