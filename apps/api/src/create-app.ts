import { INestApplication, LoggerService } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Platform } from '@channel-ledger/platform';
import { AppModule } from './app.module';
import { appLogger, requestLogger } from './common/request-log';
import { CALLER_ID } from './common/header-rules';
import { DASHBOARD_PATH } from './ops/queue-dashboard';
import { setupOpenApi } from './openapi/document';


// Requests Node refuses before the app sees them (headers past its 16 kB limit, broken HTTP) get an answer in the
// API's error shape instead of a bare status line, with a request id of their own (there is no request to take one
// from) and their one log line, as every request has.
// Security headers on every answer; the JSON-only ones on all but the two HTML tools (see createApp).
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};
const JSON_ONLY_HEADERS = { 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'", 'Cache-Control': 'no-store' };

function answerUnreadableRequests(server: Server, logger: LoggerService): void {
  // An Expect other than 100-continue: Node would answer 417 itself, bare. The request goes to the app instead, marked,
  // and is refused there (AppModule) in the error shape, with its request id and log line.
  server.on('checkExpectation', (req: IncomingMessage & { unmetExpectation?: string }, res: ServerResponse) => {
    req.unmetExpectation = String(req.headers.expect ?? '');
    server.emit('request', req, res);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) return void socket.destroy();
    const [status, reason, code, message, fields] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'the request headers are larger than 16 kB', [{ field: 'headers', reason: 'are larger than 16 kB together' }]]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'request_timeout', 'the request did not arrive in time', []]
          : [400, 'Bad Request', 'malformed_request', 'the request is not valid HTTP', []];
    const requestId = randomUUID();
    // The last argument is the logger's context; the object and the message are the line.
    logger.warn({ req: { id: requestId }, res: { statusCode: status }, error: code, cause: error.code }, 'request refused before it was read', 'HttpServer');
    const body = JSON.stringify({ error: code, message, fields, requestId });
    const headerLines = Object.entries({ ...SECURITY_HEADERS, ...JSON_ONLY_HEADERS }).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\n${headerLines}Connection: close\r\n\r\n${body}`,
    );
  });
}

// The HTTP app on a ready platform; main.ts and the end-to-end tests both build it here.
export async function createApp(platform: Platform): Promise<INestApplication> {
  // Bodies are read by the API's own JSON parser (common/json-body.ts, mounted in AppModule), not Nest's default.
  const logger = appLogger(platform.config.logLevel);
  const app = await NestFactory.create(AppModule.forRoot(platform, logger), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.use(requestLogger(logger));
  app.getHttpAdapter().getInstance().locals.clock = platform.clock;
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  answerUnreadableRequests(app.getHttpServer(), app.get(Logger));
  // Security headers on every answer. The API answers JSON only: nothing may frame, sniff or cache it, and its
  // pages run no scripts. The two HTML tools (/docs and the job dashboard) need their own scripts, so they keep
  // the other headers without that content policy.
  app.use((req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!req.path.startsWith('/docs') && !req.path.startsWith(DASHBOARD_PATH)) {
      for (const [name, value] of Object.entries(JSON_ONLY_HEADERS)) res.setHeader(name, value);
    }
    next();
  });
  // Every answer names the conversation it belongs to: the caller's X-Correlation-Id, or a new one.
  app.use((req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
    const given = req.headers['x-correlation-id'];
    req.correlationId = typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Correlation-Id', req.correlationId);
    next();
  });
  setupOpenApi(app);
  return app;
}
