import type { ConflictMatch, Registration } from '@channel-ledger/domain';
import type { Money, Page, RecordAnswer } from '../openapi/shared.responses';

interface MatchedKey {
  kind: string;
  value: string;
}

// GET /v1/deal-registrations/:registrationId (views/registration.view.ts). A partner learns that its registration
// conflicts and on which of its own keys (`conflict`), never whose claim it is; the enterprise reads `conflicts`.
export type DealRegistration = RecordAnswer<
  Exclude<Registration, { status: 'None' }> & { version: number },
  'registrationId' | 'partnerId' | 'programId' | 'status' | 'submittedBy' | 'details' | 'submittedAt' | 'protectedUntil' | 'extensionsUsed' | 'extensionRequested' | 'opportunityId' | 'version',
  { conflict: { matchedKeys: MatchedKey[] } | null }
>;

export interface DealRegistrationRow {
  registrationId: string;
  partnerId: string;
  programId: string;
  registrationType: string;
  status: string;
  customer: { companyName: string; domain: string | null; contactEmail: string };
  estimatedSize: Money;
  expectedCloseDate: string;
  /** Enterprise callers only. */
  conflictCount?: number;
  /** Partner callers only. */
  inConflict?: boolean;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  protectedUntil: string | null;
  updatedAt: string;
}

export type DealRegistrationList = Page<DealRegistrationRow>;

export interface ApprovalHistoryEntry {
  position: string;
  eventType: string;
  from: string | null;
  to: string | null;
  actor: { userId: string; role: string | null } | null;
  /** Override reasons read as null to partner callers. */
  reason: string | null;
  /** Enterprise callers only: the claims the registration conflicts with. */
  conflicts?: ConflictMatch[] | null;
  /** Partner callers only, on a conflict entry: its own keys that matched. */
  matchedKeys?: MatchedKey[];
  at: string;
}

export type ApprovalHistory = ApprovalHistoryEntry[];
