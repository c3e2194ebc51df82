import { Insertable, Kysely, Transaction, Updateable, sql } from 'kysely';
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

function draftedRow(stored: StoredEvent): Insertable<RmRegistrationsTable> {
  const d = (stored.data as Extract<RegistrationEvent, { type: 'RegistrationDrafted' }>['data']);
  const at = new Date(stored.metadata.occurredAt);
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

// A registration's events of one batch, merged: the row they leave behind (when the batch drafts it) or one
// update. Conflicts add up; every other column takes the last value. Batches are applied whole or not at all,
// so the row has either none of these events or all of them: the update is guarded by the first one.
async function applyRegistration(db: Kysely<DB>, events: StoredEvent[], inserts: Insertable<RmRegistrationsTable>[]): Promise<void> {
  let merged: Record<string, unknown> = {};
  let conflicts = 0;
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as RegistrationEvent;
    if (event.type === 'RegistrationConflictDetected') {
      conflicts += event.data.matches.length;
      merged = { ...merged, updated_at: new Date(stored.metadata.occurredAt) };
      continue;
    }
    const changes = changesOf(event, new Date(stored.metadata.occurredAt));
    if (changes) merged = { ...merged, ...changes };
  }
  const last = events[events.length - 1].position;
  if (events[0].type === 'RegistrationDrafted') {
    const row = { ...draftedRow(events[0]), ...merged, last_position: last } as Insertable<RmRegistrationsTable>;
    row.conflict_count = conflicts;
    inserts.push(row);
    return;
  }
  const id = (events[0].data as { registrationId: string }).registrationId;
  await db
    .updateTable('rm_registrations')
    .set({ ...(merged as Updateable<RmRegistrationsTable>), ...(conflicts > 0 ? { conflict_count: sql`conflict_count + ${conflicts}` as never } : {}), last_position: last })
    .where('registration_id', '=', id)
    .where('last_position', '<', events[0].position)
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
    const db = trx as unknown as Kysely<DB>;
    const byRegistration = new Map<string, StoredEvent[]>();
    for (const event of events) {
      if (!event.type.startsWith('Registration')) continue;
      const id = (event.data as { registrationId: string }).registrationId;
      const list = byRegistration.get(id);
      if (list) list.push(event);
      else byRegistration.set(id, [event]);
    }
    const inserts: Insertable<RmRegistrationsTable>[] = [];
    for (const list of byRegistration.values()) await applyRegistration(db, list, inserts);
    for (let i = 0; i < inserts.length; i += 500) {
      await db.insertInto('rm_registrations').values(inserts.slice(i, i + 500)).onConflict((oc) => oc.column('registration_id').doNothing()).execute();
    }
  },
};
