import { Kysely, RawBuilder, SqlBool, sql } from 'kysely';
import { decodeCursor, pageOf } from './pagination';

// An equality filter when the caller gave one, none otherwise.
export const eq = (column: string, value: string | undefined): RawBuilder<SqlBool>[] => (value === undefined ? [] : [sql<SqlBool>`${sql.ref(column)} = ${value}`]);

// What every list request says besides its own filters: the sort, its order, the page size and where it goes on.
export interface ListPaging {
  sort?: string;
  order?: string;
  limit?: number;
  cursor?: string;
}

export interface ListSpec<Row, Item> {
  table: string;
  id: string;
  // Sort key -> column and how its values are cast back from a cursor.
  // `expr` sorts by a computed value instead (a partner's own share of an amount), which the cursor then carries.
  sorts: Record<string, { column: string; type: 'timestamptz' | 'bigint' | 'text'; expr?: RawBuilder<unknown> }>;
  // The sort when the request names none; newest first and 25 a page unless it says otherwise.
  defaultSort: string;
  paging: ListPaging;
  // Every condition, partner scoping first; all of them inside the SQL.
  where: RawBuilder<SqlBool>[];
  map: (row: Row) => Item;
}

// One keyset-paginated list query: filters and scope in the WHERE, then (sort, id) past the cursor, one index
// range per page and no OFFSET.
export async function keysetList<Row, Item>(db: Kysely<any>, spec: ListSpec<Row, Item>): Promise<{ items: Item[]; nextCursor: string | null }> {
  const sortKey = spec.paging.sort ?? spec.defaultSort;
  const desc = (spec.paging.order ?? 'desc') === 'desc';
  const limit = spec.paging.limit ?? 25;
  const sort = spec.sorts[sortKey];
  // Each list reads its own table: the table names the list a cursor belongs to.
  const scope = { list: spec.table, sort: sortKey, desc };
  const cursor = decodeCursor(spec.paging.cursor, { ...scope, type: sort.type });
  const conditions = [...spec.where];
  const key = sort.expr ?? sql.ref(sort.column);
  if (cursor) {
    const op = sql.raw(desc ? '<' : '>');
    conditions.push(sql<SqlBool>`(${key}, ${sql.ref(spec.id)}) ${op} (${cursor.value}::${sql.raw(sort.type)}, ${cursor.id})`);
  }
  const direction = sql.raw(desc ? 'desc' : 'asc');
  const { rows } = await sql<Row>`
    select *${sort.expr ? sql`, ${sort.expr} as sort_key` : sql``} from ${sql.table(spec.table)}
    where ${sql.join(conditions, sql` and `)}
    order by ${key} ${direction}, ${sql.ref(spec.id)} ${direction}
    limit ${limit + 1}`.execute(db);
  const page = pageOf(rows, limit, scope, (row) => {
    const value = (row as Record<string, unknown>)[sort.expr ? 'sort_key' : sort.column];
    return { value: value instanceof Date ? value.toISOString() : (value as string | number | null), id: String((row as Record<string, unknown>)[spec.id]) };
  });
  return { items: page.items.map(spec.map), nextCursor: page.nextCursor };
}
