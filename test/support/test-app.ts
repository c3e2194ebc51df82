import { INestApplication } from '@nestjs/common';
import { sql } from 'kysely';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { Server } from 'node:http';
import { createApp } from '../../apps/api/src/create-app';
import { Role, mintToken } from '@channel-ledger/auth';
import { loadConfig } from '@channel-ledger/config';
import { Clock, Platform, startPlatform } from '@channel-ledger/platform';
import { readModelMigrations } from '@channel-ledger/projections';
import { createTestDatabase, TestDatabase } from './database';
import { describeMismatches, OpenApiChecker, OpenApiDocument, recordAnswers, SchemaMismatch } from './openapi-check';

export interface TestApp {
  app: INestApplication;
  platform: Platform;
  database: TestDatabase;
  http: ReturnType<INestApplication['getHttpServer']>;
  // The audit key the app chains the log with: processes a test starts beside it (CLI, a second API) take it too.
  auditKey: string;
  token(roles: Role | Role[], options?: { partnerId?: string; subject?: string; expiresIn?: string; name?: string }): Promise<string>;
  // Committed events in the log. "Nothing was appended" is checked with this, not with the head position: the
  // head only moves past events older than every open transaction, so it can move later for an earlier append.
  eventCount(): Promise<number>;
  // The answers so far that the app's own OpenAPI document does not describe (see TestAppOptions).
  schemaMismatches(): SchemaMismatch[];
  // Stops the app and drops its database; then fails, listing them, if any answer did not match the document.
  close(): Promise<void>;
}

// Every answer the app sends in a test is checked against the OpenAPI document it serves at /docs-json (status,
// content type, JSON body, headers; test/support/openapi-check.ts), and close() fails if the document does not
// describe one.
export interface TestAppOptions {
  // Turns the check off for this app. Only for a test that deliberately sends what no client sends (broken bytes
  // on the socket, cut-off bodies), where answers are about surviving the input, not about the contract; the value
  // says why.
  uncheckedBecause?: string;
  // The document to check against instead of the served one: for the checker's own tests only.
  checkAgainst?: (served: OpenApiDocument) => OpenApiDocument;
}

// One checker per document: the apps a test file starts one after another serve the same document, and its
// schemas are compiled once.
const checkers = new Map<string, OpenApiChecker>();

// The real app on a database of its own (migrated), with a local HS256 secret for tokens.
// `database` runs it on a server the test controls (an outage test stops and restarts its own PostgreSQL).
export async function startTestApp(env: Record<string, string> = {}, clock?: Clock, database?: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  database ??= await createTestDatabase('cl_e2e');
  const secret = randomBytes(32).toString('hex');
  const auditKey = env.AUDIT_KEY ?? randomBytes(32).toString('hex');
  const config = loadConfig({ LOG_LEVEL: 'silent', MIGRATE_ON_START: 'true', RUN_PROJECTOR: 'true', SWEEP_INTERVAL_MS: '0', RATE_LIMIT_PER_MINUTE: '0', DATABASE_URL: database.url, JWT_SECRET: secret, ...env, AUDIT_KEY: auditKey });
  const platform = await startPlatform(config, () => undefined, { readModels: readModelMigrations, clock });
  const app = await createApp(platform);
  const mismatches: SchemaMismatch[] = [];
  let checker: OpenApiChecker | undefined;
  if (!options.uncheckedBecause) {
    // Ahead of the app's own listener on its server, so it sees each answer as it is ended, whatever gives it.
    (app.getHttpServer() as Server).prependListener(
      'request',
      recordAnswers((answer) => {
        if (!checker) return;
        try {
          const mismatch = checker.check(answer);
          if (mismatch) mismatches.push(mismatch);
        } catch (error) {
          mismatches.push({ method: answer.method, path: answer.path, status: answer.status, problem: `the check failed: ${String(error)}` });
        }
      }),
    );
  }
  await app.init();
  if (!options.uncheckedBecause) {
    const served = await request(app.getHttpServer()).get('/docs-json').expect(200);
    if (options.checkAgainst) checker = new OpenApiChecker(options.checkAgainst(JSON.parse(served.text)));
    else {
      checker = checkers.get(served.text) ?? new OpenApiChecker(JSON.parse(served.text));
      checkers.set(served.text, checker);
    }
  }
  return {
    app,
    platform,
    database,
    http: app.getHttpServer(),
    auditKey,
    token: (roles, options = {}) =>
      mintToken(platform.auth.secret!, config.auth.issuer, config.auth.audience, {
        subject: options.subject ?? `user-${randomBytes(4).toString('hex')}`,
        roles: Array.isArray(roles) ? roles : [roles],
        partnerId: options.partnerId,
        expiresIn: options.expiresIn,
        name: options.name,
      }),
    async eventCount() {
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(`${config.eventStoreSchema}.events`)}`.execute(platform.readDb);
      return Number(rows[0].n);
    },
    schemaMismatches: () => [...mismatches],
    async close() {
      await app.close();
      // A test that listened on the app's server itself (for raw sockets) left it listening: Fastify closes only a
      // server it started. Close it, and whatever connection a test left open on it.
      const server = app.getHttpServer() as import('node:http').Server;
      if (server.listening) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      await database!.drop();
      if (mismatches.length > 0) throw new Error(describeMismatches(mismatches));
    },
  };
}

// A clock tests move by hand: commands see the time it says. It follows real time until frozen.
export class ManualClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }
  freeze(): void {
    this.frozenAt = this.now().getTime();
  }
  thaw(): void {
    if (this.frozenAt !== undefined) this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }
}
