import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { newEvent } from '@test/contract/event-store.contract';
import { until } from '@test/support/until';
import { PostgresEventStore, integrityKeys } from '@channel-ledger/event-store';
import { auditReplay, auditVerify } from './audit';

jest.setTimeout(60_000);

// `prm audit verify` and `replay` against a real PostgreSQL log that an insider (database write access, no keys) has
// damaged in every way the store's rows allow.
describe('prm audit verify --all over rows an insider damaged', () => {
  const keys = integrityKeys(randomBytes(32).toString('hex'));
  let database: TestDatabase;
  let store: PostgresEventStore;
  let schema: string;
  const sql = (text: string, values: unknown[] = []) => store.connectionPool.query(text.replaceAll('events', `${schema}.events`).replaceAll('streams', `${schema}.streams`), values);

  beforeAll(async () => {
    database = await createTestDatabase('cl_audit_cli');
    schema = `es_${randomBytes(5).toString('hex')}`;
    store = await PostgresEventStore.connect({ connectionString: database.url, schema, migrate: true, integrityKeys: keys });
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  async function run(args: string[]) {
    let output = '';
    const code = await auditVerify(store, keys, args, (t) => (output += t), () => undefined, false);
    return { code, output };
  }

  it('reports every broken stream, whatever the damage, and keeps going past an unreadable row', async () => {
    const names = ['a-unreadable', 'b-forged', 'c-lowered', 'd-rowless', 'e-emptied', 'f-intact', 'g-deep'];
    const ids = Object.fromEntries(names.map((n) => [n, `${n}-${randomUUID()}`]));
    for (const id of Object.values(ids)) {
      await store.append(id, [newEvent('Drafted', { amount: 100 }), newEvent('Submitted')], { expectedRevision: 'no_stream' });
      await store.append(id, [newEvent('Approved')], { expectedRevision: 1 });
    }
    await until('21 events readable', async () => ((await store.countEvents()) === 21 ? true : undefined));
    expect(await run(['--all'])).toMatchObject({ code: 0, output: expect.stringContaining('ok: 7 streams, 21 events') });

    await sql(`update events set metadata = 'null' where stream_id = $1 and stream_revision = 1`, [ids['a-unreadable']]);
    await sql(`update events set data = '{"amount": 1}' where stream_id = $1 and stream_revision = 0`, [ids['b-forged']]);
    await sql(`update streams set revision = 0 where stream_id = $1`, [ids['c-lowered']]);
    await sql(`delete from streams where stream_id = $1`, [ids['d-rowless']]);
    await sql(`delete from events where stream_id = $1`, [ids['e-emptied']]);
    // Nested deeper than a recursive hash or JSON.stringify can go; and a stream row no append could write.
    await sql(`update events set data = jsonb_build_object('deep', (repeat('[', 5000) || repeat(']', 5000))::jsonb) where stream_id = $1 and stream_revision = 0`, [ids['g-deep']]);
    const negative = `h-negative-${randomUUID()}`;
    await sql(`insert into streams (stream_id, revision) values ($1, -5)`, [negative]);

    const { code, output } = await run(['--all']);
    expect(code).toBe(1);
    const lines = output.split('\n').filter((l) => l.startsWith('BROKEN'));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^BROKEN: stream ${ids['a-unreadable']} at revision 1 \\(event [0-9a-f-]{36}\\): the row is malformed: its metadata is null`)),
      expect.stringMatching(new RegExp(`^BROKEN: stream ${ids['b-forged']} at revision 0 .*altered`)),
      expect.stringMatching(new RegExp(`^BROKEN: stream ${ids['c-lowered']} at revision 1 .*lowered`)),
      expect.stringMatching(new RegExp(`^BROKEN: stream ${ids['d-rowless']} at revision 2 .*no stream row`)),
      expect.stringMatching(new RegExp(`^BROKEN: stream ${ids['g-deep']} at revision 0 .*nested deeper than 256 levels`)),
      expect.stringMatching(new RegExp(`^BROKEN: stream ${ids['e-emptied']} at revision 0: .*end were removed`)),
      expect.stringMatching(new RegExp(`^BROKEN: stream ${negative} at revision 0: .*revision -5`)),
    ]);
    expect(output).toContain('NOT OK: 7 of 8 streams');

    // One stream at a time says the same.
    expect(await run([ids['c-lowered']])).toMatchObject({ code: 1, output: expect.stringContaining('lowered') });
    expect(await run([ids['e-emptied']])).toMatchObject({ code: 1, output: expect.stringContaining('end were removed') });
  });

  it('replays a record whose rows cannot be folded, saying so instead of failing', async () => {
    const id = randomUUID();
    await store.append(`registration-${id}`, [newEvent('RegistrationDrafted', { registrationId: id }), newEvent('Bogus'), newEvent('AlsoBogus')], { expectedRevision: 'no_stream' });
    await sql(`update events set metadata = '[]' where stream_id = $1 and stream_revision = 2`, [`registration-${id}`]);
    let output = '';
    expect(await auditReplay(store, keys, [id], (t) => (output += t))).toBe(0);
    expect(output).toContain('MALFORMED ROW: its metadata is an array');
    expect(output).toMatch(/hash chain: BROKEN: the row is malformed/);
    expect(output).toMatch(/state: cannot be rebuilt: the event cannot be applied \(Bogus\)/);
  });
});
