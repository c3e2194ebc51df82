// class-transformer keeps its metadata storage (what @Type says a nested field holds) in a module without types
// of its own; its types are in types/storage.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
