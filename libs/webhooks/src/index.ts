export * from './delivery';
export * from './signature';
export * from './tables';
export * from './topics';
export * from './endpoint-url';
export * from './address-policy';
export * from './outbound';
