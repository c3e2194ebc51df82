import fc from 'fast-check';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { Actor, PartnerRole } from '@channel-ledger/auth';
import { ancestorChain, mayViewPartner } from '@channel-ledger/domain';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { ownAmountSql, seesEveryLine, seesPartner } from './audience';
import { anyVisibleTo, visibleTo } from './scope';

const IDS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
// A partner id no hierarchy holds (a party the directory has not projected yet), and null: the enterprise's own.
const STRANGER = 'px';

// The read model tables the SQL forms run against, cut down to the columns they read.
interface ScopeDB {
  rm_partner_closure: { ancestor_id: string; partner_id: string; depth: number };
  scoped_rows: { partner_id: string };
  party_rows: { row_id: number; party_ids: string[] };
  partner_refs: { row_id: number; partner_id: string | null };
  sales_rows: { row_id: number; line_partner_ids: (string | null)[]; line_amounts: string[]; total_minor: string };
}

type Parents = Map<string, string | null>;

// A hierarchy built by a sequence of (partner, new parent) moves, re-parentings included; a move that would make
// a cycle is refused, as the partner decider refuses it.
const hierarchy = fc
  .array(fc.tuple(fc.constantFrom(...IDS), fc.option(fc.constantFrom(...IDS), { nil: null })), { maxLength: 30 })
  .map((moves) => {
    const parents: Parents = new Map(IDS.map((id) => [id, null]));
    for (const [child, parent] of moves) {
      if (parent !== null && (parent === child || ancestorChain(parents, parent).includes(child))) continue;
      parents.set(child, parent);
    }
    return parents;
  });

const actor: fc.Arbitrary<Actor> = fc.oneof(
  fc.constant<Actor>({ kind: 'enterprise', userId: 'u', roles: ['admin'] }),
  fc
    .tuple(fc.constantFrom(...IDS), fc.constantFrom<PartnerRole>('partner_manager', 'partner_associate'))
    .map(([partnerId, role]): Actor => ({ kind: 'partner', userId: 'u', partnerId, roles: [role] })),
);

const party = fc.constantFrom(...IDS, STRANGER);
const lineParty = fc.option(party, { nil: null });
const minor = fc.bigInt({ min: 0n, max: 10n ** 12n });
// A sales record: its lines (partner or none, amount in minor units) and its header total, drawn apart from the
// lines so that an answer taking one for the other shows.
const salesRecord = fc.record({ lines: fc.array(fc.tuple(lineParty, minor), { maxLength: 5 }), total: minor });

// The oracle, from the domain rule alone: whether the caller may see the partner a row names. Enterprise staff see
// every partner, and a row that names none; partner staff never see one that names none.
const sees = (who: Actor, parents: Parents, partnerId: string | null): boolean =>
  who.kind === 'enterprise' || (partnerId !== null && mayViewPartner(who, partnerId, ancestorChain(parents, partnerId)));

describe('the SQL forms of the visibility rule answer what the rule answers', () => {
  let database: TestDatabase;
  let db: Kysely<ScopeDB>;

  // The closure table as the projection keeps it: every (ancestor, partner) pair, self at depth 0.
  async function loadHierarchy(parents: Parents): Promise<void> {
    await db.deleteFrom('rm_partner_closure').execute();
    const rows = IDS.flatMap((id) => [
      { ancestor_id: id, partner_id: id, depth: 0 },
      ...ancestorChain(parents, id).map((ancestor, i) => ({ ancestor_id: ancestor, partner_id: id, depth: i + 1 })),
    ]);
    await db.insertInto('rm_partner_closure').values(rows).execute();
  }

  beforeAll(async () => {
    database = await createTestDatabase('cl_scope');
    db = new Kysely<ScopeDB>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }) });
    await sql`create table rm_partner_closure (ancestor_id text not null, partner_id text not null, depth integer not null, primary key (ancestor_id, partner_id))`.execute(db);
    await sql`create table scoped_rows (partner_id text primary key)`.execute(db);
    await sql`create table party_rows (row_id integer primary key, party_ids text[] not null)`.execute(db);
    await sql`create table partner_refs (row_id integer primary key, partner_id text)`.execute(db);
    await sql`create table sales_rows (row_id integer primary key, line_partner_ids text[] not null, line_amounts bigint[] not null, total_minor bigint not null)`.execute(db);
    await db.insertInto('scoped_rows').values(IDS.map((partner_id) => ({ partner_id }))).execute();
    await db.insertInto('partner_refs').values([...IDS, STRANGER, null].map((partner_id, row_id) => ({ row_id, partner_id }))).execute();
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('visibleTo: the rows of the partners the caller may see', async () => {
    await fc.assert(
      fc.asyncProperty(hierarchy, actor, async (parents, who) => {
        await loadHierarchy(parents);
        const seen = (await db.selectFrom('scoped_rows').select('partner_id').where(visibleTo(who, 'partner_id')).execute()).map((r) => r.partner_id).sort();
        const expected = IDS.filter((id) => mayViewPartner(who, id, ancestorChain(parents, id))).sort();
        expect(seen).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('anyVisibleTo: a record with several parties when the caller may see any of them', async () => {
    await fc.assert(
      fc.asyncProperty(hierarchy, actor, fc.array(fc.array(party, { maxLength: 4 }), { minLength: 1, maxLength: 6 }), async (parents, who, records) => {
        await loadHierarchy(parents);
        await db.deleteFrom('party_rows').execute();
        await db.insertInto('party_rows').values(records.map((party_ids, row_id) => ({ row_id, party_ids }))).execute();
        const seen = (await db.selectFrom('party_rows').select('row_id').where(anyVisibleTo(who, 'party_ids')).orderBy('row_id').execute()).map((r) => r.row_id);
        // Enterprise staff see every record, one that names no party included.
        const expected = records.flatMap((parties, i) => (who.kind === 'enterprise' || parties.some((p) => sees(who, parents, p)) ? [i] : []));
        expect(seen).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('seesPartner: true or false (never null) for each partner an expression names, none included', async () => {
    await fc.assert(
      fc.asyncProperty(hierarchy, actor, async (parents, who) => {
        await loadHierarchy(parents);
        const rows = await db
          .selectFrom('partner_refs')
          .select(['partner_id', seesPartner(who, sql.ref('partner_id')).as('sees')])
          .orderBy('row_id')
          .execute();
        expect(rows).toEqual([...IDS, STRANGER, null].map((partner_id) => ({ partner_id, sees: sees(who, parents, partner_id) })));
      }),
      { numRuns: 150 },
    );
  });

  it('ownAmountSql and seesEveryLine: the share of a sales record that is the caller\'s, and whether it sees every line', async () => {
    await fc.assert(
      fc.asyncProperty(hierarchy, actor, fc.array(salesRecord, { minLength: 1, maxLength: 5 }), async (parents, who, records) => {
        await loadHierarchy(parents);
        await db.deleteFrom('sales_rows').execute();
        await db
          .insertInto('sales_rows')
          .values(records.map(({ lines, total }, row_id) => ({ row_id, line_partner_ids: lines.map(([p]) => p), line_amounts: lines.map(([, a]) => String(a)), total_minor: String(total) })))
          .execute();
        const rows = await db
          .selectFrom('sales_rows as s')
          .select(['s.row_id', ownAmountSql(who, 's', 'total_minor').as('own'), seesEveryLine(who, 's').as('every')])
          .orderBy('s.row_id')
          .execute();
        const expected = records.map(({ lines, total }, row_id) => ({
          row_id,
          // The whole of it for the enterprise; for a partner, the sum of the lines of the partners it may see.
          own: who.kind === 'enterprise' ? total : lines.reduce((sum, [p, amount]) => (sees(who, parents, p) ? sum + amount : sum), 0n),
          every: who.kind === 'enterprise' || lines.every(([p]) => sees(who, parents, p)),
        }));
        expect(rows.map((r) => ({ ...r, own: BigInt(r.own) }))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
