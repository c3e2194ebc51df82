import { Kysely, sql } from 'kysely';
import { ReadDB } from '@channel-ledger/read-store';
import { ATTEMPT_HEADER, DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signPayload } from './signature';
import { WebhookTables } from './tables';
import { Resolver, postWebhook } from './outbound';

type DB = ReadDB & WebhookTables;

export interface DeliverySettings {
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
  // Deliver to http:// and to loopback or private addresses (local development and tests only).
  allowInsecure: boolean;
}

// A delivery attempt claimed by one worker: the attempt number is taken when it is claimed, so a worker that
// dies mid-attempt leaves that attempt on record (without an answer) and the next one goes out after the lease.
export interface ClaimedAttempt {
  deliveryId: string;
  attempt: number;
}

const MAX_BACKOFF_MS = 6 * 3600_000;

export function backoffFor(attempt: number, settings: Pick<DeliverySettings, 'backoffMs'>): number {
  return Math.min(settings.backoffMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
}

// Takes up to `limit` due deliveries for this worker (rows locked and skipped by the others), counts the attempt
// and leases the delivery for as long as an attempt can take, in one transaction.
export async function claimDue(db: Kysely<DB>, worker: string, limit: number, settings: DeliverySettings): Promise<ClaimedAttempt[]> {
  const leaseMs = settings.timeoutMs + 30_000;
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ delivery_id: string; attempts: number; active: boolean }>`
      with due as (
        select d.delivery_id from webhook_deliveries d
        where d.status = 'pending' and d.next_attempt_at <= now()
        order by d.next_attempt_at
        limit ${limit}
        for update skip locked
      )
      update webhook_deliveries d
      set attempts = d.attempts + 1, next_attempt_at = now() + ${`${leaseMs} milliseconds`}::interval
      from due, webhook_endpoints e
      where d.delivery_id = due.delivery_id and e.endpoint_id = d.endpoint_id
      returning d.delivery_id, d.attempts, e.active`.execute(trx);
    const claims: ClaimedAttempt[] = [];
    for (const row of rows) {
      if (!row.active) {
        // The endpoint was removed: nothing more goes to it.
        await trx.updateTable('webhook_deliveries').set({ status: 'cancelled', finished_at: sql`now()`, attempts: row.attempts - 1 }).where('delivery_id', '=', row.delivery_id).execute();
        continue;
      }
      await trx.insertInto('webhook_attempts').values({ delivery_id: row.delivery_id, attempt: row.attempts, started_at: sql<Date>`now()`, duration_ms: null, status_code: null, error: null, worker }).execute();
      claims.push({ deliveryId: row.delivery_id, attempt: row.attempts });
    }
    return claims;
  });
}

// Puts back an attempt that was claimed but never sent (it could not be handed to the job queue): the attempt is
// not counted and leaves no record, and the delivery is due again after `retryInMs`. An outage of the queue
// therefore delays deliveries but never uses up their attempts.
export async function releaseClaim(db: Kysely<DB>, claim: ClaimedAttempt, retryInMs: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const released = await trx
      .updateTable('webhook_deliveries')
      .set({ attempts: claim.attempt - 1, next_attempt_at: sql<Date>`now() + ${`${retryInMs} milliseconds`}::interval` })
      .where('delivery_id', '=', claim.deliveryId)
      .where('attempts', '=', claim.attempt)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(released.numUpdatedRows) === 0) return;
    await trx.deleteFrom('webhook_attempts').where('delivery_id', '=', claim.deliveryId).where('attempt', '=', claim.attempt).execute();
  });
}

export type AttemptOutcome = 'delivered' | 'retry' | 'dead' | 'stale';

export interface AttemptOptions {
  // How endpoint names are resolved (the system resolver unless a test stands in for DNS).
  resolve?: Resolver;
  // The service's own log: why an attempt failed, in words that may name addresses and socket errors.
  log?: (line: string) => void;
}

// Sends one claimed attempt and records how it went. 2xx is delivered; anything else (another status, a
// redirect, a time-out, a refused connection or address) is retried with exponential backoff until maxAttempts,
// then dead. The record keeps the status code and a reason code only (see FAILURE_REASONS), since partners read it.
export async function attemptDelivery(db: Kysely<DB>, claim: ClaimedAttempt, settings: DeliverySettings, options: AttemptOptions = {}): Promise<AttemptOutcome> {
  const row = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.endpoint_id', 'd.endpoint_id')
    .select(['d.payload', 'd.attempts', 'd.status', 'e.url', 'e.secret'])
    .where('d.delivery_id', '=', claim.deliveryId)
    .executeTakeFirst();
  // Someone else finished it, or a newer attempt was claimed after this one's lease ran out.
  if (!row || row.status !== 'pending' || row.attempts !== claim.attempt) return 'stale';
  const body = JSON.stringify(row.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  const result = await postWebhook({
    url: row.url,
    body,
    timeoutMs: settings.timeoutMs,
    allowInsecure: settings.allowInsecure,
    resolve: options.resolve,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'ChannelLedger-Webhooks/1',
      [DELIVERY_HEADER]: claim.deliveryId,
      [TIMESTAMP_HEADER]: String(timestamp),
      [ATTEMPT_HEADER]: String(claim.attempt),
      [SIGNATURE_HEADER]: signPayload(row.secret, timestamp, claim.deliveryId, body),
    },
  });
  const { statusCode, reason: error } = result;
  if (error && result.diagnostic) options.log?.(`webhook delivery ${claim.deliveryId} attempt ${claim.attempt}: ${error} (${result.diagnostic})`);
  const durationMs = Date.now() - started;
  const delivered = error === null;
  const dead = !delivered && claim.attempt >= settings.maxAttempts;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('webhook_attempts').set({ duration_ms: durationMs, status_code: statusCode, error }).where('delivery_id', '=', claim.deliveryId).where('attempt', '=', claim.attempt).execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status: delivered ? 'delivered' : dead ? 'dead' : 'pending',
        last_status_code: statusCode,
        last_error: error,
        finished_at: delivered || dead ? sql`now()` : null,
        next_attempt_at: delivered || dead ? sql`now()` : sql`now() + ${`${backoffFor(claim.attempt, settings)} milliseconds`}::interval`,
      })
      .where('delivery_id', '=', claim.deliveryId)
      .where('attempts', '=', claim.attempt)
      .where('status', '=', 'pending')
      .execute();
  });
  return delivered ? 'delivered' : dead ? 'dead' : 'retry';
}
