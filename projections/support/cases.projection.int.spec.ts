import { Kysely, sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { StoredEvent } from '@channel-ledger/event-store';
import { CaseEvent } from '@channel-ledger/domain';
import { ReadDB, createReadDb, migrateReadStore } from '@channel-ledger/read-store';
import { createTestDatabase, TestDatabase } from '@test/support/database';
import { readModelMigrations } from '../read-models';
import { casesProjection } from './cases.projection';

// A case's events applied as one batch (the row is built from nothing and inserted) must leave exactly the row
// that the same events leave when each comes in a batch of its own (the row read back, changed and written each
// time), for every kind of event; and a batch applied twice changes nothing.
describe('cases projection: one batch or one event at a time', () => {
  let database: TestDatabase;
  let db: Kysely<ReadDB>;

  beforeAll(async () => {
    database = await createTestDatabase('cl_cases');
    db = createReadDb(database.url);
    await migrateReadStore(db, readModelMigrations);
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const history = (caseId: string): StoredEvent[] => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();
    const due = (hours: number) => new Date(Date.UTC(2026, 10, 1, 9 + hours)).toISOString();
    const events: CaseEvent[] = [
      { type: 'CaseOpened', data: { caseId, partnerId: 'p-1', openedBy: 'u-1', requestedBy: 'u-1', about: 'partner', endCustomer: null, priority: 'P2', subject: 'Sync fails', description: 'd', firstResponseDueAt: due(1), resolutionDueAt: due(48), at: at(0) } },
      { type: 'CaseAssigned', data: { caseId, assigneeId: 'agent-7', by: 'cm', at: at(5) } },
      { type: 'CaseSlaBreached', data: { caseId, target: 'first_response', dueAt: due(1), at: at(10) } },
      { type: 'CaseFirstResponseRecorded', data: { caseId, message: 'on it', by: 'agent-7', at: at(15) } },
      { type: 'CasePutOnHold', data: { caseId, reason: 'waiting', by: 'agent-7', at: at(20) } },
      { type: 'CaseResumed', data: { caseId, heldMs: 600_000, firstResponseDueAt: due(2), resolutionDueAt: due(49), by: 'agent-7', at: at(30) } },
      { type: 'CaseResolved', data: { caseId, resolution: 'fixed', by: 'agent-7', at: at(40) } },
      { type: 'CaseReopened', data: { caseId, reason: 'back again', by: 'u-1', at: at(45) } },
      { type: 'CasePutOnHold', data: { caseId, reason: 'waiting again', by: 'agent-7', at: at(50) } },
      { type: 'CaseResumed', data: { caseId, heldMs: 60_000, firstResponseDueAt: due(3), resolutionDueAt: due(50), by: 'agent-7', at: at(51) } },
      { type: 'CaseResolved', data: { caseId, resolution: 'fixed for good', by: 'agent-7', at: at(55) } },
      { type: 'CaseClosed', data: { caseId, by: 'cm', at: at(59) } },
    ];
    return events.map((e, i) => ({
      id: randomUUID(),
      streamId: `case-${caseId}`,
      revision: i,
      position: `${String(1000 + i).padStart(20, '0')}-${String(i).padStart(20, '0')}`,
      type: e.type,
      data: e.data,
      metadata: { schemaVersion: 1, occurredAt: (e.data as { at: string }).at },
      recordedAt: new Date(),
    }));
  };
  const row = async (caseId: string) => (await sql<Record<string, unknown>>`select * from rm_cases where case_id = ${caseId}`.execute(db)).rows.map(({ case_id: _id, ...rest }) => rest)[0];

  it('leaves the same row for every prefix of the history, built in one batch or one event at a time', async () => {
    const full = history('template');
    for (let n = 1; n <= full.length; n++) {
      const batched = randomUUID();
      const single = randomUUID();
      const batchedEvents = history(batched).slice(0, n);
      await db.transaction().execute((trx) => casesProjection.apply(trx, batchedEvents));
      for (const event of history(single).slice(0, n)) await db.transaction().execute((trx) => casesProjection.apply(trx, [event]));
      expect({ n, row: await row(batched) }).toEqual({ n, row: await row(single) });
    }
    const replayed = randomUUID();
    const events = history(replayed);
    await db.transaction().execute((trx) => casesProjection.apply(trx, events.slice(0, 6)));
    const once = await row(replayed);
    await db.transaction().execute((trx) => casesProjection.apply(trx, events.slice(0, 6)));
    expect(await row(replayed)).toEqual(once);
  });
});
