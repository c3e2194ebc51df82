import { Kysely, sql } from 'kysely';
import { Client } from 'pg';
import { EventStore, StoredEvent } from '@channel-ledger/event-store';
import { ReadDB, executePrepared, isDatabaseUnavailable } from '@channel-ledger/read-store';
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
  // How long a page read right after one that ended at the head of the log waits, to take the events of the
  // commands arriving meanwhile with it (see DEBOUNCE_MS).
  debounceMs?: number;
  // Transactions a full page (a catch-up) is applied in side by side, the group's projections shared among them.
  catchUpLanes?: number;
}

// Small against the time a command takes to become visible (read-your-writes waits for it), large enough to
// gather the commands of a busy moment into one page (runner-cost.int.spec.ts measures both).
const DEBOUNCE_MS = 3;
// Three: on two cores, enough for PostgreSQL and Node to work at once; a full page's statements stay few.
const CATCH_UP_LANES = 3;

// Advisory lock keys: a fixed class id and the projection name's hash.
const LOCK_CLASS = 0x50524a; // "PRJ"

class LostOwnership extends Error {}

// An error raised while the projection turned events into rows: the event is poison for this projection.
class ProjectionFailure extends Error {
  constructor(override readonly cause: unknown) {
    super((cause as Error)?.message ?? String(cause));
  }
}

// Lost connections, server restarts, a server out of resources (SQLSTATE class 53) and a transaction chosen
// to break a deadlock or a serialization conflict (class 40) are not the event's fault: retry, do not dead-letter.
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return isDatabaseUnavailable(error) || (typeof code === 'string' && (code.startsWith('53') || code.startsWith('40')));
}

// What the runner knows of one projection it runs.
interface Member {
  projection: Projection;
  // Where its checkpoint stands, as this runner last wrote or read it; undefined: read it again (at start, after
  // an error, or when a rebuild's switch moved it).
  position: string | null | undefined;
  // In a page being applied, or waiting for the log.
  busy: boolean;
  // Stopped on a poison event: it stays stopped until a rebuild or reset sets it running again.
  failed: boolean;
  // When its status was last read: a failed one is looked at again every half second.
  checkedAt: number;
  // When its last page ended, and whether that page was short (the head of the log): what the debounce goes by.
  lastPageAt: number;
  atHead: boolean;
}

// Runs the projections together. Exactly one runner owns a projection at a time (a PostgreSQL session advisory
// lock per projection: it is released when the owner's connection ends, so another runner takes over within
// lockRetryMs). The projections this runner owns that stand at the same checkpoint form a group: one read of the
// page after it, and one transaction for the rows of every projection of the group and all their checkpoints.
// A checkpoint only moves from the position the page was read after: if anyone else moved it meanwhile (a
// rebuild's switch), that projection drops out of the group for the page and reads again.
export class ProjectionRunner {
  private lockClient: Client | undefined;
  private lockConnecting: Promise<Client> | undefined;
  // One query at a time on the lock session: pg does not run queries of one client concurrently.
  private lockQueue: Promise<unknown> = Promise.resolve();
  private readonly owned = new Set<string>();
  private stopped = false;
  private readonly stopping = new AbortController();
  private readonly members: Member[];
  private scheduler: Promise<void> | undefined;
  private readonly tasks = new Set<Promise<void>>();
  // Wakes the scheduler: a group's page is done, a timer is due, or the runner stops.
  private kick: (() => void) | undefined;
  // A page ended since the scheduler last looked: it looks again at once.
  private kicked = false;
  private readonly wakers = new Set<() => void>();
  // Pages of the log read once for all the projections of this runner.
  readonly pages: SharedPages;
  private get batchSize(): number {
    return this.options.batchSize ?? 2_000;
  }

  constructor(private readonly options: RunnerOptions) {
    // About 16,000 decoded events held at most, whatever the batch size (8 pages of the default 2,000).
    this.pages = new SharedPages(options.store, { capacity: Math.max(2, Math.ceil(16_000 / this.batchSize)) });
    // In name order: the order a group locks its checkpoint rows in.
    this.members = [...options.projections]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((projection) => ({ projection, position: undefined, busy: false, failed: false, checkedAt: 0, lastPageAt: 0, atHead: false }));
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
    this.scheduler = this.schedule();
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
    this.kick?.();
    for (const wake of this.wakers) wake();
    await this.scheduler;
    await Promise.all(this.tasks);
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

  // Several callers may ask at once: they share one connection attempt, so no session (and no lock) is orphaned.
  private locks(): Promise<Client> {
    if (this.lockClient) return Promise.resolve(this.lockClient);
    this.lockConnecting ??= this.connectLocks().finally(() => (this.lockConnecting = undefined));
    return this.lockConnecting;
  }

  private async connectLocks(): Promise<Client> {
    const client = new Client({ connectionString: this.options.connectionString, connectionTimeoutMillis: 5_000 });
    const lost = () => {
      // Without the session the locks are gone: stop applying at once; the checkpoint guard covers a page in flight.
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

  // Until a group's page is done, `ms` have passed, or the runner stops.
  private nap(ms: number): Promise<void> {
    if (this.kicked) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.kick === done) this.kick = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.kick = done;
    });
  }

  // The one loop: takes the locks of projections nobody owns, reads the checkpoints it does not know, and starts
  // a page for every group of idle projections at the same checkpoint. Groups at different checkpoints (one
  // catching up after a rebuild, say) run side by side; they merge once they stand at the same place.
  private async schedule(): Promise<void> {
    const idleMs = this.options.idleMs ?? 50;
    const lockRetryMs = this.options.lockRetryMs ?? 1_000;
    const failedMs = Math.max(idleMs, 500);
    let claimAt = 0;
    let retryAt = 0;
    while (!this.stopped) {
      this.kicked = false;
      const now = Date.now();
      if (now >= claimAt && this.members.some((m) => !this.owned.has(m.projection.name))) {
        for (const member of this.members) {
          if (this.stopped) break;
          if (!this.owned.has(member.projection.name) && (await this.tryOwn(member.projection))) member.position = undefined;
        }
        claimAt = Date.now() + lockRetryMs;
      }
      const free = this.members.filter((m) => !m.busy && this.owned.has(m.projection.name));
      const stale = free.filter((m) => m.position === undefined || (m.failed && Date.now() - m.checkedAt >= failedMs));
      if (stale.length > 0 && Date.now() >= retryAt) {
        try {
          await this.readCheckpoints(stale);
        } catch (error) {
          this.log(`projections ${stale.map((m) => m.projection.name).join(', ')}: ${(error as Error).message}; retrying`);
          retryAt = Date.now() + 500;
        }
      }
      const groups = new Map<string, Member[]>();
      for (const member of free) {
        if (member.failed || member.position === undefined || this.stopped) continue;
        const key = member.position ?? '';
        groups.set(key, [...(groups.get(key) ?? []), member]);
      }
      for (const group of groups.values()) this.run(group);
      if (this.stopped) break;
      // Wake for the next lock attempt, the next look at a failed projection, or a group done with its page.
      const due = [this.members.some((m) => !this.owned.has(m.projection.name)) ? claimAt : Infinity, retryAt > Date.now() ? retryAt : Infinity];
      if (this.members.some((m) => m.failed)) due.push(Date.now() + failedMs);
      await this.nap(Math.max(1, Math.min(Math.min(...due) - Date.now(), lockRetryMs)));
      // Groups done in the same moment (woken by the same notification) are looked at together, so they merge.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async readCheckpoints(members: Member[]): Promise<void> {
    const rows = await this.options.db
      .selectFrom('projection_checkpoints')
      .select(['projection', 'position', 'status'])
      .where('projection', 'in', members.map((m) => m.projection.name))
      .execute();
    const now = Date.now();
    for (const member of members) {
      const row = rows.find((r) => r.projection === member.projection.name);
      if (!row) continue;
      member.position = row.position;
      member.failed = row.status === 'failed';
      member.checkedAt = now;
    }
  }

  private run(group: Member[]): void {
    for (const member of group) member.busy = true;
    const task = this.page(group)
      .catch(async (error: unknown) => {
        for (const member of group) member.position = undefined;
        if (!(error instanceof LostOwnership)) this.log(`projections ${group.map((m) => m.projection.name).join(', ')}: ${(error as Error).message}; retrying`);
        await this.sleep(error instanceof LostOwnership ? (this.options.lockRetryMs ?? 1_000) : 500);
      })
      .finally(() => {
        for (const member of group) member.busy = false;
        this.tasks.delete(task);
        this.kicked = true;
        this.kick?.();
      });
    this.tasks.add(task);
  }

  // One page for a group at one checkpoint: applied, skipped, or (none yet) waited for.
  private async page(group: Member[]): Promise<void> {
    const from = group[0].position!;
    const idleMs = this.options.idleMs ?? 50;
    // Debounce: a page read right after the last one ended at the head of the log would hold an event or two
    // under load; waiting a moment gathers the events of the commands arriving meanwhile into the same page.
    // After a quiet spell nothing waits, so a lone command is projected at once.
    const debounceMs = this.options.debounceMs ?? DEBOUNCE_MS;
    const since = Date.now() - Math.max(...group.map((m) => m.lastPageAt));
    if (debounceMs > 0 && group.every((m) => m.atHead) && since < debounceMs) await this.sleep(debounceMs - since);
    if (this.stopped) return;
    const events = await this.pages.read(from ?? undefined, this.batchSize, group.map((m) => m.projection.name));
    if (events.length === 0) {
      const { store } = this.options;
      if (store.waitForEvents) await store.waitForEvents(from ?? undefined, Math.max(idleMs, 250), this.stopping.signal);
      else await this.sleep(idleMs);
      return;
    }
    // A full page: the log goes on after it. The next page is read while this one is applied (a full page is
    // kept for whoever reads it next), so reading and decoding the log overlaps with writing the rows.
    if (events.length === this.batchSize) this.pages.prefetch(events[events.length - 1].position, this.batchSize);
    // A full page is a catch-up: its statements are few against its rows, and the projections apply it side by
    // side in a few transactions of their own (PostgreSQL works on one while Node turns events into rows for
    // another). A short page (commands arriving) goes in one transaction for the whole group.
    const lanes = events.length === this.batchSize ? Math.min(group.length, this.options.catchUpLanes ?? CATCH_UP_LANES) : 1;
    const failures = new Map<Member, unknown>();
    // Every lane ends before the group goes on (or retries): no member has a transaction in flight after this.
    const parts = await Promise.allSettled(Array.from({ length: lanes }, (_, lane) => this.applyPage(group.filter((_m, i) => i % lanes === lane), from, events)));
    for (const part of parts) {
      if (part.status === 'rejected') throw part.reason;
      for (const [member, cause] of part.value) failures.set(member, cause);
    }
    const now = Date.now();
    for (const member of group) {
      member.lastPageAt = now;
      member.atHead = events.length < this.batchSize;
    }
    for (const [member, cause] of failures) await this.isolate(member, from, events, cause);
  }

  // Applies one page to the members, all at `from`. Those that handle none of its events only have their
  // checkpoint moved (one statement, no transaction). Otherwise one transaction first moves every member's
  // checkpoint in one statement (locking their rows in name order, before any row of a table, as a rebuild's switch
  // locks its one checkpoint row first), then lets each member that handles an event apply the page: BEGIN, that
  // UPDATE, COMMIT around the members' own statements, however many members there are.
  //
  // A member whose apply throws rolls the whole transaction back, and the page goes again to the others without it
  // (no savepoint per member: they would cost a statement per member and page, for the rare poison event).
  // Answers the members whose apply threw, with what they threw: none of their rows stays and their checkpoint
  // is where it was.
  private async applyPage(group: Member[], from: string | null, events: StoredEvent[]): Promise<Map<Member, unknown>> {
    let members = group.filter((m) => this.owned.has(m.projection.name));
    for (const member of group) if (!members.includes(member)) member.position = undefined;
    if (members.length === 0) throw new LostOwnership();
    const last = events[events.length - 1].position;
    const appliers = new Set(members.filter((m) => !m.projection.handles || events.some((e) => m.projection.handles!(e))));
    const failures = new Map<Member, unknown>();
    for (;;) {
      const applying = members.filter((m) => appliers.has(m));
      if (applying.length === 0) {
        this.moved(members, await this.moveCheckpoints(this.options.db, members, from, last, events.length), last);
        return failures;
      }
      const thrown: { member?: Member; cause?: unknown } = {};
      let moved: string[] = [];
      try {
        await this.options.db.transaction().execute(async (trx) => {
          // First the checkpoints, which locks their rows before any row of a table (as a rebuild's switch does).
          moved = await this.moveCheckpoints(trx, members, from, last, events.length);
          // One that did not move was moved by a rebuild's switch since the page was read: it reads again, alone.
          for (const member of members) if (!moved.includes(member.projection.name)) member.position = undefined;
          for (const member of applying) {
            if (!moved.includes(member.projection.name)) continue;
            try {
              await member.projection.apply(trx, events);
            } catch (error) {
              if (isTransient(error)) throw error;
              Object.assign(thrown, { member, cause: error });
              throw new ProjectionFailure(error);
            }
          }
        });
        this.moved(members, moved, last);
        return failures;
      } catch (error) {
        if (!(error instanceof ProjectionFailure) || !thrown.member) throw error;
        failures.set(thrown.member, thrown.cause);
        members = members.filter((m) => m !== thrown.member && m.position !== undefined);
        if (members.length === 0) return failures;
      }
    }
  }

  // Moves the members' checkpoints from `from` to `to` in one statement, only where they still stand at `from`
  // (a rebuild's switch may have moved one: it reads again), locking their rows in name order. Answers the ones it
  // moved. Outside a transaction it runs as a prepared statement.
  private async moveCheckpoints(db: Kysely<ReadDB>, members: Member[], from: string | null, to: string, count: number): Promise<string[]> {
    if (members.length === 0) return [];
    const query = sql<{ projection: string }>`
      update projection_checkpoints c set position = ${to}, owner = ${this.options.instanceId}, updated_at = now(),
        events_applied = c.events_applied + ${count}
      from (select projection from projection_checkpoints where projection = any(${members.map((m) => m.projection.name)}::text[])
        order by projection for update) locked
      where c.projection = locked.projection and c.position is not distinct from ${from}
      returning c.projection`.compile(db);
    const moved = db.isTransaction ? (await db.executeQuery(query)).rows : await executePrepared(db, query);
    return moved.map((r) => r.projection);
  }

  // Once the checkpoints moved (committed): where the members stand now; one that did not move reads again.
  private moved(members: Member[], moved: string[], to: string): void {
    for (const member of members) member.position = moved.includes(member.projection.name) ? to : undefined;
  }

  // A member whose apply threw on a page: apply it alone, one event per transaction, up to the event that throws,
  // which is dead-lettered.
  private async isolate(member: Member, from: string | null, events: StoredEvent[], cause: unknown): Promise<void> {
    if (events.length === 1) {
      await this.deadLetter(member, events[0], cause);
      return;
    }
    let after = from;
    for (const event of events) {
      if (this.stopped) return;
      const failures = await this.applyPage([member], after, [event]);
      const failed = failures.get(member);
      if (failures.has(member)) {
        await this.deadLetter(member, event, failed);
        return;
      }
      if (member.position !== event.position) return; // moved by someone else: read again
      after = event.position;
    }
  }

  // A poison event is recorded with its error and the projection stops with a visible failed status: no silent
  // skip, no crash loop. The other projections keep running.
  private async deadLetter(member: Member, event: StoredEvent, error: unknown): Promise<void> {
    const { projection } = member;
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
    member.failed = true;
    member.checkedAt = Date.now();
    this.log(`projection ${projection.name} FAILED on ${event.type} ${event.id} at ${event.position}: ${message}`);
  }
}
