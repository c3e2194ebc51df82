export * from './platform';
export * from './platform.module';
export * from './startup-error';
export * from './logger';
export * from './http-problem';
