import { Insertable, Kysely, Transaction, sql } from 'kysely';
import { StoredEvent } from '../../libs/event-store/src';
import { CaseEvent } from '../../libs/domain/src';
import { Projection } from '../../libs/projection-runner/src';
import { ReadDB } from '../../libs/read-store/src';
import { RmCasesTable, SupportTables } from './support.tables';

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

// A case opened in this batch: its row as all of its events in the batch leave it, built in memory (the same
// changes applyOne makes in SQL), so the whole batch's new cases go in with one statement.
function openedRow(events: StoredEvent[]): Insertable<RmCasesTable> {
  const opened = events[0].data as Extract<CaseEvent, { type: 'CaseOpened' }>['data'];
  const openedAt = new Date(events[0].metadata.occurredAt);
  const row: Insertable<RmCasesTable> = {
    case_id: opened.caseId,
    partner_id: opened.partnerId,
    priority: opened.priority,
    subject: opened.subject,
    about: opened.about,
    status: 'New',
    assignee_id: null,
    first_response_due_at: new Date(opened.firstResponseDueAt),
    resolution_due_at: new Date(opened.resolutionDueAt),
    first_responded_at: null,
    resolved_at: null,
    held_since: null,
    status_before_hold: null,
    opened_at: openedAt,
    updated_at: openedAt,
    last_position: events[0].position,
  };
  for (const stored of events.slice(1)) {
    const event = { type: stored.type, data: stored.data } as CaseEvent;
    const at = new Date(stored.metadata.occurredAt);
    switch (event.type) {
      case 'CaseOpened':
        continue; // a second opening of the same case changes nothing, as in SQL
      case 'CaseAssigned':
        row.assignee_id = event.data.assigneeId;
        break;
      case 'CaseFirstResponseRecorded':
        Object.assign(row, { status: 'InProgress', first_responded_at: at });
        break;
      case 'CasePutOnHold':
        Object.assign(row, { status: 'OnHold', status_before_hold: row.status, held_since: at });
        break;
      case 'CaseResumed':
        Object.assign(row, {
          status: row.status_before_hold ?? 'InProgress',
          status_before_hold: null,
          held_since: null,
          first_response_due_at: new Date(event.data.firstResponseDueAt),
          resolution_due_at: new Date(event.data.resolutionDueAt),
        });
        break;
      case 'CaseResolved':
        Object.assign(row, { status: 'Resolved', resolved_at: at });
        break;
      case 'CaseClosed':
        row.status = 'Closed';
        break;
      case 'CaseReopened':
        Object.assign(row, { status: 'Reopened', resolved_at: null });
        break;
      default:
        continue; // SLA breaches are computed when read; the row does not change
    }
    Object.assign(row, { updated_at: at, last_position: stored.position });
  }
  return row;
}

// Partner support cases with their SLA due times. Whether a case breached is computed when it is read (time
// passes without events), from these columns: see slaBreached in the query side.
export const casesProjection: Projection = {
  name: 'cases',
  version: 1,
  tables: [{ name: 'rm_cases', key: ['case_id'] }],
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    const db = trx as unknown as Kysely<DB>;
    // Cases opened in this batch are built in memory and inserted together; events on older cases are applied
    // one by one, guarded by the row's last position (a replayed batch changes nothing).
    const byCase = new Map<string, StoredEvent[]>();
    for (const event of events) {
      if (!event.type.startsWith('Case')) continue;
      const id = (event.data as { caseId: string }).caseId;
      const list = byCase.get(id);
      if (list) list.push(event);
      else byCase.set(id, [event]);
    }
    const opened: Insertable<RmCasesTable>[] = [];
    for (const list of byCase.values()) {
      if (list[0].type === 'CaseOpened') opened.push(openedRow(list));
      else for (const event of list) await applyOne(db, event);
    }
    for (let i = 0; i < opened.length; i += 500) {
      await db.insertInto('rm_cases').values(opened.slice(i, i + 500)).onConflict((oc) => oc.column('case_id').doNothing()).execute();
    }
  },
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_cases`.execute(trx);
  },
};
