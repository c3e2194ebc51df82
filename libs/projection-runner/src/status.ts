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
  updatedAt: Date;
}

// Where each projection stands against the head of the log. Any process can ask: it reads the checkpoints and
// the log, not the runner's memory.
export async function projectionStatuses(db: Kysely<ReadDB>, store: EventStore, cap = 10_000, now = new Date()): Promise<ProjectionStatus[]> {
  const rows = await db.selectFrom('projection_checkpoints').selectAll().orderBy('projection').execute();
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
      updatedAt: row.updated_at,
    });
  }
  return out;
}
