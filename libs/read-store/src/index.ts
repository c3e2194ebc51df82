export * from './read-db';
export { migrateReadStore, pendingReadStoreMigrations } from './migrate';
export * from './write-back';
