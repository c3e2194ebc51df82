import { ConflictMatch } from '../deal-registration/deal-registration.events';
import { Fields, View } from './audience';

// A partner learns that its registration conflicts with an earlier claim and on which of its own keys (the
// normalised domain, company name or contact email it submitted), never whose claim it is, when that one was
// submitted or how many there are.
export function matchedKeys(conflicts: ConflictMatch[] | null | undefined): { kind: string; value: string }[] {
  const seen = new Map<string, { kind: string; value: string }>();
  for (const match of conflicts ?? []) for (const key of match.keys) seen.set(`${key.kind}\u0000${key.value}`, { kind: key.kind, value: key.value });
  // In one fixed order, whatever the claims' order: keys listed claim by claim would tell how many claims there
  // are and which came first.
  return [...seen.values()].sort((a, b) => (a.kind === b.kind ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.kind < b.kind ? -1 : 1));
}

const CUSTOMER: Fields = { companyName: true, domain: true, contactName: true, contactEmail: true };
const MONEY: Fields = { amountMinor: true, currency: true };

// GET /v1/deal-registrations/:id (the registration as folded from its stream).
export const registrationView: View<{ conflicts: ConflictMatch[] }> = {
  partner: {
    registrationId: true,
    partnerId: true,
    programId: true,
    status: true,
    submittedBy: true,
    details: { registrationType: true, customer: CUSTOMER, estimatedSize: MONEY, expectedCloseDate: true, products: true },
    submittedAt: true,
    protectedUntil: true,
    extensionsUsed: true,
    extensionRequested: true,
    opportunityId: true,
    version: true,
  },
  derive: (r) => ({ conflict: r.conflicts.length === 0 ? null : { matchedKeys: matchedKeys(r.conflicts) } }),
};

// A row of GET /v1/deal-registrations.
export const registrationRowView: View<{ conflictCount: number }> = {
  partner: {
    registrationId: true,
    partnerId: true,
    programId: true,
    registrationType: true,
    status: true,
    customer: { companyName: true, domain: true, contactEmail: true },
    estimatedSize: MONEY,
    expectedCloseDate: true,
    createdAt: true,
    submittedAt: true,
    decidedAt: true,
    protectedUntil: true,
    updatedAt: true,
  },
  derive: (r) => ({ inConflict: r.conflictCount > 0 }),
};

// An entry of GET /v1/deal-registrations/:id/approval-history. Override reasons are the enterprise's internal
// work notes; rejection reasons, cancellation notes and requests for information are written for the partner.
export const approvalHistoryEntryView: View<{ reason: string | null; conflicts: ConflictMatch[] | null; actor: { userId: string; role: string | null } | null }> = {
  partner: { position: true, eventType: true, from: true, to: true, at: true },
  derive: (r) => ({
    actor: r.actor ? { userId: r.actor.userId, role: r.actor.role } : null,
    reason: r.reason?.startsWith('override:') ? null : r.reason,
    ...(r.conflicts ? { matchedKeys: matchedKeys(r.conflicts) } : {}),
  }),
};
