// The HTTP rules the API enforces outside the DTOs, as OpenAPI: the headers it reads and sends, and the one error
// shape. Each pattern is the one the code checks (named beside it); a test holds the document to Redocly's rules.

import { CALLER_ID, IDEMPOTENCY_KEY, IF_MATCH } from '../common/header-rules';

export type Json = { [key: string]: unknown };

// The patterns the code checks (common/header-rules.ts).
export const TOKEN_PATTERN = CALLER_ID.source;
export const IDEMPOTENCY_KEY_PATTERN = IDEMPOTENCY_KEY.source;
export const IF_MATCH_PATTERN = IF_MATCH.source;
// The event store's positions (isPosition), which read-your-writes.ts checks X-Min-Position against.
export const POSITION_PATTERN = '^\\d{20}-\\d{20}$';

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

export const headerParameters: Record<string, Json> = {
  RequestId: {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description: 'Names this request in the logs and in error answers (`requestId`). Kept when it matches the pattern, otherwise a new one is made; echoed back either way.',
    schema: { type: 'string', pattern: TOKEN_PATTERN },
  },
  CorrelationId: {
    name: 'X-Correlation-Id',
    in: 'header',
    required: false,
    description: 'Names the conversation this request belongs to; recorded on the events a command appends. Kept when it matches the pattern, otherwise a new one is made; echoed back either way.',
    schema: { type: 'string', pattern: TOKEN_PATTERN },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retry safe: the same key with the same request is answered with the first answer and changes nothing more; the same key with another request is 422; ' +
      'while the first request with the key is still being handled, 409 with Retry-After. Keys are per caller. 1 to 255 visible ASCII characters, otherwise 400.',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN, minLength: 1, maxLength: 255 },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'The version of the record the change is meant for: the ETag (or `version`) of an earlier answer, e.g. `"3"`. When the record is at another version, ' +
      'or changes while the command runs, the answer is 412 and nothing changes. Without it a concurrent change is retried on the newer state.',
    schema: { type: 'string', pattern: IF_MATCH_PATTERN },
  },
  MinPosition: {
    name: 'X-Min-Position',
    in: 'header',
    required: false,
    description:
      'Read-your-writes: the `position` a command answered with. The query answers once the read models it reads include that position, ' +
      'or with 503 and Retry-After after READ_YOUR_WRITES_TIMEOUT_MS. The `minPosition` query parameter does the same.',
    schema: { type: 'string', pattern: POSITION_PATTERN },
  },
};

export const responseHeaders: Record<string, Json> = {
  RequestId: { description: 'The request id: the caller\'s X-Request-Id when it was valid, otherwise a new one.', schema: { type: 'string', pattern: TOKEN_PATTERN } },
  CorrelationId: { description: 'The conversation id: the caller\'s X-Correlation-Id when it was valid, otherwise a new one.', schema: { type: 'string', pattern: TOKEN_PATTERN } },
  ETag: { description: 'The record\'s new version, quoted, ready for the next If-Match.', schema: { type: 'string', pattern: '^"\\d+"$' } },
  RetryAfter: { description: 'Seconds to wait before trying again.', schema: { type: 'string', pattern: '^\\d+$' } },
  WWWAuthenticate: { description: 'Always `Bearer`.', schema: { type: 'string', enum: ['Bearer'] } },
  IdempotentReplayed: { description: '`true` when this answer repeats the one given to an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
};

// Every answer names its request and conversation.
export const everyAnswer = () => ({ 'X-Request-Id': ref('headers', 'RequestId'), 'X-Correlation-Id': ref('headers', 'CorrelationId') });

// The one error shape (common/exception.filter.ts).
export const problemSchema: Json = {
  type: 'object',
  description: 'Every error answer. `error` is a stable code to branch on; `message` is for people.',
  properties: {
    error: { type: 'string', description: 'A stable, machine-readable code, e.g. `validation_failed`, `not_found`, `stale_version`.' },
    message: { type: 'string', description: 'What went wrong, in words.' },
    fields: {
      type: 'array',
      description: 'Each field at fault (a path like `customer.contactEmail` or `lines[0].quantity`, a path or query parameter, a header name, or `body`) and what is wrong with it; empty when no one field is.',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
        required: ['field', 'reason'],
        additionalProperties: false,
      },
    },
    requestId: { type: 'string', description: 'The request id, to find the request in the logs.' },
  },
  required: ['error', 'message', 'fields', 'requestId'],
  additionalProperties: false,
};

const problemExample = (error: string, message: string, fields?: { field: string; reason: string }[]) => ({
  value: { error, message, fields: fields ?? [], requestId: '5b0c1c9e-2f8e-4a51-9d0c-6f1f0f6b1e2a' },
});

// The error answers, each referring to the Problem schema, with what it means on this API.
const ERRORS: Record<number, { name: string; description: string; headers?: Record<string, Json>; examples?: Record<string, Json> }> = {
  400: {
    name: 'BadRequest',
    description: 'The request is not valid: a field, a query parameter, a path id, a header or the body itself (`validation_failed`, `malformed_request`, `invalid_cursor`, ...).',
    examples: {
      validation: problemExample('validation_failed', 'the request is not valid: customer.contactEmail must be an email', [{ field: 'customer.contactEmail', reason: 'must be an email' }]),
    },
  },
  401: { name: 'Unauthorized', description: 'No bearer token, or one that is not valid, has expired, or belongs to a staff member who is no longer active.', headers: { 'WWW-Authenticate': ref('headers', 'WWWAuthenticate') } },
  403: { name: 'Forbidden', description: 'The caller\'s roles do not include one this operation needs.' },
  404: { name: 'NotFound', description: 'No such record, or one the caller may not see: the two answer alike.' },
  409: {
    name: 'Conflict',
    description:
      'The record\'s state does not allow this (a business rule, `rule_broken` codes), it changed concurrently too often (`concurrent_modification`), ' +
      'a request with the same Idempotency-Key is still being handled (`request_in_progress`, with Retry-After), or the record\'s stored history was changed outside the application (`record_unreadable`).',
    headers: { 'Retry-After': ref('headers', 'RetryAfter') },
    examples: {
      conflict: problemExample('conflict_override_required', 'the registration conflicts with 0b9f5d1e-7c2a-4e3b-9a61-3f0c2d4e5f60: approving it needs an override reason'),
    },
  },
  412: { name: 'PreconditionFailed', description: 'If-Match named another version than the record\'s (`stale_version`); nothing changed.' },
  413: { name: 'PayloadTooLarge', description: 'The request body is larger than 100 kB (`payload_too_large`).' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not JSON, or not in UTF-8, or in an encoding other than gzip or deflate (`unsupported_media_type`).' },
  422: { name: 'IdempotencyKeyReused', description: 'The Idempotency-Key was already used by this caller with a different request (`idempotency_key_reused`).' },
  429: { name: 'TooManyRequests', description: 'Too many requests with this token in the current minute (`rate_limited`).', headers: { 'Retry-After': ref('headers', 'RetryAfter') } },
  503: {
    name: 'ServiceUnavailable',
    description: 'The database or event store is not answering (`unavailable`), or, with X-Min-Position, the read models have not reached it in time (`not_yet_visible`).',
    headers: { 'Retry-After': ref('headers', 'RetryAfter') },
  },
};

export function errorResponses(): Record<string, Json> {
  return Object.fromEntries(
    Object.values(ERRORS).map(({ name, description, headers, examples }) => [
      name,
      {
        description,
        headers: { ...everyAnswer(), ...headers },
        content: { 'application/json': { schema: ref('schemas', 'Problem'), ...(examples ? { examples } : {}) } },
      },
    ]),
  );
}

export const errorResponse = (status: number) => ref('responses', ERRORS[status].name);
