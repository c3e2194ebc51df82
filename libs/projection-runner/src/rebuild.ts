import { randomBytes } from 'node:crypto';
import { Kysely, Transaction, sql } from 'kysely';
import { EventStore, Position, StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { ReadDB } from '@channel-ledger/read-store';
import { Projection } from './projection';

export interface RebuildProgress {
  phase: 'building' | 'switching';
  // Events applied to the new copy so far, and the events it has to apply (undefined when the log cannot count).
  done: number;
  total: number | undefined;
  position: Position | null;
}

export interface RebuildResult {
  projection: string;
  // Where the new copy stood when readers moved to it.
  position: Position | null;
  events: number;
  tables: { name: string; rows: number }[];
}

export class RebuildError extends Error {}

const BATCH = 1_000;
// The switch happens under the checkpoint's row lock; before taking it, the new copy gets this close to the live one.
const CLOSE_ENOUGH = BATCH;

// Builds a new copy of a projection's tables from the start of the log in a scratch schema, while the live copy
// keeps serving reads and keeps being updated by its runner. Once the new copy has caught up with the live
// checkpoint, one transaction moves readers to it: it locks the checkpoint row (the runner's batches queue behind
// it), applies the last few events to the new copy, replaces the live rows with the new ones and moves the
// checkpoint. Readers never wait and never see a mix: until that transaction commits they read the old rows,
// afterwards the new ones. A batch the runner read before the switch finds the checkpoint moved and reads again.
//
// A live copy that stopped on a poison event is rebuilt up to the head of the log and starts running again, if
// the projection now gets past that event; otherwise the rebuild fails and the live copy stays as it was.
export async function rebuildProjection(
  db: Kysely<ReadDB>,
  store: EventStore,
  projection: Projection,
  options: { onProgress?: (progress: RebuildProgress) => void | Promise<void>; batchSize?: number; signal?: AbortSignal } = {},
): Promise<RebuildResult> {
  const tables = projection.tables ?? [];
  if (tables.length === 0) throw new RebuildError(`projection ${projection.name} does not declare its tables`);
  const batchSize = options.batchSize ?? BATCH;
  const schema = `rebuild_${projection.name}_${randomBytes(4).toString('hex')}`;
  let rebuiltTo: Position | null = null;
  let done = 0;
  let total: number | undefined;

  // A failed live copy no longer moves: the new one goes as far as the log does.
  const target = async (): Promise<Position | null> => {
    const checkpoint = await db.selectFrom('projection_checkpoints').select(['position', 'status']).where('projection', '=', projection.name).executeTakeFirst();
    if (checkpoint?.status === 'failed') return (await store.headPosition()) ?? null;
    return checkpoint?.position ?? null;
  };
  const report = async (phase: RebuildProgress['phase']) => {
    if (total !== undefined && total < done) total = done;
    await options.onProgress?.({ phase, done, total, position: rebuiltTo });
  };
  const applyPage = async (trx: Transaction<ReadDB>, page: StoredEvent[]) => {
    // The projection writes unqualified table names: the scratch schema comes first on the search path.
    await sql`select set_config('search_path', ${`${schema}, public`}, true)`.execute(trx);
    try {
      await projection.apply(trx, page);
    } catch (error) {
      throw new RebuildError(`projection ${projection.name} failed on ${page.length === 1 ? `${page[0].type} at ${page[0].position}` : `a batch ending at ${page[page.length - 1].position}`}: ${(error as Error).message}`);
    }
    await sql`select set_config('search_path', 'public', true)`.execute(trx);
  };
  // Applies events after rebuiltTo up to `to` (inclusive) to the new copy, in batches of their own transactions
  // (or all inside `within`, for the last stretch under the lock).
  const catchUp = async (to: Position | null, within?: Transaction<ReadDB>) => {
    while (to !== null && (rebuiltTo === null || comparePositions(rebuiltTo, to) < 0)) {
      if (options.signal?.aborted) throw new RebuildError('stopped: the process is shutting down');
      const page = (await store.readAll({ after: rebuiltTo ?? undefined, limit: batchSize })).filter((e) => comparePositions(e.position, to) <= 0);
      if (page.length === 0) break;
      if (within) await applyPage(within, page);
      else await db.transaction().execute((trx) => applyPage(trx, page));
      rebuiltTo = page[page.length - 1].position;
      done += page.length;
      if (!within) await report('building');
    }
  };

  await sql`create schema ${sql.id(schema)}`.execute(db);
  try {
    for (const { name } of tables) await sql`create table ${sql.table(`${schema}.${name}`)} (like ${sql.table(`public.${name}`)} including all)`.execute(db);
    let to = await target();
    total = to === null ? 0 : await store.countEvents?.(to);
    await report('building');
    // Chase a live copy that keeps moving, outside the lock, a few rounds at most; the rest happens under it.
    for (let round = 0; round < 5; round++) {
      await catchUp(to);
      const next = await target();
      if (next === null || to === null || comparePositions(next, to) <= 0) break;
      // Still far behind a live copy that keeps moving: chase it outside the lock first.
      const gap = await store.countEvents?.(next);
      if (gap !== undefined && total !== undefined) total = gap;
      to = next;
      if (gap !== undefined && gap - done <= CLOSE_ENOUGH) break;
    }

    await report('switching');
    const counts = await db.transaction().execute(async (trx) => {
      const checkpoint = await trx.selectFrom('projection_checkpoints').select(['position', 'status']).where('projection', '=', projection.name).forUpdate().executeTakeFirst();
      const failed = checkpoint?.status === 'failed';
      const liveAt = checkpoint?.position ?? null;
      if (liveAt !== null && (rebuiltTo === null || comparePositions(rebuiltTo, liveAt) < 0)) {
        const before = done;
        await catchUp(liveAt, trx);
        if (total !== undefined) total += done - before;
      }
      if (failed) {
        // The live copy stopped; take the new one as far as the log goes now.
        const head = (await store.headPosition()) ?? null;
        const before = done;
        await catchUp(head, trx);
        if (total !== undefined) total += done - before;
      }
      if (liveAt !== null && rebuiltTo !== liveAt && !failed) throw new RebuildError(`the new copy of ${projection.name} stopped at ${rebuiltTo} but the live one is at ${liveAt}`);
      const rows: { name: string; rows: number }[] = [];
      for (const { name } of tables) {
        // DELETE, not TRUNCATE: readers keep reading the old rows until this commits, without waiting on a lock.
        await sql`delete from ${sql.table(`public.${name}`)}`.execute(trx);
        const inserted = await sql`insert into ${sql.table(`public.${name}`)} select * from ${sql.table(`${schema}.${name}`)}`.execute(trx);
        rows.push({ name, rows: Number(inserted.numAffectedRows ?? 0) });
      }
      await trx
        .insertInto('projection_checkpoints')
        .values({ projection: projection.name, position: rebuiltTo, version: projection.version, status: 'running', error: null, events_applied: String(done), owner: null })
        .onConflict((oc) =>
          oc.column('projection').doUpdateSet({ position: rebuiltTo, version: projection.version, status: 'running', error: null, events_applied: String(done), updated_at: sql`now()` }),
        )
        .execute();
      return rows;
    });
    total = done;
    return { projection: projection.name, position: rebuiltTo, events: done, tables: counts };
  } finally {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
  }
}
