export * from './projector';
export * from './redis-connections';
export * from './rebuild-queue';
export * from './sweep-scheduler';
export * from './sweeps';
export * from './webhook-delivery';
