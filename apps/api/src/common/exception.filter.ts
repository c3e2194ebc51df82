import { ArgumentsHost, Catch, ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ConcurrencyError, EventStoreUnavailableError, InvalidAppendError } from '@channel-ledger/event-store';
import { DomainError } from '@channel-ledger/domain';
import { isDatabaseUnavailable } from '@channel-ledger/read-store';
import { HttpProblem } from '@channel-ledger/platform';
import { LoggedResponse } from './request-log';
import { RouteMethods } from './route-methods';
import { FieldProblem, ValidationFailed } from './validation';

interface Problem {
  status: number;
  error: string;
  message: string;
  fields?: FieldProblem[];
  headers?: Record<string, string>;
}

const at = (field: string, reason: string): FieldProblem[] => [{ field, reason }];

const pathOf = (request: FastifyRequest) => {
  const url = request.url;
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
};

// A request no route answers: Nest's own fallback raises a NotFoundException for it (no handler of ours does).
// Allow lists the methods the path has, OPTIONS among them (it is answered, see the filter); none when no route has it.
function allowOf(routes: RouteMethods, request: FastifyRequest): string | undefined {
  const allowed = routes.allowedAt(pathOf(request));
  return allowed.length === 0 ? undefined : [...new Set([...allowed, 'OPTIONS'])].sort().join(', ');
}

// 405 with Allow where the path exists with other methods, 404 where no route has it.
function unrouted(request: FastifyRequest, allow: string | undefined): Problem {
  const path = pathOf(request).slice(0, 200);
  if (allow === undefined) return { status: 404, error: 'not_found', message: `no route ${request.method} ${path}` };
  return { status: 405, error: 'method_not_allowed', message: `${request.method} is not allowed on ${path}; it allows ${allow}`, headers: { Allow: allow } };
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = { invalid: 400, not_found: 404, rule_broken: 409 };

// What the framework itself refuses (before a route has the request: a path it cannot decode, a Content-Length it
// cannot believe, a form too large for the dashboard's sign-in) carries its status and a code of its own.
function frameworkProblem(exception: { statusCode: number; code: string }): Problem {
  const status = exception.statusCode;
  if (status === 413) return { status, error: 'payload_too_large', message: 'the request body is larger than the limit', fields: at('body', 'is larger than the limit') };
  if (status === 415) return { status, error: 'unsupported_media_type', message: "the request body's Content-Type is not supported", fields: at('Content-Type', 'is not supported') };
  if (exception.code === 'FST_ERR_BAD_URL') return { status, error: 'malformed_request', message: 'the request path is not valid percent-encoding', fields: [] };
  return { status, error: 'malformed_request', message: 'the request could not be read', fields: exception.code.startsWith('FST_ERR_CTP') ? at('body', 'could not be read') : [] };
}

const isFrameworkError = (exception: unknown): exception is { statusCode: number; code: string } => {
  const error = exception as { statusCode?: unknown; code?: unknown } | undefined;
  return typeof error?.code === 'string' && error.code.startsWith('FST_') && typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500;
};

function toProblem(exception: unknown, request: FastifyRequest, allow: string | undefined): Problem {
  if (exception instanceof ValidationFailed) return { status: 400, error: 'validation_failed', message: exception.message, fields: exception.fields };
  if (exception instanceof DomainError) {
    const fields = 'field' in exception ? [{ field: String((exception as { field: string }).field), reason: exception.message }] : undefined;
    return { status: DOMAIN_STATUS[exception.kind], error: exception.code, message: exception.message, fields };
  }
  if (exception instanceof HttpProblem) return { status: exception.status, error: exception.code, message: exception.message, fields: exception.fields, headers: exception.headers };
  if (exception instanceof ConcurrencyError) {
    return { status: 409, error: 'concurrent_modification', message: 'the record changed while this request was being handled; read it again and retry' };
  }
  if (exception instanceof InvalidAppendError) return { status: 400, error: 'invalid_request', message: exception.message };
  if (exception instanceof EventStoreUnavailableError) {
    return { status: 503, error: 'unavailable', message: 'the event store is not answering; retry shortly', headers: { 'Retry-After': '2' } };
  }
  // The framework's own refusals are the client's fault; their code and message are the framework's, not ours to show.
  if (isFrameworkError(exception)) return frameworkProblem(exception);
  if (exception instanceof NotFoundException) return unrouted(request, allow);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = status === 413 ? 'payload_too_large' : status === 404 ? 'not_found' : status === 400 ? 'malformed_request' : 'http_error';
    // Bodies are read by our own parser, which answers in this shape itself; a plain 400 here comes from a pipe on a
    // path parameter ("Validation failed (uuid v 4 is expected)"), and says so.
    const message = status === 400 ? `a path parameter is not valid (${exception.message})` : exception.message;
    return { status, error: code, message };
  }
  if (isDatabaseUnavailable(exception)) {
    return { status: 503, error: 'unavailable', message: 'the database is not answering; retry shortly', headers: { 'Retry-After': '2' } };
  }
  return { status: 500, error: 'internal_error', message: 'something went wrong on our side; the request id identifies it in the logs' };
}

// Header refusals raised outside the API layer name the header: every 401 is about the bearer token, every 412 about
// the version in If-Match.
const HEADER_AT_FAULT: Record<number, string> = { 401: 'Authorization', 412: 'If-Match' };

// The one place errors become HTTP answers, all in one shape: { error, message, fields, requestId }, fields empty
// when nothing in particular is at fault. Bodies never carry stack traces or SQL.
export function answerProblem(routes: RouteMethods, exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const allow = exception instanceof NotFoundException ? allowOf(routes, request) : undefined;
  // OPTIONS on a path that exists says which methods it has, and nothing else: there is no CORS to negotiate.
  if (allow !== undefined && request.method === 'OPTIONS') return void reply.header('Allow', allow).code(204).send();
  const problem = toProblem(exception, request, allow);
  // The request's one log line (written when the answer is sent) carries a 5xx's error.
  if (problem.status >= 500) (reply.raw as LoggedResponse).err = exception instanceof Error ? exception : new Error(String(exception));
  if (problem.headers) reply.headers(problem.headers);
  const header = HEADER_AT_FAULT[problem.status];
  reply.code(problem.status).send({
    error: problem.error,
    message: problem.message,
    fields: problem.fields ?? (header ? at(header, problem.message) : []),
    // The request id the front gave the request (request-log.ts); the framework's request takes it as its own.
    requestId: request.id,
  });
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly routes: RouteMethods) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    answerProblem(this.routes, exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}
