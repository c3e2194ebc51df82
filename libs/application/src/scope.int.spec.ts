import fc from 'fast-check';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { Actor } from '@channel-ledger/auth';
import { ancestorChain, mayViewPartner } from '@channel-ledger/domain';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { visibleTo } from './scope';

const IDS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];

// A hierarchy built by a sequence of (partner, new parent) moves, re-parentings included; a move that would make
// a cycle is refused, as the partner decider refuses it.
const hierarchy = fc
  .array(fc.tuple(fc.constantFrom(...IDS), fc.option(fc.constantFrom(...IDS), { nil: null })), { maxLength: 30 })
  .map((moves) => {
    const parents = new Map<string, string | null>(IDS.map((id) => [id, null]));
    for (const [child, parent] of moves) {
      if (parent !== null && (parent === child || ancestorChain(parents, parent).includes(child))) continue;
      parents.set(child, parent);
    }
    return parents;
  });

const actor: fc.Arbitrary<Actor> = fc.oneof(
  fc.constant<Actor>({ kind: 'enterprise', userId: 'u', roles: ['admin' as never] }),
  fc
    .tuple(fc.constantFrom(...IDS), fc.constantFrom('partner_manager', 'partner_associate'))
    .map(([partnerId, role]) => ({ kind: 'partner', userId: 'u', partnerId, roles: [role as never] }) as Actor),
);

describe('visibleTo answers what the visibility rule answers', () => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase('cl_scope');
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }) });
    await sql`create table rm_partner_closure (ancestor_id text not null, partner_id text not null, depth integer not null, primary key (ancestor_id, partner_id))`.execute(db);
    await sql`create table scoped_rows (partner_id text primary key)`.execute(db);
    await db.insertInto('scoped_rows').values(IDS.map((partner_id) => ({ partner_id }))).execute();
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('for random hierarchies and actors', async () => {
    await fc.assert(
      fc.asyncProperty(hierarchy, actor, async (parents, who) => {
        // The closure table as the projection keeps it: every (ancestor, partner) pair, self at depth 0.
        await db.deleteFrom('rm_partner_closure').execute();
        const rows = IDS.flatMap((id) => [
          { ancestor_id: id, partner_id: id, depth: 0 },
          ...ancestorChain(parents, id).map((ancestor, i) => ({ ancestor_id: ancestor, partner_id: id, depth: i + 1 })),
        ]);
        await db.insertInto('rm_partner_closure').values(rows).execute();
        const seen = (await db.selectFrom('scoped_rows').select('partner_id').where(visibleTo(who, 'partner_id')).execute())
          .map((r) => r.partner_id as string)
          .sort();
        const expected = IDS.filter((id) => mayViewPartner(who, id, ancestorChain(parents, id))).sort();
        expect(seen).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
