import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely } from 'kysely';
import { Client } from 'pg';
import { AppConfig, ConfigError, redactUrl } from '@channel-ledger/config';
import {
  EventStore,
  EventStoreDbEventStore,
  IntegrityKeys,
  MIN_KEY_LENGTH,
  PostgresEventStore,
  integrityKeys,
  migrateEventStore,
  pendingEventStoreMigrations,
} from '@channel-ledger/event-store';
import { ReadDB, ReadStoreMigrations, createReadDb, migrateReadStore, pendingReadStoreMigrations } from '@channel-ledger/read-store';
import { startEmbeddedPostgres } from './embedded-postgres';
import { StartupError } from './startup-error';
import Redis from 'ioredis';

export interface AuthSettings {
  secret: Uint8Array | undefined;
  jwksUrl: string | undefined;
  issuer: string;
  audience: string;
}

// What every app process (api, projector, cli) stands on: the database, the event store and, when
// configured, Redis. Built once at start-up, closed once at shutdown.
export interface Platform {
  config: AppConfig;
  databaseUrl: string;
  embedded: boolean;
  readDb: Kysely<ReadDB>;
  eventStore: EventStore;
  // undefined: no REDIS_URL, jobs run in-process.
  redis: Redis | undefined;
  auth: AuthSettings;
  // The audit key the log's hash chain is made and checked with.
  integrity: IntegrityKeys;
  // Where commands get "now". The system clock, except in tests that need time to pass (expiry, SLAs).
  clock: Clock;
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// JWT_SECRET or JWT_JWKS_URL; on the embedded default a secret is made once and kept beside the data, so
// local tokens survive restarts.
export function authSettings(config: AppConfig): AuthSettings {
  const { jwtSecret, jwksUrl, issuer, audience } = config.auth;
  if (jwtSecret || jwksUrl) return { secret: jwtSecret ? new TextEncoder().encode(jwtSecret) : undefined, jwksUrl, issuer, audience };
  const file = join(config.dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return { secret: new TextEncoder().encode(readFileSync(file, 'utf8').trim()), jwksUrl: undefined, issuer, audience };
}

// AUDIT_KEY, AUDIT_KEY_FILE (first line current, later lines retired keys), or, on the embedded default only (the
// configuration requires one of the two elsewhere), a key made once in DATA_DIR: beside the embedded database's own
// folder, never inside it, so a copy of the database does not carry it.
export function auditKeys(config: AppConfig): { keys: IntegrityKeys; generatedIn?: string } {
  const { key, keyFile } = config.audit;
  if (key) return { keys: integrityKeys(key) };
  if (keyFile) {
    let lines: string[];
    try {
      lines = readFileSync(keyFile, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    } catch (error) {
      throw new ConfigError('AUDIT_KEY_FILE', `cannot be read (${(error as Error).message})`);
    }
    if (lines.length === 0 || lines.some((l) => l.length < MIN_KEY_LENGTH)) throw new ConfigError('AUDIT_KEY_FILE', `must hold one key of at least ${MIN_KEY_LENGTH} characters per line`);
    return { keys: integrityKeys(lines[0], lines.slice(1)) };
  }
  const file = join(config.dataDir, 'audit-key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    // Processes starting together must end up with one key: write it aside, then link it in place, which fails
    // if another process got there first.
    const scratch = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(scratch, randomBytes(32).toString('hex'), { mode: 0o600 });
    try {
      linkSync(scratch, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(scratch);
    }
  }
  const made = readFileSync(file, 'utf8').trim();
  if (made.length < MIN_KEY_LENGTH) throw new ConfigError('AUDIT_KEY', `is not set and ${file} holds no key of at least ${MIN_KEY_LENGTH} characters`);
  return { keys: integrityKeys(made), generatedIn: file };
}

export type Log = (line: string) => void;

async function assertPostgresReachable(url: string, setting: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    // pg reports its own connect time-out as "Connection terminated"; say what happened instead.
    const message = (error as Error)?.message ?? String(error);
    const reason = /timeout|terminated/i.test(message) ? `no answer within 5 s (${message})` : message;
    throw new StartupError(`Cannot reach PostgreSQL at ${setting} (${redactUrl(url)}): ${reason}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function migrateAll(databaseUrl: string, eventStoreSchema: string, migrateEventStoreTables: boolean, readModels: ReadStoreMigrations): Promise<string[]> {
  const db = createReadDb(databaseUrl, 2) as unknown as Kysely<unknown>;
  try {
    const applied = migrateEventStoreTables ? await migrateEventStore(db, eventStoreSchema) : [];
    return [...applied, ...(await migrateReadStore(db, readModels))];
  } finally {
    await db.destroy();
  }
}

async function pendingMigrations(databaseUrl: string, config: AppConfig, readModels: ReadStoreMigrations): Promise<string[]> {
  const db = createReadDb(databaseUrl, 2) as unknown as Kysely<unknown>;
  try {
    const eventStore = config.eventStore === 'postgres' ? await pendingEventStoreMigrations(db, config.eventStoreSchema) : [];
    return [...eventStore, ...(await pendingReadStoreMigrations(db, readModels))];
  } finally {
    await db.destroy();
  }
}

// `readModels`: the read models' migrations (`readModelMigrations` from the projections), applied or checked with the
// read store's own; the platform does not know the read models itself.
export async function startPlatform(config: AppConfig, log: Log, options: { readModels: ReadStoreMigrations; migrate?: boolean; clock?: Clock }): Promise<Platform> {
  const cleanups: (() => Promise<unknown>)[] = [];
  // Idempotent: the app's shutdown hook and a failed start may both call it.
  const close = async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) await cleanup().catch(() => undefined);
  };
  try {
    const auth = authSettings(config);
    const audit = auditKeys(config);
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, log);
      cleanups.push(() => embedded.stop());
      databaseUrl = embedded.url;
    } else {
      await assertPostgresReachable(databaseUrl, 'DATABASE_URL');
    }

    if (options.migrate ?? config.migrateOnStart) {
      const applied = await migrateAll(databaseUrl, config.eventStoreSchema, config.eventStore === 'postgres', options.readModels);
      if (applied.length > 0) log(`applied ${applied.length} migration(s): ${applied.join(', ')}`);
    } else {
      const pending = await pendingMigrations(databaseUrl, config, options.readModels);
      if (pending.length > 0) {
        throw new StartupError(
          `The database at DATABASE_URL needs ${pending.length} migration(s) (${pending.join(', ')}): run "npm run prm -- migrate" or set MIGRATE_ON_START=true`,
        );
      }
    }

    const readDb = createReadDb(databaseUrl);
    cleanups.push(() => readDb.destroy());

    let eventStore: EventStore;
    if (config.eventStore === 'postgres') {
      eventStore = await PostgresEventStore.connect({ connectionString: databaseUrl, schema: config.eventStoreSchema, integrityKeys: audit.keys });
    } else {
      eventStore = new EventStoreDbEventStore({ connectionString: config.eventStoreUrl!, integrityKeys: audit.keys });
      try {
        await withTimeout(eventStore.ping(), 10_000, 'no answer within 10 s');
      } catch (error) {
        await eventStore.close().catch(() => undefined);
        throw new StartupError(`Cannot reach EventStoreDB at EVENTSTORE_URL (${config.eventStoreUrl}): ${(error as Error).message}`, { cause: error });
      }
    }
    cleanups.push(() => eventStore.close());

    let redis: Redis | undefined;
    if (config.redisUrl) {
      redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, enableOfflineQueue: false });
      redis.on('error', () => undefined); // reported by /health; ioredis keeps reconnecting
      const client = redis;
      cleanups.push(async () => client.disconnect());
      await redis.connect().catch((error: Error) => log(`Redis at REDIS_URL (${redactUrl(config.redisUrl!)}) is not answering yet: ${error.message}`));
    } else {
      log('REDIS_URL is not set: jobs run in-process (no BullMQ)');
    }

    return { config, databaseUrl, embedded: !config.databaseUrl, readDb, eventStore, redis, auth, integrity: audit.keys, clock: options.clock ?? systemClock, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
