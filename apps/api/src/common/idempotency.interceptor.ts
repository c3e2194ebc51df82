import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { createHash } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { Observable, catchError, from, mergeMap, of, tap, throwError } from 'rxjs';
import { FastifyReply } from 'fastify';
import { ReadDB } from '@channel-ledger/read-store';
import { APP_CONFIG, READ_DB, HttpProblem } from '@channel-ledger/platform';
import { AppConfig } from '@channel-ledger/config';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { idempotencyKeyOf } from './command-context';


function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const STORED_ANSWER = 'channel-ledger:idempotency-stored-answer';
// For a write whose effect is not in the log (a webhook endpoint row, a queued rebuild), so running it again would
// do it again: a retry gets the stored first answer. Only on routes where who may call them is all there is to
// authorize (the caller's own organisation, or enterprise roles), since that answer is given without the handler.
export const ReplayStoredAnswer = () => SetMetadata(STORED_ANSWER, true);

// Set on a request that repeats one already answered: the command runner authorizes it like any request, then
// answers from the log (or with this first answer when the command appended nothing).
export type ReplayedRequest = { idempotentReplay?: { body: unknown } };

// Same key and same body: the first answer again, and nothing appended. Same key, other body: 422.
// A repeated command is still run through its handler: whether the caller may still see the record is decided on
// the log as it is now, so a record that became invisible since answers like a missing one, never with the stored
// answer; the runner finds the first attempt's events by their key and appends nothing.
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadDB>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.method === 'GET') return next.handle();
    // Refused before the claim: a key that is not valid must never reach the table.
    const key = idempotencyKeyOf(request.headers);
    if (key === undefined || !request.actor) return next.handle();
    const actorId = request.actor.userId;
    const fingerprint = createHash('sha256').update(`${request.method} ${request.originalUrl} ${canonical(request.body)}`).digest('hex');
    const status = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
    const response = context.switchToHttp().getResponse<FastifyReply>();

    return from(this.claim(actorId, key, fingerprint)).pipe(
      mergeMap((replay) => {
        if (replay) {
          if (this.reflector.get<boolean>(STORED_ANSWER, context.getHandler())) {
            response.header('Idempotent-Replayed', 'true');
            return of(replay.body);
          }
          (request as AuthenticatedRequest & ReplayedRequest).idempotentReplay = { body: replay.body };
          return next.handle().pipe(tap(() => response.header('Idempotent-Replayed', 'true')));
        }
        return next.handle().pipe(
          mergeMap(async (body) => {
            await this.db
              .updateTable('idempotency_keys')
              .set({ state: 'done', status, body: JSON.stringify(body), updated_at: sql`now()` })
              .where('actor_id', '=', actorId)
              .where('key', '=', key)
              .execute();
            return body;
          }),
          // A refused or failed command leaves nothing behind, so the client may retry with the same key.
          catchError((error) =>
            from(this.db.deleteFrom('idempotency_keys').where('actor_id', '=', actorId).where('key', '=', key).where('state', '=', 'pending').execute()).pipe(
              mergeMap(() => throwError(() => error)),
            ),
          ),
        );
      }),
    );
  }

  private async claim(actorId: string, key: string, fingerprint: string): Promise<{ body: unknown } | undefined> {
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({ actor_id: actorId, key, fingerprint, state: 'pending', status: null, body: null })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return undefined;
    const row = await this.db.selectFrom('idempotency_keys').selectAll().where('actor_id', '=', actorId).where('key', '=', key).executeTakeFirst();
    if (!row) return this.claim(actorId, key, fingerprint); // removed after a failure in between: claim again
    if (row.fingerprint !== fingerprint) {
      throw new HttpProblem(422, 'idempotency_key_reused', 'this Idempotency-Key was already used with a different request', {}, [{ field: 'Idempotency-Key', reason: 'was already used with a different request' }]);
    }
    if (row.state === 'done') return { body: row.body };
    const taken = await this.db
      .updateTable('idempotency_keys')
      .set({ updated_at: sql`now()` })
      .where('actor_id', '=', actorId)
      .where('key', '=', key)
      .where('state', '=', 'pending')
      // A request still pending after this long is taken to have died with its process; a retry may take over.
      .where('updated_at', '<', sql<Date>`now() - make_interval(secs => ${this.config.idempotencyPendingTimeoutMs / 1000})`)
      .returning('key')
      .executeTakeFirst();
    if (!taken) {
      throw new HttpProblem(409, 'request_in_progress', 'a request with this Idempotency-Key is still being handled; retry shortly', { 'Retry-After': '1' }, [
        { field: 'Idempotency-Key', reason: 'belongs to a request still being handled' },
      ]);
    }
    return undefined;
  }
}
