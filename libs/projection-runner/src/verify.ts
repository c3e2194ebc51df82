import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { EventStore, comparePositions } from '@channel-ledger/event-store';
import { ReadDB } from '@channel-ledger/read-store';
import { Projection } from './projection';

export interface TableComparison {
  table: string;
  liveRows: number;
  rebuiltRows: number;
  liveChecksum: string;
  rebuiltChecksum: string;
  // Keys of rows that differ (present on one side only, or with other values), at most `sample` of each.
  onlyLive: string[];
  onlyRebuilt: string[];
  differing: number;
  differingKeys: string[];
}

export interface VerifyReport {
  projection: string;
  position: string | null;
  identical: boolean;
  tables: TableComparison[];
}

const BATCH = 500;

// Rebuilds a projection from the log into a scratch schema, up to the position the live copy has reached, and
// compares the two row by row. The comparison runs in one snapshot whose checkpoint matches the rebuilt position;
// if the live copy moved on meanwhile, the scratch copy catches up and the comparison runs again.
export async function verifyProjection(
  db: Kysely<ReadDB>,
  store: EventStore,
  projection: Projection,
  options: { sample?: number; onProgress?: (applied: number) => void } = {},
): Promise<VerifyReport> {
  const tables = projection.tables ?? [];
  if (tables.length === 0) throw new Error(`projection ${projection.name} does not declare its tables`);
  const schema = `verify_${projection.name}_${randomBytes(4).toString('hex')}`;
  const sample = options.sample ?? 10;
  await sql`create schema ${sql.id(schema)}`.execute(db);
  try {
    for (const { name } of tables) await sql`create table ${sql.table(`${schema}.${name}`)} (like ${sql.table(`public.${name}`)} including all)`.execute(db);
    let rebuiltTo: string | null = null;
    let applied = 0;
    const catchUp = async (to: string | null) => {
      while (to !== null && (rebuiltTo === null || comparePositions(rebuiltTo, to) < 0)) {
        const page = (await store.readAll({ after: rebuiltTo ?? undefined, limit: BATCH })).filter((e) => comparePositions(e.position, to) <= 0);
        if (page.length === 0) break;
        // The projection writes unqualified table names: the scratch schema comes first on the search path.
        await db.transaction().execute(async (trx) => {
          await sql`select set_config('search_path', ${`${schema}, public`}, true)`.execute(trx);
          await projection.apply(trx, page);
        });
        rebuiltTo = page[page.length - 1].position;
        applied += page.length;
        options.onProgress?.(applied);
      }
    };
    for (let attempt = 0; attempt < 20; attempt++) {
      const live = await db.selectFrom('projection_checkpoints').select('position').where('projection', '=', projection.name).executeTakeFirst();
      await catchUp(live?.position ?? null);
      const report = await db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const now = await trx.selectFrom('projection_checkpoints').select('position').where('projection', '=', projection.name).executeTakeFirst();
          if ((now?.position ?? null) !== rebuiltTo) return undefined;
          const comparisons: TableComparison[] = [];
          for (const { name, key } of tables) comparisons.push(await compare(trx, schema, name, key, sample));
          return comparisons;
        });
      if (report) {
        return {
          projection: projection.name,
          position: rebuiltTo,
          identical: report.every((t) => t.liveChecksum === t.rebuiltChecksum && t.differing === 0 && t.onlyLive.length === 0 && t.onlyRebuilt.length === 0),
          tables: report,
        };
      }
    }
    throw new Error(`projection ${projection.name} kept moving; try again when it is quieter`);
  } finally {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
  }
}

async function compare(db: Kysely<any>, schema: string, table: string, key: string[], sample: number): Promise<TableComparison> {
  const live = sql.table(`public.${table}`);
  const rebuilt = sql.table(`${schema}.${table}`);
  const keys = sql.join(key.map((k) => sql.ref(k)));
  const keyText = sql.raw(key.map((k) => `${k}::text`).join(` || '/' || `));
  const checksum = async (t: typeof live) =>
    (await sql<{ n: string; sum: string }>`select count(*) as n, md5(coalesce(string_agg(x::text, '|' order by ${keys}), '')) as sum from ${t} x`.execute(db)).rows[0];
  const [a, b] = [await checksum(live), await checksum(rebuilt)];
  const only = async (from: typeof live, other: typeof live) =>
    (await sql<{ k: string }>`select ${keyText} as k from ${from} f where not exists (select 1 from ${other} o where ${sql.join(key.map((k) => sql`o.${sql.ref(k)} = f.${sql.ref(k)}`), sql` and `)}) order by 1 limit ${sample}`.execute(db)).rows.map((r) => r.k);
  const joined = sql`from ${live} l join ${rebuilt} r on ${sql.join(key.map((k) => sql`l.${sql.ref(k)} = r.${sql.ref(k)}`), sql` and `)} where row(l.*)::text <> row(r.*)::text`;
  const differing = (await sql<{ n: string }>`select count(*) as n ${joined}`.execute(db)).rows[0].n;
  const lKeyText = sql.raw(key.map((k) => `l.${k}::text`).join(` || '/' || `));
  const differingKeys = (await sql<{ k: string }>`select ${lKeyText} as k ${joined} order by 1 limit ${sample}`.execute(db)).rows.map((r) => r.k);
  return {
    table,
    liveRows: Number(a.n),
    rebuiltRows: Number(b.n),
    liveChecksum: a.sum,
    rebuiltChecksum: b.sum,
    onlyLive: await only(live, rebuilt),
    onlyRebuilt: await only(rebuilt, live),
    differing: Number(differing),
    differingKeys,
  };
}
