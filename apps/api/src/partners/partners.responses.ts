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

interface PartnerRef {
  partnerId: string;
  name: string;
  tier: string;
}

// GET /v1/partners/:partnerId/360 (libs/application/src/partner-360): profile, KPI tiles and tabs. The parent is
// null for a root and for a parent the partner caller may not see; child partners are those it may see.
export interface Partner360 {
  profile: { partnerId: string; name: string; partnerType: string; tier: string; webDomain: string | null; country: string | null; industry: string | null; registeredAt: string };
  parent: PartnerRef | null;
  /** The member id of the partner's point of contact. */
  pointOfContact: string | null;
  kpis: {
    registrationsByState: { [state: string]: number };
    ordersByState: { [state: string]: number };
    openCases: number;
    slasBreached: number;
    /** approved / (approved + rejected); null before any decision. */
    approvalRate: number | null;
    medianHoursToDecision: number | null;
    conflictRate: number | null;
    winRate: number | null;
    /** Per currency, never summed across currencies. */
    revenue: { currency: string; sourcedMinor: number; influencedMinor: number; averageDealSizeMinor: number }[];
    medianDaysRegistrationToClose: number | null;
    lastActivityAt: string | null;
    /** No registration for 90 days. */
    inactive: boolean;
  };
  tabs: {
    members: { memberId: string; name: string; email: string; role: string; active: boolean }[];
    partnerships: { programId: string; tier: string; status: string; startDate: string }[];
    childPartners: PartnerRef[];
    cases: { caseId: string; priority: string; subject: string; status: string; resolutionDueAt: string }[];
    registrations: { registrationId: string; customer: string; status: string; amountMinor: number; currency: string }[];
    orders: { orderId: string; account: string; status: string; totalMinor: number; currency: string }[];
    soldProducts: { product: string; currency: string; quantity: number; totalMinor: number }[];
  };
}
