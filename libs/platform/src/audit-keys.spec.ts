import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@channel-ledger/config';
import { auditKeys } from './platform';

describe('the audit key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused at start-up when too short, unreadable, or given twice', () => {
    expect(() => loadConfig({ AUDIT_KEY: 'short' })).toThrow(new ConfigError('AUDIT_KEY', 'must be at least 32 characters long'));
    expect(() => loadConfig({ AUDIT_KEY: 'k'.repeat(32), AUDIT_KEY_FILE: '/x' })).toThrow(/AUDIT_KEY and AUDIT_KEY_FILE cannot both be set/);
    expect(() => auditKeys(loadConfig({ AUDIT_KEY_FILE: join(dir, 'missing') }))).toThrow(/AUDIT_KEY_FILE cannot be read/);
    writeFileSync(join(dir, 'short'), 'tooshort\n');
    expect(() => auditKeys(loadConfig({ AUDIT_KEY_FILE: join(dir, 'short') }))).toThrow(/AUDIT_KEY_FILE must hold one key of at least 32 characters per line/);
  });

  it('must be given outside the embedded default, so every process chains the log with the same key', () => {
    const jwt = 'j'.repeat(32);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db.example/ledger', JWT_SECRET: jwt })).toThrow(/AUDIT_KEY or AUDIT_KEY_FILE is required when DATABASE_URL/);
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' })).toThrow(/AUDIT_KEY or AUDIT_KEY_FILE is required/);
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/ledger', JWT_SECRET: jwt, AUDIT_KEY: 'k'.repeat(32) }).audit.key).toBe('k'.repeat(32));
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/ledger', JWT_SECRET: jwt, AUDIT_KEY_FILE: join(dir, 'keys') }).audit.keyFile).toBe(join(dir, 'keys'));
  });

  it('reads the current key and retired keys from AUDIT_KEY_FILE', () => {
    writeFileSync(join(dir, 'keys'), `${'n'.repeat(40)}\n${'o'.repeat(40)}\n`);
    const { keys, generatedIn } = auditKeys(loadConfig({ AUDIT_KEY_FILE: join(dir, 'keys') }));
    expect(generatedIn).toBeUndefined();
    expect(keys.byId.size).toBe(2);
    expect(keys.current.secret.toString()).toBe('n'.repeat(40));
  });

  it('is made once in DATA_DIR when none is set, beside the embedded database folder, and kept', () => {
    const config = loadConfig({ DATA_DIR: dir });
    const first = auditKeys(config);
    expect(first.generatedIn).toBe(join(dir, 'audit-key'));
    expect(statSync(join(dir, 'audit-key')).mode & 0o077).toBe(0);
    expect(auditKeys(config).keys.current.id).toBe(first.keys.current.id);
    expect(readFileSync(join(dir, 'audit-key'), 'utf8')).toHaveLength(64);
  });
});
