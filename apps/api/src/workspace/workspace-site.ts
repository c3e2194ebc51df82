import fastifyStatic from '@fastify/static';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const WORKSPACE_PATH = '/workspace';

// The project's root: the nearest folder above this file with a package.json (this file runs from apps/ in tests and
// from dist/apps/ after a build).
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

// Where `npm run build` puts the workspace web app (apps/workspace, built with Vite).
export const WORKSPACE_DIR = join(projectRoot(__dirname), 'dist', 'workspace');

// Serves the workspace web app at /workspace/. Its pages use hash routes (/workspace/#/partners/...), so the server
// has only files to serve. Without a build there is a page that says how to make one, in the API's error shape.
export async function serveWorkspace(instance: FastifyInstance, dir = WORKSPACE_DIR): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    const notBuilt = (request: FastifyRequest, reply: FastifyReply) =>
      reply
        .code(404)
        .type('application/json; charset=utf-8')
        .send({ error: 'not_found', message: 'the workspace web app is not built: run `npm run build` (npm start does it)', fields: [], requestId: request.id });
    instance.get(WORKSPACE_PATH, notBuilt);
    instance.get(`${WORKSPACE_PATH}/*`, notBuilt);
    return;
  }
  await instance.register(fastifyStatic, {
    root: dir,
    prefix: `${WORKSPACE_PATH}/`,
    decorateReply: false,
    // A route per file of the build (and /workspace/ for its page), made at start-up: the build is there by then.
    wildcard: false,
    // Hashed asset names change with their content; the page itself is always asked for again.
    setHeaders: (res, path) => res.header('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
  });
}
