// The module's exports: numbers only. One compiled module serves two roles: a scratch
// instance decodes (decode.ts), and one instance per map answers lookups over its own
// memory (search.ts). See layout.ts for the memory they share. Its constants are not
// exported (src/layout.ts mirrors them, and test/layout.test.ts compiles them on their own to
// check that): they cost the module about 400 bytes.

export { reserve, decode } from "./decode";
export { countSegments, decodeInPlace } from "./decode-in-place";
export { layOutColumnIndex } from "./column-index";
export {
  attach, attachColumnIndex, findRow, resolvePositions, findGenerated, firstGeneratedAtLeast, attachKeyShape,
} from "./search";
export {
  buildOriginalOrder, mappedRows, packAscendingRun, countDigits, digitOffsets, sortFewValues, scatterDigit,
  keepRowIndices, startAscendingRun, startMerge, mergeRowIndices, finishMerge, startSampling,
} from "./by-source";
export { measureSourceRanges } from "./source-ranges";
export { scanJson } from "./json-scan";
export { indexStrings } from "./string-index";
export { unescapeJson } from "./unescape";
export { indexLines } from "./line-index";
export { encodeMappings } from "./encode";
export { HEAP_BASE } from "./memory";
export { RESULTS, WARNINGS } from "./results";
