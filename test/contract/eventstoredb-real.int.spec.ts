import { EventStoreDbEventStore } from '@channel-ledger/event-store';
import { eventStoreContract } from './event-store.contract';

// A real EventStoreDB: the server named by EVENTSTORE_URL, or a container when a container runtime exists.
// Without either these cases are reported as skipped, with the reason in the suite's name.
const url = process.env.EVENTSTORE_URL;
const containers = process.env.TEST_CONTAINER_RUNTIME === '1';
const reason = 'skipped: EVENTSTORE_URL is not set and no container runtime was found';
const suite = url || containers ? describe : describe.skip;

suite(`event store contract: EventStoreDB adapter against a real server${url || containers ? '' : ` (${reason})`}`, () => {
  let store: EventStoreDbEventStore | undefined;
  let stopContainer: (() => Promise<unknown>) | undefined;

  eventStoreContract({
    async open({ integrityKeys }) {
      let connectionString = url;
      if (!connectionString) {
        const { GenericContainer, Wait } = await import('testcontainers');
        const container = await new GenericContainer('eventstore/eventstore:24.10')
          .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None', EVENTSTORE_MEM_DB: 'true' })
          .withExposedPorts(2113)
          .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
          .withStartupTimeout(120_000)
          .start();
        stopContainer = () => container.stop();
        connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
      }
      store = new EventStoreDbEventStore({ connectionString, integrityKeys });
      return store;
    },
    async close() {
      await store?.close();
      await stopContainer?.();
    },
  });
});
