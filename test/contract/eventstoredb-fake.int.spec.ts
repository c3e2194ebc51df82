import { EventStoreDbEventStore } from '@channel-ledger/event-store';
import { EventStoreDbFakeServer } from '../fakes/eventstoredb-fake-server';
import { eventStoreContract } from './event-store.contract';

describe('event store contract: EventStoreDB adapter against the in-process FAKE gRPC server', () => {
  const fake = new EventStoreDbFakeServer();
  let store: EventStoreDbEventStore | undefined;

  eventStoreContract({
    async open({ integrityKeys }) {
      store = new EventStoreDbEventStore({ connectionString: await fake.start(), integrityKeys });
      return store;
    },
    async close() {
      await store?.close();
      await fake.stop();
    },
  });
});
