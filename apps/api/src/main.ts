import 'reflect-metadata';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { Server } from 'node:http';
import { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { Logger } from 'pino';
import { AppConfig, ConfigError, loadConfig, redactUrl } from '@channel-ledger/config';
import { comparePositions } from '@channel-ledger/event-store';
import { Log, Platform, StartupError, flushed, processLogger, startPlatform } from '@channel-ledger/platform';
import { allProjections, readModelMigrations } from '@channel-ledger/projections';
import { seedDemo } from './demo/demo-seed';
import { TokenSigner, currentDemoTokens, mintDemoToken, mintDemoTokens, readDemoTokens, saveDemoTokens, TOKENS_JSON } from './demo/demo-tokens';
import { BannerFacts, banner, tokensText } from './demo/banner';
import { Readiness } from './health/readiness';
import { ProjectorHost } from './projector-host';
import { createApp } from './create-app';
import { APP_LOGGER } from './app.module';
import { DemoPersonas } from './session/demo-personas';

function fail(message: string): never {
  process.stderr.write(`channel-ledger: ${message}\n`);
  process.exit(1);
}

// Once every projection has applied the log up to `position` (or has stopped on an event: /health reports that), a
// script that reads the demo data finds it in the read models.
async function readModelsReach(platform: Platform, position: string): Promise<void> {
  const expected = allProjections().length;
  for (;;) {
    const rows = await platform.readDb.selectFrom('projection_checkpoints').select(['position', 'status']).execute();
    const caughtUp = rows.filter((r) => r.status === 'failed' || (r.position !== null && comparePositions(r.position, position) >= 0));
    if (rows.length >= expected && caughtUp.length === rows.length) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// What the banner shows: on the embedded default's first start the demo data is made (through the API) and its tokens
// saved; on a later start the saved tokens are shown again, minted anew if they expire or the secret changed.
const seedingMark = (config: AppConfig) => join(config.dataDir, 'demo-seeding');

async function demoFacts(config: AppConfig, platform: Platform, firstStart: boolean, readiness: Readiness): Promise<{ facts: BannerFacts; seeded?: string }> {
  const port = config.port;
  if (!platform.embedded) return { facts: { port, data: { databaseUrl: redactUrl(platform.databaseUrl) }, noTokens: 'Tokens come from JWT_JWKS_URL\'s identity provider, or `npm run prm -- token --role <role>` with JWT_SECRET.' } };
  const data = { dataDir: config.dataDir, postgresPort: config.embeddedPostgresPort };
  const signer: TokenSigner = { secret: platform.auth.secret!, issuer: config.auth.issuer, audience: config.auth.audience };
  if (firstStart) {
    readiness.waitFor('loading the demo data');
    // A start that stopped mid-way left its request in flight pending under its Idempotency-Key; nothing else loads the
    // demo data, so that request is known to be dead now, not after IDEMPOTENCY_PENDING_TIMEOUT_MS: its key is taken
    // over at once (and answered from the log if the request had appended).
    if (existsSync(seedingMark(config))) {
      await platform.readDb.updateTable('idempotency_keys').set({ updated_at: new Date(0) }).where('state', '=', 'pending').where('key', 'like', 'demo-seed-%').execute();
    }
    writeFileSync(seedingMark(config), 'the demo data is being loaded; the next start finishes it if this one stops\n');
    const { personas, position } = await seedDemo(`http://127.0.0.1:${port}`, (persona) => mintDemoToken(signer, persona));
    const tokens = await mintDemoTokens(signer, personas);
    saveDemoTokens(config.dataDir, tokens, tokensText(tokens));
    rmSync(seedingMark(config), { force: true });
    return { facts: { port, data, tokens }, seeded: position };
  }
  const saved = readDemoTokens(config.dataDir);
  if (!saved) return { facts: { port, data, noTokens: `No saved demo tokens (${join(config.dataDir, TOKENS_JSON)}): \`npm run prm -- token --role <role>\` makes one.` } };
  const { tokens, renewed } = await currentDemoTokens(signer, saved);
  if (renewed) saveDemoTokens(config.dataDir, tokens, tokensText(tokens));
  return { facts: { port, data, tokens, renewed } };
}

// The app's shutdown hooks close the platform on a failed start; a shutdown by signal closes it itself, after the app,
// saying what it stopped (see stop() in main).
function closedBySignal(started: Platform, shuttingDown: () => boolean): Platform {
  return { ...started, close: async () => (shuttingDown() ? undefined : started.close()) };
}

// The platform's parts, last to first, with a line for each.
async function closePlatform(platform: Platform, say: Log): Promise<void> {
  await platform.eventStore.close();
  await platform.readDb.destroy();
  say('stopped the database pools');
  await platform.close();
  if (platform.embedded) say(`stopped the embedded PostgreSQL (data kept in ${join(platform.config.dataDir, 'postgres')})`);
}

// Stops taking connections and waits for the requests in flight, for a few seconds at most.
function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), 5_000);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const say = processLogger(config, 'api');
  let stopping = false;
  const started = await startPlatform(config, say, { readModels: readModelMigrations });
  const platform = closedBySignal(started, () => stopping);
  try {
    const app = await createApp(platform);
    const readiness = app.get(Readiness);
    const appLog = app.get<Logger>(APP_LOGGER);
    readiness.hold();
    // In order: no new requests, the projector, the jobs (the app's other shutdown hooks), the pools, the database.
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      readiness.waitFor('shutting down');
      say(`${signal} received: shutting down`);
      try {
        await closeHttpServer(app.getHttpServer());
        say('stopped the HTTP server');
        await app.get(ProjectorHost).beforeApplicationShutdown();
        say(config.runProjector ? 'stopped the projector (projections, sweeps, rebuild worker, webhook delivery)' : 'no projector to stop (RUN_PROJECTOR is off)');
        await app.close();
        // The app's lines are written asynchronously: the last of them come out before what follows.
        await flushed(appLog);
        say(`stopped the jobs (${started.redis ? 'BullMQ queues' : 'in-process'})`);
        await closePlatform(started, say);
        say('stopped');
        // Exiting with a write still in flight could put the last lines out of order.
        await say.flush();
        process.exit(0);
      } catch (error) {
        fail(`shutdown failed: ${(error as Error)?.message ?? String(error)}`);
      }
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
    // The embedded default's first start gets demo data, made through the API itself, and ready tokens; so does the
    // start after one that stopped while loading them (the seeding's mark is still there), which finishes the job.
    const firstStart = platform.embedded && ((await platform.eventStore.headPosition()) === undefined || existsSync(seedingMark(config)));
    // Every interface, as Node listens by default (Fastify alone would listen on localhost only); IPv4 alone where
    // the machine has no IPv6.
    // Through Fastify itself: Nest's listen() would log a taken port as an error line of its own, and this start
    // says it in one line (fail()).
    await app.init();
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    await fastify
      .listen({ port: config.port, host: '::' })
      .catch((error: NodeJS.ErrnoException) => (error.code === 'EAFNOSUPPORT' || error.code === 'EADDRNOTAVAIL' ? fastify.listen({ port: config.port, host: '0.0.0.0' }) : Promise.reject(error)))
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') throw new StartupError(`PORT ${config.port} is already in use: stop what holds it or set PORT`);
        throw error;
      });
    app.flushLogs();
    say(`listening on http://localhost:${config.port}${firstStart ? ': loading the demo data (/health/ready answers 200 once it is there)' : ''}`);
    const { facts, seeded } = await demoFacts(config, platform, firstStart, readiness);
    // The workspace's sign-in page offers these users to a browser on this machine.
    if (facts.tokens) app.get(DemoPersonas).set(facts.tokens.tokens.map((t) => ({ label: t.label, name: t.name, role: t.role, partnerName: t.partnerName ?? null, token: t.token })));
    // With the projector in this process, ready also means the read models show the log as it stood now: up to the
    // demo data's last event on a first start (the head alone may not be past it yet: it stays behind every
    // transaction still open, the projector's own included). A projector elsewhere is its own process to watch.
    const head = await platform.eventStore.headPosition();
    const target = seeded !== undefined && (head === undefined || comparePositions(seeded, head) > 0) ? seeded : head;
    if (config.runProjector && target !== undefined) {
      readiness.waitFor('the read models are catching up with the log');
      await readModelsReach(platform, target);
    }
    // The JSON lines logged so far come out before the banner, not through it.
    await Promise.all([say.flush(), flushed(appLog)]);
    process.stdout.write(banner(facts));
    readiness.ready();
  } catch (error) {
    // A signal during the start-up: the shutdown above ends the process.
    if (stopping) return;
    // Whatever started must stop, the embedded PostgreSQL above all.
    await platform.close().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) fail(error.message);
  fail(`start-up failed: ${(error as Error)?.stack ?? String(error)}`);
});
