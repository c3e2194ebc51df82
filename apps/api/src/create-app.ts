import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { Duplex } from 'node:stream';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { Logger } from 'pino';
import { Platform } from '@channel-ledger/platform';
import { AppModule } from './app.module';
import { answerProblem } from './common/exception.filter';
import { BODY_LIMIT_BYTES, useJsonBody } from './common/json-body';
import { FrontRequest, JSON_ONLY_HEADERS, SECURITY_HEADERS, appLogger, requestFront, writeProblem } from './common/request-log';
import { RouteMethods } from './common/route-methods';
import { DASHBOARD_PATH, QueueDashboard } from './ops/queue-dashboard';
import { setupOpenApi } from './openapi/document';
import { WORKSPACE_PATH, serveWorkspace } from './workspace/workspace-site';

// Requests Node refuses before the app sees them (headers past its 16 kB limit, broken HTTP) get an answer in the
// API's error shape instead of a bare status line, with a request id of their own (there is no request to take one
// from) and their one log line, as every request has.
const REFUSED_HEADERS = Object.entries({ ...SECURITY_HEADERS, ...JSON_ONLY_HEADERS })
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

function answerUnreadableRequest(logger: () => LoggerService, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) return void socket.destroy();
  const [status, reason, code, message, fields] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'the request headers are larger than 16 kB', [{ field: 'headers', reason: 'are larger than 16 kB together' }]]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request_timeout', 'the request did not arrive in time', []]
        : [400, 'Bad Request', 'malformed_request', 'the request is not valid HTTP', []];
  const requestId = randomUUID();
  // The last argument is the logger's context; the object and the message are the line.
  logger().warn({ req: { id: requestId }, res: { statusCode: status }, error: code, cause: error.code }, 'request refused before it was read', 'HttpServer');
  const body = JSON.stringify({ error: code, message, fields, requestId });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\n${REFUSED_HEADERS}Connection: close\r\n\r\n${body}`,
  );
}

// A request whose Expect header asks for something other than 100-continue: 417, before its body is read (the
// connection closes after the answer).
function refuseUnmetExpectation(req: FrontRequest, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  writeProblem(req, res, 417, 'expectation_failed', 'the only expectation this server meets is Expect: 100-continue', [{ field: 'Expect', reason: `"${String(req.unmetExpectation).slice(0, 40)}" cannot be met` }]);
}

// The HTTP server: every request goes through the front (request id, security headers, its log line; see
// request-log.ts) and then to Fastify.
function serverFor(logger: Logger) {
  const front = requestFront(logger, ['/docs', DASHBOARD_PATH], WORKSPACE_PATH, refuseUnmetExpectation);
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const server = createServer((req, res) => front(req, res, handler));
    // An Expect other than 100-continue: Node would answer 417 itself, bare. The request goes to the front instead,
    // marked, and is refused there in the error shape, with its request id and log line.
    server.on('checkExpectation', (req: FrontRequest, res: ServerResponse) => {
      req.unmetExpectation = String(req.headers.expect ?? '');
      server.emit('request', req, res);
    });
    return server;
  };
}

// The HTTP app on a ready platform; main.ts and the end-to-end tests both build it here.
export async function createApp(platform: Platform): Promise<NestFastifyApplication> {
  const logger = appLogger(platform.config.logLevel);
  let nestLogger: LoggerService | undefined;
  // Until Nest's logger is there (it is, long before the server listens).
  const fallback: LoggerService = { log: (message) => logger.info(message), warn: (line) => logger.warn(line), error: (line) => logger.error(line) };
  const adapter = new FastifyAdapter({
    serverFactory: serverFor(logger),
    // The front's request id is the request's id everywhere (answers, log lines, causation ids).
    genReqId: (req: IncomingMessage) => (req as FrontRequest).id,
    // Bodies are read by the API's own parser (common/json-body.ts), which has its own limit.
    bodyLimit: BODY_LIMIT_BYTES,
    // A path is served with and without a trailing slash; a long path parameter reaches its route (and its pipe, which
    // says what is wrong with it) instead of being refused by the router.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Duplex) => answerUnreadableRequest(() => nestLogger ?? fallback, error, socket),
    // A request the framework refuses before routing (a path that is not valid percent-encoding) is answered in the
    // API's error shape too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => answerProblem(routes, error, request, reply),
  });
  const instance = adapter.getInstance();
  const routes = new RouteMethods(instance);
  useJsonBody(instance);
  // The clock commands read their time from (a test can hold it still).
  instance.decorate('clock', platform.clock);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(platform, logger, routes), adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(NestPinoLogger));
  nestLogger = app.get(NestPinoLogger);
  await instance.register(app.get(QueueDashboard).plugin(), { prefix: DASHBOARD_PATH });
  await serveWorkspace(instance);
  setupOpenApi(app);
  return app;
}
