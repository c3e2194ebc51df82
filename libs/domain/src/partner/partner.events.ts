export const PARTNER_TYPES = [
  'reseller',
  'distributor',
  'system_integrator',
  'service_provider',
  'referral',
  'msp',
  'isv',
  'technology_alliance',
  'agency',
] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

export const TIERS = ['Platinum', 'Gold', 'Silver', 'Bronze', 'Registered'] as const;
export type Tier = (typeof TIERS)[number];

export const STAFF_ROLES = ['partner_manager', 'partner_associate'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface PartnerProfile {
  name: string;
  webDomain: string;
  country: string;
  industry: string;
}

export type PartnerEvent =
  | { type: 'PartnerRegistered'; data: PartnerProfile & { partnerId: string; partnerType: PartnerType; tier: Tier; parentId: string | null; at: string } }
  | { type: 'PartnerProfileUpdated'; data: { partnerId: string; changes: Partial<PartnerProfile>; at: string } }
  | { type: 'PartnerTierChanged'; data: { partnerId: string; from: Tier; to: Tier; at: string } }
  | { type: 'PartnerReparented'; data: { partnerId: string; from: string | null; to: string | null; at: string } }
  | { type: 'StaffMemberRegistered'; data: { partnerId: string; memberId: string; name: string; email: string; role: StaffRole; at: string } }
  | { type: 'StaffMemberRoleChanged'; data: { partnerId: string; memberId: string; from: StaffRole; to: StaffRole; at: string } }
  | { type: 'StaffMemberDeactivated'; data: { partnerId: string; memberId: string; at: string } }
  | { type: 'PointOfContactSet'; data: { partnerId: string; memberId: string; at: string } };
