import { Kysely, sql } from 'kysely';
import {
  DomainError,
  caseDecider,
  caseStream,
  programDecider,
  programStream,
  registrationDecider,
  registrationStream,
  fold,
  ProgramEvent,
  RegistrationCommand,
  CaseCommand,
} from '@channel-ledger/domain';
import { Platform } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { CommandContext, CommandRunner } from '@channel-ledger/application';

export const SWEEPS = ['expire-registrations', 'escalate-approvals', 'record-case-sla-breaches'] as const;
export type SweepName = (typeof SWEEPS)[number];

export interface SweepResult {
  sweep: SweepName;
  candidates: number;
  changed: number;
}

// Sweeps turn the passing of time into ordinary commands. Candidates come from the read models; every command is
// decided again against the log, so a stale candidate, a second run or a second process changes nothing more.
export async function runSweep(sweep: SweepName, platform: Platform, runId: string): Promise<SweepResult> {
  const db = platform.readDb as unknown as Kysely<ReadModelsDB>;
  const runner = new CommandRunner(platform.eventStore);
  const now = platform.clock.now();
  const ctx: CommandContext = {
    actor: { kind: 'enterprise', userId: `system:${sweep}`, roles: ['ops'] },
    role: 'ops',
    correlationId: `sweep:${sweep}:${runId}`,
    causationId: runId,
    idempotencyKey: undefined,
    expectedVersion: undefined,
    replay: undefined,
    now: now.toISOString(),
  };
  let changed = 0;
  const attempt = async (run: () => Promise<{ appended: boolean }>) => {
    try {
      if ((await run()).appended) changed += 1;
    } catch (error) {
      // Not (or no longer) due: the log knows better than the read model did.
      if (!(error instanceof DomainError)) throw error;
    }
  };

  if (sweep === 'expire-registrations') {
    const rows = await db.selectFrom('rm_registrations').select('registration_id').where('status', '=', 'Approved').where('protected_until', '<=', now).execute();
    for (const { registration_id: id } of rows) {
      await attempt(() => runner.runDetailed({ id, streamId: registrationStream(id), decider: registrationDecider, ctx, authorize: (state) => state, command: (): RegistrationCommand => ({ type: 'ExpireRegistration', now: ctx.now }) }));
    }
    return { sweep, candidates: rows.length, changed };
  }

  if (sweep === 'escalate-approvals') {
    // The shortest SLA a program may set is one hour; each program's own SLA is applied by the command.
    const rows = await db
      .selectFrom('rm_registrations')
      .select(['registration_id', 'program_id'])
      .where('status', 'in', ['Submitted', 'UnderReview', 'PendingApproval'])
      .where(sql<boolean>`submitted_at <= ${new Date(now.getTime() - 3_600_000)}`)
      .execute();
    const rules = new Map<string, Awaited<ReturnType<typeof programRules>>>();
    for (const { registration_id: id, program_id: programId } of rows) {
      if (!rules.has(programId)) rules.set(programId, await programRules(platform, programId));
      const programRule = rules.get(programId);
      if (!programRule) continue;
      await attempt(() =>
        runner.runDetailed({ id, streamId: registrationStream(id), decider: registrationDecider, ctx, authorize: (state) => state, command: (): RegistrationCommand => ({ type: 'EscalateApproval', context: { rules: programRule }, now: ctx.now }) }),
      );
    }
    return { sweep, candidates: rows.length, changed };
  }

  const rows = await db
    .selectFrom('rm_cases')
    .select('case_id')
    .where('status', 'not in', ['Resolved', 'Closed', 'OnHold'])
    .where(sql<boolean>`(first_responded_at is null and first_response_due_at < ${now}) or resolution_due_at < ${now}`)
    .execute();
  for (const { case_id: id } of rows) {
    await attempt(() => runner.runDetailed({ id, streamId: caseStream(id), decider: caseDecider, ctx, authorize: (state) => state, command: (): CaseCommand => ({ type: 'RecordSlaBreaches', now: ctx.now }) }));
  }
  return { sweep, candidates: rows.length, changed };
}

async function programRules(platform: Platform, programId: string) {
  const events = await platform.eventStore.readStream(programStream(programId));
  const program = fold(programDecider, events as unknown as ProgramEvent[]);
  return program.status === 'none' ? undefined : program.rules;
}
