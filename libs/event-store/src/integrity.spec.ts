import { createHash, randomUUID } from 'node:crypto';
import { StoredEvent } from './event-store.port';
import { canonical, chainEvents, eventHash, integrityKeys, verifyStream } from './integrity';

const oldKey = 'the-key-this-installation-used-until-last-year';
const newKey = 'the-key-this-installation-uses-from-this-year-on';

function stored(streamId: string, events: ReturnType<typeof chainEvents>, first: number, recordedAt: Date): StoredEvent[] {
  return events.map((e, i) => ({ ...e, streamId, revision: first + i, position: String(first + i).padStart(20, '0') + '-' + '0'.repeat(20), recordedAt }));
}

const event = (type: string, data: object = {}) => ({ id: randomUUID(), type, data, metadata: { schemaVersion: 1, occurredAt: '2026-12-01T10:00:00.000Z' } });

describe('keyed hash chain', () => {
  it('verifies a stream chained with a retired key and then the current one, once both keys are known', () => {
    const at = new Date('2026-12-01T10:00:00.123Z');
    const before = chainEvents(integrityKeys(oldKey), null, 's', 0, [event('A'), event('B')], at);
    const last = before[1].metadata.integrity as { hash: string };
    const after = chainEvents(integrityKeys(newKey, [oldKey]), last.hash, 's', 2, [event('C')], at);
    const events = [...stored('s', before, 0, at), ...stored('s', after, 2, at)];
    expect(verifyStream('s', events, integrityKeys(newKey, [oldKey]))).toEqual({ ok: true, events: 3 });
    // Without the retired key, the first events cannot be vouched for.
    expect(verifyStream('s', events, integrityKeys(newKey))).toMatchObject({ ok: false, revision: 0, reason: expect.stringContaining('does not have') });
  });

  it('reports events of the first, unkeyed format as unkeyed when intact, and as broken when edited', () => {
    const at = new Date('2026-11-20T09:00:00.000Z');
    // The first format: SHA-256 over the content without the recorded time, no key.
    let previous: string | null = null;
    const legacy: StoredEvent[] = [event('A', { amount: 1 }), event('B')].map((e, revision) => {
      const content = canonical({ streamId: 'old', revision, id: e.id, type: e.type, data: e.data, metadata: e.metadata });
      const hash = createHash('sha256').update(`${previous ?? '0'.repeat(64)}\n${content}`).digest('hex');
      const integrity = { hash, previous, batch: '' };
      previous = hash;
      return { ...e, streamId: 'old', revision, position: '', recordedAt: at, metadata: { ...e.metadata, integrity } };
    });
    for (const e of legacy) (e.metadata.integrity as { batch: string }).batch = createHash('sha256').update(legacy.map((l) => (l.metadata.integrity as { hash: string }).hash).join('')).digest('hex');
    const keys = integrityKeys(newKey);
    expect(verifyStream('old', legacy, keys)).toMatchObject({ ok: false, unkeyed: true, revision: 0 });
    const edited = legacy.map((e, i) => (i === 1 ? { ...e, data: { sneaky: true } } : e));
    expect(verifyStream('old', edited, keys)).toMatchObject({ ok: false, revision: 1, reason: expect.stringContaining('altered') });
    expect(verifyStream('old', edited, keys)).not.toHaveProperty('unkeyed');
  });

  it('derives the key id from the key, and never puts the key in the envelope', () => {
    const keys = integrityKeys(newKey);
    expect(keys.current.id).toBe(integrityKeys(newKey).current.id);
    expect(keys.current.id).not.toBe(integrityKeys(oldKey).current.id);
    const [chained] = chainEvents(keys, null, 's', 0, [event('A')], new Date());
    expect(JSON.stringify(chained)).not.toContain(newKey);
    expect(chained.metadata.integrity).toMatchObject({ key: keys.current.id, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
  it('still verifies keyed events written before the append digest was keyed (no format marker, SHA-256 digest)', () => {
    const at = new Date('2026-11-30T08:00:00.000Z');
    const keys = integrityKeys(newKey);
    let previous: string | null = null;
    const written = [event('A'), event('B')].map((e, revision) => {
      const hash = eventHash(keys.current, previous, 'k', revision, e, at);
      const integrity = { key: keys.current.id, hash, previous, batch: '', recordedAt: at.toISOString() };
      previous = hash;
      return { ...e, streamId: 'k', revision, position: '', recordedAt: at, metadata: { ...e.metadata, integrity } } as StoredEvent;
    });
    const digest = createHash('sha256').update(written.map((w) => (w.metadata.integrity as { hash: string }).hash).join('')).digest('hex');
    for (const w of written) (w.metadata.integrity as { batch: string }).batch = digest;
    expect(verifyStream('k', written, keys)).toEqual({ ok: true, events: 2 });
    expect(verifyStream('k', written.slice(0, 1), keys)).toMatchObject({ ok: false, reason: expect.stringContaining('incomplete') });
  });

  it('seals new appends with a keyed digest that the key id alone cannot reproduce', () => {
    const at = new Date('2026-12-01T10:00:00.000Z');
    const chained = chainEvents(integrityKeys(newKey), null, 's', 0, [event('A'), event('B')], at);
    const hashes = chained.map((c) => (c.metadata.integrity as { hash: string }).hash).join('');
    expect(chained[0].metadata.integrity).toMatchObject({ format: 2 });
    expect((chained[0].metadata.integrity as { batch: string }).batch).not.toBe(createHash('sha256').update(hashes).digest('hex'));
    expect(verifyStream('s', stored('s', chained, 0, at), integrityKeys(newKey))).toEqual({ ok: true, events: 2 });
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level, drops undefined members and writes what toJSON gives', () => {
    expect(canonical({ b: 1, a: { d: [1, { z: 2, y: undefined }, undefined], c: 'x' }, when: new Date(0) })).toBe(
      '{"a":{"c":"x","d":[1,{"z":2},null]},"b":1,"when":"1970-01-01T00:00:00.000Z"}',
    );
    expect([canonical([]), canonical({}), canonical(null), canonical('q"')]).toEqual(['[]', '{}', 'null', '"q\\""']);
  });

  it('writes a value nested 20,000 levels deep (a row an insider made) without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(canonical({ deep })).toBe(`{"deep":${'['.repeat(20_000)}1${']'.repeat(20_000)}}`);
  });
});
