import { PostgresEventStore } from '@channel-ledger/event-store';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventStoreContract } from './event-store.contract';

describe('event store contract: PostgreSQL adapter on a real server', () => {
  let database: TestDatabase;
  let store: PostgresEventStore | undefined;
  let holdFor: ((streamId: string) => number) | undefined;

  eventStoreContract({
    async open({ integrityKeys }) {
      database = await createTestDatabase('cl_contract_pg');
      store = await PostgresEventStore.connect({
        connectionString: database.url,
        migrate: true,
        poolSize: 12,
        integrityKeys,
        beforeCommit: async (streamId) => {
          const ms = holdFor?.(streamId) ?? 0;
          if (ms > 0) await new Promise((r) => setTimeout(r, ms));
        },
      });
      return store;
    },
    async close() {
      await store?.close();
      await database?.drop();
    },
    holdCommits(delayFor) {
      holdFor = delayFor;
    },
  });
});
