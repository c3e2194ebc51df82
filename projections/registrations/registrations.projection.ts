import { Kysely, Transaction, Updateable, sql } from 'kysely';
import { StoredEvent } from '../../libs/event-store/src';
import { RegistrationEvent, RegistrationStatus } from '../../libs/domain/src';
import { Projection } from '../../libs/projection-runner/src';
import { ReadDB } from '../../libs/read-store/src';
import { RegistrationTables, RmRegistrationsTable } from './registrations.tables';

type DB = ReadDB & RegistrationTables;

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

function changesOf(event: RegistrationEvent, at: Date): Updateable<RmRegistrationsTable> | undefined {
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
    case 'RegistrationSubmitted':
      return { ...base, submitted_at: at };
    case 'RegistrationConflictDetected':
      return { ...base, conflict_count: sql`conflict_count + ${event.data.matches.length}` as never };
    case 'RegistrationApproved':
      return { ...base, decided_at: at, decision: 'approved', protected_until: new Date(event.data.protectedUntil) };
    case 'RegistrationRejected':
      return { ...base, decided_at: at, decision: 'rejected' };
    case 'RegistrationConverted':
      return { ...base, opportunity_id: event.data.opportunityId };
    case 'RegistrationExtensionGranted':
      return { ...base, protected_until: new Date(event.data.protectedUntil) };
    case 'RegistrationDrafted':
      return undefined;
    default:
      return base;
  }
}

async function applyOne(db: Kysely<DB>, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as RegistrationEvent;
  const at = new Date(stored.metadata.occurredAt);
  if (event.type === 'RegistrationDrafted') {
    const d = event.data;
    await db
      .insertInto('rm_registrations')
      .values({
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
      })
      .onConflict((oc) => oc.column('registration_id').doNothing())
      .execute();
    return;
  }
  const changes = changesOf(event, at);
  if (!changes) return;
  // The row remembers the last event applied to it: a replayed event changes nothing.
  await db
    .updateTable('rm_registrations')
    .set({ ...changes, last_position: stored.position })
    .where('registration_id', '=', (event.data as { registrationId: string }).registrationId)
    .where('last_position', '<', stored.position)
    .execute();
}

// The workspace list of deal registrations: one row per registration, its current state and key figures.
export const registrationsProjection: Projection = {
  name: 'registrations',
  // 2: decision and opportunity id.
  version: 2,
  tables: [{ name: 'rm_registrations', key: ['registration_id'] }],
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_registrations`.execute(trx);
  },
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    for (const event of events) if (event.type.startsWith('Registration')) await applyOne(trx as unknown as Kysely<DB>, event);
  },
};
