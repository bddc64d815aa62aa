// sourcemap-wasm/source-map: source-map 0.7's SourceMapConsumer over one core SourceMap.
//
//   import { SourceMapConsumer } from 'sourcemap-wasm/source-map';
//   const consumer = await new SourceMapConsumer(rawMap, mapUrl);   // as in source-map 0.7
//   const now = SourceMapConsumer.sync(rawMap, mapUrl);              // the same, without a Promise
//
// Every answer is mozilla's: its `sources` (its own URL normalisation), its reverse lookups
// that cross original lines, its `lastColumn` (null, a number or Infinity, depending on what
// was called before), its index-map quirks (each section looked up on its own, the
// `lastColumn` fix-up at section boundaries), its errors and messages, and its picks where
// several segments share a position. For those, mozilla's wasm sorts the segments (by
// position, then original location, a missing name first) and binary searches them with
// Rust's slice search, which returns the first match it probes: which one depends on where
// the run sits in the whole sorted array.
//
// The core decodes and searches. Where several segments share an original position (common),
// the adapter reads their names from the core and, for an exact hit, their place among the
// source's segments from a rank index (`Ranks`, 8 bytes a segment, made on first need). Where
// several share a generated position (in no production map we have seen), the core's API
// cannot tell them apart; those lookups are answered from a packed copy of the rows (`Model`),
// made once, when first needed.

import { GREATEST_LOWER_BOUND as CORE_GLB, LEAST_UPPER_BOUND as CORE_LUB } from '../index.js';
import type { GeneratedPosition, Mapping as CoreMapping, SourceMap as CoreMap, SourceMapSegment } from '../index.js';
import { buildCore, CoreReader, isObject, MAX_POSITION, Rows, sameSegment, type JsonObject } from './core.js';
import { mozillaSourceUrl } from './mozilla-url.js';

export const GREATEST_LOWER_BOUND = 1;
export const LEAST_UPPER_BOUND = 2;
export const GENERATED_ORDER = 1;
export const ORIGINAL_ORDER = 2;

// ---------------------------------------------------------------------------------------------
// Types, as source-map 0.7 declares them (source-map.d.ts).

export type SourceMapUrl = string;

export interface StartOfSourceMap {
  file?: string;
  sourceRoot?: string;
  skipValidation?: boolean;
}

export interface RawSourceMap {
  version: number;
  sources: string[];
  names: string[];
  sourceRoot?: string;
  sourcesContent?: string[];
  mappings: string;
  /** Optional, as in the format (source-map's own types require it). */
  file?: string;
}

export interface RawIndexMap extends StartOfSourceMap {
  version: number;
  sections: RawSection[];
}

export interface RawSection {
  offset: Position;
  map: RawSourceMap;
}

export interface Position {
  line: number;
  column: number;
}

export interface NullablePosition {
  line: number | null;
  column: number | null;
  lastColumn: number | null;
}

export interface MappedPosition {
  source: string;
  line: number;
  column: number;
  name?: string;
}

export interface NullableMappedPosition {
  source: string | null;
  line: number | null;
  column: number | null;
  name: string | null;
}

/** One mapping, as eachMapping passes it (`source`, `originalLine`, `originalColumn` and `name` are null for a segment without a source, as in mozilla). */
export interface MappingItem {
  source: string;
  generatedLine: number;
  generatedColumn: number;
  lastGeneratedColumn: number | null;
  originalLine: number;
  originalColumn: number;
  name: string;
}

/** What `fromSourceMap` takes: anything whose `toString()` is a source map's JSON, such as source-map's SourceMapGenerator. */
export interface SourceMapGeneratorLike {
  toString(): string;
}

export interface SourceMapConsumer {
  computeColumnSpans(): void;
  originalPositionFor(generatedPosition: Position & { bias?: number }): NullableMappedPosition;
  generatedPositionFor(originalPosition: MappedPosition & { bias?: number }): NullablePosition;
  allGeneratedPositionsFor(originalPosition: { source: string; line: number; column?: number }): NullablePosition[];
  hasContentsOfAllSources(): boolean;
  sourceContentFor(source: string, returnNullOnMissing?: boolean): string | null;
  eachMapping(callback: (this: unknown, mapping: MappingItem) => void, context?: unknown, order?: number): void;
  /** Harmless: lookups keep working after it (as in mozilla, which decodes again). */
  destroy(): void;
  readonly sources: string[];
}

export interface BasicSourceMapConsumer extends SourceMapConsumer {
  file: string;
  sourceRoot: string;
  sourcesContent: string[];
  x_google_ignoreList: number[] | null;
}

export interface IndexedSourceMapConsumer extends SourceMapConsumer {}

export type AnySourceMapInput = RawSourceMap | RawIndexMap | string;

/** What all three constructors have (the subclasses inherit SourceMapConsumer's statics, as in mozilla). */
export interface SourceMapConsumerStatics {
  readonly GENERATED_ORDER: number;
  readonly ORIGINAL_ORDER: number;
  readonly GREATEST_LOWER_BOUND: number;
  readonly LEAST_UPPER_BOUND: number;
  /** Accepted and ignored: there is no wasm file to locate. */
  initialize(mappings: unknown): void;
  with<T>(
    rawSourceMap: AnySourceMapInput,
    sourceMapUrl: SourceMapUrl | null | undefined,
    callback: (consumer: BasicSourceMapConsumer | IndexedSourceMapConsumer) => Promise<T> | T,
  ): Promise<T>;
}

export interface SourceMapConsumerConstructor extends SourceMapConsumerStatics {
  prototype: SourceMapConsumer;
  new (rawSourceMap: RawSourceMap, sourceMapUrl?: SourceMapUrl | null): Promise<BasicSourceMapConsumer>;
  new (rawSourceMap: RawIndexMap, sourceMapUrl?: SourceMapUrl | null): Promise<IndexedSourceMapConsumer>;
  new (rawSourceMap: AnySourceMapInput, sourceMapUrl?: SourceMapUrl | null): Promise<BasicSourceMapConsumer | IndexedSourceMapConsumer>;
  fromSourceMap(sourceMap: SourceMapGeneratorLike, sourceMapUrl?: SourceMapUrl | null): Promise<BasicSourceMapConsumer>;
  /** The consumer itself, at once: what `await new SourceMapConsumer(...)` gives, without the Promise (errors are thrown). */
  sync(rawSourceMap: RawSourceMap, sourceMapUrl?: SourceMapUrl | null): BasicSourceMapConsumer;
  sync(rawSourceMap: RawIndexMap, sourceMapUrl?: SourceMapUrl | null): IndexedSourceMapConsumer;
  sync(rawSourceMap: AnySourceMapInput, sourceMapUrl?: SourceMapUrl | null): BasicSourceMapConsumer | IndexedSourceMapConsumer;
}

export interface BasicSourceMapConsumerConstructor extends SourceMapConsumerStatics {
  prototype: BasicSourceMapConsumer;
  new (rawSourceMap: RawSourceMap | string, sourceMapUrl?: SourceMapUrl | null): Promise<BasicSourceMapConsumer>;
  fromSourceMap(sourceMap: SourceMapGeneratorLike, sourceMapUrl?: SourceMapUrl | null): Promise<BasicSourceMapConsumer>;
  sync(rawSourceMap: RawSourceMap | string, sourceMapUrl?: SourceMapUrl | null): BasicSourceMapConsumer;
}

export interface IndexedSourceMapConsumerConstructor extends SourceMapConsumerStatics {
  prototype: IndexedSourceMapConsumer;
  new (rawSourceMap: RawIndexMap | string, sourceMapUrl?: SourceMapUrl | null): Promise<IndexedSourceMapConsumer>;
  sync(rawSourceMap: RawIndexMap | string, sourceMapUrl?: SourceMapUrl | null): IndexedSourceMapConsumer;
}

// ---------------------------------------------------------------------------------------------
// mozilla's argument handling.

function getArg(args: unknown, name: string, ...fallback: unknown[]): unknown {
  if (name in (args as object)) return (args as JsonObject)[name];
  if (fallback.length > 0) return fallback[0];
  throw new Error(`"${name}" is a required argument.`);
}

function parseInput(text: string): unknown {
  return JSON.parse(text.replace(/^\)]}'[^\n]*\n/, ''));
}

/** The bias as mozilla's wasm reads it (a u32): 1 or 2; anything else aborts the wasm, as here. */
function biasOf(args: unknown): 1 | 2 {
  let bias = getArg(args, 'bias', GREATEST_LOWER_BOUND);
  if (bias == null) bias = GREATEST_LOWER_BOUND;
  const value = Number(bias) >>> 0;
  if (value !== GREATEST_LOWER_BOUND && value !== LEAST_UPPER_BOUND) throw new WebAssembly.RuntimeError('unreachable');
  return value;
}

/** A number as mozilla's wasm receives it (ToUint32). */
const u32 = (value: unknown): number => Number(value) >>> 0;

const NULL_ORIGINAL = (): NullableMappedPosition => ({ source: null, line: null, column: null, name: null });
const NULL_GENERATED = (): NullablePosition => ({ line: null, column: null, lastColumn: null });

type Bias = 1 | 2;

// ---------------------------------------------------------------------------------------------
// What the consumers of one map share: the core, and what is made from it on demand.

class Shared {
  readonly reader: CoreReader;
  readonly core: CoreMap;
  #model: Model | undefined;
  #ranks: Ranks | undefined;
  /** Whether two segments share a generated position: unknown until a pass over all of them. */
  ties: boolean | undefined;

  constructor(core: CoreMap) {
    this.core = core;
    this.reader = new CoreReader(core);
  }

  get model(): Model {
    return (this.#model ??= new Model(this.core));
  }

  /**
   * The segment behind a reverse-lookup answer when it is the only one at its generated
   * position (mozilla orders the segments of one position its own way, and `lastColumn`
   * depends on that order), else undefined. Several segments there, all alike at both ends,
   * pass for one: no production map has any.
   */
  alone(p: GeneratedPosition): Exclude<SourceMapSegment, [number]> | undefined {
    const segment = this.reader.segmentOf(p);
    if (!segment || segment.length === 1) return undefined;
    if (this.ties !== false) {
      const first = this.core.segmentFor({ line: p.line as number, column: p.column as number, bias: CORE_GLB });
      if (!first || !sameSegment(first, segment)) return undefined;
    }
    return segment;
  }

  get ranks(): Ranks {
    return (this.#ranks ??= new Ranks(this.core));
  }

  /** Whether two segments share a generated position, found once by a pass over the core (~25 ms a million segments). */
  hasTies(): boolean {
    if (this.ties === undefined) {
      const stop = {};
      let ties = false;
      try {
        this.core.eachMapping((m) => {
          if (m.lastGeneratedColumn === m.generatedColumn - 1) {
            ties = true;
            throw stop;
          }
        });
      } catch (error) {
        if (error !== stop) throw error;
      }
      this.ties = ties;
    }
    return this.ties;
  }
}

/**
 * Where Rust's binary search (which mozilla's wasm uses, stopping at the first probe that
 * matches) lands in a sorted array of `size` elements whose matches are [first, end): probes
 * at the middle of [low, high), then goes left or right.
 */
function rustSearch(size: number, first: number, end: number): number {
  let low = 0;
  let high = size;
  while (low < high) {
    const middle = low + ((high - low) >> 1);
    if (middle < first) low = middle + 1;
    else if (middle >= end) high = middle;
    else return middle;
  }
  return -1;
}

/**
 * The original positions of the mapped segments, per source, sorted (from one pass over the
 * core in original order): 8 bytes a segment, made on the first reverse lookup that hits
 * several segments at one original position, where mozilla's answer depends on where that
 * run sits among all of the source's segments.
 */
class Ranks {
  readonly #starts: Int32Array;
  readonly #lines: Int32Array;
  readonly #columns: Int32Array;

  constructor(core: CoreMap) {
    const lines = new Int32Array(core.segmentCount);
    const columns = new Int32Array(core.segmentCount);
    const starts = new Int32Array(core.sources.length + 1);
    let count = 0;
    new CoreReader(core).eachOriginal((m) => {
      starts[Number(m.source) + 1]++;
      lines[count] = m.originalLine as number;
      columns[count] = m.originalColumn as number;
      count++;
    });
    for (let i = 1; i < starts.length; i++) starts[i] += starts[i - 1];
    this.#starts = starts;
    this.#lines = lines.slice(0, count);
    this.#columns = columns.slice(0, count);
  }

  /** The index (among the source's segments, by original position) of the first at or after (line, column) (1-based line), and how many the source has. */
  rank(source: number, line: number, column: number): { at: number; size: number } {
    const start = this.#starts[source];
    const end = this.#starts[source + 1];
    let low = start;
    let high = end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const l = this.#lines[middle];
      if (l < line || (l === line && this.#columns[middle] < column)) low = middle + 1;
      else high = middle;
    }
    return { at: low - start, size: end - start };
  }
}

/**
 * mozilla's own structures over a packed copy of the rows: the rows of each generated line
 * sorted as mozilla sorts them (by column, then mapped before unmapped, by source, original
 * line, original column and name, a missing name first), and per source the rows sorted by
 * original line, column, name, then generated position.
 */
class Model {
  readonly rows: Rows;
  readonly #buckets = new Map<number, Int32Array>();

  constructor(core: CoreMap) {
    const key = (s: readonly number[]) => (s.length === 5 ? s[4] : -1);
    const lines = core.decodedMappings().map((line) => line.slice().sort((a, b) => {
      if (a[0] !== b[0]) return a[0] - b[0];
      if (a.length === 1 || b.length === 1) return (a.length === 1 ? 1 : 0) - (b.length === 1 ? 1 : 0);
      return a[1] - b[1] || a[2] - b[2] || a[3] - b[3] || key(a) - key(b);
    }));
    this.rows = new Rows(lines);
  }

  range(part: Part): [number, number] {
    return [
      this.rows.firstAtOrAfter(part.line, part.column),
      part.end ? this.rows.firstAtOrAfter(part.end.line, part.end.column) : this.rows.count,
    ];
  }

  /** mozilla's original_location_for within a part: the row it answers (any line; the caller checks), or -1. */
  originalFor(part: Part, line: number, column: number, bias: Bias): number {
    const [start, end] = this.range(part);
    const first = this.rows.firstAtOrAfter(line, column, start, end);
    const above = this.rows.firstAtOrAfter(line, column + 1, first, end);
    if (first < above) return start + rustSearch(end - start, first - start, above - start);
    if (bias === LEAST_UPPER_BOUND) return above < end ? above : -1;
    return above - 1 >= start ? above - 1 : -1;
  }

  /** The last column a row covers in its part (inclusive), or null at the end of its line. */
  lastColumnOf(part: Part, row: number): number | null {
    const next = row + 1;
    if (next >= this.rows.count || this.rows.line(next) !== this.rows.line(row)) return null;
    if (part.end && !before(this.rows.line(next), this.rows.column(next), part.end)) return null;
    return this.rows.column(next) - 1;
  }

  bucket(source: number): Int32Array {
    let bucket = this.#buckets.get(source);
    if (!bucket) {
      const { rows } = this;
      const list: number[] = [];
      for (let row = 0; row < rows.count; row++) if (rows.source(row) === source) list.push(row);
      list.sort((a, b) => rows.originalLine(a) - rows.originalLine(b) || rows.originalColumn(a) - rows.originalColumn(b)
        || rows.name(a) - rows.name(b) || a - b);
      bucket = Int32Array.from(list);
      this.#buckets.set(source, bucket);
    }
    return bucket;
  }

  // The first index of a bucket whose (original line, column) is above (line, column) (`orEqual`: at or above).
  #search(bucket: Int32Array, line: number, column: number, orEqual: boolean): number {
    const { rows } = this;
    let low = 0;
    let high = bucket.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const l = rows.originalLine(bucket[middle]);
      const c = rows.originalColumn(bucket[middle]);
      const below = l < line || (l === line && (orEqual ? c < column : c <= column));
      if (below) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** mozilla's generated_location_for: the row, or -1 (also when mozilla slides into another source, which its JS then rejects). */
  generatedFor(source: number, line: number, column: number, bias: Bias): number {
    const bucket = this.bucket(source);
    const first = this.#search(bucket, line, column, true);
    const above = this.#search(bucket, line, column, false);
    if (first < above) return bucket[rustSearch(bucket.length, first, above)];
    if (bias === LEAST_UPPER_BOUND) return above < bucket.length ? bucket[above] : -1;
    return above > 0 ? bucket[above - 1] : -1;
  }

  /** mozilla's all_generated_locations_for. */
  allFor(source: number, line: number, column: number | undefined): number[] {
    const bucket = this.bucket(source);
    const { rows } = this;
    let i = this.#search(bucket, line, column ?? 0, true);
    if (i >= bucket.length) return [];
    const wantLine = column === undefined ? rows.originalLine(bucket[i]) : line;
    const wantColumn = column === undefined ? undefined : rows.originalColumn(bucket[i]);
    const found: number[] = [];
    for (; i < bucket.length; i++) {
      const row = bucket[i];
      if (rows.originalLine(row) !== wantLine) break;
      if (wantColumn !== undefined && rows.originalColumn(row) !== wantColumn) break;
      found.push(row);
    }
    return found;
  }
}

/** Whether (line, column) is before `end`. */
function before(line: number, column: number, end: { line: number; column: number }): boolean {
  return line < end.line || (line === end.line && column < end.column);
}

// ---------------------------------------------------------------------------------------------
// A part: what one mozilla BasicSourceMapConsumer holds. A regular map is one part; an index
// map is one per section, all over the one core (whose rows are the sections' rows, placed at
// their offsets and cut where the next section starts).

interface MapFields {
  sources: string[];
  names: string[];
  sourceRoot: unknown;
  sourcesContent: unknown;
  file: unknown;
  ignoreList: unknown;
  mappings: unknown;
}

function readFields(input: unknown): MapFields {
  const map = typeof input === 'string' ? parseInput(input) : input;
  const version = getArg(map, 'version');
  const sources = (getArg(map, 'sources') as unknown[]).map(String);
  const names = getArg(map, 'names', []) as unknown[];
  const fields: MapFields = {
    sources,
    names: [],
    sourceRoot: getArg(map, 'sourceRoot', null),
    sourcesContent: getArg(map, 'sourcesContent', null),
    mappings: getArg(map, 'mappings'),
    file: getArg(map, 'file', null),
    ignoreList: getArg(map, 'x_google_ignoreList', null),
  };
  // mozilla compares loosely: Sass writes "3".
  if (version != 3) throw new Error(`Unsupported version: ${String(version)}`);
  fields.names = names.map(String);
  return fields;
}

class Part {
  readonly shared: Shared;
  /** Offset (0-based line, column) and where the next part starts. */
  readonly line: number;
  readonly column: number;
  end: { line: number; column: number } | null = null;
  next: Part | null = null;
  readonly sourceBase: number;
  readonly nameBase: number;
  readonly fields: MapFields;
  readonly url: string | null | undefined;
  /** The sources as mozilla computes them. */
  readonly absolute: string[];
  readonly #firstIndex = new Map<string, number>();
  readonly #cache = new Map<string, number>();
  readonly uniqueSources: number;
  /** Whether mozilla's wasm has computed column spans (any reverse lookup does) and whether computeColumnSpans() was called. */
  wasmSpans = false;
  jsSpans = false;

  constructor(shared: Shared, fields: MapFields, url: string | null | undefined, offset: { line: number; column: number }, bases: { source: number; name: number }) {
    this.shared = shared;
    this.fields = fields;
    this.url = url;
    this.line = offset.line;
    this.column = offset.column;
    this.sourceBase = bases.source;
    this.nameBase = bases.name;
    this.absolute = fields.sources.map((source) => mozillaSourceUrl(fields.sourceRoot as string | null, source, url));
    this.absolute.forEach((source, i) => { if (!this.#firstIndex.has(source)) this.#firstIndex.set(source, i); });
    this.uniqueSources = new Set(fields.sources).size;
  }

  get core(): CoreMap {
    return this.shared.core;
  }

  /** mozilla's _findSourceIndex: the source relative to the map URL, else to sourceRoot. */
  findSource(source: string): number {
    const cached = this.#cache.get(source);
    if (cached !== undefined) return cached;
    for (const root of [null, this.fields.sourceRoot as string | null]) {
      const index = this.#firstIndex.get(mozillaSourceUrl(root, source, this.url));
      if (index !== undefined) {
        this.#cache.set(source, index);
        return index;
      }
    }
    return -1;
  }

  contains(line: number, column: number): boolean {
    return !before(line, column, this) && (!this.end || before(line, column, this.end));
  }

  /** A `lastColumn` as this part's consumer gives it, from the core's (next segment's column - 1, or Infinity). */
  span(lastColumn: number | null, line: number): number | null {
    let value: number | null = lastColumn === null || lastColumn === Infinity ? null : lastColumn;
    if (value !== null && this.end && !before(line - 1, value + 1, this.end)) value = null; // the next segment is the next part's
    if (!this.wasmSpans) value = null;
    if (value === null && this.jsSpans) value = Infinity;
    return value;
  }

  /** The same from a model row. */
  modelSpan(row: number): number | null {
    let value = this.wasmSpans ? this.shared.model.lastColumnOf(this, row) : null;
    if (value === null && this.jsSpans) value = Infinity;
    return value;
  }

  answer(segment: readonly number[]): NullableMappedPosition {
    if (segment.length === 1) return NULL_ORIGINAL();
    return {
      source: this.absolute[segment[1] - this.sourceBase],
      line: segment[2] + 1,
      column: segment[3],
      name: segment.length === 5 ? this.fields.names[segment[4] - this.nameBase] : null,
    };
  }

  // -- BasicSourceMapConsumer's methods, positions relative to the part ------------------------

  originalPositionFor(args: unknown): NullableMappedPosition {
    const line = getArg(args, 'line') as number;
    const column = getArg(args, 'column') as number;
    if (line < 1) throw new Error('Line numbers must be >= 1');
    if (column < 0) throw new Error('Column numbers must be >= 0');
    const bias = biasOf(args);
    // mozilla's JS keeps the answer only when its line is the line asked, which a line that
    // is not a whole number never is.
    if (!Number.isInteger(line)) return NULL_ORIGINAL();
    const relativeColumn = u32(column);
    const absoluteLine = line + this.line;
    const absoluteColumn = relativeColumn + (line === 1 ? this.column : 0);
    return this.#original(absoluteLine, absoluteColumn, bias);
  }

  #original(line: number, column: number, bias: Bias): NullableMappedPosition {
    if (line > MAX_POSITION) return NULL_ORIGINAL();
    this.shared.hasTies();
    if (column > MAX_POSITION && bias === LEAST_UPPER_BOUND) return NULL_ORIGINAL();
    const core = this.core;
    const segment = core.segmentFor({ line, column: Math.min(column, MAX_POSITION), bias: bias === LEAST_UPPER_BOUND ? CORE_LUB : CORE_GLB });
    if (!segment || !this.contains(line - 1, segment[0])) return NULL_ORIGINAL();
    if (this.shared.ties !== false) {
      // The core gives the first (GREATEST_LOWER_BOUND on the column, LEAST_UPPER_BOUND below
      // it) or the last of the segments at that column; when the other end differs, mozilla's
      // order among them decides.
      const x = segment[0];
      const first = (bias === GREATEST_LOWER_BOUND) === (x === Math.min(column, MAX_POSITION));
      const other = core.segmentFor({ line, column: x, bias: first ? CORE_LUB : CORE_GLB });
      if (other && !sameSegment(segment, other)) return this.#originalFromModel(line, column, bias);
    }
    return this.answer(segment);
  }

  #originalFromModel(line: number, column: number, bias: Bias): NullableMappedPosition {
    const { model } = this.shared;
    const row = model.originalFor(this, line - 1, column, bias);
    if (row < 0 || model.rows.line(row) !== line - 1) return NULL_ORIGINAL();
    const { rows } = model;
    const source = rows.source(row);
    if (source < 0) return NULL_ORIGINAL();
    const name = rows.name(row);
    return this.answer(name < 0 ? [0, source, rows.originalLine(row), rows.originalColumn(row)] : [0, source, rows.originalLine(row), rows.originalColumn(row), name]);
  }

  generatedPositionFor(args: unknown): NullablePosition {
    const local = this.findSource(getArg(args, 'source') as string);
    if (local < 0) return NULL_GENERATED();
    const line = getArg(args, 'line') as number;
    const column = getArg(args, 'column') as number;
    if (line < 1) throw new Error('Line numbers must be >= 1');
    if (column < 0) throw new Error('Column numbers must be >= 0');
    const bias = biasOf(args);
    this.wasmSpans = true;
    this.shared.hasTies();
    const source = local + this.sourceBase;
    const originalLine = u32(line - 1);
    const originalColumn = u32(column);
    const position = this.#generated(source, originalLine, originalColumn, bias);
    if (position) return position;
    const row = this.shared.model.generatedFor(source, originalLine, originalColumn, bias);
    if (row < 0) return NULL_GENERATED();
    return this.#fromRow(row);
  }

  #fromRow(row: number): NullablePosition {
    const { rows } = this.shared.model;
    return { line: rows.line(row) + 1, column: rows.column(row), lastColumn: this.modelSpan(row) };
  }

  #fromCore(p: GeneratedPosition): NullablePosition {
    return { line: p.line, column: p.column, lastColumn: this.span(p.lastColumn, p.line as number) };
  }

  // From the core; undefined when the model must answer.
  #generated(source: number, line: number, column: number, bias: Bias): NullablePosition | undefined {
    const { reader } = this.shared;
    const key = reader.sourceKey(source);
    if (line >= MAX_POSITION || column > MAX_POSITION) return undefined;
    const core = this.core;
    const found = core.generatedPositionFor({ source: key, line: line + 1, column, bias: bias === LEAST_UPPER_BOUND ? CORE_LUB : CORE_GLB });
    if (found.line === null) return NULL_GENERATED();
    const segment = this.shared.alone(found);
    if (!segment) return undefined;
    // The segments at that original position, in generated order. mozilla orders them by name
    // (none first), then generated position; below the position asked it takes the last of
    // them, above it the first, on it the one its binary search meets first.
    const run = core.allGeneratedPositionsFor({ source: key, line: segment[2] + 1, column: segment[3] });
    if (run.length <= 1) return this.#fromCore(found);
    const names: number[] = [];
    for (const p of run) {
      const s = this.shared.alone(p);
      if (!s) return undefined;
      names.push(s.length === 5 ? s[4] : -1);
    }
    const order = run.map((_, i) => i).sort((a, b) => names[a] - names[b] || a - b);
    let pick: number;
    if (segment[2] === line && segment[3] === column) {
      const { at, size } = this.shared.ranks.rank(source, line + 1, column);
      pick = order[rustSearch(size, at, at + run.length) - at];
    } else {
      pick = bias === GREATEST_LOWER_BOUND ? order[order.length - 1] : order[0];
    }
    return this.#fromCore(run[pick]);
  }

  allGeneratedPositionsFor(args: unknown): NullablePosition[] {
    const local = this.findSource(getArg(args, 'source') as string);
    const line = getArg(args, 'line') as number;
    const column = ((args as JsonObject).column || 0) as number;
    if (local < 0) return [];
    if (line < 1) throw new Error('Line numbers must be >= 1');
    if (column < 0) throw new Error('Column numbers must be >= 0');
    const hasColumn = 'column' in (args as object);
    this.wasmSpans = true;
    this.shared.hasTies();
    const source = local + this.sourceBase;
    const originalLine = u32(line - 1);
    const originalColumn = u32(column);
    const fast = this.#all(source, originalLine, hasColumn ? originalColumn : undefined);
    if (fast) return fast;
    return this.shared.model.allFor(source, originalLine, hasColumn ? originalColumn : undefined).map((row) => this.#fromRow(row));
  }

  #all(source: number, line: number, column: number | undefined): NullablePosition[] | undefined {
    const { reader } = this.shared;
    const key = reader.sourceKey(source);
    if (line >= MAX_POSITION || (column ?? 0) > MAX_POSITION) return undefined;
    const list = this.core.allGeneratedPositionsFor({ source: key, line: line + 1, column });
    if (list.length <= 1 && this.shared.ties === false) return list.map((p) => this.#fromCore(p));
    // The core lists them by original column, then generated position; mozilla by original
    // column, name (none first), then generated position.
    const keys: [number, number][] = [];
    for (const p of list) {
      const s = this.shared.alone(p);
      if (!s) return undefined;
      keys.push([s[3], s.length === 5 ? s[4] : -1]);
    }
    const order = list.map((_, i) => i).sort((a, b) => keys[a][0] - keys[b][0] || keys[a][1] - keys[b][1] || a - b);
    return order.map((i) => this.#fromCore(list[i]));
  }

  hasContentsOfAllSources(): boolean {
    const contents = this.fields.sourcesContent as unknown[] | null;
    if (!contents) return false;
    return contents.length >= this.uniqueSources && !contents.some((content) => content == null);
  }

  sourceContentFor(source: string, nullOnMissing?: boolean): string | null {
    const contents = this.fields.sourcesContent as (string | null)[] | null;
    if (!contents) return null;
    const index = this.findSource(source);
    if (index >= 0) return contents[index];
    if (nullOnMissing) return null;
    throw new Error(`"${source}" is not in the SourceMap.`);
  }

  computeColumnSpans(): void {
    if (this.jsSpans) return;
    this.wasmSpans = true;
    this.jsSpans = true;
  }

  destroy(): void {
    // mozilla frees its decoded mappings and decodes again on the next lookup: column spans
    // are then no longer computed, though computeColumnSpans() will not compute them again.
    this.wasmSpans = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Iteration (eachMapping) over one or more parts.


/** mozilla's index-map fix-up of a `lastColumn` at the end of a section's line (`line` absolute, 1-based). */
function boundaryFix(part: Part, line: number, lastColumn: number | null, indexed: boolean): number | null {
  if (!indexed || lastColumn !== Infinity || !part.next) return lastColumn;
  // mozilla compares the section's own (relative) line with the next section's absolute line.
  const relative = line - part.line;
  return relative === part.next.line + 1 ? part.next.column - 1 : lastColumn;
}

function eachMappingOf(parts: Part[], indexed: boolean, callback: (mapping: MappingItem) => void, context: unknown, order: unknown): void {
  if (parts.length === 0) return;
  const ctx = context || null;
  const iteration = order || GENERATED_ORDER;
  if (iteration !== GENERATED_ORDER && iteration !== ORIGINAL_ORDER) throw new Error('Unknown order of iteration.');
  const shared = parts[0].shared;
  if (iteration === ORIGINAL_ORDER) for (const part of parts) part.wasmSpans = true;
  const call = (mapping: object) => callback.call(ctx, mapping as MappingItem);
  if (iteration === ORIGINAL_ORDER && shared.hasTies()) {
    eachFromModel(parts, indexed, iteration, call);
    return;
  }

  // The core's mapping objects are passed on, changed into mozilla's: its source strings and
  // names (the core's are indices, see buildCore), its lastGeneratedColumn.
  const index = (value: string | null) => (value === null ? -1 : Number(value));
  const emit = (m: CoreMapping, part: Part) => {
    const out = m as { -readonly [K in keyof CoreMapping]: CoreMapping[K] };
    out.lastGeneratedColumn = boundaryFix(part, m.generatedLine, part.span(m.lastGeneratedColumn, m.generatedLine), indexed) as number;
    if (m.source === null) {
      out.originalLine = null;
      out.originalColumn = null;
      out.name = null;
    } else {
      out.source = part.absolute[index(m.source) - part.sourceBase];
      out.name = m.name === null ? null : part.fields.names[index(m.name) - part.nameBase];
    }
    call(out);
  };
  // Mappings mozilla orders differently are held until their run ends.
  const held: CoreMapping[] = [];
  const heldParts: Part[] = [];
  const release = (generated: boolean) => {
    if (held.length > 1) {
      const order = held.map((_, i) => i);
      if (generated) {
        // One generated position: mapped first, by source, original line, column, name (none
        // first). The spans go with the places: all but the last end just before the column.
        order.sort((a, b) => {
          const x = held[a];
          const y = held[b];
          if (x.source === null || y.source === null) return (x.source === null ? 1 : 0) - (y.source === null ? 1 : 0);
          return index(x.source) - index(y.source) || (x.originalLine as number) - (y.originalLine as number)
            || (x.originalColumn as number) - (y.originalColumn as number) || index(x.name) - index(y.name);
        });
        const spans = held.map((m) => m.lastGeneratedColumn);
        order.forEach((i, place) => { (held[i] as { lastGeneratedColumn: number }).lastGeneratedColumn = spans[place]; });
      } else {
        // One original position: by name (none first), then generated position.
        order.sort((a, b) => index(held[a].name) - index(held[b].name) || a - b);
      }
      for (const i of order) emit(held[i], heldParts[i]);
    } else if (held.length === 1) {
      emit(held[0], heldParts[0]);
    }
    held.length = 0;
    heldParts.length = 0;
  };

  let p = 0;
  if (iteration === GENERATED_ORDER) {
    let ties = false;
    shared.core.eachMapping((m) => {
      while (parts[p].end && !before(m.generatedLine - 1, m.generatedColumn, parts[p].end as { line: number; column: number })) p++;
      const last = held[held.length - 1];
      if (last && (last.generatedLine !== m.generatedLine || last.generatedColumn !== m.generatedColumn)) release(true);
      else if (last) ties = true;
      held.push(m);
      heldParts.push(parts[p]);
    });
    release(true);
    shared.ties = ties;
    return;
  }
  shared.reader.eachOriginal((m) => {
    const source = index(m.source);
    while (p + 1 < parts.length && source >= parts[p + 1].sourceBase) p++;
    const last = held[held.length - 1];
    if (last && (last.source !== m.source || last.originalLine !== m.originalLine || last.originalColumn !== m.originalColumn)) release(false);
    held.push(m);
    heldParts.push(parts[p]);
  });
  release(false);
}

function eachFromModel(parts: Part[], indexed: boolean, order: number, call: (mapping: object) => void): void {
  const { model } = parts[0].shared;
  const { rows } = model;
  const emit = (row: number, part: Part) => {
    const line = rows.line(row) + 1;
    const source = rows.source(row);
    const name = rows.name(row);
    call({
      generatedLine: line,
      generatedColumn: rows.column(row),
      lastGeneratedColumn: boundaryFix(part, line, part.modelSpan(row), indexed),
      source: source < 0 ? null : part.absolute[source - part.sourceBase],
      originalLine: source < 0 ? null : rows.originalLine(row) + 1,
      originalColumn: source < 0 ? null : rows.originalColumn(row),
      name: source < 0 || name < 0 ? null : part.fields.names[name - part.nameBase],
    });
  };
  for (const part of parts) {
    if (order === GENERATED_ORDER) {
      const [start, end] = model.range(part);
      for (let row = start; row < end; row++) emit(row, part);
    } else {
      for (let i = 0; i < part.fields.sources.length; i++) {
        for (const row of model.bucket(part.sourceBase + i)) emit(row, part);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The consumers.

const INTERNAL = Symbol('sourcemap-wasm/source-map');

class ConsumerBase {
  static readonly GENERATED_ORDER = GENERATED_ORDER;
  static readonly ORIGINAL_ORDER = ORIGINAL_ORDER;
  static readonly GREATEST_LOWER_BOUND = GREATEST_LOWER_BOUND;
  static readonly LEAST_UPPER_BOUND = LEAST_UPPER_BOUND;

  constructor(token: symbol) {
    if (token !== INTERNAL) throw new TypeError('Use new SourceMapConsumer(rawMap, url) or SourceMapConsumer.sync(rawMap, url)');
  }
}

class Basic extends ConsumerBase implements BasicSourceMapConsumer {
  readonly #part: Part;
  file: string;
  sourceRoot: string;
  sourcesContent: string[];
  x_google_ignoreList: number[] | null;

  constructor(token: symbol, input: unknown, url: string | null | undefined) {
    super(token);
    const fields = readFields(input);
    const core = buildCore([{ line: 0, column: 0, mappings: fields.mappings as string, sources: fields.sources, names: fields.names }], false);
    this.#part = new Part(new Shared(core), fields, url, { line: 0, column: 0 }, { source: 0, name: 0 });
    this.sourceRoot = fields.sourceRoot as string;
    this.sourcesContent = fields.sourcesContent as string[];
    this.file = fields.file as string;
    this.x_google_ignoreList = fields.ignoreList as number[] | null;
  }

  get sources(): string[] {
    return this.#part.absolute.slice();
  }

  computeColumnSpans(): void {
    this.#part.computeColumnSpans();
  }

  originalPositionFor(generatedPosition: Position & { bias?: number }): NullableMappedPosition {
    return this.#part.originalPositionFor(generatedPosition);
  }

  generatedPositionFor(originalPosition: MappedPosition & { bias?: number }): NullablePosition {
    return this.#part.generatedPositionFor(originalPosition);
  }

  allGeneratedPositionsFor(originalPosition: { source: string; line: number; column?: number }): NullablePosition[] {
    return this.#part.allGeneratedPositionsFor(originalPosition);
  }

  hasContentsOfAllSources(): boolean {
    return this.#part.hasContentsOfAllSources();
  }

  sourceContentFor(source: string, returnNullOnMissing?: boolean): string | null {
    return this.#part.sourceContentFor(source, returnNullOnMissing);
  }

  eachMapping(callback: (this: unknown, mapping: MappingItem) => void, context?: unknown, order?: number): void {
    eachMappingOf([this.#part], false, callback, context, order);
  }

  destroy(): void {
    this.#part.destroy();
  }
}

class Indexed extends ConsumerBase implements IndexedSourceMapConsumer {
  readonly #parts: Part[];

  constructor(token: symbol, input: unknown, url: string | null | undefined) {
    super(token);
    const map = typeof input === 'string' ? parseInput(input) : input;
    const version = getArg(map, 'version');
    const sections = getArg(map, 'sections') as unknown[];
    if (version != 3) throw new Error(`Unsupported version: ${String(version)}`);
    let last = { line: -1, column: 0 };
    const read = sections.map((section) => {
      if ((section as JsonObject).url) throw new Error('Support for url field in sections not implemented.');
      const offset = getArg(section, 'offset') as { line: number; column: number };
      const line = getArg(offset, 'line') as number;
      const column = getArg(offset, 'column') as number;
      if (line < last.line || (line === last.line && column < last.column)) throw new Error('Section offsets must be ordered and non-overlapping.');
      last = offset;
      let sectionMap = getArg(section, 'map');
      if (typeof sectionMap === 'string') sectionMap = parseInput(sectionMap);
      if (isObject(sectionMap) && sectionMap.sections != null) {
        throw new Error('sourcemap-wasm/source-map does not support nested index maps (a section whose map has "sections")');
      }
      return { line, column, fields: readFields(sectionMap) };
    });
    const core = buildCore(read.map(({ line, column, fields }) => ({ line, column, mappings: fields.mappings as string, sources: fields.sources, names: fields.names })), true);
    const shared = new Shared(core);
    let source = 0;
    let name = 0;
    this.#parts = read.map(({ line, column, fields }) => {
      const part = new Part(shared, fields, url, { line, column }, { source, name });
      source += fields.sources.length;
      name += fields.names.length;
      return part;
    });
    this.#parts.forEach((part, i) => {
      const next = this.#parts[i + 1];
      if (next) {
        part.next = next;
        part.end = { line: next.line, column: next.column };
      }
    });
  }

  get sources(): string[] {
    const sources: string[] = [];
    for (const part of this.#parts) for (const source of part.absolute) sources.push(source);
    return sources;
  }

  // mozilla's section search: the last section starting at or before the position (its
  // recursive binary search, whose pick among sections at one offset this repeats).
  #partAt(line: number, column: number): Part | undefined {
    const parts = this.#parts;
    if (parts.length === 0) return undefined;
    const compare = (part: Part) => (line - (part.line + 1)) || (column - part.column);
    const search = (low: number, high: number): number => {
      const middle = Math.floor((high - low) / 2) + low;
      const cmp = compare(parts[middle]);
      if (cmp === 0) return middle;
      if (cmp > 0) return high - middle > 1 ? search(middle, high) : middle;
      return middle - low > 1 ? search(low, middle) : low < 0 ? -1 : low;
    };
    const index = search(-1, parts.length);
    return index < 0 ? undefined : parts[index];
  }

  #partOf(source: string): number {
    return this.#parts.findIndex((part) => part.findSource(source) !== -1);
  }

  computeColumnSpans(): void {
    for (const part of this.#parts) part.computeColumnSpans();
  }

  originalPositionFor(generatedPosition: Position & { bias?: number }): NullableMappedPosition {
    const line = getArg(generatedPosition, 'line') as number;
    const column = getArg(generatedPosition, 'column') as number;
    const part = this.#partAt(line, column);
    if (!part) return NULL_ORIGINAL();
    return part.originalPositionFor({
      line: line - part.line,
      column: column - (part.line + 1 === line ? part.column : 0),
      bias: generatedPosition.bias,
    });
  }

  #shift(part: Part, position: NullablePosition): NullablePosition {
    position.lastColumn = boundaryFix(part, position.line as number, position.lastColumn, true);
    return position;
  }

  generatedPositionFor(originalPosition: MappedPosition & { bias?: number }): NullablePosition {
    const index = this.#partOf(getArg(originalPosition, 'source') as string);
    if (index < 0) return NULL_GENERATED();
    const part = this.#parts[index];
    const position = part.generatedPositionFor(originalPosition);
    return position.line === null ? NULL_GENERATED() : this.#shift(part, position);
  }

  allGeneratedPositionsFor(originalPosition: { source: string; line: number; column?: number }): NullablePosition[] {
    const index = this.#partOf(getArg(originalPosition, 'source') as string);
    if (index < 0) return [];
    const part = this.#parts[index];
    return part.allGeneratedPositionsFor(originalPosition).map((position) => this.#shift(part, position));
  }

  hasContentsOfAllSources(): boolean {
    return this.#parts.every((part) => part.hasContentsOfAllSources());
  }

  sourceContentFor(source: string, returnNullOnMissing?: boolean): string | null {
    for (const part of this.#parts) {
      const content = part.sourceContentFor(source, true);
      if (content) return content;
    }
    if (returnNullOnMissing) return null;
    throw new Error(`"${source}" is not in the SourceMap.`);
  }

  eachMapping(callback: (this: unknown, mapping: MappingItem) => void, context?: unknown, order?: number): void {
    eachMappingOf(this.#parts, true, callback, context, order);
  }

  destroy(): void {
    for (const part of this.#parts) part.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The public constructors: `new X(raw, url)` gives a Promise of the consumer, as in mozilla
// (a string that is not JSON throws at once, anything else rejects); `X.sync(raw, url)` gives
// the consumer itself.

type Made = Basic | Indexed;

function make(raw: unknown, url: string | null | undefined, kind: 'any' | 'basic' | 'indexed'): Made {
  if (kind === 'any') {
    raw = typeof raw === 'string' ? parseInput(raw) : raw;
    kind = (raw as JsonObject).sections != null ? 'indexed' : 'basic';
  }
  return kind === 'basic' ? new Basic(INTERNAL, raw, url) : new Indexed(INTERNAL, raw, url);
}

function promised(raw: unknown, url: string | null | undefined, kind: 'any' | 'basic' | 'indexed'): Promise<Made> {
  if (kind === 'any') {
    // As in mozilla, text that is not JSON (or no map at all) throws at once; the rest rejects.
    if (typeof raw === 'string') raw = parseInput(raw);
    kind = (raw as JsonObject).sections != null ? 'indexed' : 'basic';
  }
  try {
    return Promise.resolve(make(raw, url, kind));
  } catch (error) {
    return Promise.reject(error);
  }
}

function constructor(name: string, kind: 'any' | 'basic' | 'indexed', prototype: object) {
  const ctor = function (this: unknown, raw: unknown, url?: string | null): Promise<Made> {
    if (!new.target) throw new TypeError(`Class constructor ${name} cannot be invoked without 'new'`);
    return promised(raw, url, kind);
  };
  Object.defineProperty(ctor, 'name', { value: name, configurable: true });
  ctor.prototype = prototype;
  Object.defineProperty(prototype, 'constructor', { value: ctor, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(ctor, 'sync', {
    value: (raw: unknown, url?: string | null) => make(raw, url, kind),
    writable: true,
    configurable: true,
  });
  return ctor;
}

const fromSourceMap = (sourceMap: SourceMapGeneratorLike): Promise<Made> => promised(sourceMap.toString(), undefined, 'basic');

export const SourceMapConsumer = Object.assign(constructor('SourceMapConsumer', 'any', ConsumerBase.prototype), {
  GENERATED_ORDER,
  ORIGINAL_ORDER,
  GREATEST_LOWER_BOUND,
  LEAST_UPPER_BOUND,
  initialize(): void {},
  fromSourceMap,
  async with<T>(rawSourceMap: AnySourceMapInput, sourceMapUrl: SourceMapUrl | null | undefined, callback: (consumer: Made) => Promise<T> | T): Promise<T> {
    const consumer = await promised(rawSourceMap, sourceMapUrl, 'any');
    try {
      return await callback(consumer);
    } finally {
      consumer.destroy();
    }
  },
}) as unknown as SourceMapConsumerConstructor;

export const BasicSourceMapConsumer = Object.assign(constructor('BasicSourceMapConsumer', 'basic', Basic.prototype), { fromSourceMap }) as unknown as BasicSourceMapConsumerConstructor;

export const IndexedSourceMapConsumer = constructor('IndexedSourceMapConsumer', 'indexed', Indexed.prototype) as unknown as IndexedSourceMapConsumerConstructor;

// As mozilla's subclasses, they inherit SourceMapConsumer's statics (constants, with, initialize).
Object.setPrototypeOf(BasicSourceMapConsumer, SourceMapConsumer);
Object.setPrototypeOf(IndexedSourceMapConsumer, SourceMapConsumer);
Object.defineProperty(Basic.prototype, 'consumer', { value: SourceMapConsumer, writable: true, configurable: true });
