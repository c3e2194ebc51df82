import { specFor } from '../shared/given-when-then';
import { CaseEvent, DEFAULT_CASE_SLA, caseDecider } from './case.decider';

const given = specFor(caseDecider);
const t0 = '2026-11-22T10:00:00.000Z';
const details = {
  caseId: 'c1',
  partnerId: 'acme',
  openedBy: 'alice',
  requestedBy: 'alice',
  about: 'end_customer' as const,
  endCustomer: { companyName: 'Initech', contactEmail: 'it@initech.example' },
  priority: 'P1' as const,
  subject: 'Licence server down',
  description: 'All seats refused since 09:40',
};
const opened: CaseEvent = {
  type: 'CaseOpened',
  data: { ...details, firstResponseDueAt: '2026-11-22T10:30:00.000Z', resolutionDueAt: '2026-11-22T14:00:00.000Z', at: t0 },
};

describe('case decider', () => {
  it.each([
    ['P1', '2026-11-22T10:30:00.000Z', '2026-11-22T14:00:00.000Z'],
    ['P2', '2026-11-22T11:00:00.000Z', '2026-11-24T10:00:00.000Z'],
    ['P3', '2026-11-22T14:00:00.000Z', '2026-12-02T10:00:00.000Z'],
    ['P4', '2026-11-23T10:00:00.000Z', '2026-12-12T10:00:00.000Z'],
  ] as const)('opens a %s case with its due times in the event', (priority, firstResponseDueAt, resolutionDueAt) => {
    given([])
      .when({ type: 'OpenCase', data: { ...details, priority }, context: { sla: DEFAULT_CASE_SLA }, now: t0 })
      .then([{ type: 'CaseOpened', data: { ...details, priority, firstResponseDueAt, resolutionDueAt, at: t0 } }]);
  });

  it('uses a program\'s own targets', () => {
    const sla = { ...DEFAULT_CASE_SLA, firstResponseMinutes: { ...DEFAULT_CASE_SLA.firstResponseMinutes, P1: 15 } };
    given([])
      .when({ type: 'OpenCase', data: details, context: { sla }, now: t0 })
      .then([{ ...opened, data: { ...opened.data, firstResponseDueAt: '2026-11-22T10:15:00.000Z' } } as CaseEvent]);
  });

  it('moves open due times by exactly the time on hold', () => {
    const held: CaseEvent = { type: 'CasePutOnHold', data: { caseId: 'c1', reason: 'Waiting for logs', by: 'eng', at: '2026-11-22T10:05:00.000Z' } };
    given([opened, held])
      .when({ type: 'ResumeCase', by: 'eng', now: '2026-11-22T11:05:00.000Z' })
      .then([
        {
          type: 'CaseResumed',
          data: { caseId: 'c1', heldMs: 3_600_000, firstResponseDueAt: '2026-11-22T11:30:00.000Z', resolutionDueAt: '2026-11-22T15:00:00.000Z', by: 'eng', at: '2026-11-22T11:05:00.000Z' },
        },
      ]);
  });

  it('does not move a first response that was already given', () => {
    const responded: CaseEvent = { type: 'CaseFirstResponseRecorded', data: { caseId: 'c1', message: 'On it', by: 'eng', at: '2026-11-22T10:10:00.000Z' } };
    const held: CaseEvent = { type: 'CasePutOnHold', data: { caseId: 'c1', reason: 'Waiting', by: 'eng', at: '2026-11-22T10:20:00.000Z' } };
    given([opened, responded, held])
      .when({ type: 'ResumeCase', by: 'eng', now: '2026-11-22T10:50:00.000Z' })
      .then([
        {
          type: 'CaseResumed',
          data: { caseId: 'c1', heldMs: 1_800_000, firstResponseDueAt: '2026-11-22T10:30:00.000Z', resolutionDueAt: '2026-11-22T14:30:00.000Z', by: 'eng', at: '2026-11-22T10:50:00.000Z' },
        },
      ]);
  });

  it('resolves, closes and reopens; a closed case cannot be put on hold', () => {
    const resolved: CaseEvent = { type: 'CaseResolved', data: { caseId: 'c1', resolution: 'Restarted', by: 'eng', at: t0 } };
    const closed: CaseEvent = { type: 'CaseClosed', data: { caseId: 'c1', by: 'alice', at: t0 } };
    given([opened]).when({ type: 'ResolveCase', data: { resolution: 'Restarted' }, by: 'eng', now: t0 }).then([resolved]);
    given([opened, resolved]).when({ type: 'CloseCase', by: 'alice', now: t0 }).then([closed]);
    given([opened, resolved, closed])
      .when({ type: 'ReopenCase', data: { reason: 'Down again' }, by: 'alice', now: t0 })
      .then([{ type: 'CaseReopened', data: { caseId: 'c1', reason: 'Down again', by: 'alice', at: t0 } }]);
    given([opened, resolved, closed]).when({ type: 'PutCaseOnHold', data: { reason: 'x' }, by: 'eng', now: t0 }).thenRefuses('rule_broken', 'invalid_transition');
    given([opened]).when({ type: 'ResumeCase', by: 'eng', now: t0 }).thenRefuses('rule_broken', 'invalid_transition');
  });

  it('records each SLA breach once, and none while the clock is stopped on hold', () => {
    // P1 opened at 10:00: first response due 10:30, resolution 14:00.
    given([opened]).when({ type: 'RecordSlaBreaches', now: '2026-11-22T10:29:00.000Z' }).then([]);
    const firstLate: CaseEvent = { type: 'CaseSlaBreached', data: { caseId: 'c1', target: 'first_response', dueAt: '2026-11-22T10:30:00.000Z', at: '2026-11-22T10:31:00.000Z' } };
    given([opened]).when({ type: 'RecordSlaBreaches', now: '2026-11-22T10:31:00.000Z' }).then([firstLate]);
    given([opened, firstLate]).when({ type: 'RecordSlaBreaches', now: '2026-11-22T10:45:00.000Z' }).then([]);
    const held: CaseEvent = { type: 'CasePutOnHold', data: { caseId: 'c1', reason: 'logs', by: 'eng', at: '2026-11-22T10:20:00.000Z' } };
    given([opened, held]).when({ type: 'RecordSlaBreaches', now: '2026-11-22T20:00:00.000Z' }).then([]);
    const responded: CaseEvent = { type: 'CaseFirstResponseRecorded', data: { caseId: 'c1', message: 'on it', by: 'eng', at: '2026-11-22T10:05:00.000Z' } };
    given([opened, responded])
      .when({ type: 'RecordSlaBreaches', now: '2026-11-22T14:00:01.000Z' })
      .then([{ type: 'CaseSlaBreached', data: { caseId: 'c1', target: 'resolution', dueAt: '2026-11-22T14:00:00.000Z', at: '2026-11-22T14:00:01.000Z' } }]);
  });
});
