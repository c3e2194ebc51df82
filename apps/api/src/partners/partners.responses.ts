import type { Partner as PartnerState } from '@channel-ledger/domain';
import type { Page, RecordAnswer } from '../openapi/shared.responses';

type ActivePartner = Extract<PartnerState, { status: 'active' }> & { version: number };

// GET /v1/partners/:partnerId (views/partner.view.ts): the parent reads as null to a partner that may not see it.
export type Partner = RecordAnswer<ActivePartner, 'partnerId' | 'status' | 'partnerType' | 'tier' | 'profile' | 'staff' | 'pointOfContact' | 'version' | 'parentId'>;

export interface PartnerRow {
  partnerId: string;
  name: string;
  partnerType: string;
  tier: string;
  /** Null for a root, and for a parent the partner caller may not see. */
  parentId: string | null;
  webDomain: string | null;
  country: string | null;
  industry: string | null;
  pointOfContact: string | null;
  registeredAt: string;
}

export type PartnerList = Page<PartnerRow>;

export interface MemberRow {
  memberId: string;
  partnerId: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
}

export type MemberList = Page<MemberRow>;

// GET /v1/partners/:partnerId/360: profile, KPI tiles and tabs.
export interface Partner360 {
  profile: { partnerId: string; name: string; partnerType: string; tier: string; webDomain: string | null; country: string | null; industry: string | null; registeredAt: string };
  parent: { [field: string]: unknown } | null;
  pointOfContact: { [field: string]: unknown } | null;
  kpis: {
    registrationsByState: { [state: string]: number };
    ordersByState: { [state: string]: number };
    openCases: number;
    slasBreached: number;
    approvalRate: number | null;
    medianHoursToDecision: number | null;
    conflictRate: number | null;
    winRate: number | null;
    revenue: { currency: string; sourcedMinor: number; influencedMinor: number; averageDealSizeMinor: number }[];
    medianDaysRegistrationToClose: number | null;
    lastActivityAt: string | null;
    inactive: boolean;
  };
  tabs: {
    members: { [field: string]: unknown }[];
    partnerships: { [field: string]: unknown }[];
    childPartners: { [field: string]: unknown }[];
    cases: { [field: string]: unknown }[];
    registrations: { [field: string]: unknown }[];
    orders: { [field: string]: unknown }[];
    soldProducts: { product: string; currency: string; quantity: number; totalMinor: number }[];
  };
}
