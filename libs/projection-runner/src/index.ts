export * from './projection';
export * from './runner';
export * from './status';
export * from './verify';
export * from './rebuild';
export * from './rebuild-jobs';
export * from './shared-pages';
export * from './row-projection';
