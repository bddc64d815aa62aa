// Instantiating the module and moving data across the boundary.
//
// Why a raw `WebAssembly.Instance` and not @assemblyscript/loader: every export is a number
// (pointers, counts, status codes), so the loader's string and array marshalling has nothing
// to do; the core must have zero runtime dependencies; and the loader's synchronous
// `instantiateSync` is deprecated upstream while the compiler's own bindings are async-only.
// `new WebAssembly.Module(bytes)` is synchronous everywhere (browsers allow it on the main
// thread for modules under 8 MB; ours is a few KB), so no `await` precedes the first lookup.
//
// Memory: each map gets an instance of its own whose memory holds exactly its rows and line
// index. When the SourceMap is collected, so is its memory; no map pins another's. A regular
// map whose mappings are valid and in order is decoded by its own instance, in place
// (assembly/decode-in-place.ts): the input is copied to the end of the row space (from bytes,
// straight from the caller's buffer, measured by the JSON scan) and overwritten as rows are
// written, so there is no copy of the rows. Everything else (index
// maps, errors, warnings, lines to sort) goes through one scratch instance that decodes with
// full reporting (inputs and worst-case output space are temporary) and then copies the rows
// out. A trap or a failed growth only costs the scratch instance, rebuilt for the next map.

import { WASM_BASE64 } from './wasm-bytes.js';
import {
  ROW_SIZE, SECTION_FIELDS, SECTION_INPUT, SECTION_INPUT_LENGTH, SECTION_LINE_OFFSET,
  SECTION_COLUMN_OFFSET, SECTION_SOURCE_BASE, SECTION_SOURCE_COUNT, SECTION_NAME_BASE,
  SECTION_NAME_COUNT, SECTION_SIZE, RESULT_ROWS, RESULT_SEGMENT_COUNT,
  RESULT_LINE_STARTS, RESULT_LINE_COUNT, RESULT_ERROR_OFFSET, RESULT_ERROR_LINE,
  RESULT_ERROR_SEGMENT, RESULT_ERROR_SECTION, RESULT_ERROR_FIELD, RESULT_WARNING_COUNT,
  MAX_WARNINGS, WARNING_FIELDS, OK, FLAG_LENIENT, MEMBER_FIELDS, MEMBER_SIZE, SCAN_FALLBACK, MEMBER_KEY_START,
  MEMBER_KEY_END, MEMBER_KIND, MEMBER_FLAGS, MEMBER_ITEMS, MEMBER_ITEMS_AT, MEMBER_VALUE_START, MEMBER_VALUE_END, KIND_STRING, FLAG_ESCAPES,
  SCAN_MAX_DEPTH, RESULT_SLOTS, RESULT_SEMICOLONS, RESULT_INPUT_LEAD, RESULT_MAX_SOURCE, RESULT_MAX_LINE,
  RESULT_MAX_COLUMN, RESULT_MAPPED_ROWS, RESULT_REST_COUNT, ANSWER_SIZE, ANSWER_FIELDS, BATCH_POSITIONS, BATCH_SCRATCH_SIZE, RADIX_BITS, RADIX_BUCKETS, SAMPLE_LOG,
  BUCKETS, MAX_SEGMENT_BYTES, RANGE_FIELDS, RANGE_SIZE,
} from './layout.js';
import { SourceMapError, mappingProblem, type SourceMapProblem } from './errors.js';

/** The module's exports (assembly/index.ts). */
export interface WasmExports {
  reserve(bytes: number): number;
  decode(sectionCount: number, flags: number, maxSegments: number): number;
  countSegments(input: number, length: number): number;
  decodeInPlace(input: number, length: number, lineStarts: number, rows: number, sourceCount: number, nameCount: number): number;
  attach(rows: number, lineStarts: number, lineCount: number): void;
  layOutColumnIndex(index: number, rows: number, lineStarts: number, lineCount: number): number;
  attachColumnIndex(index: number): void;
  findRow(line: number, column: number, bias: number): number;
  resolvePositions(positions: number, count: number, results: number, bias: number, scratch: number): void;
  buildOriginalOrder(rows: number, count: number, order: number, temp: number, counts: number): number;
  mappedRows(): number;
  packAscendingRun(rows: number, count: number, firstRow: number, run: number, rest: number, lineShift: number, sourceShift: number, rowBits: number, firstSource: number, sourceSpan: number): number;
  countDigits(values: number, n: number, shift: number, passes: number, counts: number): void;
  digitOffsets(counts: number, passes: number, count: number): number;
  sortFewValues(values: number, count: number): void;
  scatterDigit(from: number, to: number, start: number, end: number, shift: number, offsets: number): void;
  keepRowIndices(values: number, n: number, rowMask: number): void;
  startAscendingRun(): void;
  startMerge(runCount: number): void;
  startSampling(samples: number, rowBits: number): void;
  attachKeyShape(columnBits: number, lineBits: number, sourceBits: number): void;
  mergeRowIndices(values: number, rest: number, restFrom: number, restTo: number, out: number, rowMask: number): void;
  finishMerge(values: number, out: number, rowMask: number): void;
  measureSourceRanges(rows: number, count: number, ranges: number, sourceCount: number): void;
  findGenerated(order: number, count: number, samples: number, source: number, line: number, column: number, bias: number): number;
  firstGeneratedAtLeast(order: number, count: number, samples: number, source: number, line: number, column: number): number;
  HEAP_BASE: WebAssembly.Global;
  RESULTS: WebAssembly.Global;
  WARNINGS: WebAssembly.Global;
  scanJson(start: number, length: number, members: number, maxMembers: number, stack: number, itemEntries: number, maxItems: number): number;
  indexStrings(start: number, length: number, out: number, maxItems: number): number;
  unescapeJson(start: number, length: number, out: number): number;
  indexLines(start: number, length: number, out: number, maxBreaks: number): number;
  encodeMappings(rows: number, lineStarts: number, lineCount: number, out: number): number;
}

const PAGE_SIZE = 65536;
// A scratch memory grown past this for a big map is dropped afterwards, not kept forever.
const SCRATCH_KEEP_BYTES = 32 * 1024 * 1024;

let compiled: WebAssembly.Module | undefined;

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function wasmModule(): WebAssembly.Module {
  return (compiled ??= new WebAssembly.Module(base64ToBytes(WASM_BASE64)));
}

export function wasmByteLength(): number {
  return base64ToBytes(WASM_BASE64).length;
}

function instantiate(memory: WebAssembly.Memory): WasmExports {
  const instance = new WebAssembly.Instance(wasmModule(), { env: { memory } });
  return instance.exports as unknown as WasmExports;
}

function newMemory(bytes: number): WebAssembly.Memory {
  try {
    return new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE_SIZE)) });
  } catch (cause) {
    throw new SourceMapError(
      {
        code: 'OUT_OF_MEMORY',
        message: `out of memory: cannot allocate ${bytes} bytes of wasm memory for this map. Each live map holds a ` +
          'wasm memory, for which V8 reserves about 10 GiB of address space: a process runs out near 13,000 live ' +
          'maps whatever their size. dispose() the maps no longer needed, or keep fewer alive',
      },
      { cause },
    );
  }
}

interface Scratch {
  memory: WebAssembly.Memory;
  exports: WasmExports;
}

// The instances of disposed maps, kept for the next maps. The first touch of each page of a
// fresh memory is a page fault, which costs about a third of decoding a big map; a reused
// memory is warm. Bounded, and only dispose() feeds it: a map that is just dropped is freed
// by the garbage collector as usual.
const POOL_MAX_BYTES = 64 * 1024 * 1024;
const POOL_MAX_INSTANCES = 4;
const pool: Scratch[] = [];
let pooledBytes = 0;

// An instance whose memory has at least `bytes` bytes: a pooled one that fits (with at most
// a quarter to spare, about what a reverse index and a batch window add, since a map keeps
// its memory for life), else a smaller pooled one grown to fit, else a new one.
function mapInstance(bytes: number): Scratch {
  const spare = bytes + (bytes >> 2) + PAGE_SIZE;
  let pick = -1;
  for (let i = 0; i < pool.length; i++) {
    const size = pool[i].memory.buffer.byteLength;
    if (size > spare) continue;
    const best = pick < 0 ? -1 : pool[pick].memory.buffer.byteLength;
    // Prefer the smallest that fits, then the largest that does not.
    if (pick < 0 || (size >= bytes ? best < bytes || size < best : best < bytes && size > best)) pick = i;
  }
  if (pick >= 0) {
    const [instance] = pool.splice(pick, 1);
    pooledBytes -= instance.memory.buffer.byteLength;
    const missing = bytes - instance.memory.buffer.byteLength;
    try {
      if (missing > 0) instance.memory.grow(Math.ceil(missing / PAGE_SIZE));
      return instance;
    } catch {
      // Could not grow: a new memory below.
    }
  }
  const memory = newMemory(bytes);
  return { memory, exports: instantiate(memory) };
}

/** Hands a disposed map's instance to the pool (nothing may use `decoded` afterwards). */
export function releaseMapMemory(decoded: DecodedMappings): void {
  const size = decoded.memory.buffer.byteLength;
  if (size > POOL_MAX_BYTES) return;
  pool.push({ memory: decoded.memory, exports: decoded.exports });
  pooledBytes += size;
  while (pool.length > POOL_MAX_INSTANCES || pooledBytes > POOL_MAX_BYTES) {
    pooledBytes -= (pool.shift() as Scratch).memory.buffer.byteLength;
  }
}

/** Drops the disposed maps' instances kept for reuse. */
export function releasePool(): void {
  pool.length = 0;
  pooledBytes = 0;
}

/** Drops what is kept for reuse: the disposed maps' instances and the scratch instance. */
export function releaseMemory(): void {
  releasePool();
  resetScratch();
}

/** For the tests: bytes held by the pool. */
export function pooledMemoryBytes(): number {
  return pooledBytes;
}

let scratch: Scratch | undefined;

function scratchInstance(): Scratch {
  if (!scratch) {
    const memory = newMemory(PAGE_SIZE);
    scratch = { memory, exports: instantiate(memory) };
  }
  return scratch;
}

/** For the tests: the scratch instance, to check that a trap in it does not outlive the map. */
export const scratchForTesting = {
  get: (): Scratch => scratchInstance(),
  set: (value: Scratch | undefined): void => { scratch = value; },
};

/** Drops the scratch instance: the next decode starts from a fresh one. */
export function resetScratch(): void {
  scratch = undefined;
}

/** One `mappings` input and where its output goes. */
export interface SectionInput {
  mappings: string | Uint8Array;
  /** The counts of `mappings` (bytes) when scanJsonMembers measured them. */
  mappingsCounts?: MappingsCounts;
  lineOffset: number;
  columnOffset: number;
  sourceBase: number;
  sourceCount: number;
  nameBase: number;
  nameCount: number;
}

/** A decoded map: its own instance, answering lookups over its own memory. */
export interface DecodedMappings {
  memory: WebAssembly.Memory;
  exports: WasmExports;
  rows: number; // byte address of row 0
  segmentCount: number;
  lineStarts: number; // byte address of the line index (lineCount + 1 entries)
  lineCount: number;
  end: number; // first free byte after the rows, the line index and the column index
  keys: OriginalKeyRanges;
  warnings: SourceMapProblem[];
  warningCount: number;
}

/**
 * The rows that have a source, as the decoder saw them: how many, and their largest source,
 * original line and original column (-1 when none). The original-order index packs its
 * keys in as few bits as these need.
 */
export interface OriginalKeyRanges {
  mapped: number;
  maxSource: number;
  maxLine: number;
  maxColumn: number;
}

function keyRangesOf(results: Int32Array): OriginalKeyRanges {
  return {
    mapped: results[RESULT_MAPPED_ROWS],
    maxSource: results[RESULT_MAX_SOURCE],
    maxLine: results[RESULT_MAX_LINE],
    maxColumn: results[RESULT_MAX_COLUMN],
  };
}

/** A fatal `mappings` problem, with the section it came from. */
export class MappingsError extends SourceMapError {
  constructor(problem: SourceMapProblem, readonly sectionIndex: number) {
    super(problem);
  }
}

const encoder = new TextEncoder();

// Writes one input and returns the byte length the decoder is to read. Mappings are ASCII;
// a string that is not ends, for the decoder, at its first other character, which is then
// reported as invalid base64 at its offset (all before it is ASCII, so bytes = UTF-16 units).
function writeInput(memory: Uint8Array, at: number, mappings: string | Uint8Array): number {
  if (typeof mappings !== 'string') {
    memory.set(mappings, at);
    memory[at + mappings.length] = 0;
    return mappings.length;
  }
  const { read, written } = encoder.encodeInto(mappings, memory.subarray(at, at + mappings.length));
  if (read === mappings.length) {
    memory[at + written] = 0;
    return written;
  }
  memory[at + written] = 0xff;
  memory[at + written + 1] = 0;
  return written + 1;
}

/**
 * Decodes the sections into a new map instance. Throws `MappingsError` for a problem in
 * `mappings`, `SourceMapError` OUT_OF_MEMORY when memory runs out.
 */
export function decodeMappings(sections: SectionInput[], lenient: boolean, indexMap: boolean, maxSegments: number): DecodedMappings {
  const { mappings, mappingsCounts: counts } = sections[0] ?? {};
  if (counts && mappings instanceof Uint8Array && sections.length === 1 && isPlain(sections[0]) && inPlaceForTesting.enabled) {
    // Measured by the scan: straight from the bytes into the map's memory, with no copy in
    // the scratch (which only turns a trap into INTERNAL here).
    const inPlace = withScratch('decoding mappings', () => decodeInPlace(counts, mappings.length, sections[0], maxSegments, (target, at) => {
      target.set(mappings, at);
      target[at + mappings.length] = 0;
    }));
    if (inPlace) {
      inPlaceForTesting.count++;
      inPlaceForTesting.fromScan++;
      return inPlace;
    }
  }
  let inputBytes = 0;
  for (const section of sections) inputBytes += section.mappings.length + 2;
  return withScratch('decoding mappings', (scratch) => {
    const { memory, exports } = scratch;
    const table = exports.reserve(sections.length * SECTION_SIZE + inputBytes);
    if (table === 0) throw outOfMemory(inputBytes);
    const bytes = new Uint8Array(memory.buffer);
    const entries = new Int32Array(memory.buffer, table, sections.length * SECTION_FIELDS);
    let input = table + sections.length * SECTION_SIZE;
    sections.forEach((section, i) => {
      const length = writeInput(bytes, input, section.mappings);
      const entry = i * SECTION_FIELDS;
      entries[entry + SECTION_INPUT] = input;
      entries[entry + SECTION_INPUT_LENGTH] = length;
      entries[entry + SECTION_LINE_OFFSET] = section.lineOffset;
      entries[entry + SECTION_COLUMN_OFFSET] = section.columnOffset;
      entries[entry + SECTION_SOURCE_BASE] = section.sourceBase;
      entries[entry + SECTION_SOURCE_COUNT] = section.sourceCount;
      entries[entry + SECTION_NAME_BASE] = section.nameBase;
      entries[entry + SECTION_NAME_COUNT] = section.nameCount;
      input += section.mappings.length + 2;
    });

    if (sections.length === 1 && isPlain(sections[0]) && !(counts && mappings instanceof Uint8Array) && inPlaceForTesting.enabled) {
      const input = entries[SECTION_INPUT];
      const length = entries[SECTION_INPUT_LENGTH];
      const inPlace = decodeInPlace(countMappings(scratch, input, length), length, sections[0], maxSegments, (target, at) => {
        target.set(new Uint8Array(memory.buffer, input, length + 1), at);
      });
      if (inPlace) {
        inPlaceForTesting.count++;
        return inPlace;
      }
    }
    const status = exports.decode(sections.length, lenient ? FLAG_LENIENT : 0, maxSegments);
    const results = new Int32Array(memory.buffer, exports.RESULTS.value as number, RESULT_SLOTS);
    const warningCount = results[RESULT_WARNING_COUNT];
    const warnings = readWarnings(memory, exports, warningCount, indexMap);
    if (status !== OK) {
      const section = results[RESULT_ERROR_SECTION];
      throw new MappingsError(mappingProblem({
        status,
        offset: results[RESULT_ERROR_OFFSET],
        line: results[RESULT_ERROR_LINE],
        segment: results[RESULT_ERROR_SEGMENT],
        section,
        field: results[RESULT_ERROR_FIELD],
        indexMap,
        maxSegments,
      }), section);
    }
    const keys = keyRangesOf(results);
    const adopted = adopt(
      new Uint8Array(memory.buffer),
      results[RESULT_ROWS],
      results[RESULT_SEGMENT_COUNT],
      results[RESULT_LINE_STARTS],
      results[RESULT_LINE_COUNT],
    );
    return { ...adopted, keys, warnings, warningCount };
  });
}

/** For the tests: whether regular maps may decode in place, how many did, and how many of those with the scan's counts. */
export const inPlaceForTesting = { enabled: true, count: 0, fromScan: 0 };

// A section that starts at 0:0 with no source or name offsets: what a regular map is.
function isPlain(section: SectionInput): boolean {
  return section.lineOffset === 0 && section.columnOffset === 0 && section.sourceBase === 0 && section.nameBase === 0;
}

const align16 = (n: number): number => (n + 15) & ~15;

// countSegments() of the `length` bytes of mappings at `input` in a scratch instance.
function countMappings({ memory, exports }: Scratch, input: number, length: number): MappingsCounts {
  const segments = exports.countSegments(input, length);
  const results = new Int32Array(memory.buffer, exports.RESULTS.value as number, RESULT_SLOTS);
  return { segments, semicolons: results[RESULT_SEMICOLONS], lead: results[RESULT_INPUT_LEAD] };
}

// The fast path: the map's own instance decodes the `length` bytes of a section's mappings in
// place, given their counts; `copyInput` writes them and a 0 after them at `at` of the map's
// memory. Undefined when decode() must do it instead.
function decodeInPlace(counts: MappingsCounts, length: number, section: SectionInput, maxSegments: number, copyInput: (target: Uint8Array, at: number) => void): DecodedMappings | undefined {
  const { segments, semicolons, lead } = counts;
  if (segments > maxSegments) return undefined; // decode() reports it
  const lineStarts = wasmHeapBase();
  const rows = align16(lineStarts + (semicolons + 2) * 4);
  const inputAt = rows + lead;
  const end = align16(Math.max(rows + segments * ROW_SIZE, inputAt + length + 1));
  const { memory, exports } = mapInstance(end + 16); // the VLQ reader may look one byte past the input's 0
  copyInput(new Uint8Array(memory.buffer), inputAt);
  if (exports.decodeInPlace(inputAt, length, lineStarts, rows, section.sourceCount, section.nameCount) !== OK) return undefined;
  const results = new Int32Array(memory.buffer, exports.RESULTS.value as number, RESULT_SLOTS);
  const segmentCount = results[RESULT_SEGMENT_COUNT];
  // They always agree on the same bytes; the rows are only trusted if they did here.
  if (segmentCount !== segments) return undefined;
  const lineCount = results[RESULT_LINE_COUNT];
  const keys = keyRangesOf(results);
  exports.attach(rows, lineStarts, lineCount);
  const free = indexColumns(memory, exports, rows, lineStarts, lineCount, align16(rows + segmentCount * ROW_SIZE));
  return { memory, exports, rows, segmentCount, lineStarts, lineCount, end: free, keys, warnings: [], warningCount: 0 };
}

function outOfMemory(bytes: number): SourceMapError {
  return new SourceMapError({ code: 'OUT_OF_MEMORY', message: `out of memory: cannot grow wasm memory to ${bytes} bytes of input` });
}

function readWarnings(memory: WebAssembly.Memory, exports: WasmExports, count: number, indexMap: boolean): SourceMapProblem[] {
  const kept = Math.min(count, MAX_WARNINGS);
  const words = new Int32Array(memory.buffer, exports.WARNINGS.value as number, kept * WARNING_FIELDS);
  const warnings: SourceMapProblem[] = [];
  for (let i = 0; i < kept; i++) {
    const w = i * WARNING_FIELDS;
    warnings.push(mappingProblem({
      status: words[w], offset: words[w + 1], line: words[w + 2], segment: words[w + 3], section: words[w + 4], field: words[w + 5], indexMap,
    }));
  }
  return warnings;
}

// Copies the rows and the line index out of the scratch memory into a memory of their own,
// sized to fit, and binds an instance to it.
function adopt(scratchBytes: Uint8Array, rows: number, segmentCount: number, lineStarts: number, lineCount: number) {
  const heapBase = wasmHeapBase();
  const rowBytes = segmentCount * ROW_SIZE;
  const lineBytes = (lineCount + 1) * 4;
  const { memory, exports } = mapInstance(heapBase + rowBytes + lineBytes);
  const target = new Uint8Array(memory.buffer);
  target.set(scratchBytes.subarray(rows, rows + rowBytes), heapBase);
  target.set(scratchBytes.subarray(lineStarts, lineStarts + lineBytes), heapBase + rowBytes);
  exports.attach(heapBase, heapBase + rowBytes, lineCount);
  const end = indexColumns(memory, exports, heapBase, heapBase + rowBytes, lineCount, align16(heapBase + rowBytes + lineBytes));
  return { memory, exports, rows: heapBase, segmentCount, lineStarts: heapBase + rowBytes, lineCount, end };
}

// Lays out the column index of a map's long lines (assembly/column-index.ts) at `end`, growing
// the memory for it, and attaches it; returns the first free byte after it. Maps without a
// line long enough have none. A line's table is filled in by its 8th lookup (FILL_AFTER).
function indexColumns(memory: WebAssembly.Memory, exports: WasmExports, rows: number, lineStarts: number, lineCount: number, end: number): number {
  const bytes = exports.layOutColumnIndex(0, rows, lineStarts, lineCount) >>> 0;
  if (bytes === 0) return end;
  grow(memory, end + bytes);
  exports.layOutColumnIndex(end, rows, lineStarts, lineCount);
  exports.attachColumnIndex(end);
  return align16(end + bytes);
}

let heapBase: number | undefined;

/** Where free memory starts in every instance (after the module's static data). */
export function wasmHeapBase(): number {
  return (heapBase ??= scratchInstance().exports.HEAP_BASE.value as number);
}

/**
 * Where a map's original-order index is: `count` row indices at byte address `order`, and
 * their sampled keys at `samples` (SAMPLE_LOG; 0 for none).
 */
export interface OriginalOrder {
  order: number;
  count: number;
  samples: number;
}

/** The first byte after an original-order index and its sampled keys. */
export function originalOrderEnd({ order, count, samples }: OriginalOrder): number {
  return samples === 0 ? order + count * 4 : samples + sampleBytes(count);
}

const sampleBytes = (count: number): number => ((count + (1 << SAMPLE_LOG) - 1) >> SAMPLE_LOG) * 8;

/** One source's rows, to index them alone: [firstRow, endRow) holds them all. */
export interface SourceRows {
  source: number;
  firstRow: number;
  endRow: number;
}

function grow(memory: WebAssembly.Memory, end: number): void {
  const missing = end - memory.buffer.byteLength;
  if (missing <= 0) return;
  try {
    memory.grow(Math.ceil(missing / PAGE_SIZE));
  } catch (cause) {
    throw new SourceMapError({ code: 'OUT_OF_MEMORY', message: `out of memory: cannot grow this map's wasm memory to ${end} bytes` }, { cause });
  }
}

// Runs `work` on the scratch instance; a trap there resets it and surfaces as INTERNAL.
function withScratch<T>(what: string, work: (scratch: Scratch) => T): T {
  const current = scratchInstance();
  try {
    return work(current);
  } catch (error) {
    resetScratch();
    if (error instanceof SourceMapError) throw error;
    throw new SourceMapError({ code: 'INTERNAL', message: `internal error while ${what}: ${String(error)}` }, { cause: error });
  } finally {
    if (scratch && current.memory.buffer.byteLength > SCRATCH_KEEP_BYTES) resetScratch();
  }
}

/**
 * Whether one source's rows can be indexed alone (buildOriginalOrder's `only`): when keys
 * pack with the row (they do but for maps of extreme sizes) and rows have more than one source.
 */
export function indexesOneSource({ segmentCount, keys }: DecodedMappings): boolean {
  return keys.maxSource > 0 && packsKeys(keys, segmentCount);
}

const bitsOf = (value: number): number => 32 - Math.clz32(value);
const packsKeys = (keys: OriginalKeyRanges, segmentCount: number): boolean =>
  bitsOf(keys.maxSource) + bitsOf(keys.maxLine) + bitsOf(keys.maxColumn) + Math.max(1, bitsOf(segmentCount - 1)) <= 64;

/**
 * Each source's range of rows (source-ranges.ts), RANGE_FIELDS numbers a source, measured by
 * the map's own instance in its memory at `at` (free memory, grown here) and copied out.
 */
export function measureSourceRanges(decoded: DecodedMappings, at: number): Int32Array {
  const sourceCount = decoded.keys.maxSource + 1;
  grow(decoded.memory, at + sourceCount * RANGE_SIZE);
  decoded.exports.measureSourceRanges(decoded.rows, decoded.segmentCount, at, sourceCount);
  return new Int32Array(decoded.memory.buffer, at, sourceCount * RANGE_FIELDS).slice();
}

/**
 * Builds the original-order index of a decoded map (by-source.ts): sorted in the scratch
 * instance, then written into the map's memory at `order` (4 bytes per mapped segment).
 * With `only`, the index of that source's rows alone (4 bytes per segment of it), read from
 * its range of rows; only where indexesOneSource() says so.
 */
export function buildOriginalOrder(decoded: DecodedMappings, order: number, only?: SourceRows): OriginalOrder {
  const { segmentCount, keys } = decoded;
  const { mapped } = keys;
  const columnBits = bitsOf(keys.maxColumn);
  const lineBits = bitsOf(keys.maxLine);
  const keyBits = bitsOf(keys.maxSource) + lineBits + columnBits;
  const rowBits = Math.max(1, bitsOf(segmentCount - 1));
  const packed = packsKeys(keys, segmentCount);
  if (only && !packed) throw new SourceMapError({ code: 'INTERNAL', message: 'internal error: one source is indexed alone only when its keys pack' });
  originalOrderForTesting[packed ? 'packed' : 'byFields']++;
  if (only) originalOrderForTesting.oneSource++;
  const rows = only ? { ...only, mapped: Math.min(mapped, only.endRow - only.firstRow) } : { source: 0, firstRow: 0, endRow: segmentCount, mapped };
  if (rows.mapped <= 0) return { order, count: 0, samples: 0 };
  // The index's own place in the map's memory; the packed way also stages values there. One
  // source's grows the memory for that window first, then for its count.
  const chunkRows = packed ? packingChunkRows(rows.mapped, rows.endRow - rows.firstRow) : 0;
  grow(decoded.memory, order + Math.max(only ? 0 : mapped * 4, chunkRows * 16));
  return withScratch('building the original-order index', (scratch) => {
    if (!packed) {
      const sorted = sortByFields(scratch, decoded);
      grow(decoded.memory, order + mapped * 4);
      new Uint8Array(decoded.memory.buffer).set(new Uint8Array(scratch.memory.buffer, sorted, mapped * 4), order);
      return { order, count: mapped, samples: 0 };
    }
    const { sorted, count, sampled } = sortPackedKeys(scratch, decoded, { order, chunkRows }, rows, only !== undefined, { columnBits, lineBits, keyBits, rowBits });
    const samples = originalOrderForTesting.sampleKeys ? align16(order + count * 4) : 0;
    grow(decoded.memory, samples === 0 ? order + count * 4 : samples + sampleBytes(count));
    const mapBytes = new Uint8Array(decoded.memory.buffer);
    mapBytes.set(new Uint8Array(scratch.memory.buffer, sorted, count * 4), order);
    if (samples !== 0) mapBytes.set(new Uint8Array(scratch.memory.buffer, sampled, sampleBytes(count)), samples);
    decoded.exports.attachKeyShape(columnBits, lineBits, keyBits - lineBits - columnBits);
    return { order, count, samples };
  });
}

/**
 * For the tests: how many original-order indexes each way built (packed keys: already in
 * order, a run and a rest merged, or all sorted; and of the last two, how many sorted their
 * values by insertion, being a few), the values per call of the packed-key steps (smaller to
 * cross call boundaries on small maps), and whether the indexes keep their sampled keys.
 */
export const originalOrderForTesting = { packed: 0, byFields: 0, oneSource: 0, inOrder: 0, merged: 0, fewSorted: 0, wholeSort: 0, step: 1 << 20, sampleKeys: true };

// Rows packed per call, and values per call of the sort's other loops
// (originalOrderForTesting.step): the calls are many so that V8 tiers the loops up after the
// first (a call never switches code).
const KEY_CHUNK_ROWS = 65536;

// At most this many values to sort (a rest, or all) are sorted by insertion (sortFewValues),
// in one call: a source's first reverse lookup often leaves a handful out of its run. Checked
// before radixSort() is called, not in it: its first call in a process costs on its own
// (angular's second source in bench/reverse.mjs: 0.41-0.49 ms with the test inside, 0.22-0.28
// as here).
const SORT_FEW_VALUES = 64;

// Rows per packAscendingRun() call: its window, where the index will go in the map's memory,
// holds two chunks' worth of u64 values (the run's and the rest's), so a chunk is at most a
// quarter of the mapped rows and the map's memory grows for the index alone; but at least a
// few hundred rows, so that a map of mostly unmapped rows does not take a call per row or two.
function packingChunkRows(mapped: number, segmentCount: number): number {
  const { step } = originalOrderForTesting;
  return Math.max(1, Math.min(KEY_CHUNK_ROWS, step, Math.max(mapped >> 2, Math.min(segmentCount, 512))));
}

// The usual way (by-source.ts): returns the scratch address of the sorted row indices, and how
// many. `rows` says which rows: [firstRow, endRow), with a source (of `source` alone when
// `oneSource`), at most `mapped` of them.
// The map's own instance packs and splits its rows a chunk at a time into the window (where
// its index will go), and the run and the rest are copied from there into the scratch: 8 bytes
// per mapped row cross over, not the 20-byte rows. The scratch holds the run (room for all the
// values, which the merge fills), the radix counters, then the rest: about 8 bytes per mapped
// row in all, so that a large map's sort fits in the scratch memory that is kept between maps.
function sortPackedKeys(
  { memory, exports }: Scratch,
  decoded: DecodedMappings,
  window: { order: number; chunkRows: number },
  { source, firstRow, endRow, mapped }: SourceRows & { mapped: number },
  oneSource: boolean,
  shape: { columnBits: number; lineBits: number; keyBits: number; rowBits: number },
): { sorted: number; count: number; sampled: number } {
  const { rows } = decoded;
  const { columnBits, lineBits, keyBits, rowBits } = shape;
  const { step } = originalOrderForTesting;
  const passes = Math.ceil(keyBits / RADIX_BITS);
  const countsBytes = passes * RADIX_BUCKETS * 4;
  const values = exports.HEAP_BASE.value as number;
  const counts = values + mapped * 8;
  const other = counts + countsBytes;
  const reserve = (end: number): void => {
    if (exports.reserve(end - values) === 0) throw outOfMemory(end - values);
  };
  reserve(other);

  const { chunkRows } = window;
  const windowRest = window.order + chunkRows * 8;
  const mapResults = new Int32Array(decoded.memory.buffer, decoded.exports.RESULTS.value as number, RESULT_SLOTS);
  const mapBytes = new Uint8Array(decoded.memory.buffer);
  let run = 0;
  let rest = 0;
  let restRoom = 0; // values: grown by doubling, as each growth of the memory costs
  decoded.exports.startAscendingRun();
  for (let first = firstRow; first < endRow; first += chunkRows) {
    const count = Math.min(chunkRows, endRow - first);
    const runCount = decoded.exports.packAscendingRun(rows + first * ROW_SIZE, count, first, window.order, windowRest, columnBits, lineBits + columnBits, rowBits, source, oneSource ? 1 : 2 ** 31);
    const restCount = mapResults[RESULT_REST_COUNT];
    if (rest + restCount > restRoom) {
      restRoom = Math.min(mapped, Math.max(rest + restCount, restRoom * 2));
      reserve(other + restRoom * 8);
    }
    const scratchBytes = new Uint8Array(memory.buffer);
    scratchBytes.set(mapBytes.subarray(window.order, window.order + runCount * 8), values + run * 8);
    scratchBytes.set(mapBytes.subarray(windowRest, windowRest + restCount * 8), other + rest * 8);
    run += runCount;
    rest += restCount;
  }
  const n = run + rest;
  if (oneSource && n > mapped) throw new Error(`source ${source}'s range holds ${mapped} rows, the packing found ${n} of that source`);
  if (!oneSource && n !== mapped) throw new Error(`the decoder counted ${mapped} rows with a source, the packing ${n}`);
  // LSD radix sort of `count` values at `from`, by the key's digits (stable: ties keep their
  // order), with `to` as the other buffer; returns where they ended up.
  const radixSort = (from: number, to: number, count: number): number => {
    new Int32Array(memory.buffer, counts, passes * RADIX_BUCKETS).fill(0);
    for (let i = 0; i < count; i += step) exports.countDigits(from + i * 8, Math.min(step, count - i), rowBits, passes, counts);
    const moving = exports.digitOffsets(counts, passes, count);
    for (let pass = 0; pass < passes; pass++) {
      if ((moving & (1 << pass)) === 0) continue; // one digit value for all: the order stays
      for (let i = 0; i < count; i += step) {
        exports.scatterDigit(from, to, i, Math.min(count, i + step), rowBits + pass * RADIX_BITS, counts + pass * RADIX_BUCKETS * 4);
      }
      [from, to] = [to, from];
    }
    return from;
  };

  const rowMask = rowBits >= 32 ? -1 : 2 ** rowBits - 1;
  // The sampled keys go after the values still to be read, where the scratch is grown for them.
  const startSampling = (at: number): number => {
    reserve(at + sampleBytes(n));
    exports.startSampling(at, rowBits);
    return at;
  };
  if (rest * 2 > n) {
    // Mostly out of order (small maps): all of them sorted (by radix, or by insertion when a
    // few), the rest put back after the run and `other` grown to hold as many. Ties still come
    // out in row order: a value goes to the rest only below a run value of a larger key, so
    // the run's values of its key all have lower rows.
    originalOrderForTesting.wholeSort++;
    reserve(other + n * 8);
    const scratchBytes = new Uint8Array(memory.buffer);
    scratchBytes.copyWithin(values + run * 8, other, other + rest * 8);
    let sorted = values;
    if (n <= SORT_FEW_VALUES) {
      originalOrderForTesting.fewSorted++;
      exports.sortFewValues(values, n);
    } else {
      sorted = radixSort(values, other, n);
    }
    const sampled = startSampling(other + n * 8);
    exports.keepRowIndices(sorted, n, rowMask);
    return { sorted, count: n, sampled };
  }
  originalOrderForTesting[rest > 0 ? 'merged' : 'inOrder']++;
  if (rest === 0) {
    const sampled = startSampling(other);
    exports.keepRowIndices(values, n, rowMask);
    return { sorted: values, count: n, sampled };
  }
  // The rest sorted in `other` and `values` past the run (free until the merge, and as long
  // as the rest), then merged with the run into row indices in the upper half of `values`.
  let sorted = other;
  if (rest <= SORT_FEW_VALUES) {
    originalOrderForTesting.fewSorted++;
    exports.sortFewValues(other, rest);
  } else {
    sorted = radixSort(other, values + run * 8, rest);
  }
  if (sorted !== other) new Uint8Array(memory.buffer).copyWithin(other, sorted, sorted + rest * 8);
  const out = values + n * 4;
  const sampled = startSampling(other + rest * 8);
  exports.startMerge(run);
  for (let j = rest; j > 0; j -= step) exports.mergeRowIndices(values, other, Math.max(0, j - step), j, out, rowMask);
  exports.finishMerge(values, out, rowMask);
  return { sorted: out, count: n, sampled };
}

// Keys too wide to pack with the row: sorts row indices by each field (by-source.ts).
function sortByFields({ memory, exports }: Scratch, decoded: DecodedMappings): number {
  const { rows, segmentCount } = decoded;
  const rowBytes = segmentCount * ROW_SIZE;
  const orderBytes = segmentCount * 4;
  const countsBytes = BUCKETS * 4;
  const base = exports.reserve(rowBytes + 2 * orderBytes + countsBytes);
  if (base === 0) throw outOfMemory(rowBytes + 2 * orderBytes + countsBytes);
  new Uint8Array(memory.buffer).set(new Uint8Array(decoded.memory.buffer, rows, rowBytes), base);
  return exports.buildOriginalOrder(base, segmentCount, base + rowBytes, base + rowBytes + orderBytes, base + rowBytes + 2 * orderBytes);
}

/** Bytes of the batch window in a map's memory: positions (8 bytes each), answers, scratch. */
export const BATCH_WINDOW_BYTES = BATCH_POSITIONS * (8 + ANSWER_SIZE) + BATCH_SCRATCH_SIZE;

/** Makes [0, end) of a map's memory addressable. */
export function reserveMapMemory(decoded: DecodedMappings, end: number): void {
  grow(decoded.memory, end);
}

/**
 * Answers (line, column) pairs in batches through a window of BATCH_WINDOW_BYTES (8-aligned)
 * in the map's memory: 4 numbers per position (source index, 1-based original line, column,
 * name index), -1 where absent, written by wasm as f64 (a 1-based line can be 2^31, past an
 * Int32Array), so each batch comes out with one copy.
 */
export function resolvePositions(decoded: DecodedMappings, windowAt: number, positions: Int32Array, bias: number, results: Float64Array): Float64Array {
  const count = positions.length >> 1;
  for (let first = 0; first < count; first += BATCH_POSITIONS) {
    const n = Math.min(BATCH_POSITIONS, count - first);
    const memory = decoded.memory.buffer;
    new Int32Array(memory, windowAt, n * 2).set(positions.subarray(first * 2, (first + n) * 2));
    decoded.exports.resolvePositions(windowAt, n, windowAt + BATCH_POSITIONS * 8, bias, windowAt + BATCH_POSITIONS * (8 + ANSWER_SIZE));
    results.set(new Float64Array(memory, windowAt + BATCH_POSITIONS * 8, n * ANSWER_FIELDS), first * ANSWER_FIELDS);
  }
  return results;
}

const MAX_MEMBERS = 1024;
// Room for the item entries of the arrays the scan records (a top-level array has at most
// one item per 3 bytes of the document): 1 MiB of scratch at most, of which only the
// entries written are touched. An array of strings whose entries do not fit is indexed
// when it is first read instead (indexStringArray).
export const MAX_ITEM_ENTRIES = 1 << 18;

/** What countSegments() measures of a `mappings`, so that it can be decoded in place. */
export interface MappingsCounts {
  segments: number;
  semicolons: number;
  lead: number; // RESULT_INPUT_LEAD: how far past the first row the input must start
}

/** A JSON document's top-level members, as scanJsonMembers finds them. */
export interface ScannedMembers {
  /** MEMBER_FIELDS i32 per member, byte offsets into the document. */
  members: Int32Array;
  /** The last member keyed `"mappings"` (no escapes in the key), if its value is a string without escapes; else -1. */
  mappingsMember: number;
  /** Its counts, measured on the copy the scan read (the in-place decode then needs no other). */
  mappingsCounts: MappingsCounts | undefined;
  /** Per member, for an array of strings and nulls, its item index (ITEM_ESCAPES in layout.ts), when the scan recorded one. */
  itemIndexes: (Int32Array | undefined)[];
}

const MAPPINGS_KEY = [0x22, 0x6d, 0x61, 0x70, 0x70, 0x69, 0x6e, 0x67, 0x73, 0x22]; // "mappings"

// The index of the last member of `table` keyed "mappings" without escapes in the key, when
// its value is a string without escapes (which parse-bytes.ts then decodes from the bytes);
// else -1. Its counts go to that member only: a later key spelled with escapes, which
// JSON.parse would keep instead, gets none.
function mappingsMemberOf(bytes: Uint8Array, table: Int32Array): number {
  let found = -1;
  for (let at = 0; at < table.length; at += MEMBER_FIELDS) {
    const keyStart = table[at + MEMBER_KEY_START];
    if (table[at + MEMBER_KEY_END] - keyStart !== MAPPINGS_KEY.length) continue;
    if (!MAPPINGS_KEY.every((byte, i) => bytes[keyStart + i] === byte)) continue;
    const isPlainString = table[at + MEMBER_KIND] === KIND_STRING && !(table[at + MEMBER_FLAGS] & FLAG_ESCAPES);
    found = isPlainString ? at / MEMBER_FIELDS : -1;
  }
  return found;
}

/**
 * Validates a JSON document (bytes) in wasm and returns its top-level members, or undefined
 * when the fast path does not apply (not an object, invalid, too deep, too many members):
 * then JSON.parse decides. A plain `mappings` is also counted, while the scanned copy is in
 * the scratch memory.
 */
export function scanJsonMembers(bytes: Uint8Array): ScannedMembers | undefined {
  return withScratch('scanning JSON', (scratch) => {
    const { memory, exports } = scratch;
    const maxItems = Math.min(Math.floor(bytes.length / 3) + 1, MAX_ITEM_ENTRIES);
    const stack = exports.reserve(SCAN_MAX_DEPTH + MAX_MEMBERS * MEMBER_SIZE + maxItems * 4 + bytes.length);
    if (stack === 0) return undefined;
    const members = stack + SCAN_MAX_DEPTH;
    const itemEntries = members + MAX_MEMBERS * MEMBER_SIZE;
    const start = itemEntries + maxItems * 4;
    new Uint8Array(memory.buffer).set(bytes, start);
    const count = exports.scanJson(start, bytes.length, members, MAX_MEMBERS, stack, itemEntries, maxItems);
    if (count === SCAN_FALLBACK) return undefined;
    const table = new Int32Array(memory.buffer, members, count * MEMBER_FIELDS).slice();
    for (let i = 0; i < table.length; i++) if (i % MEMBER_FIELDS < 4) table[i] -= start;
    const itemIndexes = Array.from({ length: count }, (_, member) => {
      const at = table[member * MEMBER_FIELDS + MEMBER_ITEMS_AT];
      return at < 0 ? undefined : new Int32Array(memory.buffer, itemEntries + at * 4, table[member * MEMBER_FIELDS + MEMBER_ITEMS]).slice();
    });
    const mappingsMember = mappingsMemberOf(bytes, table);
    let mappingsCounts: MappingsCounts | undefined;
    if (mappingsMember >= 0) {
      const at = mappingsMember * MEMBER_FIELDS;
      const valueStart = table[at + MEMBER_VALUE_START];
      mappingsCounts = countMappings(scratch, start + valueStart + 1, table[at + MEMBER_VALUE_END] - valueStart - 2);
    }
    return { members: table, mappingsMember, mappingsCounts, itemIndexes };
  });
}

/**
 * The index of a JSON array of strings, or of strings and nulls (its bytes, `[` to `]`,
 * validated by scanJsonMembers and flagged FLAG_STRINGS or FLAG_STRINGS_OR_NULLS): one entry
 * per item (see ITEM_ESCAPES in layout.ts), or undefined when it does not have `count` items
 * as expected (then JSON.parse decides).
 */
export function indexStringArray(bytes: Uint8Array, count: number): Int32Array | undefined {
  return withScratch('indexing strings', ({ memory, exports }) => {
    const paddedLength = align16(bytes.length) + 16; // indexStrings loads whole 16-byte blocks
    const out = exports.reserve(count * 4 + paddedLength);
    if (out === 0) return undefined;
    const start = out + count * 4;
    new Uint8Array(memory.buffer).set(bytes, start);
    if (exports.indexStrings(start, bytes.length, out, count) !== count) return undefined;
    return new Int32Array(memory.buffer, out, count).slice();
  });
}

/** UTF-8 text of JSON strings and values; ignoreBOM: a U+FEFF at their start is kept, as JSON.parse keeps it. */
export const jsonText = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The string whose JSON text is `escaped` (its bytes between the quotes, validated by
 * scanJsonMembers), unescaped in wasm (unescape.ts), or undefined when JSON.parse must read
 * it (a lone surrogate escape, or no memory for it).
 */
export function unescapeJsonString(escaped: Uint8Array): string | undefined {
  return withScratch('unescaping a string', ({ memory, exports }) => {
    const room = align16(escaped.length) + 64; // whole 64-byte blocks are loaded and stored
    const start = exports.reserve(2 * room);
    if (start === 0) return undefined;
    new Uint8Array(memory.buffer).set(escaped, start);
    const length = exports.unescapeJson(start, escaped.length, start + room);
    return length < 0 ? undefined : jsonText.decode(new Uint8Array(memory.buffer, start + room, length));
  });
}

/**
 * Where each line after the first starts in `escaped` (a JSON string's bytes between the
 * quotes, validated by scanJsonMembers): the byte offset after each line break's escape
 * (line-index.ts), or undefined when there is no memory for it.
 */
export function indexEscapedLines(escaped: Uint8Array): Int32Array | undefined {
  return withScratch('indexing lines', ({ memory, exports }) => {
    const { length } = escaped;
    const room = align16(length) + 64; // whole 64-byte blocks are loaded
    // Room for a line every 16 bytes (source code's average 30-40) and 64 more, else a second
    // pass with room for them all: reserve() grows the memory and keeps its start, and so the
    // input.
    const guess = (length >> 4) + 64;
    const start = exports.reserve(room + 4 * guess);
    if (start === 0) return undefined;
    new Uint8Array(memory.buffer).set(escaped, start);
    const breaks = exports.indexLines(start, length, start + room, guess);
    if (breaks > guess) {
      if (exports.reserve(room + 4 * breaks) !== start) return undefined;
      exports.indexLines(start, length, start + room, breaks);
    }
    return new Int32Array(memory.buffer, start + room, breaks).slice();
  });
}

const latin1 = new TextDecoder('latin1');

/** Encodes a decoded map's rows back to a `mappings` string (in the scratch instance). */
export function encodeMappings(decoded: DecodedMappings): string {
  const { rows, segmentCount, lineStarts, lineCount } = decoded;
  const rowBytes = segmentCount * ROW_SIZE;
  const lineBytes = (lineCount + 1) * 4;
  return withScratch('encoding mappings', ({ memory, exports }) => {
    const outBytes = segmentCount * MAX_SEGMENT_BYTES + lineCount;
    const base = exports.reserve(rowBytes + lineBytes + outBytes);
    if (base === 0) throw outOfMemory(rowBytes + lineBytes + outBytes);
    const scratchBytes = new Uint8Array(memory.buffer);
    scratchBytes.set(new Uint8Array(decoded.memory.buffer, rows, rowBytes), base);
    scratchBytes.set(new Uint8Array(decoded.memory.buffer, lineStarts, lineBytes), base + rowBytes);
    const out = base + rowBytes + lineBytes;
    const length = exports.encodeMappings(base, base + rowBytes, lineCount, out);
    return latin1.decode(new Uint8Array(memory.buffer, out, length));
  });
}
