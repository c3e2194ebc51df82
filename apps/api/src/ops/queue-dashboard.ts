import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import { PLATFORM, Platform } from '@channel-ledger/platform';
import { REBUILD_QUEUE, SWEEP_QUEUE, WEBHOOK_QUEUE, producerConnection } from '@channel-ledger/jobs';
import { Actor, hasRole, TokenVerifier } from '@channel-ledger/auth';
import express, { NextFunction, Request, Response, Router } from 'express';
import Redis from 'ioredis';

export const DASHBOARD_PATH = '/ops/queues';
const COOKIE = 'cl_ops_token';
const ROLES = ['ops', 'admin'] as const;

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Channel Ledger queues: sign in</title></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 4rem auto">
<h1>Job queues</h1>
<p>Paste an ops or admin bearer token (for example from <code>npm run prm -- token --role ops</code>).</p>
<form method="post" action="${DASHBOARD_PATH}/login">
<textarea name="token" rows="6" style="width: 100%" required></textarea>
<p><button type="submit">Open the dashboard</button></p>
</form></body></html>`;

// The API's one error shape, for the dashboard's own JSON refusals (it is mounted after the request logger, which
// names the request).
function problem(req: Request & { id?: unknown }, error: string, message: string, fields: { field: string; reason: string }[] = []) {
  return { error, message, fields, requestId: req.id };
}

function cookieToken(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== COOKIE) continue;
    // A cookie that is not valid percent-encoding is no token (the sign-in form shows again), not a failure of ours.
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// The BullMQ job dashboard (Bull Board) for the sweeps, rebuilds and webhook deliveries, for the ops role.
// A bearer token in the Authorization header works; a browser signs in once on a small form and then carries
// the token in an HttpOnly, SameSite=Strict cookie scoped to the dashboard.
@Injectable()
export class QueueDashboard implements BeforeApplicationShutdown {
  private readonly verifier: TokenVerifier;
  private readonly queues: Queue[] = [];
  private connection: Redis | undefined;

  constructor(@Inject(PLATFORM) private readonly platform: Platform) {
    this.verifier = new TokenVerifier(platform.auth);
  }

  router(): Router {
    const router = express.Router();
    router.get('/login', (_req, res) => void res.type('html').send(LOGIN_PAGE));
    router.post('/login', express.urlencoded({ extended: false, limit: '16kb' }), async (req: Request, res: Response) => {
      const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
      const actor = await this.actor(token);
      if (!actor || !hasRole(actor, ROLES)) {
        res.status(actor ? 403 : 401).type('html').send(`${LOGIN_PAGE.replace('<form', `<p role="alert">${actor ? 'That token has no ops or admin role.' : 'That token is not valid.'}</p><form`)}`);
        return;
      }
      const secure = req.secure ? '; Secure' : '';
      res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict${secure}`);
      res.redirect(303, DASHBOARD_PATH);
    });
    router.use(async (req: Request, res: Response, next: NextFunction) => {
      const header = req.headers.authorization;
      const bearer = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header)?.[1] : undefined;
      const actor = await this.actor(bearer ?? cookieToken(req));
      if (!actor) {
        if (req.accepts(['json', 'html']) === 'html' && req.method === 'GET') return void res.redirect(303, `${DASHBOARD_PATH}/login`);
        return void res.status(401).setHeader('WWW-Authenticate', 'Bearer').json(problem(req, 'missing_token', 'send an ops or admin bearer token, or sign in at /ops/queues/login', [{ field: 'Authorization', reason: 'must be an ops or admin bearer token' }]));
      }
      if (!hasRole(actor, ROLES)) return void res.status(403).json(problem(req, 'forbidden', `the job dashboard needs one of the roles: ${ROLES.join(', ')}`));
      next();
    });
    const board = this.board();
    if (board) router.use(board);
    else router.use((req, res) => void res.status(404).json(problem(req, 'not_found', 'no job queues: REDIS_URL is not set, so jobs run inside the processes')));
    return router;
  }

  private async actor(token: string | undefined): Promise<Actor | undefined> {
    if (!token) return undefined;
    try {
      return await this.verifier.verify(token);
    } catch {
      return undefined;
    }
  }

  private board(): Router | undefined {
    const { redisUrl, queuePrefix } = this.platform.config;
    if (!redisUrl) return undefined;
    // Fail fast: with Redis away the dashboard answers with an error at once instead of hanging the request.
    this.connection = producerConnection(redisUrl);
    for (const name of [SWEEP_QUEUE, REBUILD_QUEUE, WEBHOOK_QUEUE]) {
      const queue = new Queue(name, { connection: this.connection, prefix: queuePrefix });
      queue.on('error', () => undefined);
      this.queues.push(queue);
    }
    const adapter = new ExpressAdapter();
    adapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({ queues: this.queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Channel Ledger jobs' } } });
    return adapter.getRouter() as Router;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
    this.connection?.disconnect();
  }
}
