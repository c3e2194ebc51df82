import { NotFound, RuleBroken, unreachable, requireStatus } from '../shared/domain-error';

export const CASE_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];
export const CASE_SUBJECTS = ['partner', 'organisation', 'end_customer'] as const;
export type CaseAbout = (typeof CASE_SUBJECTS)[number];
export const CASE_STATUSES = ['New', 'InProgress', 'OnHold', 'Resolved', 'Closed', 'Reopened'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
// A case still being worked on, and one that is done (resolved, or closed after that).
export const CLOSED_CASE_STATUSES = ['Resolved', 'Closed'] as const satisfies readonly CaseStatus[];
export const OPEN_CASE_STATUSES = ['New', 'InProgress', 'OnHold', 'Reopened'] as const satisfies readonly CaseStatus[];

export interface CaseSlaTargets {
  firstResponseMinutes: Record<CasePriority, number>;
  resolutionMinutes: Record<CasePriority, number>;
}

// The usual targets (docs/ARCHITECTURE.md, "Domain rules and defaults"); a program may set its own.
export const DEFAULT_CASE_SLA: CaseSlaTargets = {
  firstResponseMinutes: { P1: 30, P2: 60, P3: 240, P4: 1_440 },
  resolutionMinutes: { P1: 240, P2: 2_880, P3: 14_400, P4: 28_800 },
};

export interface CaseDetails {
  partnerId: string;
  openedBy: string;
  requestedBy: string;
  about: CaseAbout;
  endCustomer: { companyName: string; contactEmail: string } | null;
  priority: CasePriority;
  subject: string;
  description: string;
}

// Due times live in the events, so a breach can be computed from the log alone.
export type CaseEvent =
  | { type: 'CaseOpened'; data: CaseDetails & { caseId: string; firstResponseDueAt: string; resolutionDueAt: string; at: string } }
  | { type: 'CaseAssigned'; data: { caseId: string; assigneeId: string; by: string; at: string } }
  | { type: 'CaseFirstResponseRecorded'; data: { caseId: string; message: string; by: string; at: string } }
  | { type: 'CasePutOnHold'; data: { caseId: string; reason: string; by: string; at: string } }
  // The SLA clock stops while on hold: open due times move by exactly the time held.
  | { type: 'CaseResumed'; data: { caseId: string; heldMs: number; firstResponseDueAt: string; resolutionDueAt: string; by: string; at: string } }
  | { type: 'CaseResolved'; data: { caseId: string; resolution: string; by: string; at: string } }
  | { type: 'CaseClosed'; data: { caseId: string; by: string; at: string } }
  | { type: 'CaseReopened'; data: { caseId: string; reason: string; by: string; at: string } }
  // Recorded once per target when its due time passes unmet (with the clock stopped while on hold).
  | { type: 'CaseSlaBreached'; data: { caseId: string; target: 'first_response' | 'resolution'; dueAt: string; at: string } };

export type SupportCase =
  | { status: 'None' }
  | (CaseDetails & {
      status: CaseStatus;
      caseId: string;
      assigneeId: string | null;
      firstResponseDueAt: string;
      resolutionDueAt: string;
      firstRespondedAt: string | null;
      heldSince: string | null;
      statusBeforeHold: CaseStatus | null;
      resolvedAt: string | null;
      breaches: ('first_response' | 'resolution')[];
    });

export type CaseCommand =
  | { type: 'OpenCase'; data: CaseDetails & { caseId: string }; context: { sla: CaseSlaTargets }; now: string }
  | { type: 'AssignCase'; data: { assigneeId: string }; by: string; now: string }
  | { type: 'RecordFirstResponse'; data: { message: string }; by: string; now: string }
  | { type: 'PutCaseOnHold'; data: { reason: string }; by: string; now: string }
  | { type: 'ResumeCase'; by: string; now: string }
  | { type: 'ResolveCase'; data: { resolution: string }; by: string; now: string }
  | { type: 'CloseCase'; by: string; now: string }
  | { type: 'ReopenCase'; data: { reason: string }; by: string; now: string }
  | { type: 'RecordSlaBreaches'; now: string };

const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

function existing(state: SupportCase): Exclude<SupportCase, { status: 'None' }> {
  if (state.status === 'None') throw new NotFound('case_not_found', 'case not found');
  return state;
}


export function decideCase(command: CaseCommand, state: SupportCase): CaseEvent[] {
  if (command.type === 'OpenCase') {
    if (state.status !== 'None') throw new RuleBroken('case_exists', 'case already exists');
    const { sla } = command.context;
    const priority = command.data.priority;
    return [
      {
        type: 'CaseOpened',
        data: {
          ...command.data,
          firstResponseDueAt: plusMs(command.now, sla.firstResponseMinutes[priority] * 60_000),
          resolutionDueAt: plusMs(command.now, sla.resolutionMinutes[priority] * 60_000),
          at: command.now,
        },
      },
    ];
  }
  const supportCase = existing(state);
  const caseId = supportCase.caseId;
  const working: CaseStatus[] = ['New', 'InProgress', 'Reopened'];
  switch (command.type) {
    case 'AssignCase':
      requireStatus('a case', supportCase.status, [...working, 'OnHold'], 'assign');
      if (supportCase.assigneeId === command.data.assigneeId) return [];
      return [{ type: 'CaseAssigned', data: { caseId, assigneeId: command.data.assigneeId, by: command.by, at: command.now } }];
    case 'RecordFirstResponse':
      requireStatus('a case', supportCase.status, ['New'], 'record the first response on');
      return [{ type: 'CaseFirstResponseRecorded', data: { caseId, message: command.data.message, by: command.by, at: command.now } }];
    case 'PutCaseOnHold':
      requireStatus('a case', supportCase.status, working, 'put on hold');
      return [{ type: 'CasePutOnHold', data: { caseId, reason: command.data.reason, by: command.by, at: command.now } }];
    case 'ResumeCase': {
      requireStatus('a case', supportCase.status, ['OnHold'], 'resume');
      const heldMs = Date.parse(command.now) - Date.parse(supportCase.heldSince!);
      return [
        {
          type: 'CaseResumed',
          data: {
            caseId,
            heldMs,
            // A first response already given is not due any more; its due time stays as it was.
            firstResponseDueAt: supportCase.firstRespondedAt ? supportCase.firstResponseDueAt : plusMs(supportCase.firstResponseDueAt, heldMs),
            resolutionDueAt: plusMs(supportCase.resolutionDueAt, heldMs),
            by: command.by,
            at: command.now,
          },
        },
      ];
    }
    case 'ResolveCase':
      requireStatus('a case', supportCase.status, working, 'resolve');
      return [{ type: 'CaseResolved', data: { caseId, resolution: command.data.resolution, by: command.by, at: command.now } }];
    case 'CloseCase':
      requireStatus('a case', supportCase.status, ['Resolved'], 'close');
      return [{ type: 'CaseClosed', data: { caseId, by: command.by, at: command.now } }];
    case 'RecordSlaBreaches': {
      // While on hold the clock stands still at the moment the case was put on hold.
      const clock = Date.parse(supportCase.heldSince ?? command.now);
      const events: CaseEvent[] = [];
      const met = (at: string | null, due: string) => at !== null && Date.parse(at) <= Date.parse(due);
      if (!supportCase.breaches.includes('first_response') && !met(supportCase.firstRespondedAt, supportCase.firstResponseDueAt)) {
        const late = supportCase.firstRespondedAt ? Date.parse(supportCase.firstRespondedAt) : clock;
        if (late > Date.parse(supportCase.firstResponseDueAt)) {
          events.push({ type: 'CaseSlaBreached', data: { caseId, target: 'first_response', dueAt: supportCase.firstResponseDueAt, at: command.now } });
        }
      }
      if (!supportCase.breaches.includes('resolution') && !met(supportCase.resolvedAt, supportCase.resolutionDueAt)) {
        const late = supportCase.resolvedAt ? Date.parse(supportCase.resolvedAt) : clock;
        if (late > Date.parse(supportCase.resolutionDueAt)) {
          events.push({ type: 'CaseSlaBreached', data: { caseId, target: 'resolution', dueAt: supportCase.resolutionDueAt, at: command.now } });
        }
      }
      return events;
    }
    case 'ReopenCase':
      requireStatus('a case', supportCase.status, ['Resolved', 'Closed'], 'reopen');
      return [{ type: 'CaseReopened', data: { caseId, reason: command.data.reason, by: command.by, at: command.now } }];
    default:
      return unreachable(command);
  }
}

export function evolveCase(state: SupportCase, event: CaseEvent): SupportCase {
  if (event.type === 'CaseOpened') {
    const { at: _at, ...data } = event.data;
    return { ...data, status: 'New', assigneeId: null, firstRespondedAt: null, heldSince: null, statusBeforeHold: null, resolvedAt: null, breaches: [] };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'CaseAssigned':
      return { ...state, assigneeId: event.data.assigneeId };
    case 'CaseFirstResponseRecorded':
      return { ...state, status: 'InProgress', firstRespondedAt: event.data.at };
    case 'CasePutOnHold':
      return { ...state, status: 'OnHold', heldSince: event.data.at, statusBeforeHold: state.status };
    case 'CaseResumed':
      return {
        ...state,
        status: state.statusBeforeHold ?? 'InProgress',
        heldSince: null,
        statusBeforeHold: null,
        firstResponseDueAt: event.data.firstResponseDueAt,
        resolutionDueAt: event.data.resolutionDueAt,
      };
    case 'CaseResolved':
      return { ...state, status: 'Resolved', resolvedAt: event.data.at };
    case 'CaseClosed':
      return { ...state, status: 'Closed' };
    case 'CaseReopened':
      return { ...state, status: 'Reopened', resolvedAt: null };
    case 'CaseSlaBreached':
      return { ...state, breaches: [...state.breaches, event.data.target] };
    default:
      return unreachable(event);
  }
}

export const caseDecider = { decide: decideCase, evolve: evolveCase, initialState: { status: 'None' } as SupportCase };
export const caseStream = (caseId: string) => `case-${caseId}`;
