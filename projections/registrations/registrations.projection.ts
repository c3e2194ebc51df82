import { Insertable, Kysely, Selectable, Transaction, Updateable, sql } from 'kysely';
import { StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { RegistrationEvent, RegistrationStatus } from '@channel-ledger/domain';
import { Projection } from '@channel-ledger/projection-runner';
import { ReadDB, writeBack } from '@channel-ledger/read-store';
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

// A registration's events of one batch, merged into the row they leave behind: a new row when the batch drafts
// it, otherwise the row as read at the start of the batch with the changes on top. Conflicts add up; every other
// column takes the last value. Batches are applied whole or not at all, so a row has either none of these events
// or all of them: a row that already has the first one is left alone.
function applyRegistration(events: StoredEvent[], stored: Selectable<RmRegistrationsTable> | undefined): Insertable<RmRegistrationsTable> | undefined {
  let merged: Record<string, unknown> = {};
  let conflicts = 0;
  for (const event of events) {
    const typed = { type: event.type, data: event.data } as RegistrationEvent;
    if (typed.type === 'RegistrationConflictDetected') {
      conflicts += typed.data.matches.length;
      merged = { ...merged, updated_at: new Date(event.metadata.occurredAt) };
      continue;
    }
    const changes = changesOf(typed, new Date(event.metadata.occurredAt));
    if (changes) merged = { ...merged, ...changes };
  }
  const last = events[events.length - 1].position;
  if (events[0].type === 'RegistrationDrafted') {
    const row = { ...draftedRow(events[0]), ...merged, last_position: last } as Insertable<RmRegistrationsTable>;
    row.conflict_count = conflicts;
    return row;
  }
  if (!stored || comparePositions(events[0].position, stored.last_position) <= 0) return undefined;
  return { ...stored, ...merged, conflict_count: stored.conflict_count + conflicts, last_position: last } as Insertable<RmRegistrationsTable>;
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
    // The rows of the registrations this batch changes but does not draft, in one query.
    const toRead = [...byRegistration].filter(([, list]) => list[0].type !== 'RegistrationDrafted').map(([id]) => id);
    const stored = toRead.length ? await db.selectFrom('rm_registrations').selectAll().where('registration_id', 'in', toRead).execute() : [];
    const current = new Map(stored.map((row) => [row.registration_id, row]));
    const inserts: Insertable<RmRegistrationsTable>[] = [];
    const updates: Record<string, unknown>[] = [];
    for (const [id, list] of byRegistration) {
      const row = applyRegistration(list, current.get(id));
      if (!row) continue;
      if (list[0].type === 'RegistrationDrafted') inserts.push(row);
      else updates.push(row);
    }
    // New rows: one already there (its draft was applied before) is left alone. Changed rows: written back whole.
    for (let i = 0; i < inserts.length; i += 500) {
      await db.insertInto('rm_registrations').values(inserts.slice(i, i + 500)).onConflict((oc) => oc.column('registration_id').doNothing()).execute();
    }
    await writeBack(db, 'rm_registrations', 'registration_id', updates);
  },
};
