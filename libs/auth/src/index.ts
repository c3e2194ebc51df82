export * from './actor';
export * from './tokens';
export * from './token-verifier';
