import { StoredEvent } from '@channel-ledger/event-store';
import { evolveGroups, groupByKey, RowTable } from './row-projection';

type Row = { id: string; count: number };
type Versioned = { id: string; count: number; last_position: string };

const position = (n: number) => String(n).padStart(10, '0');

function event(streamId: string, type: string, n: number, data: Record<string, unknown> = {}): StoredEvent {
  return { id: `e${n}`, streamId, revision: n, position: position(n), type, data, metadata: {} as never, recordedAt: new Date(0) };
}

const counter: RowTable<Row> = {
  key: ['id'],
  versioned: false,
  filter: (e) => e.type !== 'Ignored',
  keys: (e) => [e.streamId],
  evolve: (row, e) => (e.type === 'Removed' ? undefined : { id: e.streamId, count: (row?.count ?? 0) + 1 }),
};

const versioned: RowTable<Versioned> = {
  key: ['id'],
  filter: () => true,
  keys: (e) => [e.streamId],
  evolve: (row, e) => (e.type === 'Noop' ? row : { id: e.streamId, count: (row?.count ?? 0) + 1, last_position: e.position }),
};

describe('row projection kit', () => {
  it('groups a batch by row key in log order and leaves out filtered events', () => {
    const events = [event('a', 'X', 1), event('b', 'X', 2), event('a', 'Ignored', 3), event('a', 'X', 4)];
    const groups = groupByKey(counter, events);
    expect([...groups.values()].map((g) => g.key)).toEqual([['a'], ['b']]);
    expect([...groups.values()][0].events.map((e) => e.id)).toEqual(['e1', 'e4']);
  });

  it('evolves each row once from its loaded state and writes one row per key', () => {
    const events = [event('a', 'X', 1), event('b', 'X', 2), event('a', 'X', 3)];
    const { upserts, deletes } = evolveGroups(counter, groupByKey(counter, events), new Map([['["a"]', { id: 'a', count: 5 }]]));
    expect(upserts).toEqual([{ id: 'a', count: 7 }, { id: 'b', count: 1 }]);
    expect(deletes).toEqual([]);
  });

  it('deletes a stored row that evolves to nothing, and writes nothing for a new one that does', () => {
    const events = [event('a', 'Removed', 1), event('c', 'X', 2), event('c', 'Removed', 3)];
    const { upserts, deletes } = evolveGroups(counter, groupByKey(counter, events), new Map([['["a"]', { id: 'a', count: 1 }]]));
    expect(upserts).toEqual([]);
    expect(deletes).toEqual([['a']]);
  });

  it('groups one event under every row it touches, with composite keys, and hands each evolve its key', () => {
    type Line = { order_id: string; line_id: string; touched: number };
    const lines: RowTable<Line> = {
      key: ['order_id', 'line_id'],
      versioned: false,
      filter: () => true,
      keys: (e) => (e.data as { lines: string[] }).lines.map((l) => [e.streamId, l]),
      evolve: (row, _e, [orderId, lineId]) => ({ order_id: orderId, line_id: lineId, touched: (row?.touched ?? 0) + 1 }),
    };
    const events = [event('o1', 'Created', 1, { lines: ['1', '2'] }), event('o1', 'Fulfilled', 2, { lines: ['2'] })];
    const groups = groupByKey(lines, events);
    expect([...groups.keys()]).toEqual(['["o1","1"]', '["o1","2"]']);
    const { upserts } = evolveGroups(lines, groups, new Map());
    expect(upserts).toEqual([{ order_id: 'o1', line_id: '1', touched: 1 }, { order_id: 'o1', line_id: '2', touched: 2 }]);
  });

  it('skips the events a versioned row has already applied and writes back only rows that changed', () => {
    const stored = new Map([['["a"]', { id: 'a', count: 3, last_position: position(5) }], ['["b"]', { id: 'b', count: 1, last_position: position(1) }]]);
    const events = [event('a', 'X', 4), event('a', 'X', 5), event('b', 'Noop', 6), event('a', 'X', 7)];
    const { upserts, changedBy } = evolveGroups(versioned, groupByKey(versioned, events), stored);
    expect(upserts).toEqual([{ id: 'a', count: 4, last_position: position(7) }]);
    expect([...changedBy]).toEqual(['e7 ["a"]']);
  });
});
