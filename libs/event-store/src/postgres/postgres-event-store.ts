import { Kysely, PostgresDialect, RawBuilder, sql, Transaction } from 'kysely';
import { Client, Pool, PoolConfig } from 'pg';
import { AppendResult, StreamAppend, ConcurrencyError, DuplicateEventIdError, EventStore, EventStoreUnavailableError, ExpectedRevision, NewEvent, Position, ReadAllOptions, ReadStreamOptions, DomainEvent, Recorded, StoredEvent, SubscribeOptions, Subscription, comparePositions, decodePosition, encodePosition } from '../event-store.port';
import { InvalidAppendError, validateAppend } from '../validate-append';
import { IntegrityKeys, chainEvents, integrityOf } from '../integrity';
import { PollingSubscription } from '../polling-subscription';
import { migrateEventStore } from './migrations';

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: StoredEvent['metadata'];
  recorded_at: Date;
}

export interface PostgresEventStoreOptions {
  connectionString: string;
  schema?: string;
  poolSize?: number;
  // Runs the event store migrations on connect (the embedded default and tests do; `prm migrate` otherwise).
  migrate?: boolean;
  // Fallback wake-up for subscribers when no notification arrives (a lost LISTEN connection, say).
  pollIntervalMs?: number;
  // Fault injection for tests: runs inside the append transaction just before it commits, so a test can hold
  // transactions open and make them commit out of order.
  beforeCommit?: (streamId: string) => Promise<void>;
  // The key new events are chained with (kept outside the database); without it the chain is unkeyed and audit
  // verification reports it as such.
  integrityKeys?: IntegrityKeys;
}

const UNIQUE_VIOLATION = '23505';
const DEADLOCK = '40P01';
// Raised by the schema's refuse_append(): an append to several streams found one of them moved.
const APPEND_REFUSED = 'CLA01';
// Stream tails kept for appends without a read (about 100 bytes each).
const TAILS_KEPT = 50_000;
// An event's recorded time in whole milliseconds, rounded up (times written before it was hashed have microseconds).
const recordedMs = sql`(ceil(extract(epoch from e.recorded_at) * 1000))::bigint::text`;
const PENDING_COUNT_LIMIT = 10_000;

// The last event of a stream as this process last read or wrote it: what the next append chains from.
interface Tail {
  revision: number;
  hash: string | null;
  // Its recorded time in whole milliseconds, rounded up as it is hashed.
  ms: number;
}

export interface HorizonStatus {
  // The log's horizon (an xid8): readers see the events of transactions below it.
  horizon: string;
  // Committed events at or above the horizon, waiting for the blocker to end (counted up to 10,000).
  pendingEvents: number;
  // Transactions open in other databases of the server, below the horizon and ignored by readers.
  otherDatabaseTransactions: number;
  // The transaction at the horizon, if one is open; pid and database are null when the server does not show them.
  // One that got its xid after the last commit on the server is not in the snapshot yet, and holds nothing back yet.
  blocker?: {
    xid: string;
    pid: number | null;
    database: string | null;
    state: string | null;
    preparedAs: string | null;
    ageSeconds: number;
  };
}

// Transaction ids (xid8) of transactions in progress that belong, positively, to another database of the server:
// a backend is bound to one database for its life and a prepared transaction keeps the database it ran in, so
// neither can ever insert into this database's events. Listed only when its database is known and is not ours: a
// backend without one (autovacuum launcher, some background workers), one that does not show its transaction, or a
// prepared transaction of this database is never listed. pg_stat_activity and pg_prepared_xacts give 32-bit xids;
// they are compared on the low 32 bits of the snapshot's xid8s, which identify a transaction among those in
// progress (they are always within 2^31 of each other).
const OTHER_DATABASE_XIDS = sql`array(
  select a.backend_xid::text::bigint from pg_stat_get_activity(null) a
  where a.backend_xid is not null and a.datid <> (select oid from pg_database where datname = current_database())
  union all
  select p.transaction::text::bigint from pg_prepared_xacts p where p.database <> current_database())`;

// The log's horizon: a reader sees the events of transactions below it, and nothing below it can still change.
// S is the statement's snapshot, the one its rows are read with. Every transaction below xmax(S) that is not in
// xip(S) had ended when S was taken, so its events are in S or never will be; a transaction with no xid yet gets
// one at or above xmax(S). So the rows below min(xmax(S), the lowest xid in xip(S) that may write here) are final.
// Waiting for the server-wide xmin(S) instead would let a transaction left open in another database hold every
// reader back.
// The activity and prepared lists are read after S (S is taken when the statement starts, the lists while it
// runs), and a slot reused in between belongs to a transaction that got its xid after S, so an xid of xip(S) is
// never attributed to a database it did not run in. The activity list is cached for the rest of a transaction once
// read, so this holds only for a statement that is the first of its transaction to read it: every read here is an
// autocommit statement of its own.
// Whatever the lists miss stays a blocker, among them another database's transaction that ended between S and the
// lists: that one read waits for it, so the horizon can step back from one read to the next. That skips nothing:
// everything below any horizon a reader used was final when it was used.
// On a primary xmin(S) is the lowest xid of xip(S), or xmax(S) when nothing is in progress (and then the lists are
// not read at all); a snapshot whose xip does not account for its xmin (a hot standby's lists nothing there) falls
// back to xmin(S).
// `floor` is a horizon this process already read below: what was final then is final for good (a new transaction
// gets an xid above every horizon ever computed), so it is a safe lower bound, and with it the horizon one process
// reads never steps back. Without it, a read whose lists missed a transaction of another database that ended in
// between would answer fewer events than the read before it.
export function horizonOf(snapshot: RawBuilder<unknown>, floor = 0n): RawBuilder<unknown> {
  return sql`horizon as materialized (
  select greatest(case
    when (select min(x) from pg_snapshot_xip(snap.s) x) is distinct from pg_snapshot_xmin(snap.s) then pg_snapshot_xmin(snap.s)
    else coalesce(
      (select min(x) from pg_snapshot_xip(snap.s) x where x::text::bigint % 4294967296 <> all (${OTHER_DATABASE_XIDS})),
      pg_snapshot_xmax(snap.s))
  end, ${floor.toString()}::xid8) as h
  from (select ${snapshot} as s) snap
)`;
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private blockerSeen: { xid: string; since: number } | undefined;
  private readonly events: ReturnType<typeof sql.table>;
  // The highest horizon known to this process: every event seen was below the horizon of its read.
  private horizonFloor = 0n;
  private readonly streams: ReturnType<typeof sql.table>;
  private readonly channel: string;
  private readonly notifier: Notifier;
  private readonly tails = new Map<string, Tail>();

  private constructor(
    private readonly db: Kysely<unknown>,
    private readonly pool: Pool,
    private readonly options: Required<Pick<PostgresEventStoreOptions, 'schema' | 'pollIntervalMs'>> & PostgresEventStoreOptions,
  ) {
    this.events = sql.table(`${options.schema}.events`);
    this.streams = sql.table(`${options.schema}.streams`);
    this.channel = `${options.schema}_events`;
    this.notifier = new Notifier(options.connectionString, this.channel);
  }

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'event_store';
    const poolConfig: PoolConfig = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      // Readers wait for the oldest open transaction of this database, so an append transaction must never linger.
      options: '-c idle_in_transaction_session_timeout=10000',
    };
    const pool = new Pool(poolConfig);
    // Errors of a lost server reach the queries; without a listener on each client, one checked out between two
    // statements would crash the process instead.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    const store = new PostgresEventStore(db, pool, { ...options, schema, pollIntervalMs: options.pollIntervalMs ?? 1_000 });
    try {
      await store.ping();
      if (options.migrate) await migrateEventStore(db, schema);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return store;
  }

  async append(streamId: string, events: NewEvent[], { expectedRevision }: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    try {
      const [result] = await this.write([{ streamId, events, expectedRevision }]);
      return result;
    } catch (error) {
      // A repeat of an append that already happened fails one of two ways: its expected revision is stale, or
      // (with any/exists) its event ids collide. Either way, answer with the first append's result.
      if (error instanceof ConcurrencyError || isUniqueViolation(error, 'events_event_id_key')) {
        const earlier = await this.findEarlierAppend(streamId, events.map((e) => e.id));
        if (earlier) return earlier;
      }
      if (isUniqueViolation(error, 'events_stream_revision_key') || isUniqueViolation(error, 'streams_pkey')) {
        throw new ConcurrencyError(streamId, expectedRevision, await this.currentRevision(streamId));
      }
      throw error;
    }
  }

  // Several streams, all or none, in one statement when each append's place in its stream is known (see write).
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    for (const a of appends) validateAppend(a.streamId, a.events, a.expectedRevision);
    if (new Set(appends.map((a) => a.streamId)).size !== appends.length) throw new InvalidAppendError('each stream may appear once in one appendMany');
    if (appends.length === 0) return [];
    try {
      return await this.write(appends);
    } catch (error) {
      if (isUniqueViolation(error, 'events_stream_revision_key') || isUniqueViolation(error, 'streams_pkey') || (error as { code?: string })?.code === DEADLOCK) {
        const first = appends[0];
        throw new ConcurrencyError(first.streamId, first.expectedRevision, await this.currentRevision(first.streamId));
      }
      throw error;
    }
  }

  // One statement, on its own (autocommit), when every append's previous event is known without reading it: a new
  // stream (no_stream), or a revision this process has just read or written (the stream's tail). That statement
  // checks each expected revision, writes the events with their hash chain and announces them. Otherwise (any,
  // exists, a revision not seen here) a transaction locks each stream row and reads the previous event first.
  private async write(appends: StreamAppend[]): Promise<AppendResult[]> {
    // Taken now: another append may move a tail while this one waits for a connection.
    const tails = appends.map((a) => (a.expectedRevision === 'no_stream' ? null : this.tails.get(a.streamId)));
    const known = appends.every((a, i) => a.expectedRevision === 'no_stream' || (tails[i] !== undefined && tails[i]!.revision === a.expectedRevision));
    let results: { result: AppendResult; tail: Tail }[];
    if (known && !this.options.beforeCommit) {
      results = await this.writeKnown(this.db, appends, tails as (Tail | null)[]);
    } else {
      results = await this.db.transaction().execute(async (trx) => {
        const written = known ? await this.writeKnown(trx, appends, tails as (Tail | null)[]) : [];
        if (!known) for (const a of appends) written.push(await this.appendInTransaction(trx, a.streamId, a.events, a.expectedRevision));
        await this.options.beforeCommit?.(appends[0].streamId);
        return written;
      });
    }
    for (const [i, { tail }] of results.entries()) this.rememberTail(appends[i].streamId, tail);
    return results.map((r) => r.result);
  }

  // Each append's tail: null for a new stream, else the stream's last event at the expected revision.
  private async writeKnown(db: Kysely<unknown>, appends: StreamAppend[], tails: (Tail | null)[]): Promise<{ result: AppendResult; tail: Tail }[]> {
    const now = Date.now();
    const planned = appends.map((a, i) => {
      const n = a.events.length;
      const tail = tails[i];
      const first = tail ? tail.revision + 1 : 0;
      // Never behind the stream's previous event (another process's clock may be behind): see appendInTransaction.
      const recordedAt = new Date(Math.max(now, tail?.ms ?? 0));
      const chained = chainEvents(this.options.integrityKeys, tail?.hash ?? null, a.streamId, first, a.events, recordedAt);
      const lock = tail
        ? sql`update ${this.streams} set revision = revision + ${n} where stream_id = ${a.streamId} and revision = ${tail.revision} returning stream_id`
        : sql`insert into ${this.streams} (stream_id, revision) values (${a.streamId}, ${n - 1}) on conflict (stream_id) do nothing returning stream_id`;
      return { a, n, first, recordedAt, chained, lock };
    });
    const values = planned.flatMap(({ a, first, recordedAt, chained }) =>
      chained.map(
        (e, i) =>
          sql`(${a.streamId}, ${first + i}::bigint, ${e.id}::uuid, ${e.type}, ${JSON.stringify(e.data)}::jsonb, ${JSON.stringify(e.metadata)}::jsonb, ${recordedAt.toISOString()}::timestamptz)`,
      ),
    );
    // Every stream row is locked and checked by its own sub-statement; the events go in only if all of them
    // matched. With one stream a miss changes nothing; with several, the ones that did match have moved their
    // revision, so the statement refuses itself (a raised error undoes all of it).
    const locks = planned.map((p, i) => sql`${sql.raw(`lock_${i}`)} as (${p.lock})`);
    const locked = sql.join(planned.map((_, i) => sql`(select count(*) from ${sql.raw(`lock_${i}`)})`), sql` + `);
    const allMatched = planned.length === 1 ? sql`(select ok from matched)` : sql`case when (select ok from matched) then true else ${sql.table(`${this.options.schema}.refuse_append`)}() end`;
    const { rows } = await sql<{ stream_id: string; transaction_id: string; global_position: string }>`
      with ${sql.join(locks)},
      matched as (select ${locked} = ${planned.length} as ok),
      inserted as (
        insert into ${this.events} (stream_id, stream_revision, event_id, event_type, data, metadata, recorded_at)
        select * from (values ${sql.join(values)}) v where ${allMatched}
        returning stream_id, transaction_id, global_position
      )
      select t.stream_id, t.transaction_id::text, t.global_position,
        pg_notify(${this.channel}, lpad(t.transaction_id::text, 20, '0') || '-' || lpad(t.global_position::text, 20, '0'))
      from (select distinct on (stream_id) * from inserted order by stream_id, global_position desc) t`.execute(db).catch((error: unknown) => {
      if ((error as { code?: string })?.code !== APPEND_REFUSED) throw error;
      return { rows: [] };
    });
    if (rows.length === 0) {
      const missed = planned[0].a;
      throw new ConcurrencyError(missed.streamId, missed.expectedRevision, await this.currentRevision(missed.streamId, db));
    }
    const byStream = new Map(rows.map((r) => [r.stream_id, r]));
    return planned.map(({ a, n, first, recordedAt, chained }) => {
      const row = byStream.get(a.streamId)!;
      const hash = integrityOf(chained[n - 1])?.hash ?? null;
      return {
        result: { streamId: a.streamId, nextExpectedRevision: first + n - 1, position: encodePosition(BigInt(row.transaction_id), BigInt(row.global_position)) },
        tail: { revision: first + n - 1, hash, ms: recordedAt.getTime() },
      };
    });
  }

  // What an append to the stream at this revision chains from, kept from the last read or write of it here. Events
  // never change, so an entry stays true for its revision; the append's own revision check decides whether the
  // stream is still there.
  private rememberTail(streamId: string, tail: Tail): void {
    const known = this.tails.get(streamId);
    if (known && known.revision > tail.revision) return;
    this.tails.delete(streamId);
    this.tails.set(streamId, tail);
    if (this.tails.size > TAILS_KEPT) this.tails.delete(this.tails.keys().next().value!);
  }

  // The tail of a stream as read: only a row of the shape every writer gives it (a hash that is a string, or none
  // for events written before hashes); anything else is left to the transaction, which chains from what the
  // database holds.
  private rememberReadTail(event: StoredEvent, recordedMs: string): void {
    const metadata = event.metadata as unknown;
    if (typeof metadata !== 'object' || metadata === null) return;
    const integrity = (metadata as { integrity?: unknown }).integrity;
    const hash = integrity === undefined ? null : integrityOf(event)?.hash;
    if (hash === undefined) return;
    this.rememberTail(event.streamId, { revision: event.revision, hash, ms: Number(recordedMs) });
  }

  // Two statements inside the transaction: lock the stream row (checking the revision) and read the previous
  // event's hash in one, insert the events and announce them in the other. A first append is one statement.
  private async appendInTransaction(
    trx: Transaction<unknown>,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<{ result: AppendResult; tail: Tail }> {
    const n = events.length;
    if (expected === 'no_stream') return (await this.writeKnown(trx, [{ streamId, events, expectedRevision: expected }], [null]))[0];
    // Each branch locks the stream row and checks the revision atomically; a loser that waited on the lock
    // re-evaluates the condition against the winner's row and updates nothing. The previous event comes back with
    // it: `previous` is null when the statement's snapshot does not hold that event, an array (of the hash, or
    // of null for an event written before hashes, and its recorded time in milliseconds) when it does.
    const previousOf = sql`(
      select array[e.metadata->'integrity'->>'hash', ${recordedMs}] from ${this.events} e
      where e.stream_id = ${streamId} and e.stream_revision = ${this.streams}.revision - ${n})`;
    const lock =
      expected === 'any'
        ? sql`insert into ${this.streams} (stream_id, revision) values (${streamId}, ${n - 1})
              on conflict (stream_id) do update set revision = ${this.streams}.revision + ${n}`
        : expected === 'exists'
          ? sql`update ${this.streams} set revision = revision + ${n} where stream_id = ${streamId}`
          : sql`update ${this.streams} set revision = revision + ${n} where stream_id = ${streamId} and revision = ${expected}`;
    const last = (await sql<{ revision: string; previous: (string | null)[] | null }>`${lock} returning revision, ${previousOf} as previous`.execute(trx)).rows[0];
    if (!last) throw new ConcurrencyError(streamId, expected, await this.currentRevision(streamId, trx));

    const first = Number(last.revision) - n + 1;
    let [previous = null, previousMs = null] = last.previous ?? [];
    // A writer that waited for the lock (with any or exists) runs on a snapshot taken before the winner
    // committed, so the event it now follows is not in it; the lock is held, a fresh read sees it.
    if (first > 0 && last.previous === null) {
      const fresh = (
        await sql<{ hash: string | null; ms: string | null }>`
          select metadata->'integrity'->>'hash' as hash, ${recordedMs} as ms from ${this.events} e
          where stream_id = ${streamId} and stream_revision = ${first - 1}`.execute(trx)
      ).rows[0];
      [previous, previousMs] = [fresh?.hash ?? null, fresh?.ms ?? null];
    }
    // The recorded time is hashed, so it is chosen here rather than by the column's default; it never goes back
    // behind the stream's previous event (another process's clock may be behind), so an as-of read of a stream is
    // always a prefix of it.
    const recordedAt = new Date(Math.max(Date.now(), Number(previousMs ?? 0)));
    const chained = chainEvents(this.options.integrityKeys, previous, streamId, first, events, recordedAt);
    const row = await this.insertEvents(trx, streamId, chained, first, recordedAt);
    return {
      result: { streamId, nextExpectedRevision: first + n - 1, position: row!.position },
      tail: { revision: first + n - 1, hash: integrityOf(chained[n - 1])?.hash ?? null, ms: recordedAt.getTime() },
    };
  }

  // Inserts the events and announces the last one's position on the log's channel, in one statement (a NOTIFY
  // is delivered at commit only, so a woken subscriber never looks for an event that was rolled back). The payload
  // is the position as encodePosition writes it.
  private async insertEvents(trx: Transaction<unknown>, streamId: string, events: NewEvent[], first: number, recordedAt: Date): Promise<{ position: Position } | undefined> {
    const at = recordedAt.toISOString();
    const values = events.map(
      (e, i) =>
        sql`(${streamId}, ${first + i}::bigint, ${e.id}::uuid, ${e.type}, ${JSON.stringify(e.data)}::jsonb, ${JSON.stringify(e.metadata)}::jsonb, ${at}::timestamptz)`,
    );
    const { rows } = await sql<{ transaction_id: string; global_position: string }>`
      with inserted as (
        insert into ${this.events} (stream_id, stream_revision, event_id, event_type, data, metadata, recorded_at)
        select * from (values ${sql.join(values)}) v
        returning transaction_id, global_position
      )
      select tail.transaction_id::text, tail.global_position,
        pg_notify(${this.channel}, lpad(tail.transaction_id::text, 20, '0') || '-' || lpad(tail.global_position::text, 20, '0'))
      from (select * from inserted order by global_position desc limit 1) tail`.execute(trx);
    const tail = rows[0];
    return tail && { position: encodePosition(BigInt(tail.transaction_id), BigInt(tail.global_position)) };
  }

  // The result of an earlier append of exactly these event ids to this stream, if there was one.
  private async findEarlierAppend(streamId: string, ids: string[]): Promise<AppendResult | undefined> {
    const { rows } = await sql<EventRow>`
      select event_id::text, stream_id, stream_revision, transaction_id::text, global_position
      from ${this.events} where event_id = any(${ids}::uuid[])`.execute(this.db);
    if (rows.length === 0) return undefined;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const matched = ids.map((id) => byId.get(id));
    const sameAppend =
      matched.every((r) => r && r.stream_id === streamId) &&
      matched.every((r, i) => i === 0 || Number(r!.stream_revision) === Number(matched[i - 1]!.stream_revision) + 1);
    if (!sameAppend) throw new DuplicateEventIdError(streamId, rows.map((r) => r.event_id));
    const tail = matched[matched.length - 1]!;
    return {
      streamId,
      nextExpectedRevision: Number(tail.stream_revision),
      position: encodePosition(BigInt(tail.transaction_id), BigInt(tail.global_position)),
    };
  }

  async recordedRevision(streamId: string): Promise<number | undefined> {
    const revision = await this.currentRevision(streamId);
    return revision === 'no_stream' ? undefined : revision;
  }

  async listStreams({ after, limit }: { after?: string; limit: number }): Promise<string[]> {
    const { rows } = await sql<{ stream_id: string }>`
      select stream_id from ${this.streams} where ${after === undefined ? sql`true` : sql`stream_id > ${after}`}
      order by stream_id limit ${limit}`.execute(this.db);
    return rows.map((r) => r.stream_id);
  }

  private async currentRevision(streamId: string, db: Kysely<unknown> = this.db): Promise<number | 'no_stream'> {
    const { rows } = await sql<{ revision: string }>`
      select revision from ${this.streams} where stream_id = ${streamId}`.execute(db);
    return rows[0] ? Number(rows[0].revision) : 'no_stream';
  }

  async readStream<E extends DomainEvent = StoredEvent>(streamId: string, options: ReadStreamOptions = {}): Promise<Recorded<E>[]> {
    const toRevision = options.toRevision !== undefined ? sql`and stream_revision <= ${options.toRevision}` : sql``;
    // Compared at the millisecond precision the recorded time is hashed and read back at: a stored value moved by
    // microseconds (which the hash cannot see) then cannot move an event across an as-of moment either.
    const toTime = options.toTimestamp !== undefined ? sql`and date_trunc('milliseconds', e.recorded_at) <= ${options.toTimestamp}` : sql``;
    // As in readAll: the stream's positions from its unique index, then the rows by key. In one query, a log
    // without statistics (autovacuum off, or minutes after a bulk import) was read with a parallel scan of every
    // event: 22 ms instead of 0.1 ms per stream at a million events.
    const { rows } = await sql<EventRow & { recorded_ms: string }>`
      with page as materialized (
        select global_position from ${this.events}
        where stream_id = ${streamId} ${toRevision}
        order by stream_revision
      )
      select e.global_position, e.transaction_id::text, e.stream_id, e.stream_revision, e.event_id::text, e.event_type, e.data, e.metadata, e.recorded_at, ${recordedMs} as recorded_ms
      from page p join ${this.events} e on e.global_position = p.global_position
      where true ${toTime}
      order by e.stream_revision`.execute(this.db);
    return this.keepTails(rows).get(streamId) as Recorded<E>[] | undefined ?? [];
  }

  // Several streams in one query, each in revision order (a stream that does not exist reads as empty).
  async readStreams<E extends DomainEvent = StoredEvent>(streamIds: string[]): Promise<Map<string, Recorded<E>[]>> {
    const ids = [...new Set(streamIds)];
    const { rows } = ids.length === 0 ? { rows: [] } : await sql<EventRow & { recorded_ms: string }>`
      with page as materialized (
        select global_position from ${this.events} where stream_id = any(${ids}::text[])
      )
      select e.global_position, e.transaction_id::text, e.stream_id, e.stream_revision, e.event_id::text, e.event_type, e.data, e.metadata, e.recorded_at, ${recordedMs} as recorded_ms
      from page p join ${this.events} e on e.global_position = p.global_position
      order by e.stream_id, e.stream_revision`.execute(this.db);
    const read = this.keepTails(rows);
    return new Map(ids.map((id) => [id, (read.get(id) ?? []) as Recorded<E>[]]));
  }

  // The rows as events per stream, remembering each stream's last event read for the next append to it.
  private keepTails(rows: (EventRow & { recorded_ms: string })[]): Map<string, StoredEvent[]> {
    const streams = new Map<string, StoredEvent[]>();
    for (const [i, row] of rows.entries()) {
      const event = toStoredEvent(row);
      const list = streams.get(event.streamId);
      if (list) list.push(event);
      else streams.set(event.streamId, [event]);
      if (i === rows.length - 1 || rows[i + 1].stream_id !== row.stream_id) this.rememberReadTail(event, row.recorded_ms);
    }
    return streams;
  }

  async readAll({ after, limit = 500 }: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const from = after === undefined ? undefined : decodePosition(after);
    const afterClause = from
      ? sql`and (transaction_id, global_position) > (${from.major.toString()}::xid8, ${from.minor.toString()}::bigint)`
      : sql``;
    // Only transactions below the log's horizon are visible (see horizonOf): a slow writer's events can then
    // never appear behind a position a reader has already passed.
    // The page's positions first, from the log-order index alone, then its rows by primary key. Asked for in one
    // query with the wide columns, the planner sorts every event after the position (a bitmap scan and a sort:
    // seconds per page at a million events) instead of walking the index.
    const { rows } = await sql<EventRow>`
      with ${this.logHorizon()}, page as materialized (
        select transaction_id, global_position from ${this.events}
        where transaction_id < (select h from horizon) ${afterClause}
        order by transaction_id, global_position
        limit ${limit}
      )
      select e.global_position, e.transaction_id::text, e.stream_id, e.stream_revision, e.event_id::text, e.event_type, e.data, e.metadata, e.recorded_at
      from page p join ${this.events} e on e.global_position = p.global_position
      order by p.transaction_id, p.global_position`.execute(this.db);
    if (rows.length > 0) this.raiseHorizonFloor(BigInt(rows[rows.length - 1].transaction_id) + 1n);
    return rows.map(toStoredEvent);
  }

  private logHorizon(): RawBuilder<unknown> {
    return horizonOf(sql`pg_current_snapshot()`, this.horizonFloor);
  }

  private raiseHorizonFloor(to: bigint): void {
    if (to > this.horizonFloor) this.horizonFloor = to;
  }

  async headPosition(): Promise<Position | undefined> {
    const { rows } = await sql<{ transaction_id: string; global_position: string }>`
      with ${this.logHorizon()}
      select transaction_id::text, global_position from ${this.events}
      where transaction_id < (select h from horizon)
      order by transaction_id desc, global_position desc limit 1`.execute(this.db);
    if (rows[0]) this.raiseHorizonFloor(BigInt(rows[0].transaction_id) + 1n);
    return rows[0] ? encodePosition(BigInt(rows[0].transaction_id), BigInt(rows[0].global_position)) : undefined;
  }

  async countEvents(upTo?: Position): Promise<number> {
    const to = upTo === undefined ? undefined : decodePosition(upTo);
    const upToClause = to ? sql`and (transaction_id, global_position) <= (${to.major.toString()}::xid8, ${to.minor.toString()}::bigint)` : sql``;
    const { rows } = await sql<{ n: string }>`
      with ${this.logHorizon()}
      select count(*) as n from ${this.events}
      where transaction_id < (select h from horizon) ${upToClause}`.execute(this.db);
    return Number(rows[0].n);
  }

  // What holds the log's horizon back now, for /health and /metrics: the transaction at the horizon (the oldest one
  // that could still write to this database), who runs it and for how long, and how many committed events wait
  // behind it. Transactions of other databases are only counted: they hold nobody back.
  async horizonStatus(): Promise<HorizonStatus> {
    const { rows } = await sql<{
      horizon: string;
      xid: string | null;
      pid: number | null;
      database: string | null;
      state: string | null;
      prepared: string | null;
      age: number | null;
      pending: string;
      other_databases: string;
    }>`
      with ${this.logHorizon()},
      attributed as (
        select a.backend_xid::text::bigint as low, a.pid, a.datname::text as database, a.state,
          null::text as prepared, extract(epoch from clock_timestamp() - a.xact_start)::float8 as age
        from pg_stat_activity a where a.backend_xid is not null
        union all
        select p.transaction::text::bigint, null, p.database::text, 'prepared', p.gid,
          extract(epoch from clock_timestamp() - p.prepared)::float8
        from pg_prepared_xacts p
      )
      select h.h::text as horizon,
        case when h.h < pg_snapshot_xmax(pg_current_snapshot()) then h.h::text end as xid,
        b.pid, b.database, b.state, b.prepared, b.age,
        (select count(*) from (select 1 from ${this.events} where transaction_id >= h.h limit ${PENDING_COUNT_LIMIT}) e) as pending,
        (select count(*) from pg_snapshot_xip(pg_current_snapshot()) x where x < h.h) as other_databases
      from horizon h
      left join lateral (
        select * from attributed t
        where h.h < pg_snapshot_xmax(pg_current_snapshot()) and t.low = h.h::text::bigint % 4294967296
        order by t.prepared nulls first limit 1
      ) b on true`.execute(this.db);
    const row = rows[0];
    const now = Date.now();
    // A blocker that shows no start time (not in the activity list) is aged from when it was first seen here.
    if (!row.xid) this.blockerSeen = undefined;
    else if (this.blockerSeen?.xid !== row.xid) this.blockerSeen = { xid: row.xid, since: now };
    const seenSeconds = this.blockerSeen ? (now - this.blockerSeen.since) / 1000 : 0;
    return {
      horizon: row.horizon,
      pendingEvents: Number(row.pending),
      otherDatabaseTransactions: Number(row.other_databases),
      blocker: row.xid
        ? {
            xid: row.xid,
            pid: row.pid,
            database: row.database,
            state: row.state,
            preparedAs: row.prepared,
            ageSeconds: Math.max(row.age ?? 0, seenSeconds),
          }
        : undefined,
    };
  }

  waitForEvents(after: Position | undefined, maxWaitMs: number, signal: AbortSignal): Promise<void> {
    return this.notifier.waitBeyond(after, maxWaitMs, signal);
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    return new PollingSubscription({
      after: options.after,
      batchSize: options.batchSize ?? 500,
      read: (after, limit) => this.readAll({ after, limit }),
      waitForMore: (checkpoint, signal) => this.notifier.waitBeyond(checkpoint, this.options.pollIntervalMs, signal),
    });
  }

  async ping(): Promise<void> {
    try {
      await sql`select 1`.execute(this.db);
    } catch (error) {
      throw new EventStoreUnavailableError(`PostgreSQL event store unreachable: ${(error as Error).message}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.db.destroy();
  }

  // For tests and tools that need the same server (e.g. to hold a transaction open on purpose).
  get connectionPool(): Pool {
    return this.pool;
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.stream_revision),
    position: encodePosition(BigInt(row.transaction_id), BigInt(row.global_position)),
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === UNIQUE_VIOLATION && e.constraint === constraint;
}

const RECHECK_FIRST_MS = 10;
const RECHECK_MAX_MS = 1_000;

// One LISTEN connection per store, shared by its subscribers. It remembers the highest position announced so
// far: a subscriber behind it knows an event is committed but maybe not yet visible (an older transaction is
// still open) and re-reads soon instead of sleeping until the next notification.
class Notifier {
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private latest: Position | undefined;
  private readonly waiters = new Set<() => void>();
  // Per checkpoint a reader waited from while an announced event was not yet visible: the last re-check delay.
  private readonly rechecks = new Map<Position | '', { delay: number; at: number }>();
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
  ) {}

  private ensureListening(): Promise<void> {
    if (this.client || this.connecting || this.closed) return this.connecting ?? Promise.resolve();
    const client = new Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5_000 });
    this.connecting = (async () => {
      try {
        client.on('notification', (msg) => {
          if (msg.payload && (!this.latest || comparePositions(msg.payload, this.latest) > 0)) this.latest = msg.payload;
          this.wakeAll();
        });
        client.on('error', () => this.dropClient(client));
        client.on('end', () => this.dropClient(client));
        await client.connect();
        await client.query(`LISTEN "${this.channel}"`);
        if (this.closed) await client.end();
        else this.client = client;
      } catch {
        this.dropClient(client);
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private dropClient(client: Client): void {
    if (this.client === client) this.client = undefined;
    client.end().catch(() => undefined);
    // Subscribers fall back to polling meanwhile; listening again restores prompt wake-ups.
    if (!this.closed && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.ensureListening();
      }, 1_000);
      this.retryTimer.unref();
    }
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }

  // Resolves when there may be events after `checkpoint`: a notification, a short re-check when one was
  // announced but not yet visible, the poll interval, or an abort.
  async waitBeyond(checkpoint: Position | undefined, pollMs: number, signal: AbortSignal): Promise<void> {
    await this.ensureListening();
    if (signal.aborted) return;
    const announcedAhead = this.latest !== undefined && (checkpoint === undefined || comparePositions(this.latest, checkpoint) > 0);
    const timeoutMs = announcedAhead ? this.recheckDelay(checkpoint, pollMs) : pollMs;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }

  // An announced event that is not visible yet is usually a commit a moment away, so the first re-check comes
  // quickly. A reader that comes back from the same checkpoint found nothing new: an open transaction holds the
  // horizon, and re-reading every 10 ms would only load the server for as long as it stays open. Each re-check from
  // that checkpoint then waits twice as long, up to the poll interval (a second at most); a reader that moved on
  // starts quick again.
  private recheckDelay(checkpoint: Position | undefined, pollMs: number): number {
    const now = Date.now();
    const cap = Math.max(RECHECK_FIRST_MS, Math.min(pollMs, RECHECK_MAX_MS));
    for (const [key, entry] of this.rechecks) if (now - entry.at > 2 * RECHECK_MAX_MS + entry.delay) this.rechecks.delete(key);
    const key = checkpoint ?? '';
    const previous = this.rechecks.get(key);
    const delay = previous ? Math.min(previous.delay * 2, cap) : RECHECK_FIRST_MS;
    this.rechecks.set(key, { delay, at: now });
    return delay;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    this.wakeAll();
    if (client) await client.end().catch(() => undefined);
  }
}
