import { Kysely, sql } from 'kysely';
import { Client } from 'pg';
import { EventStore, StoredEvent } from '@channel-ledger/event-store';
import { ReadDB, isDatabaseUnavailable } from '@channel-ledger/read-store';
import { Projection } from './projection';
import { SharedPages } from './shared-pages';

export interface RunnerOptions {
  store: EventStore;
  db: Kysely<ReadDB>;
  // For the advisory locks: one dedicated session holds them all, so they vanish with the process.
  connectionString: string;
  projections: Projection[];
  instanceId: string;
  // Events per batch and per page of the log: 2,000 by default (fewer transactions and statements per event;
  // BENCHMARKS.md has the measurements).
  batchSize?: number;
  // How often an idle owner looks for new events, and a non-owner for the lock.
  idleMs?: number;
  lockRetryMs?: number;
  log?: (line: string) => void;
}

// Advisory lock keys: a fixed class id and the projection name's hash.
const LOCK_CLASS = 0x50524a; // "PRJ"

class LostOwnership extends Error {}
// The checkpoint is not where this batch was read from: a rebuild switched the copy meanwhile. Read again.
class CheckpointMoved extends Error {}

// An error raised while the projection turned events into rows: the event is poison for this projection.
class ProjectionFailure extends Error {
  constructor(override readonly cause: unknown) {
    super((cause as Error)?.message ?? String(cause));
  }
}

// Lost connections, server restarts and a server out of resources (SQLSTATE class 53) are not the event's
// fault: retry, do not dead-letter.
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return isDatabaseUnavailable(error) || (typeof code === 'string' && code.startsWith('53'));
}

// Runs every projection in its own loop. Exactly one runner owns a projection at a time (a PostgreSQL session
// advisory lock: it is released when the owner's connection ends, so another runner takes over within
// lockRetryMs). A batch and its checkpoint are written in one transaction, and the checkpoint only moves from
// the position the batch was read after: if anyone else moved it meanwhile, the transaction rolls back.
export class ProjectionRunner {
  private lockClient: Client | undefined;
  private lockConnecting: Promise<Client> | undefined;
  // One query at a time on the lock session: pg does not run queries of one client concurrently.
  private lockQueue: Promise<unknown> = Promise.resolve();
  private readonly owned = new Set<string>();
  private stopped = false;
  private readonly stopping = new AbortController();
  // Where each projection's checkpoint stood at its last look: what an idle loop waits beyond.
  private readonly seen = new Map<string, string | null>();
  // Where each projection's last batch moved its checkpoint, for the batch right after it.
  private readonly applied = new Map<string, string>();
  private readonly failed = new Set<string>();
  private loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  // Pages of the log read once for all the projections of this runner.
  readonly pages: SharedPages;
  private get batchSize(): number {
    return this.options.batchSize ?? 2_000;
  }

  constructor(private readonly options: RunnerOptions) {
    // About 16,000 decoded events held at most, whatever the batch size (8 pages of the default 2,000).
    this.pages = new SharedPages(options.store, { capacity: Math.max(2, Math.ceil(16_000 / this.batchSize)) });
  }

  async start(): Promise<void> {
    for (const projection of this.options.projections) {
      await this.options.db
        .insertInto('projection_checkpoints')
        .values({ projection: projection.name, position: null, version: projection.version, error: null, owner: null })
        .onConflict((oc) => oc.column('projection').doNothing())
        .execute();
    }
    await this.rebuildChangedVersions();
    this.loops = this.options.projections.map((p) => this.loop(p));
  }

  // A projection whose code version differs from the one its rows were built with starts again from the
  // beginning of the log (in place; the lock makes sure only its owner does it).
  private async rebuildChangedVersions(): Promise<void> {
    const rows = await this.options.db.selectFrom('projection_checkpoints').select(['projection', 'version']).execute();
    for (const projection of this.options.projections) {
      const stored = rows.find((r) => r.projection === projection.name);
      if (!stored || stored.version === projection.version || !projection.reset) continue;
      if (!(await this.tryOwn(projection))) continue;
      await this.options.db.transaction().execute(async (trx) => {
        await projection.reset!(trx);
        await trx
          .updateTable('projection_checkpoints')
          .set({ position: null, version: projection.version, status: 'running', error: null, events_applied: '0', updated_at: sql`now()` })
          .where('projection', '=', projection.name)
          .execute();
      });
      this.log(`projection ${projection.name} moved from version ${stored.version} to ${projection.version}: rebuilding from the start of the log`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
    this.owned.clear();
    await this.lockClient?.end().catch(() => undefined);
    this.lockClient = undefined;
  }

  isOwner(projection: string): boolean {
    return this.owned.has(projection);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  // Several loops may ask at once: they share one connection attempt, so no session (and no lock) is orphaned.
  private locks(): Promise<Client> {
    if (this.lockClient) return Promise.resolve(this.lockClient);
    this.lockConnecting ??= this.connectLocks().finally(() => (this.lockConnecting = undefined));
    return this.lockConnecting;
  }

  private async connectLocks(): Promise<Client> {
    const client = new Client({ connectionString: this.options.connectionString, connectionTimeoutMillis: 5_000 });
    const lost = () => {
      // Without the session the locks are gone: stop applying at once; the checkpoint guard covers a batch in flight.
      if (this.lockClient === client) this.lockClient = undefined;
      if (this.owned.size > 0) this.log(`lost the lock session; giving up ${[...this.owned].join(', ')}`);
      this.owned.clear();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    this.lockClient = client;
    return client;
  }

  private async tryOwn(projection: Projection): Promise<boolean> {
    try {
      const client = await this.locks();
      const attempt = this.lockQueue.then(() =>
        client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [LOCK_CLASS, projection.name]),
      );
      this.lockQueue = attempt.catch(() => undefined);
      const { rows } = await attempt;
      if (rows[0]?.locked) {
        this.owned.add(projection.name);
        this.log(`${this.options.instanceId} owns projection ${projection.name}`);
        return true;
      }
    } catch {
      // The database is away: try again later.
    }
    return false;
  }

  // An idle loop waits for the log's notification of new events where the store has one (with a poll as a
  // floor, should notifications stop), otherwise it polls every idleMs.
  private idle(projection: Projection, idleMs: number): Promise<void> {
    const { store } = this.options;
    // A stopped projection has nothing to wait for in the log: it waits for a rebuild, at an easy pace.
    if (!store.waitForEvents || this.failed.has(projection.name)) return this.sleep(this.failed.has(projection.name) ? Math.max(idleMs, 500) : idleMs);
    return store.waitForEvents(this.seen.get(projection.name) ?? undefined, Math.max(idleMs, 250), this.stopping.signal);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private async loop(projection: Projection): Promise<void> {
    const idleMs = this.options.idleMs ?? 50;
    const lockRetryMs = this.options.lockRetryMs ?? 1_000;
    while (!this.stopped) {
      if (!this.owned.has(projection.name) && !(await this.tryOwn(projection))) {
        await this.sleep(lockRetryMs);
        continue;
      }
      try {
        const progressed = await this.step(projection);
        if (!progressed) await this.idle(projection, idleMs);
      } catch (error) {
        if (error instanceof CheckpointMoved) continue;
        if (!(error instanceof LostOwnership)) this.log(`projection ${projection.name}: ${(error as Error).message}; retrying`);
        await this.sleep(error instanceof LostOwnership ? lockRetryMs : 500);
      }
    }
  }

  // One batch. Returns whether anything was applied.
  private async step(projection: Projection): Promise<boolean> {
    const { db } = this.options;
    // Right after a batch of ours committed, the checkpoint is where that batch left it (if a rebuild's switch
    // moved it since, the next transaction finds out and backs out); otherwise it is read.
    const known = this.applied.get(projection.name);
    this.applied.delete(projection.name);
    const checkpoint =
      known !== undefined
        ? { position: known, status: 'running' }
        : await db.selectFrom('projection_checkpoints').select(['position', 'status']).where('projection', '=', projection.name).executeTakeFirstOrThrow();
    this.seen.set(projection.name, checkpoint.position);
    if (checkpoint.status === 'failed') {
      this.failed.add(projection.name);
      return false; // stays stopped until someone rebuilds or resets it
    }
    this.failed.delete(projection.name);
    const events = await this.pages.read(checkpoint.position ?? undefined, this.batchSize, projection.name);
    if (events.length === 0) return false;
    try {
      await this.applyInTransaction(projection, checkpoint.position, events);
      this.applied.set(projection.name, events[events.length - 1].position);
      return true;
    } catch (error) {
      if (!(error instanceof ProjectionFailure)) throw error;
      if (events.length === 1) {
        await this.deadLetter(projection, events[0], error.cause);
        return false;
      }
      // Find the event that fails: apply the batch one event per transaction up to it.
      let after = checkpoint.position;
      for (const event of events) {
        try {
          await this.applyInTransaction(projection, after, [event]);
          after = event.position;
        } catch (single) {
          if (!(single instanceof ProjectionFailure)) throw single;
          await this.deadLetter(projection, event, single.cause);
          return false;
        }
      }
      return true;
    }
  }

  private async applyInTransaction(projection: Projection, from: string | null, events: StoredEvent[]): Promise<void> {
    if (!this.owned.has(projection.name)) throw new LostOwnership();
    const last = events[events.length - 1].position;
    await this.options.db.transaction().execute(async (trx) => {
      // Lock the checkpoint row first, as a rebuild's switch does: both then queue on the same row, never on
      // each other's rows (no deadlock), and a batch read before a switch finds the checkpoint moved and backs out.
      const current = await trx.selectFrom('projection_checkpoints').select('position').where('projection', '=', projection.name).forUpdate().executeTakeFirst();
      if (!current || current.position !== from) throw new CheckpointMoved();
      try {
        await projection.apply(trx, events);
      } catch (error) {
        throw isTransient(error) ? error : new ProjectionFailure(error);
      }
      const moved = await trx
        .updateTable('projection_checkpoints')
        .set({
          position: last,
          owner: this.options.instanceId,
          updated_at: sql`now()`,
          events_applied: sql`events_applied + ${events.length}`,
        })
        .where('projection', '=', projection.name)
        .where(sql<boolean>`position is not distinct from ${from}`)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new LostOwnership();
    });
  }

  // A poison event is recorded with its error and the projection stops with a visible failed status: no silent
  // skip, no crash loop. The other projections keep running.
  private async deadLetter(projection: Projection, event: StoredEvent, error: unknown): Promise<void> {
    const message = (error as Error)?.message ?? String(error);
    await this.options.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('projection_dead_letters')
        .values({
          projection: projection.name,
          version: projection.version,
          position: event.position,
          event_id: event.id,
          stream_id: event.streamId,
          event_type: event.type,
          error: message.slice(0, 4000),
        })
        .execute();
      await trx.updateTable('projection_checkpoints').set({ status: 'failed', error: `${event.type} at ${event.position}: ${message}`.slice(0, 4000), updated_at: sql`now()` }).where('projection', '=', projection.name).execute();
    });
    this.log(`projection ${projection.name} FAILED on ${event.type} ${event.id} at ${event.position}: ${message}`);
  }
}
