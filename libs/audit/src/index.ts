export * from './auditable';
export * from './entries';
