import { RegistrationType } from '../program/program.events';
import { ConflictKeyKind } from './conflict-keys';

import type { Money } from '../shared/money';

export interface EndCustomer {
  companyName: string;
  domain: string | null;
  contactName: string;
  contactEmail: string;
}

export interface RegistrationDetails {
  registrationType: RegistrationType;
  customer: EndCustomer;
  estimatedSize: Money;
  expectedCloseDate: string;
  products: string[];
}

export interface ConflictMatch {
  registrationId: string;
  partnerId: string;
  submittedAt: string;
  keys: { kind: ConflictKeyKind; value: string }[];
}

export type RegistrationEvent =
  | { type: 'RegistrationDrafted'; data: RegistrationDetails & { registrationId: string; partnerId: string; programId: string; submittedBy: string; at: string } }
  | { type: 'RegistrationEdited'; data: { registrationId: string; changes: Partial<RegistrationDetails>; by: string; at: string } }
  | { type: 'RegistrationSubmitted'; data: { registrationId: string; by: string; at: string } }
  // Explains itself: which keys matched which earlier registration, and when that one was submitted.
  | { type: 'RegistrationConflictDetected'; data: { registrationId: string; matches: ConflictMatch[]; at: string } }
  | { type: 'RegistrationReviewStarted'; data: { registrationId: string; by: string; at: string } }
  | { type: 'RegistrationInfoRequested'; data: { registrationId: string; by: string; message: string; at: string } }
  // `answer`: the partner's reply to the information request, when it gave one (older events have none).
  | { type: 'RegistrationResubmitted'; data: { registrationId: string; by: string; at: string; answer?: string } }
  | { type: 'RegistrationSentForApproval'; data: { registrationId: string; by: string; at: string } }
  | { type: 'RegistrationApproved'; data: { registrationId: string; by: string; protectedUntil: string; overrideReason: string | null; at: string } }
  | { type: 'RegistrationRejected'; data: { registrationId: string; by: string; reason: string; at: string } }
  | { type: 'RegistrationWithdrawn'; data: { registrationId: string; by: string; reason: string | null; at: string } }
  | { type: 'RegistrationCancelled'; data: { registrationId: string; by: string; note: string; at: string } }
  | { type: 'RegistrationExtensionRequested'; data: { registrationId: string; by: string; reason: string; at: string } }
  | { type: 'RegistrationExtensionGranted'; data: { registrationId: string; by: string; protectedUntil: string; at: string } }
  | { type: 'RegistrationExpired'; data: { registrationId: string; at: string } }
  // The approval SLA passed without a decision; recorded once, for the channel team to act on.
  | { type: 'RegistrationApprovalEscalated'; data: { registrationId: string; submittedAt: string; slaHours: number; dueAt: string; at: string } }
  | { type: 'RegistrationConverted'; data: { registrationId: string; opportunityId: string; by: string; at: string } };
