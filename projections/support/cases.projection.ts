import { Kysely, Transaction, sql } from 'kysely';
import { StoredEvent } from '../../libs/event-store/src';
import { CaseEvent } from '../../libs/domain/src';
import { Projection } from '../../libs/projection-runner/src';
import { ReadDB } from '../../libs/read-store/src';
import { SupportTables } from './support.tables';

type DB = ReadDB & SupportTables;

async function applyOne(db: Kysely<DB>, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as CaseEvent;
  const at = new Date(stored.metadata.occurredAt);
  const position = stored.position;
  const row = (id: string) => db.updateTable('rm_cases').where('case_id', '=', id).where('last_position', '<', position);
  switch (event.type) {
    case 'CaseOpened': {
      const d = event.data;
      await db
        .insertInto('rm_cases')
        .values({
          case_id: d.caseId,
          partner_id: d.partnerId,
          priority: d.priority,
          subject: d.subject,
          about: d.about,
          status: 'New',
          assignee_id: null,
          first_response_due_at: new Date(d.firstResponseDueAt),
          resolution_due_at: new Date(d.resolutionDueAt),
          first_responded_at: null,
          resolved_at: null,
          held_since: null,
          status_before_hold: null,
          opened_at: at,
          updated_at: at,
          last_position: position,
        })
        .onConflict((oc) => oc.column('case_id').doNothing())
        .execute();
      return;
    }
    case 'CaseAssigned':
      await row(event.data.caseId).set({ assignee_id: event.data.assigneeId, updated_at: at, last_position: position }).execute();
      return;
    case 'CaseFirstResponseRecorded':
      await row(event.data.caseId).set({ status: 'InProgress', first_responded_at: at, updated_at: at, last_position: position }).execute();
      return;
    case 'CasePutOnHold':
      await row(event.data.caseId).set({ status: 'OnHold', status_before_hold: sql`status` as never, held_since: at, updated_at: at, last_position: position }).execute();
      return;
    case 'CaseResumed':
      await row(event.data.caseId)
        .set({
          status: sql`coalesce(status_before_hold, 'InProgress')` as never,
          status_before_hold: null,
          held_since: null,
          first_response_due_at: new Date(event.data.firstResponseDueAt),
          resolution_due_at: new Date(event.data.resolutionDueAt),
          updated_at: at,
          last_position: position,
        })
        .execute();
      return;
    case 'CaseResolved':
      await row(event.data.caseId).set({ status: 'Resolved', resolved_at: at, updated_at: at, last_position: position }).execute();
      return;
    case 'CaseClosed':
      await row(event.data.caseId).set({ status: 'Closed', updated_at: at, last_position: position }).execute();
      return;
    case 'CaseReopened':
      await row(event.data.caseId).set({ status: 'Reopened', resolved_at: null, updated_at: at, last_position: position }).execute();
      return;
  }
}

// Partner support cases with their SLA due times. Whether a case breached is computed when it is read (time
// passes without events), from these columns: see slaBreached in the query side.
export const casesProjection: Projection = {
  name: 'cases',
  version: 1,
  tables: [{ name: 'rm_cases', key: ['case_id'] }],
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    for (const event of events) if (event.type.startsWith('Case')) await applyOne(trx as unknown as Kysely<DB>, event);
  },
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_cases`.execute(trx);
  },
};
