import { createHash } from 'node:crypto';
import { CompiledQuery, Generated, Insertable, Kysely, PostgresDialect, Selectable } from 'kysely';
import { Pool } from 'pg';

export interface ProjectionCheckpointsTable {
  projection: string;
  // null: the projection has not applied anything yet.
  position: string | null;
  updated_at: Generated<Date>;
  version: Generated<number>;
  status: Generated<'running' | 'failed'>;
  error: string | null;
  // The projector instance that applied the last batch.
  owner: string | null;
  events_applied: Generated<string>;
}

export interface ProjectionDeadLettersTable {
  id: Generated<string>;
  projection: string;
  version: number;
  position: string;
  event_id: string;
  stream_id: string;
  event_type: string;
  error: string;
  failed_at: Generated<Date>;
}

export interface ProjectionRebuildsTable {
  id: string;
  projection: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  // building (from the log into the scratch copy), switching (readers move to it), or null before it starts.
  phase: 'building' | 'switching' | null;
  requested_by: string;
  // The process working on it.
  runner: string | null;
  events_done: Generated<string>;
  events_total: string | null;
  // The log position the new copy reached.
  position: string | null;
  error: string | null;
  requested_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Generated<Date>;
}

export type ProjectionCheckpoint = Selectable<ProjectionCheckpointsTable>;
export type NewProjectionCheckpoint = Insertable<ProjectionCheckpointsTable>;

// Answers to commands sent with an Idempotency-Key, per caller.
export interface IdempotencyKeysTable {
  actor_id: string;
  key: string;
  fingerprint: string;
  state: 'pending' | 'done';
  status: number | null;
  body: unknown;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

// Read-model tables register here as projections are added.
export interface ReadDB {
  projection_checkpoints: ProjectionCheckpointsTable;
  projection_dead_letters: ProjectionDeadLettersTable;
  projection_rebuilds: ProjectionRebuildsTable;
  idempotency_keys: IdempotencyKeysTable;
}

// A server restart or shutdown ends every connection. pg reports that on the client, and a client checked out
// between two statements has no listener then, which would crash the process. Listen on every client for good;
// the queries still fail and the pool replaces the connection.
export function guardPool(pool: Pool): void {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
}

// The pool behind each read database this module created, for the queries it runs as prepared statements.
const pools = new WeakMap<object, Pool>();

export function createReadDb(connectionString: string, poolSize = 10): Kysely<ReadDB> {
  const pool = new Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 });
  guardPool(pool);
  const db = new Kysely<ReadDB>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

// Runs a hot query as a named prepared statement: each connection parses and plans it once, and PostgreSQL may
// then keep a generic plan, instead of planning it on every call (for Partner 360, planning was about half of
// its time in PostgreSQL). The name is derived from the SQL text, so each shape of the query (they differ by
// the caller's scope) is its own statement. The query must name its result columns (no `*`): a prepared
// statement whose result columns change under it fails. On a database this module did not create (a
// transaction, a test's own Kysely) it runs as a plain query.
export async function executePrepared<DB, R>(db: Kysely<DB>, query: CompiledQuery<R>): Promise<R[]> {
  const pool = pools.get(db);
  if (!pool) return (await db.executeQuery(query)).rows;
  const name = `prepared_${createHash('sha1').update(query.sql).digest('hex').slice(0, 20)}`;
  const result = await pool.query<R & object>({ name, text: query.sql, values: [...query.parameters] });
  return result.rows;
}

// Errors that mean "the database is not reachable right now" rather than "this request is wrong": a refused or
// cut connection, a pool that could not connect in time, or a server shutting down, starting up or
// refusing connections (SQLSTATE classes 08 and 57P). Callers answer these with 503 and a retry hint.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNREACHABLE_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /Client has encountered a connection error/, /Connection is closed/];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^(08|57P)/.test(code))) return true;
  if (typeof message === 'string' && UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Node reports a refused connection to a host with several addresses as an AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
