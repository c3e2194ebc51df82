import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { ConcurrencyError, EventStoreUnavailableError, InvalidAppendError } from '@channel-ledger/event-store';
import { DomainError } from '@channel-ledger/domain';
import { isDatabaseUnavailable } from '@channel-ledger/read-store';
import { HttpProblem } from '@channel-ledger/platform';
import { ValidationFailed } from './validation';

interface Problem {
  status: number;
  error: string;
  message: string;
  fields?: { field: string; reason: string }[];
  headers?: Record<string, string>;
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = { invalid: 400, not_found: 404, rule_broken: 409 };

function toProblem(exception: unknown): Problem {
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
  const client = exception as { status?: unknown; expose?: unknown };
  if (!(exception instanceof HttpException) && client?.expose === true && typeof client.status === 'number' && client.status >= 400 && client.status < 500) {
    if (client.status === 413) return { status: 413, error: 'payload_too_large', message: 'the request body is larger than the limit' };
    if (client.status === 415) return { status: 415, error: 'unsupported_media_type', message: 'the request body\'s type, charset or encoding is not supported' };
    return { status: client.status, error: 'malformed_request', message: 'the request could not be read' };
  }
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

// The one place errors become HTTP answers. Bodies never carry stack traces or SQL.
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const problem = toProblem(exception);
    if (problem.status === 503) this.logger.warn({ requestId: request.id, error: problem.error }, 'request answered 503');
    else if (problem.status >= 500) this.logger.error({ err: exception, requestId: request.id }, 'request failed');
    for (const [name, value] of Object.entries(problem.headers ?? {})) response.setHeader(name, value);
    response.status(problem.status).json({
      error: problem.error,
      message: problem.message,
      ...(problem.fields ? { fields: problem.fields } : {}),
      requestId: request.id,
    });
  }
}
