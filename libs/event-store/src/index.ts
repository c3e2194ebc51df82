export * from './event-store.port';
export { InvalidAppendError } from './validate-append';
export { PostgresEventStore, type PostgresEventStoreOptions, type HorizonStatus } from './postgres/postgres-event-store';
export { migrateEventStore, pendingEventStoreMigrations } from './postgres/migrations';
export { EventStoreDbEventStore, type EventStoreDbOptions } from './eventstoredb/eventstoredb-event-store';
export * from './integrity';
