import {
  ERR_INVALID_BASE64, ERR_VLQ_UNTERMINATED, ERR_VLQ_OVERFLOW, ERR_SEGMENT_FIELDS,
  ERR_NEGATIVE_VALUE, ERR_VALUE_OVERFLOW, ERR_SOURCE_OUT_OF_RANGE, ERR_NAME_OUT_OF_RANGE,
  ERR_OUT_OF_MEMORY, ERR_SECTION_OVERLAP, ERR_TOO_MANY_SEGMENTS,
} from './layout.js';

/** Every code a `SourceMapError` (or a lenient-mode warning) can carry. */
export const SOURCE_MAP_ERROR_CODES = [
  // the input as a whole
  'INVALID_INPUT', // not a string, an object or a Uint8Array
  'INVALID_JSON', // not JSON, not UTF-8, or not a JSON object
  'UNSUPPORTED_VERSION', // `version` is not the number 3
  'MISSING_FIELD', // a required field is absent
  'INVALID_FIELD', // a field (or an item of it) has the wrong type or value
  'INVALID_OPTION', // an option passed to the constructor is wrong
  // index maps
  'MAPPINGS_WITH_SECTIONS', // an index map also has `mappings`
  'NESTED_INDEX_MAP', // a section's map is itself an index map
  'SECTIONS_UNORDERED', // a section starts before the previous one
  'SECTIONS_OVERLAP', // a section has mappings at or after the start of the next one
  // `mappings`
  'INVALID_BASE64', // a character outside the base64 alphabet and `,` `;`
  'VLQ_UNTERMINATED', // a value cut off by `,`, `;` or the end while its continuation bit is set
  'VLQ_OVERFLOW', // a value outside 32 bits
  'INVALID_SEGMENT', // a segment of 0, 2, 3 or more than 5 fields
  'NEGATIVE_VALUE', // a generated column, index, or original line/column below 0
  'VALUE_OVERFLOW', // a column or line that adds up past 2^31 - 1
  'SOURCE_OUT_OF_RANGE', // a source index past the end of `sources`
  'NAME_OUT_OF_RANGE', // a name index past the end of `names`
  // resources and use
  'LIMIT_EXCEEDED', // the map is larger than maxMappingsBytes or maxSegments allow
  'OUT_OF_MEMORY', // the wasm memory cannot grow to hold the map
  'INVALID_POSITION', // a lookup with a line below 1, a negative column, a non-integer, a bad bias
  'DISPOSED', // the map was disposed
  'INTERNAL', // a bug: the module trapped (it is reset; the next map is unaffected)
] as const;

export type SourceMapErrorCode = (typeof SOURCE_MAP_ERROR_CODES)[number];

/** Where in a map a problem is: the fields that apply are set. */
export interface SourceMapProblem {
  code: SourceMapErrorCode;
  message: string;
  /** The JSON field, as a path: `sources[3]`, `sections[1].offset.line`. */
  field?: string;
  /** Byte offset of the segment (or character) in `mappings`. */
  offset?: number;
  /** 1-based generated line of the segment. */
  generatedLine?: number;
  /** 0-based index of the segment within its generated line. */
  segment?: number;
  /** 0-based index of the section, for index maps. */
  section?: number;
}

/** A lenient-mode problem that was skipped instead of thrown: see `SourceMap#warnings`. */
export type SourceMapWarning = SourceMapProblem;

export class SourceMapError extends Error implements SourceMapProblem {
  readonly code: SourceMapErrorCode;
  readonly field?: string;
  readonly offset?: number;
  readonly generatedLine?: number;
  readonly segment?: number;
  readonly section?: number;

  constructor(problem: SourceMapProblem, options?: { cause?: unknown }) {
    super(problem.message, options);
    this.name = 'SourceMapError';
    this.code = problem.code;
    if (problem.field !== undefined) this.field = problem.field;
    if (problem.offset !== undefined) this.offset = problem.offset;
    if (problem.generatedLine !== undefined) this.generatedLine = problem.generatedLine;
    if (problem.segment !== undefined) this.segment = problem.segment;
    if (problem.section !== undefined) this.section = problem.section;
  }
}

const MAPPING_CODES: Record<number, SourceMapErrorCode> = {
  [ERR_INVALID_BASE64]: 'INVALID_BASE64',
  [ERR_VLQ_UNTERMINATED]: 'VLQ_UNTERMINATED',
  [ERR_VLQ_OVERFLOW]: 'VLQ_OVERFLOW',
  [ERR_SEGMENT_FIELDS]: 'INVALID_SEGMENT',
  [ERR_NEGATIVE_VALUE]: 'NEGATIVE_VALUE',
  [ERR_VALUE_OVERFLOW]: 'VALUE_OVERFLOW',
  [ERR_SOURCE_OUT_OF_RANGE]: 'SOURCE_OUT_OF_RANGE',
  [ERR_NAME_OUT_OF_RANGE]: 'NAME_OUT_OF_RANGE',
  [ERR_OUT_OF_MEMORY]: 'OUT_OF_MEMORY',
  [ERR_SECTION_OVERLAP]: 'SECTIONS_OVERLAP',
  [ERR_TOO_MANY_SEGMENTS]: 'LIMIT_EXCEEDED',
};

const FIELD_NAMES = ['generated column', 'source index', 'original line', 'original column', 'name index'];

/** Where a `mappings` error was found, as the decoder reports it. */
export interface MappingErrorSite {
  status: number;
  offset: number;
  line: number; // 0-based
  segment: number;
  section: number;
  field: number;
  indexMap: boolean;
  maxSegments?: number;
}

/** Turns the decoder's numeric report into a problem a person can act on. */
export function mappingProblem(site: MappingErrorSite): SourceMapProblem {
  const code = MAPPING_CODES[site.status] ?? 'INTERNAL';
  const where =
    `at byte ${site.offset} of ${site.indexMap ? `section ${site.section}'s ` : ''}mappings ` +
    `(generated line ${site.line + 1}, segment ${site.segment})`;
  let what: string;
  switch (code) {
    case 'INVALID_BASE64': what = 'a character outside the base64 alphabet and "," ";"'; break;
    case 'VLQ_UNTERMINATED': what = 'a VLQ value cut off: its last digit has the continuation bit set'; break;
    case 'VLQ_OVERFLOW': what = 'a VLQ value outside the 32-bit range [-2^31, 2^31 - 1]'; break;
    case 'INVALID_SEGMENT':
      what = site.field === 0
        ? 'an empty segment (a segment needs 1, 4 or 5 fields)'
        : `a segment of ${site.field} fields (a segment needs 1, 4 or 5)`;
      break;
    case 'NEGATIVE_VALUE': what = `a negative ${FIELD_NAMES[site.field]}`; break;
    case 'VALUE_OVERFLOW': what = `a ${FIELD_NAMES[site.field]} past 2^31 - 1`; break;
    case 'SOURCE_OUT_OF_RANGE': what = 'a source index past the end of "sources"'; break;
    case 'NAME_OUT_OF_RANGE': what = 'a name index past the end of "names"'; break;
    case 'SECTIONS_OVERLAP': what = 'a mapping at or after the start of the next section'; break;
    case 'OUT_OF_MEMORY': return { code, message: 'out of memory: the wasm memory cannot grow to decode this map' };
    case 'LIMIT_EXCEEDED':
      return { code, field: 'maxSegments', message: `The map has more than maxSegments (${site.maxSegments}) segments; raise the option to decode it` };
    default: what = `an unknown decoder status ${site.status}`;
  }
  const problem: SourceMapProblem = {
    code,
    message: `Invalid mappings: ${what} ${where}`,
    offset: site.offset,
    generatedLine: site.line + 1,
    segment: site.segment,
  };
  if (site.indexMap) problem.section = site.section;
  return problem;
}
