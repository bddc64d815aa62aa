export { SourceMap, DEFAULT_MAX_MAPPINGS_BYTES, DEFAULT_MAX_SEGMENTS } from './source-map.js';
export type {
  Bias, GeneratedPosition, Mapping, MappingOrder, Needle, OriginalNeedle, OriginalPosition, Position,
  RegularSourceMap, SourceMapOptions, SourceMapSegment,
} from './source-map.js';
export { SourceMapError, SOURCE_MAP_ERROR_CODES } from './errors.js';
export { releaseMemory } from './wasm.js';
export type { SourceMapErrorCode, SourceMapProblem, SourceMapWarning } from './errors.js';
export type { SourceMapInput } from './parse.js';
export type { SourceLines } from './source-lines.js';
export { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND } from './layout.js';
