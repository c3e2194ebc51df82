import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { newEvent } from '@test/contract/event-store.contract';
import { ConcurrencyError, StoredEvent } from './event-store.port';
import { Checkpoint, Integrity, canonical, integrityKeys, readCheckpoint, readForAudit, takeCheckpoint, verifyLog, verifyStream } from './integrity';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { until } from '@test/support/until';

jest.setTimeout(60_000);

// The insider: full write access to the event tables, the code of the project (so its hash functions), but not the
// audit key (kept outside the database) nor the checkpoint signing key, and not the checkpoints the auditor kept.
describe('tamper evidence against someone with write access to the database (PostgreSQL)', () => {
  const keys = integrityKeys(randomBytes(32).toString('hex'));
  const signer = generateKeyPairSync('ed25519');
  let database: TestDatabase;
  const opened: PostgresEventStore[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('cl_integrity');
  });

  afterAll(async () => {
    for (const store of opened) await store.close();
    await database.drop();
  });

  // A log of its own per test (a schema), with three streams written over several appends.
  async function seededLog(options: { integrity?: boolean } = {}) {
    const schema = `es_${randomBytes(5).toString('hex')}`;
    const store = await PostgresEventStore.connect({ connectionString: database.url, schema, migrate: true, integrityKeys: options.integrity === false ? undefined : keys });
    opened.push(store);
    const streams = [`deal-${randomUUID()}`, `deal-${randomUUID()}`, `partner-${randomUUID()}`];
    for (const id of streams) await store.append(id, [newEvent('Drafted', { amount: 100 }), newEvent('Edited', { amount: 120 })], { expectedRevision: 'no_stream' });
    for (const id of streams) await store.append(id, [newEvent('Submitted')], { expectedRevision: 1 });
    await store.append(streams[0], [newEvent('Approved', { by: 'approver-1' })], { expectedRevision: 2 });
    await visible(store, 10);
    const sql = (text: string, values: unknown[] = []) => store.connectionPool.query(text.replaceAll('events', `${schema}.events`).replaceAll('streams', `${schema}.streams`), values);
    return { store, schema, streams, sql };
  }

  // Readers (and so checkpoints) see an append once every older transaction on the server has ended.
  const visible = (store: PostgresEventStore, n: number) => until(`${n} events readable`, async () => ((await store.countEvents()) === n ? true : undefined));

  async function everyStream(store: PostgresEventStore, streams: string[]) {
    return Promise.all(streams.map(async (id) => verifyStream(id, await store.readStream(id), keys)));
  }

  const publicKey = () => signer.publicKey;
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const kept = (checkpoint: Checkpoint, name = 'kept.json') => [{ name, checkpoint: readCheckpoint(JSON.stringify(checkpoint), publicKey()) }];

  it('(f) an untouched log verifies: every chain, and every checkpoint kept, also after more appends', async () => {
    const { store, streams } = await seededLog();
    const first = await takeCheckpoint(store, signer.privateKey);
    await store.append(streams[1], [newEvent('Approved')], { expectedRevision: 2 });
    await store.append(`case-${randomUUID()}`, [newEvent('Opened')], { expectedRevision: 'no_stream' });
    await visible(store, 12);
    const second = await takeCheckpoint(store, signer.privateKey);
    await store.append(streams[2], [newEvent('Renamed')], { expectedRevision: 2 });
    await visible(store, 13);

    expect(first.events).toBe(10);
    expect(second.events).toBe(12);
    expect(await everyStream(store, streams)).toEqual([
      { ok: true, events: 4 },
      { ok: true, events: 4 },
      { ok: true, events: 4 },
    ]);
    const log = await verifyLog(store, [...kept(second, 'second'), ...kept(first, 'first')]);
    expect(log.events).toBe(13);
    expect(log.checkpoints.map((c) => [c.name, c.ok])).toEqual([
      ['first', true],
      ['second', true],
    ]);
  });

  it('(a) an event edited and its chain recomputed with the project\'s unkeyed hash function does not verify', async () => {
    const { store, streams, sql } = await seededLog();
    const checkpoint = await takeCheckpoint(store, signer.privateKey);
    const target = streams[0];
    // The forger rewrites the amount and recomputes every hash of the stream from there, as the unkeyed chain
    // (the same function, without a key: all the database and the code give away) would have them.
    const rows = await store.readStream(target);
    let previous: string | null = null;
    const forged = rows.map((event) => {
      const data = event.revision === 0 ? { amount: 1 } : event.data;
      const content = canonical({ streamId: target, revision: event.revision, id: event.id, type: event.type, data, metadata: { ...event.metadata, integrity: undefined }, recordedAt: event.recordedAt.toISOString() });
      const link = { id: event.id, data, previous, hash: sha256(`${previous ?? '0'.repeat(64)}\n${content}`), batch: (event.metadata.integrity as Integrity).batch };
      previous = link.hash;
      return link;
    });
    for (const link of forged) {
      const batch = sha256(forged.filter((f) => f.batch === link.batch).map((f) => f.hash).join(''));
      await sql(`update events set data = $1, metadata = jsonb_set(metadata, '{integrity}', (metadata->'integrity') || $2::jsonb) where event_id = $3`, [
        JSON.stringify(link.data),
        JSON.stringify({ hash: link.hash, previous: link.previous, batch }),
        link.id,
      ]);
    }
    expect(verifyStream(target, await store.readStream(target), keys)).toMatchObject({ ok: false, revision: 0, reason: expect.stringContaining('altered') });
    // Claiming the events were never keyed does not pass either: they are reported as unkeyed, not as intact.
    await sql(`update events set metadata = jsonb_set(metadata, '{integrity,key}', 'null'::jsonb) #- '{integrity,format}' where stream_id = $1`, [target]);
    const unkeyed = verifyStream(target, await store.readStream(target), keys);
    expect(unkeyed).toMatchObject({ ok: false, unkeyed: true, revision: 0 });
    // And the log no longer is the one that was signed.
    expect((await verifyLog(store, kept(checkpoint))).checkpoints[0]).toMatchObject({ ok: false, reason: expect.stringContaining('not the ones signed') });
  });

  it('(b) a stream\'s last event deleted: its chain still holds, the checkpoint does not, and the stream refuses to be written over the hole', async () => {
    const { store, streams, sql } = await seededLog();
    const checkpoint = await takeCheckpoint(store, signer.privateKey);
    await sql(`delete from events where stream_id = $1 and stream_revision = 3`, [streams[0]]);

    expect(verifyStream(streams[0], await store.readStream(streams[0]), keys)).toEqual({ ok: true, events: 3 });
    // The stream's own row still holds its revision: verify names the hole without a checkpoint too (unless the
    // insider also rewrote that row, which the checkpoint still catches).
    const recorded = await store.recordedRevision(streams[0]);
    expect(verifyStream(streams[0], await store.readStream(streams[0]), keys, recorded)).toMatchObject({ ok: false, revision: 3, reason: expect.stringContaining('end were removed') });
    const log = await verifyLog(store, kept(checkpoint));
    expect(log.checkpoints[0]).toMatchObject({ ok: false, reason: expect.stringContaining('removed') });
    // The stream row still says revision 3, so an append after the 3 events left is refused each time: the store
    // never writes a new event over the removed one (which would hide the removal from the stream's own chain).
    await expect(store.append(streams[0], [newEvent('Approved')], { expectedRevision: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
    await sql(`update streams set revision = 2 where stream_id = $1`, [streams[0]]);
    expect(verifyStream(streams[0], await store.readStream(streams[0]), keys, await store.recordedRevision(streams[0]))).toEqual({ ok: true, events: 3 });
    expect((await verifyLog(store, kept(checkpoint))).checkpoints[0]).toMatchObject({ ok: false });
  });

  it('(c) a whole stream deleted does not match the checkpoint', async () => {
    const { store, streams, sql } = await seededLog();
    const checkpoint = await takeCheckpoint(store, signer.privateKey);
    await sql(`delete from events where stream_id = $1`, [streams[1]]);
    await sql(`delete from streams where stream_id = $1`, [streams[1]]);

    expect(await everyStream(store, [streams[0], streams[2]])).toEqual([
      { ok: true, events: 4 },
      { ok: true, events: 3 },
    ]);
    const log = await verifyLog(store, kept(checkpoint));
    expect(log.streams).not.toContain(streams[1]);
    expect(log.checkpoints[0]).toMatchObject({ ok: false });
  });

  it('(d) a back-dated recorded time does not verify, so an as-of answer cannot be forged', async () => {
    const { store, streams, sql } = await seededLog();
    const checkpoint = await takeCheckpoint(store, signer.privateKey);
    const target = streams[0];
    await sql(`update events set recorded_at = recorded_at - interval '30 days' where stream_id = $1 and stream_revision = 3`, [target]);
    expect(verifyStream(target, await store.readStream(target), keys)).toMatchObject({ ok: false, revision: 3, reason: expect.stringContaining('recorded time') });
    // Changing the hashed copy in the envelope too leaves the keyed hash not matching.
    await sql(`update events set metadata = jsonb_set(metadata, '{integrity,recordedAt}', to_jsonb(to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) where stream_id = $1 and stream_revision = 3`, [target]);
    const events: StoredEvent[] = await store.readStream(target);
    expect(events[3].recordedAt.toISOString()).toBe((events[3].metadata.integrity as Integrity).recordedAt);
    expect(verifyStream(target, events, keys)).toMatchObject({ ok: false, revision: 3, reason: expect.stringContaining('altered') });
    expect((await verifyLog(store, kept(checkpoint))).checkpoints[0]).toMatchObject({ ok: false });
  });

  it('(e) two transactions of different streams swapped in the log order do not match the checkpoint', async () => {
    const { store, streams, sql } = await seededLog();
    const checkpoint = await takeCheckpoint(store, signer.privateKey);
    // The Submitted appends of the first two streams, each its own transaction: swap their place in the log.
    const { rows } = await sql(`select stream_id, transaction_id::text as xid from events where stream_revision = 2 and stream_id = any($1) order by stream_id`, [[streams[0], streams[1]]]);
    expect(rows).toHaveLength(2);
    await sql(`update events set transaction_id = (case when transaction_id = $1::xid8 then $2 else $1 end)::xid8 where transaction_id in ($1::xid8, $2::xid8)`, [rows[0].xid, rows[1].xid]);

    expect(await everyStream(store, streams)).toEqual([
      { ok: true, events: 4 },
      { ok: true, events: 3 },
      { ok: true, events: 3 },
    ]);
    expect((await verifyLog(store, kept(checkpoint))).checkpoints[0]).toMatchObject({ ok: false });
  });

  it('refuses a checkpoint file that was edited or signed with another key', async () => {
    const { store } = await seededLog();
    const checkpoint = await takeCheckpoint(store, signer.privateKey);
    expect(() => readCheckpoint(JSON.stringify({ ...checkpoint, events: checkpoint.events - 1 }), publicKey())).toThrow(/signature/);
    const other = generateKeyPairSync('ed25519');
    const foreign = JSON.stringify(await takeCheckpoint(store, other.privateKey));
    expect(() => readCheckpoint(foreign, publicKey())).toThrow(/signature/);
  });

  it('reports events written without a key as unkeyed, not as intact', async () => {
    const { store, streams } = await seededLog({ integrity: false });
    expect(verifyStream(streams[0], await store.readStream(streams[0]), keys)).toMatchObject({ ok: false, unkeyed: true, revision: 0 });
  });

  it('finds an edited, a removed and a reordered event row in a stream', async () => {
    const { store, streams, sql } = await seededLog();
    const [edited, removed, reordered] = streams;
    await sql(`update events set data = jsonb_set(data, '{amount}', '1') where stream_id = $1 and stream_revision = 0`, [edited]);
    expect(verifyStream(edited, await store.readStream(edited), keys)).toMatchObject({ ok: false, revision: 0, reason: expect.stringContaining('altered') });

    await sql(`delete from events where stream_id = $1 and stream_revision = 1`, [removed]);
    expect(verifyStream(removed, await store.readStream(removed), keys)).toMatchObject({ ok: false, revision: 1, reason: expect.stringContaining('missing') });
    // Renumbered to hide the gap: the link to the previous event gives it away.
    await sql(`update events set stream_revision = 1 where stream_id = $1 and stream_revision = 2`, [removed]);
    expect(verifyStream(removed, await store.readStream(removed), keys)).toMatchObject({ ok: false, revision: 1 });

    await sql(`update events set stream_revision = -1 where stream_id = $1 and stream_revision = 1`, [reordered]);
    await sql(`update events set stream_revision = 1 where stream_id = $1 and stream_revision = 2`, [reordered]);
    await sql(`update events set stream_revision = 2 where stream_id = $1 and stream_revision = -1`, [reordered]);
    expect(verifyStream(reordered, await store.readStream(reordered), keys)).toMatchObject({ ok: false, revision: 1 });
  });

  // The lock statement reads the previous event's hash on the snapshot it started with; a writer that waited for
  // the lock follows an event committed after that snapshot and must read it again, or it breaks the chain.
  it('chains writers that queued on the stream lock (any and exists) to the events committed while they waited', async () => {
    const schema = `es_${randomBytes(5).toString('hex')}`;
    const held = await PostgresEventStore.connect({ connectionString: database.url, schema, migrate: true, integrityKeys: keys, beforeCommit: () => new Promise((r) => setTimeout(r, 20)) });
    opened.push(held);
    const id = `queued-${randomUUID()}`;
    await held.append(id, [newEvent('Opened')], { expectedRevision: 'no_stream' });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => held.append(id, [newEvent('Queued', { i }), newEvent('Queued', { i, second: true })], { expectedRevision: i % 2 ? 'any' : 'exists' })),
    );
    const events = await held.readStream(id);
    expect(events).toHaveLength(17);
    expect(verifyStream(id, events, keys)).toEqual({ ok: true, events: 17 });
    // Recorded times never go back along a stream, so a stream read as of any moment is a prefix of it.
    const times = events.map((e) => e.recordedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
  it('reports a row made unreadable (metadata or data not an object, fields missing or of the wrong type) as a broken link naming the event, without throwing', async () => {
    const { store, sql } = await seededLog();
    const tampered: [string, string][] = [
      ['metadata', `'null'`],
      ['metadata', `'[1, 2]'`],
      ['metadata', `'"text"'`],
      ['data', `'null'`],
      ['data', `'[]'`],
      ['metadata', `metadata - 'schemaVersion'`],
      ['metadata', `jsonb_set(metadata, '{integrity}', '"abc"')`],
      ['metadata', `jsonb_set(metadata, '{integrity,hash}', '42')`],
      ['metadata', `jsonb_set(metadata, '{integrity,previous}', '{}')`],
      ['metadata', `jsonb_set(metadata, '{actor}', '7')`],
    ];
    for (const [column, value] of tampered) {
      const id = `deal-${randomUUID()}`;
      await store.append(id, [newEvent('Drafted', { amount: 1 }, { actor: { userId: 'u', role: 'partner_manager' } }), newEvent('Submitted')], { expectedRevision: 'no_stream' });
      const [, second] = await store.readStream(id);
      await sql(`update events set ${column} = ${value} where stream_id = $1 and stream_revision = 1`, [id]);
      const { events, record } = await readForAudit(store, id);
      expect({ value, result: verifyStream(id, events, keys, record) }).toEqual({
        value,
        result: { ok: false, events: 2, revision: 1, eventId: second.id, reason: expect.stringContaining('malformed') },
      });
    }
    // The whole-log pass reads the same rows and still completes.
    await visible(store, 10 + 2 * tampered.length);
    expect((await verifyLog(store, [])).events).toBe(10 + 2 * tampered.length);
  });

  it('flags a stream row lowered behind its events and a stream without a row, both of which stop every append to it', async () => {
    const { store, streams, sql } = await seededLog();
    const [lowered, rowless] = streams;
    await sql(`update streams set revision = 1 where stream_id = $1`, [lowered]);
    await sql(`delete from streams where stream_id = $1`, [rowless]);
    const lowEvents = await store.readStream(lowered);
    const low = await readForAudit(store, lowered);
    expect(low.record).toEqual({ before: 1, after: 1 });
    expect(verifyStream(lowered, low.events, keys, low.record)).toMatchObject({ ok: false, revision: 2, eventId: lowEvents[2].id, reason: expect.stringContaining('lowered') });
    const none = await readForAudit(store, rowless);
    expect(none.record).toEqual({ before: null, after: null });
    expect(verifyStream(rowless, none.events, keys, none.record)).toMatchObject({ ok: false, revision: 2, reason: expect.stringContaining('no stream row') });
    // What the tester saw: every command on them is refused, so verify must not call them intact.
    await expect(store.append(lowered, [newEvent('Approved')], { expectedRevision: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append(rowless, [newEvent('Approved')], { expectedRevision: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
    // An untouched stream, and one whose row an append raised between the two reads, are not flagged.
    const intact = await readForAudit(store, streams[2]);
    expect(verifyStream(streams[2], intact.events, keys, intact.record)).toEqual({ ok: true, events: 3 });
    expect(verifyStream(streams[2], intact.events, keys, { before: 1, after: 3 })).toEqual({ ok: true, events: 3 });
  });

  it('answers as-of on the recorded time as hashed: moving the stored time by under a millisecond changes no answer', async () => {
    const { store, streams, sql } = await seededLog();
    const target = streams[0];
    const before = await store.readStream(target);
    const last = before[3];
    await sql(`update events set recorded_at = recorded_at + interval '999 microseconds' where stream_id = $1 and stream_revision = 3`, [target]);
    const { rows } = await sql(`select to_char(recorded_at at time zone 'UTC', 'US') as us from events where stream_id = $1 and stream_revision = 3`, [target]);
    expect(Number(rows[0].us) % 1000).toBe(999);
    // The hash still matches (it covers the time at millisecond precision)...
    expect(verifyStream(target, await store.readStream(target), keys)).toEqual({ ok: true, events: 4 });
    // ...and so does every as-of answer: the event is still in the stream as of its own recorded millisecond.
    expect((await store.readStream(target, { toTimestamp: last.recordedAt })).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect((await store.readStream(target, { toTimestamp: new Date(last.recordedAt.getTime() - 1) })).map((e) => e.revision)).not.toContain(3);
  });

  it('keys the digest of an append: removing the last event of a multi-event append and resealing what is left does not verify', async () => {
    const { store, sql } = await seededLog();
    const id = `deal-${randomUUID()}`;
    await store.append(id, [newEvent('Drafted')], { expectedRevision: 'no_stream' });
    await store.append(id, [newEvent('Submitted'), newEvent('ReviewStarted'), newEvent('Approved')], { expectedRevision: 0 });
    const events = await store.readStream(id);
    // The insider drops the approval, lowers the row to match, and recomputes the append's digest over the links
    // that are left, as the unkeyed digest would have it.
    await sql(`delete from events where stream_id = $1 and stream_revision = 3`, [id]);
    await sql(`update streams set revision = 2 where stream_id = $1`, [id]);
    const resealed = sha256(events.slice(1, 3).map((e) => (e.metadata.integrity as Integrity).hash).join(''));
    await sql(`update events set metadata = jsonb_set(metadata, '{integrity,batch}', to_jsonb($2::text)) where stream_id = $1 and stream_revision > 0`, [id, resealed]);
    const cut = await readForAudit(store, id);
    expect(verifyStream(id, cut.events, keys, cut.record)).toMatchObject({ ok: false, revision: 1, reason: expect.stringContaining('incomplete') });
    // Claiming the append was sealed the old, unkeyed way changes what the events' keyed hashes cover.
    await sql(`update events set metadata = metadata #- '{integrity,format}' where stream_id = $1`, [id]);
    const downgraded = await readForAudit(store, id);
    expect(verifyStream(id, downgraded.events, keys, downgraded.record)).toMatchObject({ ok: false, revision: 0, reason: expect.stringContaining('altered') });
  });
});
