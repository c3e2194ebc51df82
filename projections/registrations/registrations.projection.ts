import { StoredEvent } from '@channel-ledger/event-store';
import { RegistrationEvent, RegistrationStatus } from '@channel-ledger/domain';
import { defineRowProjection } from '@channel-ledger/projection-runner';
import { RegistrationRow, RegistrationTables } from './registrations.tables';

// The state each event leaves the registration in (events that do not change state are absent).
export const STATUS_AFTER: Partial<Record<RegistrationEvent['type'], RegistrationStatus>> = {
  RegistrationDrafted: 'Draft',
  RegistrationSubmitted: 'Submitted',
  RegistrationReviewStarted: 'UnderReview',
  RegistrationInfoRequested: 'InfoRequested',
  RegistrationResubmitted: 'UnderReview',
  RegistrationSentForApproval: 'PendingApproval',
  RegistrationApproved: 'Approved',
  RegistrationRejected: 'Rejected',
  RegistrationWithdrawn: 'Withdrawn',
  RegistrationCancelled: 'Cancelled',
  RegistrationExpired: 'Expired',
  RegistrationConverted: 'Converted',
};

function changesOf(event: RegistrationEvent, at: Date, row: RegistrationRow): Partial<RegistrationRow> {
  const status = STATUS_AFTER[event.type];
  const base = status ? { status, updated_at: at } : { updated_at: at };
  switch (event.type) {
    case 'RegistrationEdited': {
      const c = event.data.changes;
      return {
        ...base,
        ...(c.registrationType ? { registration_type: c.registrationType } : {}),
        ...(c.customer ? { customer_company: c.customer.companyName, customer_domain: c.customer.domain, contact_email: c.customer.contactEmail } : {}),
        ...(c.estimatedSize ? { amount_minor: String(c.estimatedSize.amountMinor), currency: c.estimatedSize.currency } : {}),
        ...(c.expectedCloseDate ? { expected_close_date: c.expectedCloseDate } : {}),
      };
    }
    case 'RegistrationConflictDetected':
      return { updated_at: at, conflict_count: row.conflict_count + event.data.matches.length };
    case 'RegistrationSubmitted':
      return { ...base, submitted_at: at };
    case 'RegistrationApproved':
      return { ...base, decided_at: at, decision: 'approved', protected_until: new Date(event.data.protectedUntil) };
    case 'RegistrationRejected':
      return { ...base, decided_at: at, decision: 'rejected' };
    case 'RegistrationConverted':
      return { ...base, opportunity_id: event.data.opportunityId };
    case 'RegistrationExtensionGranted':
      return { ...base, protected_until: new Date(event.data.protectedUntil) };
    default:
      return base;
  }
}

// A registration's row after one event: its draft makes the row, every later event changes it; an event for a
// registration whose draft this model never saw changes nothing.
function evolve(row: RegistrationRow | undefined, stored: StoredEvent): RegistrationRow | undefined {
  const event = { type: stored.type, data: stored.data } as RegistrationEvent;
  const at = new Date(stored.metadata.occurredAt);
  if (event.type === 'RegistrationDrafted') {
    if (row) return row;
    const d = event.data;
    return {
      registration_id: d.registrationId,
      partner_id: d.partnerId,
      program_id: d.programId,
      submitted_by: d.submittedBy,
      registration_type: d.registrationType,
      customer_company: d.customer.companyName,
      customer_domain: d.customer.domain,
      contact_email: d.customer.contactEmail,
      amount_minor: String(d.estimatedSize.amountMinor),
      currency: d.estimatedSize.currency,
      expected_close_date: d.expectedCloseDate,
      status: 'Draft',
      conflict_count: 0,
      created_at: at,
      submitted_at: null,
      decided_at: null,
      protected_until: null,
      updated_at: at,
      last_position: stored.position,
      decision: null,
      opportunity_id: null,
    };
  }
  return row && { ...row, ...changesOf(event, at, row), last_position: stored.position };
}

// The workspace list of deal registrations: one row per registration, its current state and key figures.
export const registrationsProjection = defineRowProjection<RegistrationTables>({
  name: 'registrations',
  // 2: decision and opportunity id.
  version: 2,
  tables: {
    rm_registrations: {
      key: ['registration_id'],
      filter: (e) => e.type.startsWith('Registration'),
      keys: (e) => [(e.data as { registrationId: string }).registrationId],
      evolve,
    },
  },
});
