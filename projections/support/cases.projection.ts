import { StoredEvent } from '@channel-ledger/event-store';
import { CaseEvent } from '@channel-ledger/domain';
import { defineRowProjection } from '@channel-ledger/projection-runner';
import { CaseRow, SupportTables } from './support.tables';

// What one event leaves a case's row as; an event for a case that was never opened changes nothing.
function evolve(row: CaseRow | undefined, stored: StoredEvent): CaseRow | undefined {
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
export const casesProjection = defineRowProjection<SupportTables>({
  name: 'cases',
  version: 1,
  tables: {
    rm_cases: { key: ['case_id'], filter: (e) => e.type.startsWith('Case'), keys: (e) => [(e.data as { caseId: string }).caseId], evolve },
  },
});
