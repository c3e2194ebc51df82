import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { PostgresEventStore } from '@channel-ledger/event-store';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { newEvent } from '@test/contract/event-store.contract';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { RECORDING_TABLE, duplicates, recorded, recordingProjection } from '@test/support/recording-projection';
import { ProjectionRunner } from './runner';

jest.setTimeout(90_000);

const ROOT = join(__dirname, '..', '..', '..');

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, explain?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `: ${JSON.stringify(await explain())}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('projection runner (real PostgreSQL, real processes)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let db: Kysely<ReadDB>;
  const children: ChildProcess[] = [];

  const spawnProjector = (projection: string, instance: string, env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'test/support/projector-child.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, INSTANCE_ID: instance, PROJECTION: projection, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    children.push(child);
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    return { child, output: () => out, exited };
  };

  async function append(streamPrefix: string, count: number, type = 'Counted'): Promise<string> {
    const streamId = `${streamPrefix}-${randomUUID()}`;
    let last = '';
    for (let i = 0; i < count; i += 10) {
      const batch = Array.from({ length: Math.min(10, count - i) }, (_, k) => newEvent(type, { n: i + k }));
      last = (await store.append(streamId, batch, { expectedRevision: 'any' })).position;
    }
    return last;
  }

  beforeAll(async () => {
    database = await createTestDatabase('cl_runner');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    db = createReadDb(database.url);
    await migrateReadStore(db);
    await RECORDING_TABLE.execute(db);
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await db.destroy();
    await store.close();
    await database.drop();
  });

  it('catches up, moving the checkpoint with the rows', async () => {
    const lastAppended = await append('catch-up', 120);
    const runner = new ProjectionRunner({ store, db, connectionString: database.url, instanceId: 'solo', projections: [recordingProjection('catchup', 'solo')], batchSize: 25, idleMs: 10 });
    await runner.start();
    try {
      await until(async () => ((await db.selectFrom('projection_checkpoints').select('position').where('projection', '=', 'catchup').executeTakeFirst())?.position ?? '') >= lastAppended, 20_000, 'catch-up');
      const rows = await recorded(db, 'catchup');
      const all = await store.readAll({ limit: 10_000 });
      expect(rows.map((r) => r.event_id)).toEqual(all.map((e) => e.id));
      expect(await db.selectFrom('projection_checkpoints').select(['events_applied', 'owner', 'status']).where('projection', '=', 'catchup').executeTakeFirst()).toEqual({
        events_applied: String(all.length),
        owner: 'solo',
        status: 'running',
      });
    } finally {
      await runner.stop();
    }
  });

  it('an idle runner is woken by the append itself (LISTEN/NOTIFY), not by its poll', async () => {
    const runner = new ProjectionRunner({ store, db, connectionString: database.url, instanceId: 'idle', projections: [recordingProjection('woken', 'idle')], batchSize: 50, idleMs: 60_000 });
    await runner.start();
    try {
      const settled = await append('woken-before', 3);
      await until(async () => ((await db.selectFrom('projection_checkpoints').select('position').where('projection', '=', 'woken').executeTakeFirst())?.position ?? '') >= settled, 20_000, 'the first events');
      await new Promise((r) => setTimeout(r, 300)); // now idle, with a minute until its next poll
      const appended = Date.now();
      const last = await append('woken-after', 1);
      await until(async () => ((await db.selectFrom('projection_checkpoints').select('position').where('projection', '=', 'woken').executeTakeFirst())?.position ?? '') >= last, 10_000, 'the woken runner');
      expect(Date.now() - appended).toBeLessThan(5_000);
    } finally {
      await runner.stop();
    }
  });

  it('writes rows and checkpoint in one transaction: when the checkpoint cannot move, no row of the batch stays', async () => {
    await append('atomic', 30);
    // The checkpoint update fails (as a crash between the two writes would) until the flag is cleared.
    await sql`create table atomic_flag (fail boolean not null)`.execute(db);
    await sql`insert into atomic_flag values (true)`.execute(db);
    await sql`
      create function refuse_checkpoint() returns trigger language plpgsql as $$
      begin
        if new.projection = 'atomic' and (select fail from atomic_flag) then raise exception 'checkpoint refused'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_checkpoint before update on projection_checkpoints for each row execute function refuse_checkpoint()`.execute(db);
    const runner = new ProjectionRunner({ store, db, connectionString: database.url, instanceId: 'atomic', projections: [recordingProjection('atomic', 'atomic')], batchSize: 10, idleMs: 10 });
    await runner.start();
    try {
      await new Promise((r) => setTimeout(r, 1_000)); // several refused attempts
      expect(await recorded(db, 'atomic')).toEqual([]);
      await sql`update atomic_flag set fail = false`.execute(db);
      await until(async () => (await recorded(db, 'atomic')).length === (await store.readAll({ limit: 100_000 })).length, 20_000, 'catch-up');
      const rows = await recorded(db, 'atomic');
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    } finally {
      await runner.stop();
      await sql`drop trigger refuse_checkpoint on projection_checkpoints`.execute(db);
    }
  });

  it('dead-letters a poison event, shows the projection failed, and the others keep up', async () => {
    await append('before-poison', 5);
    const poisonStream = `poison-${randomUUID()}`;
    const poison = newEvent('Poison');
    await store.append(poisonStream, [poison], { expectedRevision: 'no_stream' });
    const lastAppended = await append('after-poison', 5);
    const runner = new ProjectionRunner({
      store,
      db,
      connectionString: database.url,
      instanceId: 'p',
      projections: [recordingProjection('fragile', 'p', { poisonType: 'Poison' }), recordingProjection('sturdy', 'p')],
      batchSize: 100,
      idleMs: 10,
    });
    await runner.start();
    try {
      // Wait for our own last append, not the head as read now: an append becomes readable only once every older
      // transaction in the cluster has ended, so a head read here may still be behind it (positions sort as text).
      await until(async () => ((await db.selectFrom('projection_checkpoints').select('position').where('projection', '=', 'sturdy').executeTakeFirst())?.position ?? '') >= lastAppended, 20_000, 'sturdy');
      await until(async () => (await db.selectFrom('projection_checkpoints').select('status').where('projection', '=', 'fragile').executeTakeFirst())?.status === 'failed', 20_000, 'fragile to fail');
      const fragile = await db.selectFrom('projection_checkpoints').selectAll().where('projection', '=', 'fragile').executeTakeFirstOrThrow();
      const letters = await db.selectFrom('projection_dead_letters').selectAll().where('projection', '=', 'fragile').execute();
      expect(letters).toEqual([expect.objectContaining({ event_id: poison.id, stream_id: poisonStream, event_type: 'Poison', error: 'cannot project Poison' })]);
      expect(fragile.error).toContain('Poison');
      // Everything before the poison event was applied, nothing after it.
      const all = await store.readAll({ limit: 10_000 });
      const poisonIndex = all.findIndex((e) => e.id === poison.id);
      expect(fragile.position).toBe(all[poisonIndex - 1].position);
      expect((await recorded(db, 'fragile')).map((r) => r.event_id)).toEqual(all.slice(0, poisonIndex).map((e) => e.id));
      expect(await duplicates(db, 'sturdy')).toEqual([]);
      expect((await recorded(db, 'sturdy')).length).toBe(all.length);
      // Stopped, not looping: it stays where it failed.
      await new Promise((r) => setTimeout(r, 200));
      expect((await db.selectFrom('projection_dead_letters').select('id').where('projection', '=', 'fragile').execute()).length).toBe(1);
    } finally {
      await runner.stop();
    }
  });

  it('two projector processes: one applies, each event once; killing it hands over within seconds', async () => {
    await append('duo', 200);
    const a = spawnProjector('duo', 'A', { SLOW_MS: '20', BATCH: '20' });
    const b = spawnProjector('duo', 'B', { SLOW_MS: '20', BATCH: '20' });
    await until(async () => a.output().includes('ready') && b.output().includes('ready'), 30_000, 'both projectors');
    await until(async () => (await recorded(db, 'duo')).length > 40, 30_000, 'first batches');
    const rowsBefore = await recorded(db, 'duo');
    const first = rowsBefore[0].instance;
    expect(new Set(rowsBefore.map((r) => r.instance))).toEqual(new Set([first]));
    const owner = first === 'A' ? a : b;
    owner.child.kill('SIGKILL');
    await owner.exited;
    const killedAt = Date.now();
    await append('duo-more', 60);
    // readAll shows only events older than every open transaction, so compare against the log as it settles.
    await until(async () => (await recorded(db, 'duo')).length === (await store.readAll({ limit: 100_000 })).length, 30_000, 'the other projector to finish', async () => ({ recorded: (await recorded(db, 'duo')).length, log: (await store.readAll({ limit: 100_000 })).length, duplicates: await duplicates(db, 'duo') }));
    const rows = await recorded(db, 'duo');
    expect(rows.map((r) => r.event_id)).toEqual((await store.readAll({ limit: 100_000 })).map((e) => e.id));
    const other = first === 'A' ? 'B' : 'A';
    expect(rows.filter((r) => r.instance === other).length).toBeGreaterThan(0);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    // Never both: each event exactly once, and the instances never interleave.
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    const switches = rows.filter((r, i) => i > 0 && r.instance !== rows[i - 1].instance).length;
    expect(switches).toBe(1);
  });

  it('SIGKILL in the middle of batches, again and again: the rows equal a full replay', async () => {
    await append('crash', 300);
    for (let round = 0; round < 6; round++) {
      const p = spawnProjector('crash', `crash-${round}`, { SLOW_MS: '30', BATCH: '25' });
      await until(async () => p.output().includes('owns projection'), 30_000, 'ownership');
      await new Promise((r) => setTimeout(r, 40 + round * 37));
      p.child.kill('SIGKILL');
      await p.exited;
    }
    const last = spawnProjector('crash', 'crash-final', { BATCH: '25' });
    await until(async () => (await recorded(db, 'crash')).length === (await store.readAll({ limit: 100_000 })).length, 60_000, 'the last projector to finish', async () => ({ recorded: (await recorded(db, 'crash')).length, log: (await store.readAll({ limit: 100_000 })).length, duplicates: await duplicates(db, 'crash') }));
    last.child.kill('SIGTERM');
    await last.exited;
    const rows = await recorded(db, 'crash');
    const replay = await store.readAll({ limit: 100_000 });
    expect(rows.map((r) => [r.event_id, r.position])).toEqual(replay.map((e) => [e.id, e.position]));
  });
});
