import { randomUUID } from 'node:crypto';
import pino, { Logger } from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';
import { DEMO_SEED_HEADER, isStartupRequest } from '../demo/request-log';
import { CALLER_ID } from './header-rules';

const NEST_START_UP = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

// The app's logger: JSON lines, secrets redacted, and Nest's start-up announcements (every module, every route) at
// debug, so they do not bury what a start has to say (LOG_LEVEL=debug shows them).
export function appLogger(level: string): Logger {
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
  });
}

// One log line for every request, with its request id, written when the answer is sent. It is the app's first
// middleware, so every request has it, whatever answers it (a route, the API docs, the job dashboard, a refusal).
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    // A caller's X-Request-Id is kept when it is sane; otherwise one is made. Either way it is echoed back.
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // A 503 is an answer we chose (a dependency down, read models not there yet, with Retry-After), not a fault.
    // The start-up's own requests (demo seeding, readiness probes while starting) go to debug.
    customLogLevel: (req, res, error) => (isStartupRequest(req, res, error) ? 'debug' : res.statusCode === 503 ? 'warn' : error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
}
