import { Kysely, Transaction, sql } from 'kysely';
import { StoredEvent } from '../../libs/event-store/src';
import { RegistrationEvent } from '../../libs/domain/src';
import { Projection } from '../../libs/projection-runner/src';
import { ReadDB } from '../../libs/read-store/src';
import { STATUS_AFTER } from '../registrations/registrations.projection';
import { ApprovalHistoryTables } from './deal-approval-history.tables';

type DB = ReadDB & ApprovalHistoryTables;

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
    case 'RegistrationApproved':
      return event.data.overrideReason ? `override: ${event.data.overrideReason}` : null;
    default:
      return null;
  }
}

// One row per state change of a registration (and one per conflict recorded), keyed by log position:
// append-only, and a replayed event inserts nothing.
export const dealApprovalHistoryProjection: Projection = {
  name: 'deal_approval_history',
  version: 1,
  tables: [{ name: 'rm_deal_approval_history', key: ['position'] }],
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_deal_approval_history`.execute(trx);
  },
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    const db = trx as unknown as Kysely<DB>;
    // The partner of each registration, and the state it is in, as this batch goes along.
    const current = new Map<string, { partnerId: string; status: string }>();
    for (const stored of events) {
      if (!stored.type.startsWith('Registration')) continue;
      const event = { type: stored.type, data: stored.data } as RegistrationEvent;
      const registrationId = event.data.registrationId;
      const to = STATUS_AFTER[event.type];
      if (!to && event.type !== 'RegistrationConflictDetected') continue;
      let known = current.get(registrationId);
      if (!known && event.type !== 'RegistrationDrafted') {
        const last = await db
          .selectFrom('rm_deal_approval_history')
          .select(['partner_id', 'to_status'])
          .where('registration_id', '=', registrationId)
          .orderBy('position', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (last) known = { partnerId: last.partner_id, status: last.to_status };
      }
      const partnerId = event.type === 'RegistrationDrafted' ? event.data.partnerId : known?.partnerId;
      if (!partnerId) continue; // a registration whose draft this model never saw
      const from = event.type === 'RegistrationDrafted' ? null : known?.status ?? null;
      const toStatus = to ?? from ?? 'Draft';
      await db
        .insertInto('rm_deal_approval_history')
        .values({
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
        })
        .onConflict((oc) => oc.column('position').doNothing())
        .execute();
      current.set(registrationId, { partnerId, status: toStatus });
    }
  },
};
