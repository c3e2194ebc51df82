export * from './read-db';
export { ReadStoreMigrations, combineMigrations, migrateReadStore, pendingReadStoreMigrations } from './migrate';
export * from './write-back';
