import { InvalidInput, NotFound, RuleBroken, unreachable, requireStatus } from '../shared/domain-error';
import { addDays, addHours } from '../shared/time';
import { DealRegistrationRules } from '../program/program.events';
import { ConflictMatch, RegistrationDetails, RegistrationEvent } from './deal-registration.events';

export const REGISTRATION_STATUSES = [
  'Draft',
  'Submitted',
  'UnderReview',
  'InfoRequested',
  'PendingApproval',
  'Approved',
  'Rejected',
  'Withdrawn',
  'Cancelled',
  'Expired',
  'Converted',
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

// The states in which a registration holds its claim on the customer (Submitted through Approved, see docs/ARCHITECTURE.md).
export const ACTIVE_STATUSES: readonly RegistrationStatus[] = ['Submitted', 'UnderReview', 'InfoRequested', 'PendingApproval', 'Approved'];
// Waiting for the channel team's decision: what the approval SLA escalates.
export const AWAITING_DECISION: readonly RegistrationStatus[] = ['Submitted', 'UnderReview', 'PendingApproval'];
const FINAL_STATUSES: readonly RegistrationStatus[] = ['Rejected', 'Withdrawn', 'Cancelled', 'Expired', 'Converted'];

export type Registration =
  | { status: 'None' }
  | {
      status: RegistrationStatus;
      registrationId: string;
      partnerId: string;
      programId: string;
      submittedBy: string;
      details: RegistrationDetails;
      submittedAt: string | null;
      conflicts: ConflictMatch[];
      protectedUntil: string | null;
      extensionsUsed: number;
      extensionRequested: boolean;
      opportunityId: string | null;
      escalatedAt: string | null;
    };

type Existing = Exclude<Registration, { status: 'None' }>;

// Facts the handler reads from other streams; decide stays pure.
export interface ProgramFacts {
  rules: DealRegistrationRules;
  active: boolean;
  // The partner has an active partnership in this program.
  enrolled: boolean;
}

export type RegistrationCommand =
  | {
      type: 'DraftRegistration';
      data: RegistrationDetails & { registrationId: string; partnerId: string; programId: string; submittedBy: string };
      context: ProgramFacts;
      now: string;
    }
  | { type: 'EditRegistration'; data: { changes: Partial<RegistrationDetails> }; by: string; context: ProgramFacts; now: string }
  // conflicts: earlier active registrations of other partners for the same customer, found by the handler.
  | { type: 'SubmitRegistration'; by: string; context: ProgramFacts & { conflicts: ConflictMatch[] }; now: string }
  | { type: 'StartReview'; by: string; now: string }
  | { type: 'RequestInfo'; data: { message: string }; by: string; now: string }
  | { type: 'ResubmitRegistration'; by: string; data?: { answer?: string | null }; context: ProgramFacts & { conflicts: ConflictMatch[] }; now: string }
  | { type: 'SendForApproval'; by: string; now: string }
  | { type: 'ApproveRegistration'; data: { overrideReason: string | null }; by: string; context: { rules: DealRegistrationRules }; now: string }
  | { type: 'RejectRegistration'; data: { reason: string }; by: string; now: string }
  | { type: 'WithdrawRegistration'; data: { reason: string | null }; by: string; now: string }
  | { type: 'CancelRegistration'; data: { note: string }; by: string; now: string }
  | { type: 'RequestExtension'; data: { reason: string }; by: string; context: { rules: DealRegistrationRules }; now: string }
  | { type: 'GrantExtension'; by: string; context: { rules: DealRegistrationRules }; now: string }
  | { type: 'ExpireRegistration'; now: string }
  | { type: 'EscalateApproval'; context: { rules: DealRegistrationRules }; now: string }
  | { type: 'ConvertRegistration'; data: { opportunityId: string }; by: string; now: string };

export const initialRegistration: Registration = { status: 'None' };

function existing(state: Registration): Existing {
  if (state.status === 'None') throw new NotFound('registration_not_found', 'deal registration not found');
  return state;
}


function checkProgramRules(details: RegistrationDetails, facts: ProgramFacts): void {
  if (!facts.active) throw new RuleBroken('program_not_active', 'the program does not exist or is retired');
  if (!facts.enrolled) throw new RuleBroken('partner_not_enrolled', 'the partner is not enrolled in this program');
  const { rules } = facts;
  if (!rules.allowedTypes.includes(details.registrationType)) {
    throw new RuleBroken('registration_type_not_allowed', `the program does not accept ${details.registrationType} registrations`);
  }
  const minimum = rules.minimumDealSize;
  if (minimum.amountMinor > 0) {
    if (details.estimatedSize.currency !== minimum.currency) {
      throw new RuleBroken('currency_not_accepted', `the program's minimum deal size is set in ${minimum.currency}`);
    }
    if (details.estimatedSize.amountMinor < minimum.amountMinor) {
      throw new RuleBroken('below_minimum_deal_size', `the estimated size is below the program's minimum of ${minimum.amountMinor} ${minimum.currency} (minor units)`);
    }
  }
}

function lapsed(state: Existing, now: string): boolean {
  return state.protectedUntil !== null && Date.parse(now) >= Date.parse(state.protectedUntil);
}

function newMatches(state: Existing, found: ConflictMatch[]): ConflictMatch[] {
  const known = new Set(state.conflicts.map((c) => c.registrationId));
  return found.filter((m) => !known.has(m.registrationId) && m.registrationId !== state.registrationId);
}

// A (re)submission is checked against the program again and records the conflicts not yet on file.
function submission(
  registration: Existing,
  command: { context: ProgramFacts & { conflicts: ConflictMatch[] }; now: string },
  event: RegistrationEvent,
): RegistrationEvent[] {
  checkProgramRules(registration.details, command.context);
  const matches = newMatches(registration, command.context.conflicts);
  if (matches.length === 0) return [event];
  return [event, { type: 'RegistrationConflictDetected', data: { registrationId: registration.registrationId, matches, at: command.now } }];
}

export function decideRegistration(command: RegistrationCommand, state: Registration): RegistrationEvent[] {
  if (command.type === 'DraftRegistration') {
    if (state.status !== 'None') throw new RuleBroken('registration_exists', 'deal registration already exists');
    const { registrationId, partnerId, programId, submittedBy, ...details } = command.data;
    checkProgramRules(details, command.context);
    return [{ type: 'RegistrationDrafted', data: { ...command.data, at: command.now } }];
  }
  const registration = existing(state);
  const id = registration.registrationId;
  switch (command.type) {
    case 'EditRegistration': {
      // Pending approval and later are read-only; the partner edits only its draft or what review sent back.
      requireStatus('a registration', registration.status, ['Draft', 'InfoRequested'], 'edit', FINAL_STATUSES);
      const merged = { ...registration.details, ...command.data.changes };
      checkProgramRules(merged, command.context);
      return [{ type: 'RegistrationEdited', data: { registrationId: id, changes: command.data.changes, by: command.by, at: command.now } }];
    }
    case 'SubmitRegistration':
      requireStatus('a registration', registration.status, ['Draft'], 'submit', FINAL_STATUSES);
      return submission(registration, command, { type: 'RegistrationSubmitted', data: { registrationId: id, by: command.by, at: command.now } });
    case 'StartReview':
      requireStatus('a registration', registration.status, ['Submitted'], 'start review of', FINAL_STATUSES);
      return [{ type: 'RegistrationReviewStarted', data: { registrationId: id, by: command.by, at: command.now } }];
    case 'RequestInfo':
      requireStatus('a registration', registration.status, ['UnderReview'], 'request information on', FINAL_STATUSES);
      return [{ type: 'RegistrationInfoRequested', data: { registrationId: id, by: command.by, message: command.data.message, at: command.now } }];
    case 'ResubmitRegistration':
      requireStatus('a registration', registration.status, ['InfoRequested'], 'resubmit', FINAL_STATUSES);
    {
      const answer = command.data?.answer?.trim();
      return submission(registration, command, { type: 'RegistrationResubmitted', data: { registrationId: id, by: command.by, at: command.now, ...(answer ? { answer } : {}) } });
    }
    case 'SendForApproval':
      requireStatus('a registration', registration.status, ['UnderReview'], 'send for approval', FINAL_STATUSES);
      return [{ type: 'RegistrationSentForApproval', data: { registrationId: id, by: command.by, at: command.now } }];
    case 'ApproveRegistration': {
      requireStatus('a registration', registration.status, ['PendingApproval'], 'approve', FINAL_STATUSES);
      const overrideReason = command.data.overrideReason?.trim() || null;
      if (registration.conflicts.length > 0 && !overrideReason) {
        throw new RuleBroken(
          'conflict_override_required',
          `the registration conflicts with ${registration.conflicts.map((c) => c.registrationId).join(', ')}: approving it needs an override reason`,
        );
      }
      const protectedUntil = addDays(command.now, command.context.rules.protectionDays);
      return [{ type: 'RegistrationApproved', data: { registrationId: id, by: command.by, protectedUntil, overrideReason, at: command.now } }];
    }
    case 'RejectRegistration':
      requireStatus('a registration', registration.status, ['UnderReview', 'PendingApproval'], 'reject', FINAL_STATUSES);
      if (!command.data.reason.trim()) throw new InvalidInput('reason', 'reason_required', 'a rejection needs a reason');
      return [{ type: 'RegistrationRejected', data: { registrationId: id, by: command.by, reason: command.data.reason, at: command.now } }];
    case 'WithdrawRegistration':
      requireStatus('a registration', registration.status, ['Draft', 'Submitted', 'UnderReview', 'InfoRequested', 'PendingApproval'], 'withdraw', FINAL_STATUSES);
      return [{ type: 'RegistrationWithdrawn', data: { registrationId: id, by: command.by, reason: command.data.reason, at: command.now } }];
    case 'CancelRegistration':
      requireStatus('a registration', registration.status, ['Draft', ...ACTIVE_STATUSES], 'cancel', FINAL_STATUSES);
      if (!command.data.note.trim()) throw new InvalidInput('note', 'note_required', 'a cancellation needs a note');
      return [{ type: 'RegistrationCancelled', data: { registrationId: id, by: command.by, note: command.data.note, at: command.now } }];
    case 'RequestExtension':
      requireStatus('a registration', registration.status, ['Approved'], 'request an extension of', FINAL_STATUSES);
      if (lapsed(registration, command.now)) throw new RuleBroken('protection_lapsed', 'the protection period has already ended');
      if (registration.extensionRequested) throw new RuleBroken('extension_pending', 'an extension request is already pending');
      if (registration.extensionsUsed >= command.context.rules.maxExtensions) {
        throw new RuleBroken('extensions_exhausted', `the program allows ${command.context.rules.maxExtensions} extension(s)`);
      }
      return [{ type: 'RegistrationExtensionRequested', data: { registrationId: id, by: command.by, reason: command.data.reason, at: command.now } }];
    case 'GrantExtension': {
      requireStatus('a registration', registration.status, ['Approved'], 'extend', FINAL_STATUSES);
      if (!registration.extensionRequested) throw new RuleBroken('no_extension_requested', 'no extension was requested');
      if (lapsed(registration, command.now)) throw new RuleBroken('protection_lapsed', 'the protection period has already ended');
      const protectedUntil = addDays(registration.protectedUntil!, command.context.rules.extensionDays);
      return [{ type: 'RegistrationExtensionGranted', data: { registrationId: id, by: command.by, protectedUntil, at: command.now } }];
    }
    case 'ExpireRegistration':
      if (registration.status === 'Expired') return [];
      requireStatus('a registration', registration.status, ['Approved'], 'expire', FINAL_STATUSES);
      if (!lapsed(registration, command.now)) throw new RuleBroken('protection_not_lapsed', `the registration is protected until ${registration.protectedUntil}`);
      return [{ type: 'RegistrationExpired', data: { registrationId: id, at: command.now } }];
    case 'EscalateApproval': {
      if (registration.escalatedAt) return [];
      requireStatus('a registration', registration.status, AWAITING_DECISION, 'escalate', FINAL_STATUSES);
      const slaHours = command.context.rules.approvalSlaHours;
      const dueAt = addHours(registration.submittedAt!, slaHours);
      if (Date.parse(command.now) < Date.parse(dueAt)) throw new RuleBroken('approval_sla_not_passed', `a decision is due by ${dueAt}`);
      return [{ type: 'RegistrationApprovalEscalated', data: { registrationId: id, submittedAt: registration.submittedAt!, slaHours, dueAt, at: command.now } }];
    }
    case 'ConvertRegistration':
      requireStatus('a registration', registration.status, ['Approved'], 'convert', FINAL_STATUSES);
      if (lapsed(registration, command.now)) throw new RuleBroken('protection_lapsed', 'the protection period has ended: the registration can no longer be converted');
      return [{ type: 'RegistrationConverted', data: { registrationId: id, opportunityId: command.data.opportunityId, by: command.by, at: command.now } }];
    default:
      return unreachable(command);
  }
}

export function evolveRegistration(state: Registration, event: RegistrationEvent): Registration {
  if (event.type === 'RegistrationDrafted') {
    const { registrationId, partnerId, programId, submittedBy, at: _at, ...details } = event.data;
    return {
      status: 'Draft',
      registrationId,
      partnerId,
      programId,
      submittedBy,
      details,
      submittedAt: null,
      conflicts: [],
      protectedUntil: null,
      extensionsUsed: 0,
      extensionRequested: false,
      opportunityId: null,
      escalatedAt: null,
    };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'RegistrationEdited':
      return { ...state, details: { ...state.details, ...event.data.changes } };
    case 'RegistrationSubmitted':
      return { ...state, status: 'Submitted', submittedAt: event.data.at };
    case 'RegistrationConflictDetected':
      return { ...state, conflicts: [...state.conflicts, ...event.data.matches] };
    case 'RegistrationReviewStarted':
      return { ...state, status: 'UnderReview' };
    case 'RegistrationInfoRequested':
      return { ...state, status: 'InfoRequested' };
    case 'RegistrationResubmitted':
      return { ...state, status: 'UnderReview' };
    case 'RegistrationSentForApproval':
      return { ...state, status: 'PendingApproval' };
    case 'RegistrationApproved':
      return { ...state, status: 'Approved', protectedUntil: event.data.protectedUntil };
    case 'RegistrationRejected':
      return { ...state, status: 'Rejected' };
    case 'RegistrationWithdrawn':
      return { ...state, status: 'Withdrawn' };
    case 'RegistrationCancelled':
      return { ...state, status: 'Cancelled' };
    case 'RegistrationExtensionRequested':
      return { ...state, extensionRequested: true };
    case 'RegistrationExtensionGranted':
      return { ...state, extensionRequested: false, extensionsUsed: state.extensionsUsed + 1, protectedUntil: event.data.protectedUntil };
    case 'RegistrationExpired':
      return { ...state, status: 'Expired' };
    case 'RegistrationConverted':
      return { ...state, status: 'Converted', opportunityId: event.data.opportunityId };
    case 'RegistrationApprovalEscalated':
      return { ...state, escalatedAt: event.data.at };
    default:
      return unreachable(event);
  }
}

export const registrationDecider = { decide: decideRegistration, evolve: evolveRegistration, initialState: initialRegistration };

export const registrationStream = (registrationId: string) => `registration-${registrationId}`;
