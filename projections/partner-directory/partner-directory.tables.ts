import { Selectable } from 'kysely';
import { PartnerType, StaffRole } from '@channel-ledger/domain';

export interface RmPartnersTable {
  partner_id: string;
  name: string;
  partner_type: PartnerType;
  tier: string;
  parent_id: string | null;
  web_domain: string;
  country: string;
  industry: string;
  point_of_contact: string | null;
  registered_at: Date;
  updated_at: Date;
  last_position: string;
}

export interface RmPartnerClosureTable {
  ancestor_id: string;
  partner_id: string;
  depth: number;
}

export interface RmMembersTable {
  member_id: string;
  partner_id: string;
  name: string;
  email: string;
  role: StaffRole;
  active: boolean;
  updated_at: Date;
  last_position: string;
}

export interface PartnerDirectoryTables {
  rm_partners: RmPartnersTable;
  rm_partner_closure: RmPartnerClosureTable;
  rm_members: RmMembersTable;
}

export type PartnerRow = Selectable<RmPartnersTable>;
export type MemberRow = Selectable<RmMembersTable>;
