import { InvalidInput, NotFound, RuleBroken, unreachable } from '../shared/domain-error';
import { PartnerEvent, PartnerProfile, PartnerType, StaffRole, Tier } from './partner.events';

export interface StaffMember {
  memberId: string;
  name: string;
  email: string;
  role: StaffRole;
  active: boolean;
}

export type Partner =
  | { status: 'none' }
  | {
      status: 'active';
      partnerId: string;
      partnerType: PartnerType;
      tier: Tier;
      parentId: string | null;
      profile: PartnerProfile;
      staff: StaffMember[];
      pointOfContact: string | null;
    };

export type PartnerCommand =
  | { type: 'RegisterPartner'; data: PartnerProfile & { partnerId: string; partnerType: PartnerType; tier: Tier; parentId: string | null }; now: string }
  | { type: 'UpdatePartnerProfile'; data: { changes: Partial<PartnerProfile> }; now: string }
  | { type: 'ChangePartnerTier'; data: { tier: Tier }; now: string }
  // parentAncestry: the new parent's chain up to the root (parent first), read by the handler from the log.
  | { type: 'ReparentPartner'; data: { parentId: string | null; parentAncestry: string[] }; now: string }
  | { type: 'RegisterStaffMember'; data: { memberId: string; name: string; email: string; role: StaffRole }; now: string }
  // by: who asks (a user id); staff never change their own role, whatever their token or their role says.
  | { type: 'ChangeStaffRole'; data: { memberId: string; role: StaffRole }; by: string; now: string }
  | { type: 'DeactivateStaffMember'; data: { memberId: string }; now: string }
  | { type: 'SetPointOfContact'; data: { memberId: string }; now: string };

export const initialPartner: Partner = { status: 'none' };

function existing(state: Partner): Extract<Partner, { status: 'active' }> {
  if (state.status === 'none') throw new NotFound('partner_not_found', 'partner not found');
  return state;
}

function member(state: Extract<Partner, { status: 'active' }>, memberId: string): StaffMember {
  const found = state.staff.find((m) => m.memberId === memberId);
  if (!found) throw new NotFound('member_not_found', `staff member ${memberId} not found`);
  return found;
}

export function decidePartner(command: PartnerCommand, state: Partner): PartnerEvent[] {
  switch (command.type) {
    case 'RegisterPartner': {
      if (state.status !== 'none') throw new RuleBroken('partner_exists', 'partner already registered');
      return [{ type: 'PartnerRegistered', data: { ...command.data, at: command.now } }];
    }
    case 'UpdatePartnerProfile': {
      const partner = existing(state);
      const changes = Object.fromEntries(
        Object.entries(command.data.changes).filter(([k, v]) => v !== undefined && partner.profile[k as keyof PartnerProfile] !== v),
      );
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'PartnerProfileUpdated', data: { partnerId: partner.partnerId, changes, at: command.now } }];
    }
    case 'ChangePartnerTier': {
      const partner = existing(state);
      if (partner.tier === command.data.tier) return [];
      return [{ type: 'PartnerTierChanged', data: { partnerId: partner.partnerId, from: partner.tier, to: command.data.tier, at: command.now } }];
    }
    case 'ReparentPartner': {
      const partner = existing(state);
      const { parentId, parentAncestry } = command.data;
      if (parentId === partner.parentId) return [];
      if (parentId !== null && (parentId === partner.partnerId || parentAncestry.includes(partner.partnerId))) {
        throw new InvalidInput('parentId', 'hierarchy_cycle', `${parentId} is ${partner.partnerId} or one of its descendants: the hierarchy would have a cycle`);
      }
      return [{ type: 'PartnerReparented', data: { partnerId: partner.partnerId, from: partner.parentId, to: parentId, at: command.now } }];
    }
    case 'RegisterStaffMember': {
      const partner = existing(state);
      const email = command.data.email.toLowerCase();
      if (partner.staff.some((m) => m.email === email)) throw new RuleBroken('member_email_taken', `a staff member with ${email} already exists`);
      if (partner.staff.some((m) => m.memberId === command.data.memberId)) throw new RuleBroken('member_exists', 'staff member already registered');
      return [{ type: 'StaffMemberRegistered', data: { partnerId: partner.partnerId, ...command.data, email, at: command.now } }];
    }
    case 'ChangeStaffRole': {
      const partner = existing(state);
      const current = member(partner, command.data.memberId);
      if (!current.active) throw new RuleBroken('member_deactivated', 'a deactivated staff member cannot change role');
      if (command.by === current.memberId) throw new RuleBroken('own_role', 'a staff member cannot change their own role');
      if (current.role === command.data.role) return [];
      return [
        { type: 'StaffMemberRoleChanged', data: { partnerId: partner.partnerId, memberId: current.memberId, from: current.role, to: command.data.role, at: command.now } },
      ];
    }
    case 'DeactivateStaffMember': {
      const partner = existing(state);
      const current = member(partner, command.data.memberId);
      if (!current.active) return [];
      return [{ type: 'StaffMemberDeactivated', data: { partnerId: partner.partnerId, memberId: current.memberId, at: command.now } }];
    }
    case 'SetPointOfContact': {
      const partner = existing(state);
      const current = member(partner, command.data.memberId);
      if (!current.active) throw new RuleBroken('member_deactivated', 'a deactivated staff member cannot be the point of contact');
      if (partner.pointOfContact === current.memberId) return [];
      return [{ type: 'PointOfContactSet', data: { partnerId: partner.partnerId, memberId: current.memberId, at: command.now } }];
    }
    default:
      return unreachable(command);
  }
}

export function evolvePartner(state: Partner, event: PartnerEvent): Partner {
  if (event.type === 'PartnerRegistered') {
    const { partnerId, partnerType, tier, parentId, name, webDomain, country, industry } = event.data;
    return { status: 'active', partnerId, partnerType, tier, parentId, profile: { name, webDomain, country, industry }, staff: [], pointOfContact: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PartnerProfileUpdated':
      return { ...state, profile: { ...state.profile, ...event.data.changes } };
    case 'PartnerTierChanged':
      return { ...state, tier: event.data.to };
    case 'PartnerReparented':
      return { ...state, parentId: event.data.to };
    case 'StaffMemberRegistered': {
      const { memberId, name, email, role } = event.data;
      return { ...state, staff: [...state.staff, { memberId, name, email, role, active: true }] };
    }
    case 'StaffMemberRoleChanged':
      return { ...state, staff: state.staff.map((m) => (m.memberId === event.data.memberId ? { ...m, role: event.data.to } : m)) };
    case 'StaffMemberDeactivated':
      return {
        ...state,
        staff: state.staff.map((m) => (m.memberId === event.data.memberId ? { ...m, active: false } : m)),
        pointOfContact: state.pointOfContact === event.data.memberId ? null : state.pointOfContact,
      };
    case 'PointOfContactSet':
      return { ...state, pointOfContact: event.data.memberId };
    default:
      return unreachable(event);
  }
}

export const partnerDecider = { decide: decidePartner, evolve: evolvePartner, initialState: initialPartner };

export const partnerStream = (partnerId: string) => `partner-${partnerId}`;
