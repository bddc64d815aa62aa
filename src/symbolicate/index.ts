// sourcemap-wasm/symbolicate: stack traces to original positions, as an error tracker does it.
// Runs in browsers, workers and Node: nothing here imports `node:` (for files on disk, see
// sourcemap-wasm/node's DirectoryStore).

export {
  Symbolicator, isInApp, NOT_IN_APP_PATTERNS, recoverFunctionName, declarationBefore, splitLines, lineStartsOf,
} from './symbolicate.js';
export type {
  GeneratedLocation, InAppContext, InputFrame, ResolvedFrame, SymbolicateOptions, SymbolicatedFrame,
  SymbolicatedStack, SymbolicatorOptions, Unresolved, UnresolvedFrame, UnresolvedReason,
} from './symbolicate.js';
export { ArtifactError, ChainStore, HttpStore, HTTP_STORE_DEFAULTS, MemoryStore, debugIdOf } from './artifacts.js';
export type { Artifact, ArtifactErrorCode, ArtifactKind, ArtifactStore, HttpStoreOptions, MemoryStoreEntry } from './artifacts.js';
export { artifactKey, candidateUrls, findArtifact, findMapDebugId, normalizeDebugId, tildeUrl, toAbsoluteUrl } from './matching.js';
export {
  findDebugId, findSourceMappingURL, findSourceURL, findWasmSourceMappingURL, locateSourceMap, sourceMapHeader, stripXssiPrefix,
} from './locate.js';
export type { ArtifactMatch } from './matching.js';
export type { CodeKind } from './locate.js';
export { decodeDataUrl } from './data-url.js';
export { normalizeFrames, parseStackTrace } from './stack-trace.js';
export type { ParsedStack, StackFrame } from './stack-trace.js';
