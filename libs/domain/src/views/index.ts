export * from './audience';
export * from './registration.view';
export * from './sales.view';
export * from './partner.view';
export * from './case.view';
export * from './event.view';
