import { Insertable, Transaction, sql } from 'kysely';
import { StoredEvent } from '@channel-ledger/event-store';
import { RegistrationEvent, RegistrationStatus } from '@channel-ledger/domain';
import { Projection } from '@channel-ledger/projection-runner';
import { ReadDB } from '@channel-ledger/read-store';
import { STATUS_AFTER } from '../registrations/registrations.projection';
import { ApprovalHistoryTables, RmDealApprovalHistoryTable } from './deal-approval-history.tables';

// The words a person wrote with the change: a rejection reason, a cancellation note, an override, a request.
function reasonOf(event: RegistrationEvent): string | null {
  switch (event.type) {
    case 'RegistrationRejected':
      return event.data.reason;
    case 'RegistrationCancelled':
      return event.data.note;
    case 'RegistrationWithdrawn':
      return event.data.reason;
    case 'RegistrationInfoRequested':
      return event.data.message;
    case 'RegistrationResubmitted':
      return event.data.answer ?? null;
    case 'RegistrationApproved':
      return event.data.overrideReason ? `override: ${event.data.overrideReason}` : null;
    default:
      return null;
  }
}

// The events that make a row: a registration's state changes and its conflicts.
const makesRow = (e: StoredEvent) => e.type.startsWith('Registration') && (STATUS_AFTER[e.type as RegistrationEvent['type']] !== undefined || e.type === 'RegistrationConflictDetected');

// One row per state change of a registration (and one per conflict recorded), keyed by log position:
// append-only, and a replayed event inserts nothing. Not a row projection: a row is never changed, and what a new
// row needs (the state the registration was in) is the newest earlier row of its registration, not a row by key.
export const dealApprovalHistoryProjection: Projection = {
  name: 'deal_approval_history',
  version: 1,
  tables: [{ name: 'rm_deal_approval_history', key: ['position'] }],
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_deal_approval_history`.execute(trx);
  },
  handles: makesRow,
  // Batched: one query for the registrations this batch continues, one insert per 500 rows.
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    const db = trx.withTables<ApprovalHistoryTables>();
    const relevant = events.filter(makesRow);
    if (relevant.length === 0) return;
    // The partner of each registration, and the state it is in, as this batch goes along: from the rows written
    // before this batch for the registrations it does not draft itself.
    const current = new Map<string, { partnerId: string; status: RegistrationStatus }>();
    const drafted = new Set(relevant.filter((e) => e.type === 'RegistrationDrafted').map((e) => (e.data as { registrationId: string }).registrationId));
    const continued = [...new Set(relevant.map((e) => (e.data as { registrationId: string }).registrationId).filter((id) => !drafted.has(id)))];
    for (let i = 0; i < continued.length; i += 1000) {
      const last = await db
        .selectFrom('rm_deal_approval_history')
        .distinctOn('registration_id')
        .select(['registration_id', 'partner_id', 'to_status'])
        .where('registration_id', 'in', continued.slice(i, i + 1000))
        .orderBy('registration_id')
        .orderBy('position', 'desc')
        .execute();
      for (const row of last) current.set(row.registration_id, { partnerId: row.partner_id, status: row.to_status });
    }
    const rows: Insertable<RmDealApprovalHistoryTable>[] = [];
    for (const stored of relevant) {
      const event = { type: stored.type, data: stored.data } as RegistrationEvent;
      const registrationId = event.data.registrationId;
      const known = current.get(registrationId);
      const partnerId = event.type === 'RegistrationDrafted' ? event.data.partnerId : known?.partnerId;
      if (!partnerId) continue; // a registration whose draft this model never saw
      const from = event.type === 'RegistrationDrafted' ? null : known?.status ?? null;
      const toStatus = STATUS_AFTER[event.type] ?? from ?? 'Draft';
      rows.push({
        position: stored.position,
        registration_id: registrationId,
        partner_id: partnerId,
        event_type: event.type,
        from_status: from,
        to_status: toStatus,
        actor_id: stored.metadata.actor?.userId ?? null,
        actor_role: stored.metadata.actor?.role ?? null,
        reason: reasonOf(event),
        conflicts: event.type === 'RegistrationConflictDetected' ? JSON.stringify(event.data.matches) : null,
        at: new Date(stored.metadata.occurredAt),
      });
      current.set(registrationId, { partnerId, status: toStatus });
    }
    for (let i = 0; i < rows.length; i += 500) {
      await db.insertInto('rm_deal_approval_history').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('position').doNothing()).execute();
    }
  },
};
