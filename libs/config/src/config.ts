import { resolve } from 'node:path';

export type EventStoreKind = 'postgres' | 'eventstoredb';

export interface AppConfig {
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  // absent: run the embedded PostgreSQL under dataDir
  databaseUrl: string | undefined;
  dataDir: string;
  // Apply migrations at start-up; defaults to true only for the embedded database.
  migrateOnStart: boolean;
  // Run the projections inside the API process; defaults to true only for the embedded database.
  runProjector: boolean;
  // How long a query with X-Min-Position waits for the read models before answering 503.
  readYourWritesTimeoutMs: number;
  // How often the sweeps run (expiry, approval escalation, case SLA breaches); 0 turns the schedule off.
  sweepIntervalMs: number;
  embeddedPostgresPort: number;
  eventStore: EventStoreKind;
  eventStoreUrl: string | undefined;
  eventStoreSchema: string;
  // absent: jobs run in-process
  redisUrl: string | undefined;
  // BullMQ key prefix: installations that share one Redis keep their queues apart with it.
  queuePrefix: string;
  // Requests per minute one bearer token may make (0: no limit). Counted in this process.
  rateLimitPerMinute: number;
  // A command with an Idempotency-Key still unanswered after this long is taken to have died with its process:
  // a retry with the same key may take it over (and is answered from the log if it had appended).
  idempotencyPendingTimeoutMs: number;
  // /health and /metrics call the log stalled once the transaction holding its horizon back has been open this long.
  horizonStallMs: number;
  webhooks: {
    // Attempts per delivery before it is dead-lettered.
    maxAttempts: number;
    // Wait before the first retry; each later retry waits twice as long as the one before.
    backoffMs: number;
    // How long a receiver has to answer one attempt.
    timeoutMs: number;
    // Accept http:// endpoints and loopback or private addresses (local development and tests only); otherwise
    // an endpoint must be https:// on a public host.
    allowInsecure: boolean;
  };
  auth: {
    jwtSecret: string | undefined;
    jwksUrl: string | undefined;
    issuer: string;
    audience: string;
  };
  // The key the log's hash chain is made with, kept outside the database: AUDIT_KEY itself, or AUDIT_KEY_FILE (its
  // first line, later lines being retired keys older events were chained with). Neither: a key made once in dataDir.
  audit: {
    key: string | undefined;
    keyFile: string | undefined;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`Invalid configuration: ${setting} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function port(env: Env, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(name, `must be a TCP port between 0 and 65535 (got "${value}")`);
  }
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(' or ')})`);
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, not ${parsed.protocol.replace(/:$/, '')}`);
  }
  return value;
}

function milliseconds(env: Env, name: string, fallback: number, max = 60_000): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ConfigError(name, `must be a whole number of milliseconds from 0 to ${max} (got "${value}")`);
  return n;
}

function count(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

export function loadConfig(env: Env = process.env): AppConfig {
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'eventstoredb'] as const, 'postgres');
  const eventStoreUrl = url(env, 'EVENTSTORE_URL', ['esdb', 'esdb+discover', 'kurrentdb', 'kurrentdb+discover']);
  if (eventStore === 'eventstoredb' && !eventStoreUrl) {
    throw new ConfigError('EVENTSTORE_URL', 'is required when EVENT_STORE=eventstoredb (for example esdb://localhost:2113?tls=false)');
  }
  const eventStoreSchema = text(env, 'EVENT_STORE_SCHEMA') ?? 'event_store';
  if (!SCHEMA_NAME.test(eventStoreSchema)) {
    throw new ConfigError('EVENT_STORE_SCHEMA', 'must be a lowercase SQL identifier (letters, digits, underscore)');
  }
  const jwtSecret = text(env, 'JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  const jwksUrl = url(env, 'JWT_JWKS_URL', ['https', 'http']);
  // The embedded default makes and keeps a local secret; anywhere else the operator says how tokens are checked.
  if (databaseUrl && !jwtSecret && !jwksUrl) {
    throw new ConfigError('JWT_SECRET', 'or JWT_JWKS_URL is required when DATABASE_URL is set (JWT_SECRET: an HS256 secret of at least 32 characters)');
  }
  const auditKey = text(env, 'AUDIT_KEY');
  const auditKeyFile = text(env, 'AUDIT_KEY_FILE');
  if (auditKey !== undefined && auditKey.length < 32) throw new ConfigError('AUDIT_KEY', 'must be at least 32 characters long');
  if (auditKey !== undefined && auditKeyFile !== undefined) throw new ConfigError('AUDIT_KEY', 'and AUDIT_KEY_FILE cannot both be set (one key source)');
  // Every process that appends (API, projector, CLI) must chain with the same key, so outside the embedded default
  // the operator gives it, as for JWT_SECRET: a key each process made for itself would leave the log unverifiable.
  if ((databaseUrl || eventStore === 'eventstoredb') && auditKey === undefined && auditKeyFile === undefined) {
    throw new ConfigError('AUDIT_KEY', 'or AUDIT_KEY_FILE is required when DATABASE_URL or EVENT_STORE=eventstoredb is set (the same key on every process, at least 32 characters, kept away from the database)');
  }
  const queuePrefix = text(env, 'QUEUE_PREFIX') ?? 'channel-ledger';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(queuePrefix)) throw new ConfigError('QUEUE_PREFIX', 'must be 1 to 64 letters, digits, dashes or underscores');
  return {
    port: port(env, 'PORT', 3000),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    databaseUrl,
    dataDir: resolve(text(env, 'DATA_DIR') ?? '.data'),
    migrateOnStart: flag(env, 'MIGRATE_ON_START', databaseUrl === undefined),
    runProjector: flag(env, 'RUN_PROJECTOR', databaseUrl === undefined),
    readYourWritesTimeoutMs: milliseconds(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 2_000),
    sweepIntervalMs: milliseconds(env, 'SWEEP_INTERVAL_MS', 60_000, 86_400_000),
    embeddedPostgresPort: port(env, 'EMBEDDED_PG_PORT', 54329),
    eventStore,
    eventStoreUrl,
    eventStoreSchema,
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    queuePrefix,
    rateLimitPerMinute: count(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    idempotencyPendingTimeoutMs: milliseconds(env, 'IDEMPOTENCY_PENDING_TIMEOUT_MS', 60_000, 3_600_000),
    horizonStallMs: milliseconds(env, 'HORIZON_STALL_MS', 30_000, 3_600_000),
    webhooks: {
      maxAttempts: count(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
      backoffMs: milliseconds(env, 'WEBHOOK_BACKOFF_MS', 2_000, 3_600_000),
      timeoutMs: milliseconds(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 120_000),
      allowInsecure: flag(env, 'WEBHOOK_ALLOW_INSECURE', false),
    },
    auth: {
      jwtSecret,
      jwksUrl,
      issuer: text(env, 'JWT_ISSUER') ?? 'channel-ledger',
      audience: text(env, 'JWT_AUDIENCE') ?? 'channel-ledger-api',
    },
    audit: { key: auditKey, keyFile: auditKeyFile === undefined ? undefined : resolve(auditKeyFile) },
  };
}

// Where a URL points, without its password: for logs and error messages.
export function redactUrl(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}
