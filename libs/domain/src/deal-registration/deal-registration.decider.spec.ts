import { specFor } from '../shared/given-when-then';
import { DEFAULT_DEAL_REGISTRATION_RULES, DealRegistrationRules } from '../program/program.events';
import { ProgramFacts, registrationDecider } from './deal-registration.decider';
import { ConflictMatch, RegistrationDetails, RegistrationEvent } from './deal-registration.events';

const given = specFor(registrationDecider);
const t0 = '2026-11-01T09:00:00.000Z';
const later = '2026-11-02T09:00:00.000Z';
const rules: DealRegistrationRules = { ...DEFAULT_DEAL_REGISTRATION_RULES, minimumDealSize: { amountMinor: 1_000_000, currency: 'USD' } };
const facts: ProgramFacts = { rules, active: true, enrolled: true };
const details: RegistrationDetails = {
  registrationType: 'resell',
  customer: { companyName: 'Initech LLC', domain: 'initech.com', contactName: 'Bill', contactEmail: 'bill@initech.com' },
  estimatedSize: { amountMinor: 5_000_000, currency: 'USD' },
  expectedCloseDate: '2027-02-01',
  products: ['ledger-enterprise'],
};
const ids = { registrationId: 'r1', partnerId: 'acme', programId: 'prog', submittedBy: 'alice' };
const conflict: ConflictMatch = {
  registrationId: 'r0',
  partnerId: 'globex',
  submittedAt: '2026-10-30T12:00:00.000Z',
  keys: [{ kind: 'domain', value: 'initech.com' }],
};

const drafted: RegistrationEvent = { type: 'RegistrationDrafted', data: { ...details, ...ids, at: t0 } };
const submitted: RegistrationEvent = { type: 'RegistrationSubmitted', data: { registrationId: 'r1', by: 'alice', at: t0 } };
const reviewing: RegistrationEvent = { type: 'RegistrationReviewStarted', data: { registrationId: 'r1', by: 'cm', at: t0 } };
const pending: RegistrationEvent = { type: 'RegistrationSentForApproval', data: { registrationId: 'r1', by: 'cm', at: t0 } };
const approved: RegistrationEvent = {
  type: 'RegistrationApproved',
  data: { registrationId: 'r1', by: 'approver', protectedUntil: '2027-01-30T09:00:00.000Z', overrideReason: null, at: t0 },
};
const conflicted: RegistrationEvent = { type: 'RegistrationConflictDetected', data: { registrationId: 'r1', matches: [conflict], at: t0 } };

describe('deal registration decider', () => {
  it('drafts a registration that fits the program', () => {
    given([]).when({ type: 'DraftRegistration', data: { ...details, ...ids }, context: facts, now: t0 }).then([drafted]);
  });

  it.each([
    ['a partner not enrolled', { ...facts, enrolled: false }, details, 'partner_not_enrolled'],
    ['a retired program', { ...facts, active: false }, details, 'program_not_active'],
    ['a type the program does not accept', { ...facts, rules: { ...rules, allowedTypes: ['referral' as const] } }, details, 'registration_type_not_allowed'],
    ['a deal below the minimum', facts, { ...details, estimatedSize: { amountMinor: 999_999, currency: 'USD' } }, 'below_minimum_deal_size'],
    ['another currency than the minimum', facts, { ...details, estimatedSize: { amountMinor: 9_999_999, currency: 'EUR' } }, 'currency_not_accepted'],
  ])('refuses to draft for %s', (_label, context, d, code) => {
    given([]).when({ type: 'DraftRegistration', data: { ...d, ...ids }, context, now: t0 }).thenRefuses('rule_broken', code);
  });

  it('submits, recording a conflict that explains itself', () => {
    given([drafted]).when({ type: 'SubmitRegistration', by: 'alice', context: { ...facts, conflicts: [] }, now: t0 }).then([submitted]);
    given([drafted])
      .when({ type: 'SubmitRegistration', by: 'alice', context: { ...facts, conflicts: [conflict] }, now: t0 })
      .then([submitted, conflicted]);
  });

  it('goes through review, information request, resubmission and approval with the program\'s protection period', () => {
    const infoRequested: RegistrationEvent = { type: 'RegistrationInfoRequested', data: { registrationId: 'r1', by: 'cm', message: 'Which products?', at: t0 } };
    given([drafted, submitted]).when({ type: 'StartReview', by: 'cm', now: t0 }).then([reviewing]);
    given([drafted, submitted, reviewing]).when({ type: 'RequestInfo', data: { message: 'Which products?' }, by: 'cm', now: t0 }).then([infoRequested]);
    given([drafted, submitted, reviewing, infoRequested])
      .when({ type: 'EditRegistration', data: { changes: { products: ['ledger-enterprise', 'ledger-audit'] } }, by: 'alice', context: facts, now: t0 })
      .then([{ type: 'RegistrationEdited', data: { registrationId: 'r1', changes: { products: ['ledger-enterprise', 'ledger-audit'] }, by: 'alice', at: t0 } }]);
    given([drafted, submitted, reviewing, infoRequested])
      .when({ type: 'ResubmitRegistration', by: 'alice', context: { ...facts, conflicts: [] }, now: t0 })
      .then([{ type: 'RegistrationResubmitted', data: { registrationId: 'r1', by: 'alice', at: t0 } }]);
    given([drafted, submitted, reviewing]).when({ type: 'SendForApproval', by: 'cm', now: t0 }).then([pending]);
    given([drafted, submitted, reviewing, pending])
      .when({ type: 'ApproveRegistration', data: { overrideReason: null }, by: 'approver', context: { rules }, now: t0 })
      .then([approved]);
  });

  it('records the partner\'s answer to an information request on the resubmission, trimmed; a blank answer is no answer', () => {
    const infoRequested: RegistrationEvent = { type: 'RegistrationInfoRequested', data: { registrationId: 'r1', by: 'cm', message: 'How many seats?', at: t0 } };
    given([drafted, submitted, reviewing, infoRequested])
      .when({ type: 'ResubmitRegistration', by: 'alice', data: { answer: '  500 seats, rollout in Q3 ' }, context: { ...facts, conflicts: [] }, now: t0 })
      .then([{ type: 'RegistrationResubmitted', data: { registrationId: 'r1', by: 'alice', at: t0, answer: '500 seats, rollout in Q3' } }]);
    given([drafted, submitted, reviewing, infoRequested])
      .when({ type: 'ResubmitRegistration', by: 'alice', data: { answer: '   ' }, context: { ...facts, conflicts: [] }, now: t0 })
      .then([{ type: 'RegistrationResubmitted', data: { registrationId: 'r1', by: 'alice', at: t0 } }]);
    given([drafted, submitted, reviewing])
      .when({ type: 'ResubmitRegistration', by: 'alice', data: { answer: 'too early' }, context: { ...facts, conflicts: [] }, now: t0 })
      .thenRefuses('rule_broken', 'invalid_transition');
  });

  it('is read-only while pending approval', () => {
    given([drafted, submitted, reviewing, pending])
      .when({ type: 'EditRegistration', data: { changes: { products: [] } }, by: 'alice', context: facts, now: t0 })
      .thenRefuses('rule_broken', 'invalid_transition');
  });

  it('needs an override reason to approve a conflicting registration, and records it', () => {
    const history = [drafted, submitted, conflicted, reviewing, pending];
    given(history).when({ type: 'ApproveRegistration', data: { overrideReason: '  ' }, by: 'approver', context: { rules }, now: t0 }).thenRefuses('rule_broken', 'conflict_override_required');
    given(history)
      .when({ type: 'ApproveRegistration', data: { overrideReason: 'Customer asked for Acme' }, by: 'approver', context: { rules }, now: t0 })
      .then([{ ...approved, data: { ...approved.data, overrideReason: 'Customer asked for Acme' } } as RegistrationEvent]);
  });

  it('rejects with a reason, for good', () => {
    const rejected: RegistrationEvent = { type: 'RegistrationRejected', data: { registrationId: 'r1', by: 'approver', reason: 'Existing direct deal', at: t0 } };
    given([drafted, submitted, reviewing, pending]).when({ type: 'RejectRegistration', data: { reason: '' }, by: 'approver', now: t0 }).thenRefuses('invalid', 'reason_required');
    given([drafted, submitted, reviewing, pending]).when({ type: 'RejectRegistration', data: { reason: 'Existing direct deal' }, by: 'approver', now: t0 }).then([rejected]);
    given([drafted, submitted, reviewing, pending, rejected])
      .when({ type: 'ApproveRegistration', data: { overrideReason: 'x' }, by: 'approver', context: { rules }, now: t0 })
      .thenRefuses('rule_broken', 'invalid_transition');
    given([drafted, submitted, reviewing, pending, rejected]).when({ type: 'StartReview', by: 'cm', now: t0 }).thenRefuses('rule_broken', 'invalid_transition');
  });

  it('lets the partner withdraw only before approval, and the enterprise cancel with a note', () => {
    given([drafted, submitted])
      .when({ type: 'WithdrawRegistration', data: { reason: null }, by: 'alice', now: t0 })
      .then([{ type: 'RegistrationWithdrawn', data: { registrationId: 'r1', by: 'alice', reason: null, at: t0 } }]);
    given([drafted, submitted, reviewing, pending, approved])
      .when({ type: 'WithdrawRegistration', data: { reason: null }, by: 'alice', now: t0 })
      .thenRefuses('rule_broken', 'invalid_transition');
    given([drafted, submitted, reviewing, pending, approved]).when({ type: 'CancelRegistration', data: { note: ' ' }, by: 'cm', now: t0 }).thenRefuses('invalid', 'note_required');
    given([drafted, submitted, reviewing, pending, approved])
      .when({ type: 'CancelRegistration', data: { note: 'Duplicate' }, by: 'cm', now: t0 })
      .then([{ type: 'RegistrationCancelled', data: { registrationId: 'r1', by: 'cm', note: 'Duplicate', at: t0 } }]);
  });

  it('extends once by the program\'s extension, only before expiry', () => {
    const requested: RegistrationEvent = { type: 'RegistrationExtensionRequested', data: { registrationId: 'r1', by: 'alice', reason: 'Procurement slipped', at: later } };
    const granted: RegistrationEvent = {
      type: 'RegistrationExtensionGranted',
      data: { registrationId: 'r1', by: 'cm', protectedUntil: '2027-03-01T09:00:00.000Z', at: later },
    };
    const base = [drafted, submitted, reviewing, pending, approved];
    given(base).when({ type: 'RequestExtension', data: { reason: 'Procurement slipped' }, by: 'alice', context: { rules }, now: later }).then([requested]);
    given([...base, requested]).when({ type: 'GrantExtension', by: 'cm', context: { rules }, now: later }).then([granted]);
    given([...base, requested, granted])
      .when({ type: 'RequestExtension', data: { reason: 'again' }, by: 'alice', context: { rules }, now: later })
      .thenRefuses('rule_broken', 'extensions_exhausted');
    given(base)
      .when({ type: 'RequestExtension', data: { reason: 'late' }, by: 'alice', context: { rules }, now: '2027-01-30T09:00:00.000Z' })
      .thenRefuses('rule_broken', 'protection_lapsed');
  });

  it('expires only once protection has lapsed, and then cannot convert', () => {
    const base = [drafted, submitted, reviewing, pending, approved];
    given(base).when({ type: 'ExpireRegistration', now: '2027-01-30T08:59:59.999Z' }).thenRefuses('rule_broken', 'protection_not_lapsed');
    const expired: RegistrationEvent = { type: 'RegistrationExpired', data: { registrationId: 'r1', at: '2027-01-30T09:00:00.000Z' } };
    given(base).when({ type: 'ExpireRegistration', now: '2027-01-30T09:00:00.000Z' }).then([expired]);
    given([...base, expired]).when({ type: 'ExpireRegistration', now: '2027-02-01T00:00:00.000Z' }).then([]);
    given([...base, expired]).when({ type: 'ConvertRegistration', data: { opportunityId: 'o1' }, by: 'cm', now: later }).thenRefuses('rule_broken', 'invalid_transition');
  });

  it('converts an approved registration to an opportunity', () => {
    given([drafted, submitted, reviewing, pending, approved])
      .when({ type: 'ConvertRegistration', data: { opportunityId: 'o1' }, by: 'cm', now: later })
      .then([{ type: 'RegistrationConverted', data: { registrationId: 'r1', opportunityId: 'o1', by: 'cm', at: later } }]);
  });

  it('records a conflict only once per other registration', () => {
    given([drafted, submitted, conflicted, reviewing, { type: 'RegistrationInfoRequested', data: { registrationId: 'r1', by: 'cm', message: 'm', at: t0 } }])
      .when({ type: 'ResubmitRegistration', by: 'alice', context: { ...facts, conflicts: [conflict] }, now: t0 })
      .then([{ type: 'RegistrationResubmitted', data: { registrationId: 'r1', by: 'alice', at: t0 } }]);
  });

  it('escalates an approval past its SLA once, and not before it is due', () => {
    const history = [drafted, submitted, reviewing];
    // submitted at t0; the program's SLA is 48 h.
    given(history).when({ type: 'EscalateApproval', context: { rules }, now: '2026-11-03T08:59:59.000Z' }).thenRefuses('rule_broken', 'approval_sla_not_passed');
    const escalated: RegistrationEvent = {
      type: 'RegistrationApprovalEscalated',
      data: { registrationId: 'r1', submittedAt: t0, slaHours: 48, dueAt: '2026-11-03T09:00:00.000Z', at: '2026-11-03T10:00:00.000Z' },
    };
    given(history).when({ type: 'EscalateApproval', context: { rules }, now: '2026-11-03T10:00:00.000Z' }).then([escalated]);
    given([...history, escalated]).when({ type: 'EscalateApproval', context: { rules }, now: '2026-11-04T10:00:00.000Z' }).then([]);
    given([drafted, submitted, reviewing, pending, approved]).when({ type: 'EscalateApproval', context: { rules }, now: '2027-01-01T00:00:00.000Z' }).thenRefuses('rule_broken', 'invalid_transition');
  });
});
