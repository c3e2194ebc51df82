import { Kysely, sql } from 'kysely';

// Any table by name: projections name their own tables and columns in code, never from input.
export type AnyTables = Record<string, Record<string, unknown>>;

// Writes read-model rows back whole, 500 to a statement: a new key is inserted, an existing row takes every given
// column. Rows that remember the last event applied to them in `last_position` (versioned, the default) keep a row
// that has already applied a later event; unversioned rows are simply replaced. Every row names the same columns.
// Projections that read a batch's rows, apply the events in memory and write the changed rows back use it.
export async function writeBack<DB>(
  db: Kysely<DB>,
  table: string,
  key: string | readonly string[],
  rows: Record<string, unknown>[],
  options: { versioned?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const keys = typeof key === 'string' ? [key] : [...key];
  const columns = Object.keys(rows[0]);
  const updated = columns.filter((c) => !keys.includes(c));
  const ref = (c: string) => sql.ref(c);
  const onConflict =
    updated.length === 0
      ? sql`do nothing`
      : sql`do update set ${sql.join(updated.map((c) => sql`${ref(c)} = ${sql.ref(`excluded.${c}`)}`))}${
          options.versioned === false ? sql`` : sql` where ${sql.ref(`${table}.last_position`)} < excluded.last_position`
        }`;
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map((row) => sql`(${sql.join(columns.map((c) => row[c]))})`);
    await sql`
      insert into ${sql.table(table)} (${sql.join(columns.map(ref))}) values ${sql.join(values)}
      on conflict (${sql.join(keys.map(ref))}) ${onConflict}`.execute(db);
  }
}
