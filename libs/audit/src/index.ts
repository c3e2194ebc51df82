export * from './auditable';
