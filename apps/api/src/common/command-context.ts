import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Clock, systemClock, HttpProblem } from '@channel-ledger/platform';
import { AuthenticatedRequest } from '../auth/auth.guard';
import type { ReplayedRequest } from './idempotency.interceptor';
import { CommandContext } from '@channel-ledger/application';

import { CALLER_ID, IDEMPOTENCY_KEY, IF_MATCH } from './header-rules';

function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = IF_MATCH.exec(value);
  if (!match) throw new HttpProblem(400, 'invalid_if_match', 'If-Match must be a version number, e.g. "3"', {}, [{ field: 'If-Match', reason: 'must be a version number, e.g. "3"' }]);
  return Number(match[1]);
}

// The one check of an Idempotency-Key, made before anything stores it (the idempotency claim) or uses it.
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const key = headers['idempotency-key'];
  if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
    throw new HttpProblem(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {}, [{ field: 'Idempotency-Key', reason: 'must be 1 to 255 visible ASCII characters' }]);
  }
  return key;
}

export function commandContextOf(request: AuthenticatedRequest): CommandContext {
  const key = idempotencyKeyOf(request.headers);
  const given = request.headers['x-correlation-id'];
  return {
    actor: request.actor,
    role: request.actingRole,
    correlationId: (request.raw as { correlationId?: string }).correlationId ?? (typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID()),
    causationId: String(request.id ?? randomUUID()),
    idempotencyKey: key,
    expectedVersion: parseIfMatch(request.headers['if-match'] as string | undefined),
    replay: (request as ReplayedRequest).idempotentReplay,
    now: ((request.server as { clock?: Clock } | undefined)?.clock ?? systemClock).now().toISOString(),
  };
}

export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext) => commandContextOf(context.switchToHttp().getRequest()));
