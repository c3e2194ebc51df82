import { ArgumentsHost, Catch, ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import { Request, Response } from 'express';
import { ConcurrencyError, EventStoreUnavailableError, InvalidAppendError } from '@channel-ledger/event-store';
import { DomainError } from '@channel-ledger/domain';
import { isDatabaseUnavailable } from '@channel-ledger/read-store';
import { HttpProblem } from '@channel-ledger/platform';
import { allowedMethods } from './route-methods';
import { FieldProblem, ValidationFailed } from './validation';

interface Problem {
  status: number;
  error: string;
  message: string;
  fields?: FieldProblem[];
  headers?: Record<string, string>;
}

const at = (field: string, reason: string): FieldProblem[] => [{ field, reason }];

// A request no route answers: Nest's own fallback raises a NotFoundException for it (no handler of ours does).
// Allow lists the methods the path has, OPTIONS among them (it is answered, see the filter); none when no route has it.
function allowOf(request: Request): string | undefined {
  const allowed = allowedMethods(request.app, request.path);
  return allowed.length === 0 ? undefined : [...new Set([...allowed, 'OPTIONS'])].sort().join(', ');
}

// 405 with Allow where the path exists with other methods, 404 where no route has it.
function unrouted(request: Request, allow: string | undefined): Problem {
  const path = request.path.slice(0, 200);
  if (allow === undefined) return { status: 404, error: 'not_found', message: `no route ${request.method} ${path}` };
  return { status: 405, error: 'method_not_allowed', message: `${request.method} is not allowed on ${path}; it allows ${allow}`, headers: { Allow: allow } };
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = { invalid: 400, not_found: 404, rule_broken: 409 };

function toProblem(exception: unknown, request: Request, allow: string | undefined): Problem {
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
  // Errors in the http-errors shape (the job dashboard's form parser, Express itself) say whether they are the
  // client's fault: a 4xx with expose set. Their type and message are theirs, not ours to show.
  const client = exception as { status?: unknown; expose?: unknown; type?: unknown };
  if (!(exception instanceof HttpException) && client?.expose === true && typeof client.status === 'number' && client.status >= 400 && client.status < 500) {
    if (client.status === 413) return { status: 413, error: 'payload_too_large', message: 'the request body is larger than the limit', fields: at('body', 'is larger than the limit') };
    if (client.status === 415) {
      const header = client.type === 'encoding.unsupported' ? 'Content-Encoding' : 'Content-Type';
      return { status: 415, error: 'unsupported_media_type', message: `the request body's ${header} is not supported`, fields: at(header, 'is not supported') };
    }
    return { status: client.status, error: 'malformed_request', message: 'the request could not be read', fields: client.type === 'entity.parse.failed' ? at('body', 'could not be read') : [] };
  }
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
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    // The request logger is the app's first middleware: every request has its id, and its one log line is written
    // when this answer is sent.
    const request = http.getRequest<Request & { id?: string }>();
    const allow = exception instanceof NotFoundException ? allowOf(request) : undefined;
    // OPTIONS on a path that exists says which methods it has, and nothing else: there is no CORS to negotiate.
    if (allow !== undefined && request.method === 'OPTIONS') return void response.setHeader('Allow', allow).status(204).end();
    const problem = toProblem(exception, request, allow);
    // The request's one log line (written when the answer is sent) carries a 5xx's error.
    if (problem.status >= 500) response.err = exception instanceof Error ? exception : new Error(String(exception));
    for (const [name, value] of Object.entries(problem.headers ?? {})) response.setHeader(name, value);
    const header = HEADER_AT_FAULT[problem.status];
    response.status(problem.status).json({
      error: problem.error,
      message: problem.message,
      fields: problem.fields ?? (header ? at(header, problem.message) : []),
      requestId: request.id,
    });
  }
}
