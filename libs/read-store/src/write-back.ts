import { Kysely, sql } from 'kysely';

// Writes read-model rows back whole, 500 to a statement: a new key is inserted, an existing row takes every given
// column unless it has already applied a later event (rows remember the last event applied to them in
// `last_position`). Projections that read a batch's rows, apply the events in memory and write the changed rows
// back use it.
export async function writeBack<DB>(db: Kysely<DB>, table: string, key: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).filter((c) => c !== key);
  // The table and columns come from the projections' own code, never from input.
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  for (let i = 0; i < rows.length; i += 500) {
    await untyped
      .insertInto(table)
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .column(key)
          .doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])))
          .where(sql.ref(`${table}.last_position`), '<', sql.ref('excluded.last_position')),
      )
      .execute();
  }
}
