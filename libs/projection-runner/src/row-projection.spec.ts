import { StoredEvent } from '@channel-ledger/event-store';
import { evolveGroups, groupByKey, RowTable } from './row-projection';

type Row = { id: string; count: number };

function event(streamId: string, type: string, n: number): StoredEvent {
  return { id: `e${n}`, streamId, revision: n, position: BigInt(n) as never, type, data: {}, metadata: {} as never, recordedAt: new Date(0) };
}

const counter: RowTable<Row> = {
  key: 'id',
  filter: (e) => e.type !== 'Ignored',
  keyOf: (e) => e.streamId,
  evolve: (row, e) => (e.type === 'Removed' ? undefined : { id: e.streamId, count: (row?.count ?? 0) + 1 }),
};

describe('row projection kit', () => {
  it('groups a batch by row key in log order and leaves out filtered events', () => {
    const events = [event('a', 'X', 1), event('b', 'X', 2), event('a', 'Ignored', 3), event('a', 'X', 4)];
    const groups = groupByKey(counter, events);
    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')!.map((e) => e.id)).toEqual(['e1', 'e4']);
  });

  it('evolves each row once from its loaded state and writes one row per key', () => {
    const events = [event('a', 'X', 1), event('b', 'X', 2), event('a', 'X', 3)];
    const { upserts, deletes } = evolveGroups(counter, groupByKey(counter, events), new Map([['a', { id: 'a', count: 5 }]]));
    expect(upserts).toEqual([{ id: 'a', count: 7 }, { id: 'b', count: 1 }]);
    expect(deletes).toEqual([]);
  });

  it('deletes a stored row that evolves to nothing, and writes nothing for a new one that does', () => {
    const events = [event('a', 'Removed', 1), event('c', 'X', 2), event('c', 'Removed', 3)];
    const { upserts, deletes } = evolveGroups(counter, groupByKey(counter, events), new Map([['a', { id: 'a', count: 1 }]]));
    expect(upserts).toEqual([]);
    expect(deletes).toEqual(['a']);
  });
});
