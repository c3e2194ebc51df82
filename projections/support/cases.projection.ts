import { Kysely, Selectable, Transaction, sql } from 'kysely';
import { StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { CaseEvent } from '@channel-ledger/domain';
import { Projection } from '@channel-ledger/projection-runner';
import { ReadDB, writeBack } from '@channel-ledger/read-store';
import { RmCasesTable, SupportTables } from './support.tables';

type DB = ReadDB & SupportTables;
type CaseRow = Selectable<RmCasesTable>;

// What one event leaves a case's row as. Each row remembers the last event applied to it, so an event it has
// already seen changes nothing; an event for a case that was never opened changes nothing either.
function applyEvent(row: CaseRow | undefined, stored: StoredEvent): CaseRow | undefined {
  if (row && comparePositions(stored.position, row.last_position) <= 0) return row;
  const event = { type: stored.type, data: stored.data } as CaseEvent;
  const at = new Date(stored.metadata.occurredAt);
  const touched = { updated_at: at, last_position: stored.position };
  if (event.type === 'CaseOpened') {
    if (row) return row;
    const d = event.data;
    return {
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
      ...touched,
    };
  }
  if (!row) return row;
  switch (event.type) {
    case 'CaseAssigned':
      return { ...row, assignee_id: event.data.assigneeId, ...touched };
    case 'CaseFirstResponseRecorded':
      return { ...row, status: 'InProgress', first_responded_at: at, ...touched };
    case 'CasePutOnHold':
      return { ...row, status: 'OnHold', status_before_hold: row.status, held_since: at, ...touched };
    case 'CaseResumed':
      return {
        ...row,
        status: row.status_before_hold ?? 'InProgress',
        status_before_hold: null,
        held_since: null,
        first_response_due_at: new Date(event.data.firstResponseDueAt),
        resolution_due_at: new Date(event.data.resolutionDueAt),
        ...touched,
      };
    case 'CaseResolved':
      return { ...row, status: 'Resolved', resolved_at: at, ...touched };
    case 'CaseClosed':
      return { ...row, status: 'Closed', ...touched };
    case 'CaseReopened':
      return { ...row, status: 'Reopened', resolved_at: null, ...touched };
    default:
      return row; // SLA breaches are computed when read; the row does not change
  }
}

// Partner support cases with their SLA due times. Whether a case breached is computed when it is read (time
// passes without events), from these columns: see slaBreached in the query side.
export const casesProjection: Projection = {
  name: 'cases',
  version: 1,
  tables: [{ name: 'rm_cases', key: ['case_id'] }],
  // A batch reads the rows of the cases it touches in one query, applies their events in memory and writes the
  // rows that changed back in one upsert per 500, each guarded by the row's last position.
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    const db = trx as unknown as Kysely<DB>;
    const byCase = new Map<string, StoredEvent[]>();
    for (const event of events) {
      if (!event.type.startsWith('Case')) continue;
      const id = (event.data as { caseId: string }).caseId;
      const list = byCase.get(id);
      if (list) list.push(event);
      else byCase.set(id, [event]);
    }
    if (byCase.size === 0) return;
    const stored = await db.selectFrom('rm_cases').selectAll().where('case_id', 'in', [...byCase.keys()]).execute();
    const current = new Map(stored.map((row) => [row.case_id, row]));
    const changed: CaseRow[] = [];
    for (const [id, list] of byCase) {
      const before = current.get(id);
      const after = list.reduce(applyEvent, before);
      if (after && after !== before) changed.push(after);
    }
    await writeBack(db, 'rm_cases', 'case_id', changed);
  },
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_cases`.execute(trx);
  },
};
