import { ConfigError, loadConfig, redactUrl } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded database, the PostgreSQL event store and in-process jobs', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      migrateOnStart: true,
      eventStore: 'postgres',
      eventStoreSchema: 'event_store',
      redisUrl: undefined,
      queuePrefix: 'channel-ledger',
      rateLimitPerMinute: 600,
      idempotencyPendingTimeoutMs: 60_000,
      webhooks: { maxAttempts: 8, backoffMs: 2_000, timeoutMs: 10_000, allowInsecure: false },
    });
  });

  it('does not migrate on start against a configured database unless asked', () => {
    const jwt = { JWT_SECRET: 'x'.repeat(32), AUDIT_KEY: 'a'.repeat(32) };
    expect(loadConfig({ DATABASE_URL: 'postgres://db/app', ...jwt }).migrateOnStart).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/app', MIGRATE_ON_START: 'true', ...jwt }).migrateOnStart).toBe(true);
  });

  it.each([
    [{ EVENT_STORE: 'mongo' }, 'EVENT_STORE', 'must be one of postgres, eventstoredb (got "mongo")'],
    [{ EVENT_STORE: 'eventstoredb' }, 'EVENTSTORE_URL', 'is required when EVENT_STORE=eventstoredb'],
    [{ EVENTSTORE_URL: 'http://x:2113' }, 'EVENTSTORE_URL', 'must use esdb'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL', 'must use postgres or postgresql'],
    [{ DATABASE_URL: 'postgres://db/app' }, 'JWT_SECRET', 'or JWT_JWKS_URL is required when DATABASE_URL is set'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', 'must be a URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL', 'must use redis or rediss'],
    [{ PORT: '70000' }, 'PORT', 'must be a TCP port'],
    [{ PORT: 'abc' }, 'PORT', 'must be a TCP port'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'must be one of'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET', 'at least 32 characters'],
    [{ EVENT_STORE_SCHEMA: 'Robert"); drop' }, 'EVENT_STORE_SCHEMA', 'lowercase SQL identifier'],
    [{ MIGRATE_ON_START: 'maybe' }, 'MIGRATE_ON_START', 'must be true or false'],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, 'RATE_LIMIT_PER_MINUTE', 'must be a whole number from 0 to 1000000'],
    [{ QUEUE_PREFIX: 'a b' }, 'QUEUE_PREFIX', 'letters, digits, dashes or underscores'],
    [{ WEBHOOK_MAX_ATTEMPTS: '0' }, 'WEBHOOK_MAX_ATTEMPTS', 'must be a whole number from 1 to 50'],
    [{ WEBHOOK_BACKOFF_MS: '-5' }, 'WEBHOOK_BACKOFF_MS', 'must be a whole number of milliseconds'],
    [{ WEBHOOK_ALLOW_INSECURE: 'sometimes' }, 'WEBHOOK_ALLOW_INSECURE', 'must be true or false'],
  ])('refuses %j, naming %s', (env, setting, problem) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(setting);
    expect((error as ConfigError).message).toContain(problem);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://app:secret@db:5432/ledger',
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://esdb:2113?tls=false',
      REDIS_URL: 'redis://redis:6379',
      JWT_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
      AUDIT_KEY_FILE: '/run/secrets/audit-key',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({ port: 8080, eventStore: 'eventstoredb', logLevel: 'warn', redisUrl: 'redis://redis:6379' });
  });

  it('redacts passwords from URLs it shows', () => {
    expect(redactUrl('postgres://app:secret@db:5432/ledger')).toBe('postgres://app:***@db:5432/ledger');
  });
});

describe('loadConfig: HORIZON_STALL_MS', () => {
  it('defaults to 30 s and refuses what is not a whole number of milliseconds', () => {
    expect(loadConfig({}).horizonStallMs).toBe(30_000);
    expect(loadConfig({ HORIZON_STALL_MS: '1500' }).horizonStallMs).toBe(1_500);
    expect(() => loadConfig({ HORIZON_STALL_MS: 'soon' })).toThrow(new ConfigError('HORIZON_STALL_MS', 'must be a whole number of milliseconds from 0 to 3600000 (got "soon")'));
  });
});
