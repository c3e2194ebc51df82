import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { Actor } from '@channel-ledger/auth';
import { OpportunityCommand, OpportunityLine, opportunityDecider, opportunityStream, partnerStream, registrationStream } from '@channel-ledger/domain';
import { NewEvent, PostgresEventStore, comparePositions } from '@channel-ledger/event-store';
import { ProjectionRunner } from '@channel-ledger/projection-runner';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { GetPipeline } from '@channel-ledger/application/pipeline';
import { PipelineReadRepository } from '@channel-ledger/application/pipeline/pipeline.read-repository';
import { GetPipelineHandler } from '@channel-ledger/application/pipeline/queries/get-pipeline';
import { Random, generate } from '../../bench/generate';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { pipelineOracle } from '@test/support/pipeline-oracle';
import { until } from '@test/support/until';
import { ReadModelsDB, allProjections, readModelMigrations } from '../read-models';

jest.setTimeout(180_000);

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const GROUP_BYS = ['stage', 'partner', 'program', 'tier', 'source'] as const;
// Moments to measure staleness at: early in the history (most records still fresh), in its middle, after its end
// (everything open is stale).
const NOWS = [T0 + 150 * DAY, T0 + 420 * DAY, T0 + 1_000 * DAY].map((ms) => new Date(ms));

// The projected pipeline must answer exactly what the aggregate over the record tables answers, for every grouping,
// for the enterprise and for partners of every kind, at any moment. The log: the bench's generator (partners in
// hierarchies, registrations through their lifecycles, all of its opportunities closed), then open opportunities
// through the real decider with lines of several partners, direct ones, ones without a registration, two
// currencies, lines changed and stages moved; edited registrations; and a partner whose only part in the pipeline
// is lines on other partners' deals.
describe('the pipeline read model answers as the aggregate over the record tables', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let db: Kysely<ReadDB>;
  // The queries read through the read models' tables, as the application's read database does.
  let reader: Kysely<ReadModelsDB>;
  let last: string | undefined;
  const lineOnly = '7e000000-0000-4000-8000-000000000001';
  const actors: [string, Actor][] = [];

  const append = async (streamId: string, events: NewEvent[]) => {
    const { position } = await store.append(streamId, events, { expectedRevision: 'any' });
    if (last === undefined || comparePositions(position, last) > 0) last = position;
  };
  const raw = (type: string, data: object, at: number): NewEvent => ({
    id: randomUUID(),
    type,
    data: { ...data, at: new Date(at).toISOString() },
    metadata: { schemaVersion: 1, occurredAt: new Date(at).toISOString(), actor: { userId: 'test', role: 'channel_manager' }, correlationId: randomUUID(), causationId: randomUUID() },
  });

  // Runs the named projections until each is past the last append, in batches of `batchSize`.
  async function catchUp(needed: string[], batchSize: number) {
    const runner = new ProjectionRunner({ store, db, connectionString: database.url, projections: allProjections().filter((p) => needed.includes(p.name)), instanceId: `pipeline-${batchSize}`, batchSize, idleMs: 10 });
    await runner.start();
    await until(
      'the projections past the last append',
      async () => {
        const rows = await db.selectFrom('projection_checkpoints').select(['projection', 'position', 'status']).where('projection', 'in', needed).execute();
        const failed = rows.find((r) => r.status === 'failed');
        if (failed) throw new Error(`projection ${failed.projection} failed`);
        const behind = needed.filter((name) => {
          const at = rows.find((r) => r.projection === name)?.position;
          return !at || comparePositions(at, last!) < 0;
        });
        return behind.length === 0 ? true : undefined;
      },
      120_000,
    );
    await runner.stop();
  }

  beforeAll(async () => {
    database = await createTestDatabase('cl_pipeline');
    store = await PostgresEventStore.connect({ connectionString: database.url, migrate: true });
    db = createReadDb(database.url);
    reader = new Kysely<ReadModelsDB>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url }) }) });
    await migrateReadStore(db, readModelMigrations);
    const registrations: { registrationId: string; partnerId: string; approved: boolean }[] = [];
    const { world } = await generate(
      async (s) => {
        const drafted = s.events.find((e) => e.type === 'RegistrationDrafted');
        if (drafted) registrations.push({ ...(drafted.data as { registrationId: string; partnerId: string }), approved: s.events[s.events.length - 1].type === 'RegistrationApproved' });
        await append(s.streamId, s.events);
      },
      { events: 2_500, seed: 11, partners: 12, programs: 3, writers: 1, start: new Date(T0) },
    );
    await append(partnerStream(lineOnly), [
      raw('PartnerRegistered', { partnerId: lineOnly, name: 'Lines Only', webDomain: 'lines-only.example', country: 'DE', industry: 'retail', partnerType: 'reseller', tier: 'Silver', parentId: null }, T0),
    ]);

    const rnd = new Random(5);
    const partners = world.partners.map((p) => p.partnerId);
    const line = (partnerId: string | null): OpportunityLine => ({ lineId: rnd.uuid(), product: rnd.pick(['core', 'vault', 'training']), quantity: rnd.int(1, 9), unitPriceMinor: rnd.int(1, 900) * 100, partnerId });
    const linesFor = (channel: string | null) =>
      Array.from({ length: rnd.int(1, 3) }, () => line(rnd.chance(0.4) ? null : rnd.chance(0.4) ? (channel ?? rnd.pick(partners)) : rnd.chance(0.3) ? lineOnly : rnd.pick(partners)));
    // Each opportunity's events go to the log in rounds (every first event, then every second, ...), so that a
    // record moves between groups across batches, not only within one.
    const rounds: [string, NewEvent][][] = [];
    for (let i = 0; i < 120; i++) {
      const channel = i === 0 ? partners[0] : rnd.chance(0.2) ? null : rnd.pick(partners);
      const own = registrations.filter((r) => r.partnerId === channel);
      const registrationId = channel && own.length > 0 && rnd.chance(0.6) ? rnd.pick(own).registrationId : null;
      let at = T0 + 40 * DAY + Math.floor(rnd.float() * 700 * DAY);
      const now = (days: number) => new Date((at += Math.floor(days * DAY))).toISOString();
      const opportunityId = rnd.uuid();
      // The first: the channel partner's line beside the lines of another partner and of the line-only partner.
      const lineItems = i === 0 ? [line(partners[0]), line(partners[1]), line(lineOnly)] : linesFor(channel);
      const commands: OpportunityCommand[] = [
        {
          type: 'CreateOpportunity',
          data: { opportunityId, registrationId, name: `Open ${i}`, accountName: `Account ${i}`, source: channel === null ? 'direct' : rnd.pick(['partner_sourced', 'partner_influenced'] as const), channelPartnerId: channel, currency: rnd.pick(['EUR', 'USD']), expectedCloseDate: '2028-01-01', lineItems },
          now: now(0),
        },
      ];
      if (rnd.chance(0.3)) commands.push({ type: 'UpdateOpportunityLines', data: { lineItems: linesFor(channel) }, now: now(rnd.int(1, 40)) });
      if (rnd.chance(0.5)) commands.push({ type: 'ChangeStage', data: { stage: rnd.pick(['Develop', 'Negotiate'] as const) }, by: 'cm', now: now(rnd.int(1, 60)) });
      if (i > 0 && rnd.chance(0.25)) commands.push(rnd.chance(0.5) ? { type: 'CloseWon', data: { amountMinor: 100 }, by: 'cm', now: now(rnd.int(1, 60)) } : { type: 'CloseLost', data: { reason: 'price', note: null }, by: 'cm', now: now(rnd.int(1, 60)) });
      let state = opportunityDecider.initialState;
      const events: NewEvent[] = [];
      for (const command of commands) {
        for (const event of opportunityDecider.decide(command, state)) {
          state = opportunityDecider.evolve(state, event);
          events.push(raw(event.type, event.data, Date.parse(command.now)));
        }
      }
      events.forEach((event, round) => (rounds[round] ??= []).push([opportunityStream(opportunityId), event]));
    }
    // Open registrations changed late in the history: another size, currency or type moves one between groups, an
    // extension only makes it fresh again, expiry takes it out of the pipeline.
    for (const r of registrations.filter((r) => r.approved)) {
      const at = T0 + 500 * DAY + rnd.int(0, 300) * DAY;
      const changes = { estimatedSize: { amountMinor: rnd.int(1_000, 90_000) * 100, currency: rnd.pick(['EUR', 'USD']) }, ...(rnd.chance(0.5) ? { registrationType: 'influenced' } : {}) };
      const event = rnd.pick([
        raw('RegistrationEdited', { registrationId: r.registrationId, changes, by: 'test' }, at),
        raw('RegistrationExtensionGranted', { registrationId: r.registrationId, by: 'test', protectedUntil: new Date(at + 30 * DAY).toISOString() }, at),
        raw('RegistrationExpired', { registrationId: r.registrationId }, at),
        raw('RegistrationEdited', { registrationId: r.registrationId, changes, by: 'test' }, at),
      ]);
      (rounds[rnd.int(0, 3)] ??= []).push([registrationStream(r.registrationId), event]);
    }
    for (const round of rounds) for (const [streamId, event] of round) await append(streamId, [event]);

    const root = world.partners.find((p) => p.parentId === null && world.partners.some((c) => c.parentId === p.partnerId))!;
    const child = world.partners.find((p) => p.parentId !== null)!;
    actors.push(
      ['the enterprise', { kind: 'enterprise', userId: 'cm', roles: ['channel_manager'] }],
      ['a partner associate', { kind: 'partner', userId: child.associateId, roles: ['partner_associate'], partnerId: child.partnerId }],
      ['a partner manager with descendants', { kind: 'partner', userId: root.managerId, roles: ['partner_manager'], partnerId: root.partnerId }],
      ['a partner with lines on other partners\u2019 deals only', { kind: 'partner', userId: 'lines-only', roles: ['partner_manager'], partnerId: lineOnly }],
    );

    // Only the pipeline and the read models the oracle reads.
    await catchUp(['partner_directory', 'registrations', 'sales', 'pipeline'], 50);
  });

  afterAll(async () => {
    await reader.destroy();
    await db.destroy();
    await store.close();
    await database.drop();
  });

  const projected = (actor: Actor, groupBy: (typeof GROUP_BYS)[number], now: Date) =>
    new GetPipelineHandler(new PipelineReadRepository(reader), { now: () => now }).execute(new GetPipeline(groupBy, actor));
  const oracle = (actor: Actor, groupBy: (typeof GROUP_BYS)[number], now: Date) => pipelineOracle(reader, actor, groupBy, now);

  it.each(GROUP_BYS)('by %s: the same groups, counts, amounts and stale counts for every caller, at every moment', async (groupBy) => {
    for (const [who, actor] of actors) {
      for (const now of NOWS) {
        const expected = await oracle(actor, groupBy, now);
        expect({ who, now, answer: await projected(actor, groupBy, now) }).toEqual({ who, now, answer: expected });
      }
    }
  });

  it('the log exercises what the comparison is about', async () => {
    const [enterprise, , manager, linesOnly] = actors.map(([, a]) => a);
    const middle = await oracle(enterprise, 'stage', NOWS[1]);
    const all = [...middle.registrations, ...middle.opportunities];
    // Some open records are stale and some are not at the middle moment; opportunities are open in several stages.
    expect(all.reduce((n, g) => n + g.stale, 0)).toBeGreaterThan(0);
    expect(all.reduce((n, g) => n + g.count - g.stale, 0)).toBeGreaterThan(0);
    expect(middle.opportunities.length).toBeGreaterThan(1);
    expect(new Set(middle.opportunities.flatMap((g) => g.amounts.map((a) => a.currency)))).toEqual(new Set(['EUR', 'USD']));
    // The line-only partner sees no registration, and other partners' deals as another partner's, with its lines' amounts.
    const forLinesOnly = await oracle(linesOnly, 'partner', NOWS[2]);
    expect(forLinesOnly.registrations).toEqual([]);
    expect(forLinesOnly.opportunities.find((g) => g.key === 'other_partner')?.count).toBeGreaterThan(0);
    // A manager reads its descendants' groups beside its own.
    expect((await oracle(manager, 'partner', NOWS[2])).registrations.length).toBeGreaterThan(1);
    const direct = await oracle(enterprise, 'partner', NOWS[2]);
    expect(direct.opportunities.some((g) => g.key === 'direct')).toBe(true);
  });

  it('leaves the same rows whatever the batches: batches of 50 and of 11', async () => {
    const tables = async () => {
      const { rows } = await sql<{ items: string; groups: string }>`
        select (select md5(string_agg(i::text, '|' order by side, record_id)) from pipeline_items i) as items,
               (select md5(string_agg(g::text, '|' order by group_key)) from pipeline_groups g) as groups`.execute(db);
      return rows[0];
    };
    const in50 = await tables();
    await sql`truncate pipeline_items, pipeline_groups`.execute(db);
    await db.deleteFrom('projection_checkpoints').where('projection', '=', 'pipeline').execute();
    await catchUp(['pipeline'], 11);
    expect(await tables()).toEqual(in50);
    expect(in50.groups).not.toBeNull();
  });
});
