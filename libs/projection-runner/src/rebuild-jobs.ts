import { randomUUID } from 'node:crypto';
import { Kysely, Selectable, sql } from 'kysely';
import { EventStore } from '@channel-ledger/event-store';
import { ProjectionRebuildsTable, ReadDB } from '@channel-ledger/read-store';
import { Projection } from './projection';
import { RebuildProgress, RebuildResult, rebuildProjection } from './rebuild';

export type RebuildRow = Selectable<ProjectionRebuildsTable>;

export interface RebuildView {
  id: string;
  projection: string;
  status: RebuildRow['status'];
  phase: RebuildRow['phase'];
  requestedBy: string;
  runner: string | null;
  eventsDone: number;
  eventsTotal: number | null;
  percent: number | null;
  eventsPerSecond: number | null;
  etaSeconds: number | null;
  position: string | null;
  error: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export class RebuildInProgress extends Error {
  constructor(readonly existing: RebuildRow) {
    super(`projection ${existing.projection} is already being rebuilt (rebuild ${existing.id}, ${existing.status})`);
  }
}

// A running rebuild writes its progress at least this often; one silent for longer was left by a dead process.
const HEARTBEAT_MS = 1_000;
export const STALE_AFTER_MS = 60_000;

export function rebuildView(row: RebuildRow, now = new Date()): RebuildView {
  const done = Number(row.events_done);
  const total = row.events_total === null ? null : Math.max(Number(row.events_total), done);
  const end = row.finished_at ?? (row.status === 'running' ? now : row.updated_at);
  const seconds = row.started_at ? (end.getTime() - row.started_at.getTime()) / 1000 : 0;
  const rate = row.started_at && seconds > 0 ? done / seconds : null;
  const remaining = total === null ? null : total - done;
  return {
    id: row.id,
    projection: row.projection,
    status: row.status,
    phase: row.phase,
    requestedBy: row.requested_by,
    runner: row.runner,
    eventsDone: done,
    eventsTotal: total,
    percent: row.status === 'done' ? 100 : total === null || total === 0 ? null : Math.floor((done / total) * 1000) / 10,
    eventsPerSecond: rate === null ? null : Math.round(rate),
    etaSeconds: row.status !== 'running' || remaining === null || !rate ? null : Math.ceil(remaining / rate),
    position: row.position,
    error: row.error,
    requestedAt: row.requested_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

// Records that a rebuild was asked for. At most one per projection is queued or running at a time.
export async function requestRebuild(db: Kysely<ReadDB>, projection: string, requestedBy: string): Promise<RebuildRow> {
  const id = randomUUID();
  try {
    return await db.insertInto('projection_rebuilds').values({ id, projection, status: 'queued', phase: null, requested_by: requestedBy, runner: null, events_total: null, position: null, error: null, started_at: null, finished_at: null }).returningAll().executeTakeFirstOrThrow();
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    const existing = await activeRebuild(db, projection);
    // A rebuild left "running" by a process that died is given up, so a new one can start.
    if (existing && existing.status === 'running' && Date.now() - existing.updated_at.getTime() > STALE_AFTER_MS) {
      await db.updateTable('projection_rebuilds').set({ status: 'failed', error: 'abandoned: its process stopped reporting', finished_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', existing.id).where('status', '=', 'running').execute();
      return requestRebuild(db, projection, requestedBy);
    }
    if (existing) throw new RebuildInProgress(existing);
    return requestRebuild(db, projection, requestedBy);
  }
}

// A requested rebuild that could not be handed to a runner (the job queue was down) is given up at once, so it
// does not block the next request for its projection.
export function abandonQueuedRebuild(db: Kysely<ReadDB>, id: string, reason: string): Promise<void> {
  return finish(db, id, { status: 'failed', error: reason.slice(0, 4000) });
}

export function activeRebuild(db: Kysely<ReadDB>, projection: string): Promise<RebuildRow | undefined> {
  return db.selectFrom('projection_rebuilds').selectAll().where('projection', '=', projection).where('status', 'in', ['queued', 'running']).executeTakeFirst();
}

export function findRebuild(db: Kysely<ReadDB>, id: string): Promise<RebuildRow | undefined> {
  return db.selectFrom('projection_rebuilds').selectAll().where('id', '=', id).executeTakeFirst();
}

// The newest rebuild of each projection.
export async function latestRebuilds(db: Kysely<ReadDB>): Promise<Map<string, RebuildRow>> {
  const rows = await db.selectFrom('projection_rebuilds').selectAll().distinctOn('projection').orderBy('projection').orderBy('requested_at', 'desc').execute();
  return new Map(rows.map((r) => [r.projection, r]));
}

// Runs a requested rebuild and records its progress and its end. Returns undefined when another process has
// already claimed it (a job delivered twice runs once).
export async function runRebuildJob(
  db: Kysely<ReadDB>,
  store: EventStore,
  projections: Projection[],
  id: string,
  runner: string,
  options: { signal?: AbortSignal; onProgress?: (progress: RebuildProgress) => void; batchSize?: number } = {},
): Promise<RebuildResult | undefined> {
  const claimed = await db
    .updateTable('projection_rebuilds')
    .set({ status: 'running', phase: 'building', runner, started_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return undefined;
  const projection = projections.find((p) => p.name === claimed.projection);
  if (!projection) {
    await finish(db, id, { status: 'failed', error: `no projection named ${claimed.projection}` });
    return undefined;
  }
  let lastWrite = 0;
  try {
    const result = await rebuildProjection(db, store, projection, {
      signal: options.signal,
      batchSize: options.batchSize,
      onProgress: async (progress) => {
        options.onProgress?.(progress);
        if (progress.phase === 'building' && Date.now() - lastWrite < HEARTBEAT_MS / 2) return;
        lastWrite = Date.now();
        await db
          .updateTable('projection_rebuilds')
          .set({ phase: progress.phase, events_done: String(progress.done), events_total: progress.total === undefined ? null : String(progress.total), position: progress.position, updated_at: sql`now()` })
          .where('id', '=', id)
          .execute();
      },
    });
    await finish(db, id, { status: 'done', events_done: String(result.events), events_total: String(result.events), position: result.position });
    return result;
  } catch (error) {
    await finish(db, id, { status: 'failed', error: (error as Error).message.slice(0, 4000) });
    throw error;
  }
}

async function finish(db: Kysely<ReadDB>, id: string, values: Partial<Pick<RebuildRow, 'status' | 'error' | 'events_done' | 'events_total' | 'position'>>): Promise<void> {
  await db
    .updateTable('projection_rebuilds')
    .set({ ...values, phase: null, finished_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
