import { INestApplication } from '@nestjs/common';
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../apps/api/src/create-app';
import { Role, mintToken } from '@channel-ledger/auth';
import { loadConfig } from '@channel-ledger/config';
import { Clock, Platform, startPlatform } from '@channel-ledger/platform';
import { readModelMigrations } from '@channel-ledger/projections';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: INestApplication;
  platform: Platform;
  database: TestDatabase;
  http: ReturnType<INestApplication['getHttpServer']>;
  // The audit key the app chains the log with: processes a test starts beside it (CLI, a second API) take it too.
  auditKey: string;
  token(roles: Role | Role[], options?: { partnerId?: string; subject?: string; expiresIn?: string }): Promise<string>;
  // Committed events in the log. "Nothing was appended" is checked with this, not with the head position: the
  // head only moves past events older than every open transaction, so it can move later for an earlier append.
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

// The real app on a database of its own (migrated), with a local HS256 secret for tokens.
// `database` runs it on a server the test controls (an outage test stops and restarts its own PostgreSQL).
export async function startTestApp(env: Record<string, string> = {}, clock?: Clock, database?: TestDatabase): Promise<TestApp> {
  database ??= await createTestDatabase('cl_e2e');
  const secret = randomBytes(32).toString('hex');
  const auditKey = env.AUDIT_KEY ?? randomBytes(32).toString('hex');
  const config = loadConfig({ LOG_LEVEL: 'silent', MIGRATE_ON_START: 'true', RUN_PROJECTOR: 'true', SWEEP_INTERVAL_MS: '0', RATE_LIMIT_PER_MINUTE: '0', DATABASE_URL: database.url, JWT_SECRET: secret, ...env, AUDIT_KEY: auditKey });
  const platform = await startPlatform(config, () => undefined, { readModels: readModelMigrations, clock });
  const app = await createApp(platform);
  await app.init();
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
      }),
    async eventCount() {
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(`${config.eventStoreSchema}.events`)}`.execute(platform.readDb);
      return Number(rows[0].n);
    },
    async close() {
      await app.close();
      await database!.drop();
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
