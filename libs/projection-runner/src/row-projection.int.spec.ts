import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { StoredEvent } from '@channel-ledger/event-store';
import { ReadDB } from '@channel-ledger/read-store';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { defineRowProjection } from './row-projection';

type Row = { id: string; count: number; last_position: string };
type Line = { order_id: string; line_id: string; count: number };
type Node = { node_id: string; parent_id: string | null; last_position: string };
type Link = { ancestor_id: string; node_id: string; depth: number };
type DB = { kit_a: Row; kit_b: Row; kit_lines: Line; kit_nodes: Node; kit_closure: Link };

const position = (n: number) => String(n).padStart(10, '0');

function event(streamId: string, type: string, n: number, data: Record<string, unknown> = {}): StoredEvent {
  return { id: `e${n}`, streamId, revision: n, position: position(n), type, data, metadata: {} as never, recordedAt: new Date(0) };
}

const evolve = (row: Row | undefined, e: StoredEvent): Row | undefined =>
  e.type === 'Removed' ? undefined : { id: e.streamId, count: Number(row?.count ?? 0) + 1, last_position: e.position };

const projection = defineRowProjection<DB>({
  name: 'kit',
  version: 1,
  tables: {
    kit_a: { key: ['id'], filter: (e) => !e.type.startsWith('Node'), keys: (e) => [e.streamId], evolve },
    kit_b: { key: ['id'], filter: (e) => e.type === 'B', keys: (e) => [e.streamId], evolve },
    // Rows of another table's event, several per event, under a two-column key, with no last position.
    kit_lines: {
      key: ['order_id', 'line_id'],
      versioned: false,
      filter: (e) => Array.isArray(e.data && (e.data as { lines?: unknown }).lines),
      keys: (e) => (e.data as { lines: string[] }).lines.map((l) => [e.streamId, l]),
      evolve: (row, _e, [orderId, lineId]) => ({ order_id: orderId, line_id: lineId, count: (row?.count ?? 0) + 1 }),
    },
    kit_nodes: {
      key: ['node_id'],
      filter: (e) => e.type.startsWith('Node'),
      keys: (e) => [e.streamId],
      evolve: (row, e) => {
        const parent = (e.data as { parent: string | null }).parent;
        if (e.type === 'NodeAdded') return row ?? { node_id: e.streamId, parent_id: parent, last_position: e.position };
        return row && { ...row, parent_id: parent, last_position: e.position };
      },
    },
  },
  closures: {
    kit_closure: {
      columns: { ancestor: 'ancestor_id', descendant: 'node_id', depth: 'depth' },
      follows: 'kit_nodes',
      placed: (e) => (e.type.startsWith('Node') ? { node: e.streamId, parent: (e.data as { parent: string | null }).parent, move: e.type === 'NodeMoved' } : undefined),
    },
  },
});

describe('row projection kit (real PostgreSQL)', () => {
  let database: TestDatabase;
  let db: Kysely<ReadDB>;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('cl_kit');
    db = new Kysely<ReadDB>({
      dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }),
      log: (e) => void statements.push(e.query.sql.trim()),
    });
    for (const t of ['kit_a', 'kit_b']) await sql`create table ${sql.table(t)} (id text primary key, count int not null, last_position text not null)`.execute(db);
    await sql`create table kit_lines (order_id text, line_id text, count int not null, primary key (order_id, line_id))`.execute(db);
    await sql`create table kit_nodes (node_id text primary key, parent_id text, last_position text not null)`.execute(db);
    await sql`create table kit_closure (ancestor_id text, node_id text, depth int not null, primary key (ancestor_id, node_id))`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const run = (events: StoredEvent[]) => db.transaction().execute((trx) => projection.apply(trx, events));
  const rows = (t: string) => sql<Row>`select id, count from ${sql.table(t)} order by id`.execute(db).then((r) => r.rows);
  const links = () => sql<Link>`select ancestor_id, node_id, depth from kit_closure order by node_id, depth`.execute(db).then((r) => r.rows.map((l) => `${l.ancestor_id}>${l.node_id}:${l.depth}`));

  it('reads the touched rows once and writes them once per table, then deletes rows that evolve to nothing', async () => {
    statements.length = 0;
    await run([event('x', 'B', 1), event('y', 'A', 2), event('x', 'B', 3), event('y', 'A', 4)]);
    const work = statements.filter((s) => !/^(begin|commit)/i.test(s));
    expect(work.filter((s) => /^select/i.test(s))).toHaveLength(2);
    expect(work.filter((s) => /^insert/i.test(s))).toHaveLength(2);
    expect(work).toHaveLength(4);
    expect(await rows('kit_a')).toEqual([{ id: 'x', count: 2 }, { id: 'y', count: 2 }]);
    expect(await rows('kit_b')).toEqual([{ id: 'x', count: 2 }]);

    statements.length = 0;
    await run([event('y', 'Removed', 5), event('x', 'A', 6)]);
    expect(statements.filter((s) => /^delete/i.test(s))).toHaveLength(1);
    expect(await rows('kit_a')).toEqual([{ id: 'x', count: 3 }]);
    expect(await rows('kit_b')).toEqual([{ id: 'x', count: 2 }]);
  });

  it('leaves versioned rows alone on a batch applied again, and writes nothing for them', async () => {
    const batch = [event('z', 'B', 7), event('z', 'B', 8)];
    await run(batch);
    statements.length = 0;
    await run(batch);
    expect(statements.filter((s) => /^(insert|update|delete)/i.test(s))).toEqual([]);
    expect(await rows('kit_b')).toEqual([{ id: 'x', count: 2 }, { id: 'z', count: 2 }]);
  });

  it('writes the rows an event touches in another table, under a two-column key', async () => {
    await run([event('o1', 'A', 9, { lines: ['1', '2'] }), event('o2', 'A', 10, { lines: ['1'] }), event('o1', 'A', 11, { lines: ['2'] })]);
    await run([event('o2', 'A', 12, { lines: ['1'] })]);
    const lines = await sql<Line>`select order_id, line_id, count from kit_lines order by order_id, line_id`.execute(db);
    expect(lines.rows).toEqual([
      { order_id: 'o1', line_id: '1', count: 1 },
      { order_id: 'o1', line_id: '2', count: 2 },
      { order_id: 'o2', line_id: '1', count: 2 },
    ]);
  });

  it('keeps a closure table: added nodes under their parents, a move relinks the subtree, a replay changes nothing', async () => {
    const added = [event('r', 'NodeAdded', 20, { parent: null }), event('s', 'NodeAdded', 21, { parent: null }), event('c', 'NodeAdded', 22, { parent: 'r' })];
    // One batch: a move of c under s, then a grandchild of c added after it, then c back to a root.
    const moved = [event('c', 'NodeMoved', 23, { parent: 's' }), event('g', 'NodeAdded', 24, { parent: 'c' }), event('c', 'NodeMoved', 25, { parent: null })];
    await run(added);
    expect(await links()).toEqual(['c>c:0', 'r>c:1', 'r>r:0', 's>s:0']);
    await run(moved.slice(0, 2));
    expect(await links()).toEqual(['c>c:0', 's>c:1', 'g>g:0', 'c>g:1', 's>g:2', 'r>r:0', 's>s:0']);
    await run(moved.slice(2));
    const settled = ['c>c:0', 'g>g:0', 'c>g:1', 'r>r:0', 's>s:0'];
    expect(await links()).toEqual(settled);
    // An older batch again, after the later move: its nodes have applied it, so their links stay as they are now.
    await run(moved.slice(0, 2));
    expect(await links()).toEqual(settled);
    // The whole history again, as one batch: every node has applied it, so neither rows nor links change.
    await run([...added, ...moved]);
    expect(await links()).toEqual(settled);
  });

  it('resets every table it owns and names them with their keys', async () => {
    await db.transaction().execute((trx) => projection.reset!(trx));
    expect(await rows('kit_a')).toEqual([]);
    expect(await links()).toEqual([]);
    expect(projection.tables).toEqual([
      { name: 'kit_a', key: ['id'] },
      { name: 'kit_b', key: ['id'] },
      { name: 'kit_lines', key: ['order_id', 'line_id'] },
      { name: 'kit_nodes', key: ['node_id'] },
      { name: 'kit_closure', key: ['ancestor_id', 'node_id'] },
    ]);
  });
});
