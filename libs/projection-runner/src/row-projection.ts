import { Kysely, Transaction } from 'kysely';
import { StoredEvent } from '@channel-ledger/event-store';
import { ReadDB, writeBack } from '@channel-ledger/read-store';
import { Projection } from './projection';

// One table of a row projection: the events it takes, the row each one touches, and a pure step from the row as it
// stands (undefined: none yet) to the row after the event (undefined: the row goes away).
export interface RowTable<Row> {
  key: keyof Row & string;
  filter(event: StoredEvent): boolean;
  keyOf(event: StoredEvent): string;
  evolve(row: Row | undefined, event: StoredEvent): Row | undefined;
}

export type RowTables<DB> = { [T in keyof DB & string]?: RowTable<DB[T]> };

export interface RowProjectionSpec<DB> {
  name: string;
  version: number;
  tables: RowTables<DB>;
}

// Events of a batch grouped by the row they touch, in log order within each row.
export function groupByKey<Row>(table: RowTable<Row>, events: StoredEvent[]): Map<string, StoredEvent[]> {
  const groups = new Map<string, StoredEvent[]>();
  for (const event of events) {
    if (!table.filter(event)) continue;
    const k = table.keyOf(event);
    const group = groups.get(k);
    if (group) group.push(event);
    else groups.set(k, [event]);
  }
  return groups;
}

// The rows a batch leaves behind: those to write back whole and the keys to delete.
export function evolveGroups<Row>(
  table: RowTable<Row>,
  groups: Map<string, StoredEvent[]>,
  loaded: Map<string, Row>,
): { upserts: Row[]; deletes: string[] } {
  const upserts: Row[] = [];
  const deletes: string[] = [];
  for (const [k, events] of groups) {
    const before = loaded.get(k);
    let row = before;
    for (const event of events) row = table.evolve(row, event);
    if (row !== undefined) upserts.push(row);
    else if (before !== undefined) deletes.push(k);
  }
  return { upserts, deletes };
}

// A projection whose tables are rows evolved event by event: per batch and table one read of the touched rows, one
// write back of the changed ones and one delete of those that went away.
export function defineRowProjection<DB>(spec: RowProjectionSpec<DB>): Projection {
  const entries = Object.entries(spec.tables) as [string, RowTable<Record<string, unknown>>][];
  return {
    name: spec.name,
    version: spec.version,
    tables: entries.map(([name, t]) => ({ name, key: [t.key] })),
    async apply(trx: Transaction<ReadDB>, events: StoredEvent[]) {
      // The table names and keys come from the projection's own code, never from input.
      const db = trx as unknown as Kysely<Record<string, Record<string, unknown>>>;
      for (const [name, table] of entries) {
        const groups = groupByKey(table, events);
        if (groups.size === 0) continue;
        const keys = [...groups.keys()];
        const rows = await db.selectFrom(name).selectAll().where(table.key, 'in', keys).execute();
        const loaded = new Map(rows.map((r) => [String(r[table.key]), r]));
        const { upserts, deletes } = evolveGroups(table, groups, loaded);
        await writeBack(db, name, table.key, upserts);
        if (deletes.length > 0) await db.deleteFrom(name).where(table.key, 'in', deletes).execute();
      }
    },
    async reset(trx: Transaction<ReadDB>) {
      const db = trx as unknown as Kysely<Record<string, Record<string, unknown>>>;
      for (const [name] of entries) await db.deleteFrom(name).execute();
    },
  };
}
