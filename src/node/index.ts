// sourcemap-wasm/node: what needs Node (the filesystem). The rest of symbolication is in
// sourcemap-wasm/symbolicate, which runs anywhere.

export { DirectoryStore } from './directory-store.js';
export type { DirectoryStoreOptions } from './directory-store.js';
