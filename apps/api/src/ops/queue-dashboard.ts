import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import { PLATFORM, Platform } from '@channel-ledger/platform';
import { REBUILD_QUEUE, SWEEP_QUEUE, WEBHOOK_QUEUE, producerConnection } from '@channel-ledger/jobs';
import { Actor, hasRole, TokenVerifier } from '@channel-ledger/auth';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
function problem(req: FastifyRequest, error: string, message: string, fields: { field: string; reason: string }[] = []) {
  return { error, message, fields, requestId: req.id };
}

function cookieToken(req: FastifyRequest): string | undefined {
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

// Whether an Accept header puts HTML before JSON, as a browser's does (q-values are ignored: browsers send none
// that would change the order between the two).
function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const html = types.findIndex((type) => type === 'text/html' || type === 'text/*');
  const json = types.findIndex((type) => type === 'application/json' || type === 'application/*' || type === '*/*');
  return html >= 0 && (json < 0 || html < json);
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

  // The dashboard as a plugin of its own under DASHBOARD_PATH: its sign-in form, its sign-in check, and the board.
  plugin() {
    return async (instance: FastifyInstance): Promise<void> => {
      // The sign-in form posts a urlencoded token; no other route here reads a form.
      instance.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      instance.get('/login', (_request, reply) => void reply.type('text/html; charset=utf-8').send(LOGIN_PAGE));
      instance.post('/login', async (request, reply) => {
        const body = request.body as { token?: unknown } | undefined;
        const token = typeof body?.token === 'string' ? body.token.trim() : '';
        const actor = await this.actor(token);
        if (!actor || !hasRole(actor, ROLES)) {
          return reply
            .code(actor ? 403 : 401)
            .type('text/html; charset=utf-8')
            .send(`${LOGIN_PAGE.replace('<form', `<p role="alert">${actor ? 'That token has no ops or admin role.' : 'That token is not valid.'}</p><form`)}`);
        }
        const secure = request.protocol === 'https' ? '; Secure' : '';
        reply.header('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict${secure}`);
        return reply.redirect(DASHBOARD_PATH, 303);
      });
      // Everything else here needs an ops or admin token (the sign-in form above does not).
      instance.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        if (request.routeOptions.url === `${DASHBOARD_PATH}/login`) return;
        const header = request.headers.authorization;
        const bearer = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header)?.[1] : undefined;
        const actor = await this.actor(bearer ?? cookieToken(request));
        if (!actor) {
          if (request.method === 'GET' && prefersHtml(request.headers.accept)) return reply.redirect(`${DASHBOARD_PATH}/login`, 303);
          return reply
            .code(401)
            .header('WWW-Authenticate', 'Bearer')
            .send(problem(request, 'missing_token', 'send an ops or admin bearer token, or sign in at /ops/queues/login', [{ field: 'Authorization', reason: 'must be an ops or admin bearer token' }]));
        }
        if (!hasRole(actor, ROLES)) return reply.code(403).send(problem(request, 'forbidden', `the job dashboard needs one of the roles: ${ROLES.join(', ')}`));
      });
      const board = this.board();
      if (board) await instance.register(board.registerPlugin());
      else instance.all('/*', (request, reply) => void reply.code(404).send(problem(request, 'not_found', 'no job queues: REDIS_URL is not set, so jobs run inside the processes')));
    };
  }

  private async actor(token: string | undefined): Promise<Actor | undefined> {
    if (!token) return undefined;
    try {
      return await this.verifier.verify(token);
    } catch {
      return undefined;
    }
  }

  private board(): FastifyAdapter | undefined {
    const { redisUrl, queuePrefix } = this.platform.config;
    if (!redisUrl) return undefined;
    // Fail fast: with Redis away the dashboard answers with an error at once instead of hanging the request.
    this.connection = producerConnection(redisUrl);
    for (const name of [SWEEP_QUEUE, REBUILD_QUEUE, WEBHOOK_QUEUE]) {
      const queue = new Queue(name, { connection: this.connection, prefix: queuePrefix });
      queue.on('error', () => undefined);
      this.queues.push(queue);
    }
    const adapter = new FastifyAdapter();
    adapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({ queues: this.queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Channel Ledger jobs' } } });
    return adapter;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
    this.connection?.disconnect();
  }
}
