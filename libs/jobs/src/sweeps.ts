import { Kysely, sql } from 'kysely';
import { AWAITING_DECISION, CLOSED_CASE_STATUSES, DomainError, caseDecider, caseStream, CaseCommand } from '@channel-ledger/domain';
import { Platform } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { AggregateReader, CommandContext, CommandResult, CommandRunner, CustomerClaims, PartnerDirectory, RunOptions } from '@channel-ledger/application';
import {
  EscalateApproval,
  EscalateApprovalHandler,
  ExpireRegistration,
  ExpireRegistrationHandler,
  RegistrationRules,
} from '@channel-ledger/application/deal-registrations';

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
  const runner = new CountingRunner(platform.eventStore);
  // The same handlers the API dispatches; this process has no container, so they are built here.
  const rules = new RegistrationRules(runner, new AggregateReader(platform.eventStore), new PartnerDirectory(platform.eventStore), new CustomerClaims(platform.eventStore));
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
    const expire = new ExpireRegistrationHandler(rules);
    const rows = await db.selectFrom('rm_registrations').select('registration_id').where('status', '=', 'Approved').where('protected_until', '<=', now).execute();
    for (const { registration_id: id } of rows) {
      await attempt(() => runner.counting(() => expire.execute(new ExpireRegistration(id, ctx))));
    }
    return { sweep, candidates: rows.length, changed };
  }

  if (sweep === 'escalate-approvals') {
    // The shortest SLA a program may set is one hour.
    const rows = await db
      .selectFrom('rm_registrations')
      .select('registration_id')
      .where('status', 'in', AWAITING_DECISION)
      .where(sql<boolean>`submitted_at <= ${new Date(now.getTime() - 3_600_000)}`)
      .execute();
    // Each program's own SLA is applied by the command.
    const escalate = new EscalateApprovalHandler(runner, rules);
    for (const { registration_id: id } of rows) {
      await attempt(() => runner.counting(() => escalate.execute(new EscalateApproval(id, ctx))));
    }
    return { sweep, candidates: rows.length, changed };
  }

  const rows = await db
    .selectFrom('rm_cases')
    .select('case_id')
    .where('status', 'not in', [...CLOSED_CASE_STATUSES, 'OnHold'])
    .where(sql<boolean>`(first_responded_at is null and first_response_due_at < ${now}) or resolution_due_at < ${now}`)
    .execute();
  for (const { case_id: id } of rows) {
    await attempt(() => runner.runDetailed({ id, streamId: caseStream(id), decider: caseDecider, ctx, authorize: (state) => state, command: (): CaseCommand => ({ type: 'RecordSlaBreaches', now: ctx.now }) }));
  }
  return { sweep, candidates: rows.length, changed };
}

// A runner that also tells whether the command it ran appended anything (decide may find nothing to do).
class CountingRunner extends CommandRunner {
  private appended = false;

  override async run<Command, Event extends { type: string; data: unknown }, State, Visible = State>(options: RunOptions<Command, Event, State, Visible>): Promise<CommandResult> {
    const { result, appended } = await this.runDetailed(options);
    this.appended = appended;
    return result;
  }

  async counting(run: () => Promise<CommandResult>): Promise<{ appended: boolean }> {
    this.appended = false;
    await run();
    return { appended: this.appended };
  }
}
