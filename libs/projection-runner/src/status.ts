import { Kysely } from 'kysely';
import { EventStore } from '@channel-ledger/event-store';
import { ReadDB } from '@channel-ledger/read-store';

export interface ProjectionStatus {
  projection: string;
  version: number;
  status: 'running' | 'failed';
  position: string | null;
  owner: string | null;
  eventsApplied: number;
  // Events in the log after the checkpoint, counted up to `cap` (lagCapped says the count stopped there).
  lagEvents: number;
  lagCapped: boolean;
  // Age of the oldest event not applied yet; 0 when caught up.
  lagSeconds: number;
  error: string | null;
  // Events this projection could not apply (its current version), and the last of them: where, what and why.
  deadLetters: number;
  lastDeadLetter: { position: string; eventId: string; streamId: string; eventType: string; error: string; failedAt: string } | null;
  updatedAt: Date;
}

// Where each projection stands against the head of the log. Any process can ask: it reads the checkpoints and
// the log, not the runner's memory.
export async function projectionStatuses(db: Kysely<ReadDB>, store: EventStore, cap = 10_000, now = new Date()): Promise<ProjectionStatus[]> {
  const rows = await db.selectFrom('projection_checkpoints').selectAll().orderBy('projection').execute();
  const letters = await deadLetterSummary(db);
  const out: ProjectionStatus[] = [];
  for (const row of rows) {
    const behind = await store.readAll({ after: row.position ?? undefined, limit: cap });
    out.push({
      projection: row.projection,
      version: row.version,
      status: row.status,
      position: row.position,
      owner: row.owner,
      eventsApplied: Number(row.events_applied),
      lagEvents: behind.length,
      lagCapped: behind.length === cap,
      lagSeconds: behind.length === 0 ? 0 : Math.max(0, (now.getTime() - behind[0].recordedAt.getTime()) / 1000),
      error: row.error,
      deadLetters: letters.get(`${row.projection}:${row.version}`)?.count ?? 0,
      lastDeadLetter: letters.get(`${row.projection}:${row.version}`)?.last ?? null,
      updatedAt: row.updated_at,
    });
  }
  return out;
}

// Per projection and version: how many dead letters, and the newest one.
async function deadLetterSummary(db: Kysely<ReadDB>): Promise<Map<string, { count: number; last: ProjectionStatus['lastDeadLetter'] }>> {
  const rows = await db
    .selectFrom('projection_dead_letters as d')
    .select(['d.projection', 'd.version', 'd.position', 'd.event_id', 'd.stream_id', 'd.event_type', 'd.error', 'd.failed_at'])
    .select((eb) => eb.fn.countAll<string>().over((o) => o.partitionBy(['d.projection', 'd.version'])).as('count'))
    .distinctOn(['d.projection', 'd.version'])
    .orderBy('d.projection')
    .orderBy('d.version')
    .orderBy('d.id', 'desc')
    .execute();
  return new Map(
    rows.map((r) => [
      `${r.projection}:${r.version}`,
      { count: Number(r.count), last: { position: r.position, eventId: r.event_id, streamId: r.stream_id, eventType: r.event_type, error: r.error, failedAt: new Date(r.failed_at).toISOString() } },
    ]),
  );
}
