import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import pino, { Logger } from 'pino';
import { DEMO_SEED_HEADER, isStartupRequest } from '../demo/request-log';
import { CALLER_ID } from './header-rules';

const NEST_START_UP = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

// The app's logger: JSON lines, secrets redacted, and Nest's start-up announcements (every module, every route) at
// debug, so they do not bury what a start has to say (LOG_LEVEL=debug shows them).
export function appLogger(level: string): Logger {
  // Written asynchronously, so a request does not wait for its line to reach the disk or the pipe (lines written while
  // one write is in flight go out together in the next); what is still buffered is written at exit. A standard output
  // replaced by the process itself (a test that keeps the lines) is written to as it is.
  const tampered = process.stdout.write !== Object.getPrototypeOf(process.stdout).write;
  const destination = tampered ? process.stdout : pino.destination({ dest: process.stdout.fd ?? 1, sync: false });
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', `req.headers["${DEMO_SEED_HEADER}"]`], censor: '[redacted]' },
    hooks: {
      logMethod(args, method, lineLevel) {
        const first: unknown = args[0];
        const context = typeof first === 'object' && first !== null && 'context' in first ? first.context : undefined;
        if (lineLevel === 30 && typeof context === 'string' && NEST_START_UP.has(context)) return this.debug.apply(this, args);
        return method.apply(this, args);
      },
    },
  }, destination);
}

// What the front (below) puts on every request before the framework sees it.
export interface FrontRequest extends IncomingMessage {
  id: string;
  correlationId: string;
  // An Expect other than 100-continue (create-app.ts marks it): refused here, before the body is read.
  unmetExpectation?: string;
}

// Set by the exception filter on a 5xx, for the request's line to carry.
export type LoggedResponse = ServerResponse & { err?: Error };

// Security headers on every answer. The API answers JSON only: nothing may frame, sniff or cache it, and its pages
// run no scripts. The two HTML tools (/docs and the job dashboard) need their own scripts, so they keep the other
// headers without that content policy.
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};
export const JSON_ONLY_HEADERS: Readonly<Record<string, string>> = { 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'", 'Cache-Control': 'no-store' };
// Made once: each answer gets its set in one call.
const API_HEADERS = new Map(Object.entries({ ...SECURITY_HEADERS, ...JSON_ONLY_HEADERS }));
const TOOL_HEADERS = new Map(Object.entries(SECURITY_HEADERS));
// The workspace web app (/workspace): its own scripts and styles only, and requests to this origin only.
export const WORKSPACE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const WORKSPACE_HEADERS = new Map(Object.entries({ ...SECURITY_HEADERS, 'Content-Security-Policy': WORKSPACE_CSP }));

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;
type LineLevel = keyof typeof LEVELS;

// Each request's own line, in the app logger's format (pino's JSON, its level and destination). The line is small on
// purpose (request id, method, URL, status, time taken) and is written as one string: pino's general path (the
// redaction and hook of the app logger, serialising an object) would be most of what a refused request costs, and
// the line has nothing to redact (it carries no headers). A line with an error goes through pino, which serialises
// the error.
class RequestLines {
  private readonly threshold: number;
  private readonly destination: pino.DestinationStream;
  private readonly base = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;

  constructor(private readonly logger: Logger) {
    this.threshold = logger.levelVal;
    this.destination = (logger as unknown as Record<symbol, pino.DestinationStream>)[pino.symbols.streamSym];
  }

  write(req: FrontRequest, res: LoggedResponse, started: number): void {
    const aborted = !res.writableFinished;
    const error = res.err;
    const status = res.statusCode;
    const level: LineLevel = isStartupRequest(req, res, error) ? 'debug' : aborted ? 'info' : status === 503 ? 'warn' : error || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (LEVELS[level] < this.threshold) return;
    const responseTime = Math.round(performance.now() - started);
    if (error) return void this.logger[level]({ req: { id: req.id, method: req.method, url: req.url }, res: { statusCode: status }, responseTime, err: error }, 'request errored');
    this.destination.write(
      `{"level":${LEVELS[level]},"time":${Date.now()}${this.base},"req":{"id":${JSON.stringify(req.id)},"method":${JSON.stringify(req.method)},"url":${JSON.stringify(req.url)}},"res":{"statusCode":${status}},"responseTime":${responseTime},"msg":"${aborted ? 'request aborted' : 'request completed'}"}\n`,
    );
  }
}

// Everything every request gets, before the framework sees it, so it holds for whatever answers (a route, the API
// docs, the job dashboard, a refusal by the framework itself): its request id (the caller's X-Request-Id when sane,
// else a new one), its correlation id, the security headers and its one log line. Nothing here sets up an async
// context per request (AsyncLocalStorage makes every promise of the request cost more on Node 20): a line logged
// while a request is handled does not name it; the request's own line does, with its error on a 5xx.
export function requestFront(appLog: Logger, toolPrefixes: readonly string[], workspacePrefix: string, refuseUnmetExpectation: (req: FrontRequest, res: ServerResponse) => void) {
  const lines = new RequestLines(appLog);
  const isTool = (url: string) => {
    for (const prefix of toolPrefixes) if (url.startsWith(prefix)) return true;
    return false;
  };
  return (incoming: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage, res: ServerResponse) => void): void => {
    const started = performance.now();
    const req = incoming as FrontRequest;
    const givenId = req.headers['x-request-id'];
    req.id = typeof givenId === 'string' && CALLER_ID.test(givenId) ? givenId : randomUUID();
    const givenCorrelation = req.headers['x-correlation-id'];
    req.correlationId = typeof givenCorrelation === 'string' && CALLER_ID.test(givenCorrelation) ? givenCorrelation : randomUUID();
    const url = req.url ?? '';
    res.setHeaders(url.startsWith(workspacePrefix) ? WORKSPACE_HEADERS : isTool(url) ? TOOL_HEADERS : API_HEADERS);
    res.setHeader('X-Request-Id', req.id);
    res.setHeader('X-Correlation-Id', req.correlationId);
    res.once('close', () => lines.write(req, res, started));
    if (req.unmetExpectation !== undefined) return refuseUnmetExpectation(req, res);
    next(req, res);
  };
}

// The answer in the API's error shape, written straight to the socket's response: for refusals made before the
// framework has the request.
export function writeProblem(req: FrontRequest, res: ServerResponse, status: number, error: string, message: string, fields: { field: string; reason: string }[]): void {
  const body = JSON.stringify({ error, message, fields, requestId: req.id });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
