// The module's exports: numbers only. One compiled module serves two roles: a scratch
// instance decodes (decode.ts), and one instance per map answers lookups over its own
// memory (search.ts). See layout.ts for the memory they share.

export { reserve, decode } from "./decode";
export { countSegments, decodeInPlace } from "./decode-in-place";
export { layOutColumnIndex } from "./column-index";
export { attach, attachColumnIndex, findRow, resolvePositions, attachOriginalOrder, findGenerated, firstGeneratedAtLeast } from "./search";
export {
  buildOriginalOrder, mappedRows, BUCKETS, originalKeyRanges, packOriginalKeys, countDigits, scatterDigit,
  keepRowIndices, RADIX_BITS, RADIX_BUCKETS,
} from "./by-source";
export { scanJson } from "./json-scan";
export { indexStrings } from "./string-index";
export { encodeMappings, MAX_SEGMENT_BYTES } from "./encode";
export { HEAP_BASE } from "./memory";
export { RESULTS, WARNINGS } from "./results";
export {
  ROW_SIZE, SECTION_SIZE, ANSWER_SIZE, BATCH_POSITIONS, BATCH_SCRATCH_SIZE, RESULT_SLOTS, MAX_WARNINGS, WARNING_SIZE, MEMBER_SIZE, SCAN_MAX_DEPTH,
  FLAG_ESCAPES, FLAG_STRINGS_OR_NULLS, FLAG_STRINGS, ITEM_ESCAPES,
} from "./layout";
