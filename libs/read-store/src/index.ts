export * from './read-db';
export { migrateReadStore, pendingReadStoreMigrations } from './migrate';
