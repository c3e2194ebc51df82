import { Kysely, Selectable, Transaction, sql } from 'kysely';
import { StoredEvent, comparePositions } from '@channel-ledger/event-store';
import { AnyTables, ReadDB, writeBack } from '@channel-ledger/read-store';
import { Projection } from './projection';

// A row's key: the values of its table's key columns, in the order the table names them.
export type RowKey = readonly string[];

// One table of a row projection: the events it takes, the rows each one touches, and a pure step from a row as it
// stands (undefined: none yet) to the row after the event (undefined: the row goes away).
export interface RowTable<Row extends object> {
  // The primary key's columns.
  key: readonly (keyof Row & string)[];
  filter(event: StoredEvent): boolean;
  // The rows the event touches, each as its key's values (a string for a one-column key): usually one, and an
  // event may touch rows of several tables (an order's creation makes the order and each of its lines).
  keys(event: StoredEvent): (string | RowKey)[];
  evolve(row: Row | undefined, event: StoredEvent, key: RowKey): Row | undefined;
  // Rows remember the last event applied to them in `last_position` unless this is false: an event a row has
  // already applied is then skipped, and a write never replaces a row that has applied a later event. Rows
  // without it are replaced when written, so their evolve must leave a row as it is on an event applied twice.
  versioned?: boolean;
}

export type RowTables<DB> = { [T in keyof DB & string]?: RowTable<Selectable<DB[T]>> };

// A closure table: every (ancestor, descendant) pair of a hierarchy, each node its own ancestor at depth 0, kept from
// the events that place a node under a parent. A placement follows the node's row in another table of the projection
// (`follows`, keyed by the node's id): an event that leaves that row as it was (applied before, or about a node never
// seen) leaves the closure as it was too.
export interface ClosureTable<DB> {
  columns: { ancestor: string; descendant: string; depth: string };
  follows: keyof DB & string;
  // A node added under a parent (null: a root), or a node moved under a new parent with its subtree.
  placed(event: StoredEvent): { node: string; parent: string | null; move: boolean } | undefined;
}

export interface RowProjectionSpec<DB> {
  name: string;
  version: number;
  tables: RowTables<DB>;
  closures?: { [T in keyof DB & string]?: ClosureTable<DB> };
}

// The structural view of the tables the kit works with: rows as plain records, tables by name.
interface AnyRowTable extends RowTable<Record<string, unknown>> {
  name: string;
}
interface AnyClosure extends ClosureTable<Record<string, unknown>> {
  name: string;
}

const encode = (key: string | RowKey): string => JSON.stringify(typeof key === 'string' ? [key] : key);

function lastPosition(row: object): string | undefined {
  const value: unknown = Reflect.get(row, 'last_position');
  return typeof value === 'string' ? value : undefined;
}

// Events of a batch grouped by the row they touch, in log order within each row.
export function groupByKey<Row extends object>(table: RowTable<Row>, events: StoredEvent[]): Map<string, { key: RowKey; events: StoredEvent[] }> {
  const groups = new Map<string, { key: RowKey; events: StoredEvent[] }>();
  for (const event of events) {
    if (!table.filter(event)) continue;
    for (const key of table.keys(event)) {
      const k = encode(key);
      const group = groups.get(k);
      if (group) group.events.push(event);
      else groups.set(k, { key: typeof key === 'string' ? [key] : key, events: [event] });
    }
  }
  return groups;
}

// The rows a batch leaves behind: those to write back whole (rows it changed), the keys of those to delete, and
// which events changed which row (`<event id> <encoded key>`), for what follows a row.
export function evolveGroups<Row extends object>(
  table: RowTable<Row>,
  groups: Map<string, { key: RowKey; events: StoredEvent[] }>,
  loaded: Map<string, Row>,
): { upserts: Row[]; deletes: RowKey[]; changedBy: Set<string> } {
  const upserts: Row[] = [];
  const deletes: RowKey[] = [];
  const changedBy = new Set<string>();
  for (const [k, { key, events }] of groups) {
    const before = loaded.get(k);
    let row = before;
    for (const event of events) {
      const seen = row && table.versioned !== false ? lastPosition(row) : undefined;
      if (seen !== undefined && comparePositions(event.position, seen) <= 0) continue;
      const after = table.evolve(row, event, key);
      if (after !== row) changedBy.add(`${event.id} ${k}`);
      row = after;
    }
    if (row !== undefined && row !== before) upserts.push(row);
    else if (row === undefined && before !== undefined) deletes.push(key);
  }
  return { upserts, deletes, changedBy };
}

// `(a, b) in ((..), (..))` over a table's key columns.
const keyIn = (columns: readonly string[], keys: RowKey[]) =>
  sql<boolean>`(${sql.join(columns.map((c) => sql.ref(c)))}) in (${sql.join(keys.map((k) => sql`(${sql.join([...k])})`))})`;

type Db = Kysely<ReadDB & AnyTables>;

// One run of events through every row table: each table reads the rows the run touches in one query, evolves them in
// memory and writes the changed ones back in one statement (per 500). Answers which events changed which rows.
async function applyRun(db: Db, tables: AnyRowTable[], events: StoredEvent[]): Promise<Map<string, Set<string>>> {
  const changed = new Map<string, Set<string>>();
  for (const table of tables) {
    const groups = groupByKey(table, events);
    if (groups.size === 0) continue;
    const keys = [...groups.values()].map((g) => g.key);
    const loaded = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < keys.length; i += 1000) {
      const rows = await db.selectFrom(table.name).selectAll().where(keyIn(table.key, keys.slice(i, i + 1000))).execute();
      for (const row of rows) loaded.set(encode(table.key.map((c) => String(row[c]))), row);
    }
    const { upserts, deletes, changedBy } = evolveGroups(table, groups, loaded);
    changed.set(table.name, changedBy);
    await writeBack(db, table.name, table.key, upserts, { versioned: table.versioned !== false });
    for (let i = 0; i < deletes.length; i += 1000) await db.deleteFrom(table.name).where(keyIn(table.key, deletes.slice(i, i + 1000))).execute();
  }
  return changed;
}

const follows = (changed: Map<string, Set<string>>, closure: AnyClosure, event: StoredEvent, node: string) =>
  changed.get(closure.follows)?.has(`${event.id} ${encode(node)}`) ?? false;

// The links of the nodes a run adds: each node with itself, and with its parent's ancestors one deeper (a new node has
// no descendants yet). The parents' links are read once per run.
async function addLinks(db: Db, closure: AnyClosure, events: StoredEvent[], changed: Map<string, Set<string>>): Promise<void> {
  const { name, columns: { ancestor, descendant, depth } } = closure;
  const added = events.flatMap((event) => {
    const place = closure.placed(event);
    return place && !place.move && follows(changed, closure, event, place.node) ? [place] : [];
  });
  if (added.length === 0) return;
  const parents = [...new Set(added.flatMap((a) => (a.parent ? [a.parent] : [])))];
  const ancestors = new Map<string, { ancestor: string; depth: number }[]>();
  if (parents.length > 0) {
    const rows = await db.selectFrom(name).selectAll().where(sql.ref(descendant), 'in', parents).execute();
    for (const row of rows) {
      const links = ancestors.get(String(row[descendant])) ?? [];
      links.push({ ancestor: String(row[ancestor]), depth: Number(row[depth]) });
      ancestors.set(String(row[descendant]), links);
    }
  }
  const inserts: Record<string, unknown>[] = [];
  for (const { node, parent } of added) {
    const links = [{ ancestor: node, depth: 0 }, ...(parent ? (ancestors.get(parent) ?? []) : []).map((up) => ({ ancestor: up.ancestor, depth: up.depth + 1 }))];
    ancestors.set(node, links);
    for (const link of links) inserts.push({ [ancestor]: link.ancestor, [descendant]: node, [depth]: link.depth });
  }
  for (let i = 0; i < inserts.length; i += 500) await db.insertInto(name).values(inserts.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
}

// A move: the subtree's links to its old ancestors are replaced by links to the new parent's ancestors, in SQL.
async function relinkSubtree(db: Db, closure: AnyClosure, node: string, parent: string | null): Promise<void> {
  const { name, columns: { ancestor, descendant, depth } } = closure;
  const [a, d, n] = [sql.ref(ancestor), sql.ref(descendant), sql.ref(depth)];
  const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
  await sql`
    delete from ${sql.table(name)} c
    using ${sql.table(name)} sub, ${sql.table(name)} sup
    where ${col('sub', ancestor)} = ${node} and ${col('sup', descendant)} = ${node} and ${col('sup', depth)} > 0
      and ${col('c', descendant)} = ${col('sub', descendant)} and ${col('c', ancestor)} = ${col('sup', ancestor)}`.execute(db);
  if (parent === null) return;
  await sql`
    insert into ${sql.table(name)} (${a}, ${d}, ${n})
    select ${col('sup', ancestor)}, ${col('sub', descendant)}, ${col('sup', depth)} + ${col('sub', depth)} + 1
    from ${sql.table(name)} sup, ${sql.table(name)} sub
    where ${col('sup', descendant)} = ${parent} and ${col('sub', ancestor)} = ${node}
    on conflict do nothing`.execute(db);
}

// A projection whose tables are rows evolved event by event: per batch and table one read of the touched rows, one
// write back of the changed ones and one delete of those that went away. With a closure table, the batch is cut at
// each move in the hierarchy, which is applied on its own (its rows, then the subtree's links in SQL), so every run
// sees the closure as the log left it.
export function defineRowProjection<DB>(spec: RowProjectionSpec<DB>): Projection {
  // The one place the tables lose their own row types: past this line the kit sees rows as plain records and
  // tables by name, and each table's own evolve, typed by its table, is what makes the rows.
  const tables = (Object.entries(spec.tables) as [string, RowTable<Record<string, unknown>>][]).map(([name, t]) => ({ ...t, name }));
  const closures = (Object.entries(spec.closures ?? {}) as [string, ClosureTable<Record<string, unknown>>][]).map(([name, c]) => ({ ...c, name }));
  const moves = (event: StoredEvent) => closures.some((c) => c.placed(event)?.move === true);
  const run = async (db: Db, events: StoredEvent[]) => {
    if (events.length === 0) return;
    const changed = await applyRun(db, tables, events);
    for (const closure of closures) await addLinks(db, closure, events, changed);
  };
  return {
    name: spec.name,
    version: spec.version,
    tables: [
      ...tables.map((t) => ({ name: t.name, key: [...t.key] })),
      ...closures.map((c) => ({ name: c.name, key: [c.columns.ancestor, c.columns.descendant] })),
    ],
    // What its tables take, and every placement in a hierarchy (which also follows a table's row).
    handles: (event) => tables.some((t) => t.filter(event)) || closures.some((c) => c.placed(event) !== undefined),
    async apply(trx: Transaction<ReadDB>, events: StoredEvent[]) {
      const db = trx.withTables<AnyTables>();
      let pending: StoredEvent[] = [];
      for (const event of events) {
        if (!moves(event)) {
          pending.push(event);
          continue;
        }
        await run(db, pending);
        pending = [];
        const changed = await applyRun(db, tables, [event]);
        for (const closure of closures) {
          const place = closure.placed(event);
          if (place?.move && follows(changed, closure, event, place.node)) await relinkSubtree(db, closure, place.node, place.parent);
        }
      }
      await run(db, pending);
    },
    async reset(trx: Transaction<ReadDB>) {
      const names = [...tables.map((t) => t.name), ...closures.map((c) => c.name)];
      await sql`truncate ${sql.join(names.map((n) => sql.table(n)))}`.execute(trx);
    },
  };
}
