// The public consumer: a decoded map, answering lookups synchronously from wasm.

import { SourceMapError, type SourceMapProblem, type SourceMapWarning } from './errors.js';
import { readMapFields, type MapFields } from './fields.js';
import { isIndexMap, readIndexMap, type Section } from './index-map.js';
import {
  ANSWER_FIELDS, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, ROW_FIELDS, ROW_GENERATED_COLUMN, ROW_NAME,
  ROW_ORIGINAL_COLUMN, ROW_ORIGINAL_LINE, ROW_SOURCE,
} from './layout.js';
import { describe, parseInput, type SourceMapInput } from './parse.js';
import { RawStrings } from './raw-strings.js';
import { linesOfEscaped, linesOfText, type SourceLines } from './source-lines.js';
import { Reporter } from './report.js';
import { mapBase, resolveSource } from './resolve.js';
import {
  BATCH_WINDOW_BYTES, releaseMapMemory, decodeMappings, encodeMappings, MappingsError, reserveMapMemory, resolvePositions,
  type DecodedMappings, type SectionInput,
} from './wasm.js';
import { originalOrderFor, type IndexedMap } from './original-order.js';

export type Bias = typeof GREATEST_LOWER_BOUND | typeof LEAST_UPPER_BOUND;

export interface SourceMapOptions {
  /** The URL the map was loaded from: sources resolve against it (WHATWG URL rules). */
  url?: string;
  /**
   * true (the default): every problem ECMA-426 lets a consumer report is a `SourceMapError`.
   * false: keep going where the peers do (see `warnings`).
   */
  strict?: boolean;
  /** Refuse maps whose `mappings` (all sections together) are longer than this. Default 256 MiB. */
  maxMappingsBytes?: number;
  /** Refuse maps with more segments than this, before memory is reserved for them. Default 64 Mi (1.25 GiB decoded). */
  maxSegments?: number;
}

export const DEFAULT_MAX_MAPPINGS_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_SEGMENTS = 64 * 1024 * 1024;

export interface Position {
  /** 1-based line. */
  line: number;
  /** 0-based column (UTF-16 code units; bytes for WebAssembly). */
  column: number;
}

export interface Needle extends Position {
  /** GREATEST_LOWER_BOUND (default) or LEAST_UPPER_BOUND. */
  bias?: Bias;
}

export interface OriginalPosition {
  source: string | null;
  line: number | null;
  column: number | null;
  name: string | null;
}

export interface OriginalNeedle extends Position {
  /** The source, by its resolved URL (as in `sources`) or as the map spells it. */
  source: string;
  /** GREATEST_LOWER_BOUND (default) or LEAST_UPPER_BOUND. */
  bias?: Bias;
}

export interface GeneratedPosition {
  /** 1-based line. */
  line: number | null;
  column: number | null;
  /** The last column the mapping covers (inclusive): the next mapping's column - 1, or Infinity. */
  lastColumn: number | null;
}

/** One mapping, in source-map's shape: lines 1-based, columns 0-based. */
export interface Mapping {
  generatedLine: number;
  generatedColumn: number;
  /** The last generated column the mapping covers (inclusive); Infinity for a line's last. */
  lastGeneratedColumn: number;
  source: string | null;
  originalLine: number | null;
  originalColumn: number | null;
  name: string | null;
}

export type MappingOrder = 'generated' | 'original';

/** A regular source map, as `toJSON()` writes it. */
export interface RegularSourceMap {
  version: 3;
  file?: string;
  sources: (string | null)[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  ignoreList?: number[];
  debugId?: string;
}

/** A segment in trace-mapping's decoded shape: all 0-based, indices into `sources` / `names`. */
export type SourceMapSegment =
  | [generatedColumn: number]
  | [generatedColumn: number, source: number, originalLine: number, originalColumn: number]
  | [generatedColumn: number, source: number, originalLine: number, originalColumn: number, name: number];

interface Decoded extends IndexedMap {
  batchWindow: number | undefined;
}

const NO_GENERATED: GeneratedPosition = Object.freeze({ line: null, column: null, lastColumn: null }) as GeneratedPosition;

const disposeSymbol: symbol | undefined = (Symbol as { dispose?: symbol }).dispose;

export class SourceMap {
  readonly version = 3;
  /** The generated file's name, as the map gives it. */
  readonly file: string | null;
  /** `sourceRoot` as the map gives it (null for index maps). */
  readonly sourceRoot: string | null;
  /** The sources, resolved: `sourceRoot` joined, then resolved against `url` when given. */
  readonly sources: readonly (string | null)[];
  /** The sources as the map spells them (before `sourceRoot` and `url`). */
  readonly rawSources: readonly (string | null)[];
  /** Indices into `sources` of third-party code (`ignoreList`, or `x_google_ignoreList`). */
  readonly ignoreList: readonly number[];
  readonly debugId: string | null;
  /** What lenient mode (`strict: false`) skipped; the first 64 mapping problems are kept. */
  readonly warnings: readonly SourceMapWarning[];

  #decoded: Decoded | undefined;
  #names: string[] | RawStrings; // from bytes, a regular map's names stay unparsed (raw-strings.ts)
  #iterating = 0; // eachMapping() loops running
  // The last originalPositionFor that searched (default bias): its line and column, how many
  // columns from there its answer holds for, and that answer's fields (see #remember).
  #lastLine = 0;
  #lastColumn = 0;
  #lastSpan = 0;
  #lastSource: string | null = null;
  #lastOriginalLine: number | null = null;
  #lastOriginalColumn: number | null = null;
  #lastName: string | null = null;
  #sourcesContent: (string | null)[] | undefined;
  #contentParts: { base: number; count: number; content: MapFields['sourcesContent'] }[] = [];
  #sourceIndex: Map<string, number> | undefined;
  #sourceLines: Map<number, SourceLines | null> | undefined;
  readonly #ignored: Set<number>;

  constructor(input: SourceMapInput, options: SourceMapOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new SourceMapError({ code: 'INVALID_OPTION', message: `options must be an object, not ${describe(options)}` });
    }
    const { url, strict = true, maxMappingsBytes = DEFAULT_MAX_MAPPINGS_BYTES, maxSegments = DEFAULT_MAX_SEGMENTS } = options;
    if (url !== undefined && typeof url !== 'string') {
      throw new SourceMapError({ code: 'INVALID_OPTION', field: 'url', message: `options.url must be a string, not ${describe(url)}` });
    }
    checkLimit('maxMappingsBytes', maxMappingsBytes);
    checkLimit('maxSegments', maxSegments);
    const report = new Reporter(!strict);
    const json = parseInput(input);

    let sections: Section[];
    if (isIndexMap(json)) {
      const index = readIndexMap(json, report);
      sections = index.sections;
      this.file = index.file;
      this.debugId = index.debugId;
      this.sourceRoot = null;
    } else {
      const fields = readMapFields(json, report);
      sections = [{ line: 0, column: 0, fields }];
      this.file = fields.file;
      this.debugId = fields.debugId;
      this.sourceRoot = fields.sourceRoot;
    }

    const base = mapBase(url);
    const sources: (string | null)[] = [];
    const rawSources: (string | null)[] = [];
    let nameCount = 0;
    const ignoreList: number[] = [];
    const inputs: SectionInput[] = [];
    for (const { line, column, fields } of sections) {
      const sourceBase = sources.length;
      fields.sources.forEach((source, i) => {
        rawSources.push(source);
        sources.push(source === null ? null : resolved(source, fields, base, report, sourceBase + i));
      });
      this.#contentParts.push({ base: sourceBase, count: fields.sources.length, content: fields.sourcesContent });
      for (const index of fields.ignoreList) ignoreList.push(sourceBase + index);
      inputs.push({
        mappings: fields.mappings,
        mappingsCounts: fields.mappingsCounts,
        lineOffset: line,
        columnOffset: column,
        sourceBase,
        sourceCount: fields.sources.length,
        nameBase: nameCount,
        nameCount: fields.names.length,
      });
      nameCount += fields.names.length;
    }

    const mappingsBytes = inputs.reduce((total, input) => total + input.mappings.length, 0);
    if (mappingsBytes > maxMappingsBytes) {
      throw new SourceMapError({
        code: 'LIMIT_EXCEEDED',
        field: 'maxMappingsBytes',
        message: `The map's mappings are ${mappingsBytes} bytes, more than maxMappingsBytes (${maxMappingsBytes}); raise the option to decode it`,
      });
    }
    const decoded = decodeSections(inputs, report, isIndexMap(json), maxSegments);
    // Every field written here, in one order, whichever decode made it: one object shape for
    // every map, so a lookup's property reads stay monomorphic however many maps it sees.
    this.#decoded = {
      memory: decoded.memory,
      exports: decoded.exports,
      rows: decoded.rows,
      segmentCount: decoded.segmentCount,
      lineStarts: decoded.lineStarts,
      lineCount: decoded.lineCount,
      end: decoded.end,
      keys: decoded.keys,
      warnings: decoded.warnings,
      warningCount: decoded.warningCount,
      view: new Int32Array(decoded.memory.buffer),
      reverse: undefined,
      batchWindow: undefined,
    };
    this.sources = sources;
    this.rawSources = rawSources;
    this.#names = joinNames(sections.map((section) => section.fields.names));
    this.ignoreList = ignoreList;
    this.#ignored = new Set(ignoreList);
    this.warnings = [...report.warnings, ...decoded.warnings];
  }

  /** The names (identifiers) that mappings refer to by index. */
  get names(): readonly string[] {
    // From bytes, a regular map's names are parsed here, on first use (lookups decode only
    // the names they return: see nameAt).
    if (this.#names instanceof RawStrings) this.#names = this.#names.all();
    return this.#names;
  }

  /** The name at an index into `names` (as a mapping or `segmentFor` gives it), or null when there is none. */
  nameAt(index: number): string | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.#names.length) return null;
    return this.#nameOf(index);
  }

  // A name index from the rows: in range by construction, so nameAt()'s checks are not needed.
  #nameOf(index: number): string {
    const names = this.#names;
    return names instanceof RawStrings ? names.at(index) : names[index];
  }

  /** The original texts, one per source (null where the map does not embed one). */
  get sourcesContent(): readonly (string | null)[] {
    if (!this.#sourcesContent) {
      // From bytes, sourcesContent is parsed here, on first use, not when the map is decoded
      // (sourceContentAt parses only the item it returns).
      const content: (string | null)[] = new Array(this.sources.length).fill(null);
      for (const part of this.#contentParts) {
        const list = part.content instanceof RawStrings ? part.content.all() : part.content;
        for (let i = 0; i < part.count; i++) content[part.base + i] = list[i] ?? null;
      }
      this.#sourcesContent = content;
      this.#contentParts = [];
    }
    return this.#sourcesContent;
  }

  /**
   * The original text of the source at an index into `sources` (as `segmentFor` gives it),
   * or null when the map does not embed it or no source has that index. From bytes, only
   * this source's text is parsed, not the whole `sourcesContent`.
   */
  sourceContentAt(index: number): string | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.sources.length) return null;
    if (this.#sourcesContent) return this.#sourcesContent[index];
    const part = this.#contentParts[partAt(this.#contentParts, index)];
    const i = index - part.base;
    if (i >= part.content.length) return null;
    return part.content instanceof RawStrings ? part.content.at(i) : part.content[i] ?? null;
  }

  /**
   * The lines of the source at an index into `sources`, or null when the map does not embed
   * its text or no source has that index: `lines(first, last)` returns just those lines.
   * Kept for the next call: 4 bytes a line. From bytes, the lines are found in the escaped
   * JSON and only those asked for are unescaped; the whole text is never made.
   */
  sourceLinesAt(index: number): SourceLines | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.sources.length) return null;
    const cache = (this.#sourceLines ??= new Map());
    let lines = cache.get(index);
    if (lines === undefined) {
      lines = this.#linesOf(index);
      cache.set(index, lines);
    }
    return lines;
  }

  /** sourceLinesAt() of a source given by its resolved URL or as the map spells it. */
  sourceLinesFor(source: string): SourceLines | null {
    return this.sourceLinesAt(this.sourceIndex(source));
  }

  #linesOf(index: number): SourceLines | null {
    if (!this.#sourcesContent) {
      const part = this.#contentParts[partAt(this.#contentParts, index)];
      const i = index - part.base;
      if (i >= part.content.length) return null;
      const escaped = part.content instanceof RawStrings ? part.content.escapedAt(i) : undefined;
      if (escaped === null) return null;
      if (escaped) {
        const lines = linesOfEscaped(escaped);
        if (lines) return lines;
      }
    }
    const text = this.sourceContentAt(index);
    return text === null ? null : linesOfText(text);
  }

  /** Number of segments (mappings) in the map. */
  get segmentCount(): number {
    return this.#use().segmentCount;
  }

  /** Number of generated lines the mappings cover. */
  get lineCount(): number {
    return this.#use().lineCount;
  }

  /**
   * The original position of a generated one: `line` 1-based, `column` 0-based. With the
   * default bias, the closest mapping at or left of the column on the same line; with
   * LEAST_UPPER_BOUND, at or right of it. All fields null when nothing maps.
   */
  originalPositionFor(needle: Needle): OriginalPosition {
    const decoded = this.#use();
    const { line, column } = needle;
    const bias = needle.bias ?? GREATEST_LOWER_BOUND;
    checkPosition(line, column, bias);
    // One unsigned comparison: a column left of the last is a huge difference, past the span.
    if (line === this.#lastLine && bias === GREATEST_LOWER_BOUND && (column - this.#lastColumn) >>> 0 < this.#lastSpan) {
      return { source: this.#lastSource, line: this.#lastOriginalLine, column: this.#lastOriginalColumn, name: this.#lastName };
    }
    // A line without mappings is answered without a call into wasm: many lines of unminified
    // bundles are (react.js.map: 8 of 9, babel.min.js.map: 15 of 19).
    if (line > decoded.lineCount) return noAnswer();
    const view = decoded.view;
    const lineStarts = decoded.lineStarts >> 2;
    const first = view[lineStarts + line - 1];
    const end = view[lineStarts + line];
    if (first === end) return noAnswer();
    const rows = decoded.rows >> 2;
    // So is a short line, scanned here: typescript.esbuild-min.js.map has 316 of its 446 lines
    // of one row (random lookups there: 32.5 -> 22.3 ns). Up to SHORT_LINE_ROWS rows, not only
    // one: random lookups on pdfjs 171.9 -> 146.7 and 164.7 -> 141.9 ns, angular 156.7 ->
    // 143.4 and 110.6 -> 108.3 (old and new alternating in one process).
    const row = end - first <= SHORT_LINE_ROWS
      ? rowInShortLine(view, rows, first, end, column, bias)
      : decoded.exports.findRow(line - 1, column, bias);
    let answer: OriginalPosition;
    if (row < 0) {
      answer = noAnswer();
    } else {
      const at = rows + row * ROW_FIELDS;
      const source = view[at + ROW_SOURCE];
      const name = view[at + ROW_NAME];
      answer = {
        source: source < 0 ? null : this.sources[source],
        line: source < 0 ? null : view[at + ROW_ORIGINAL_LINE] + 1,
        column: source < 0 ? null : view[at + ROW_ORIGINAL_COLUMN],
        name: name < 0 ? null : this.#nameOf(name),
      };
    }
    if (bias === GREATEST_LOWER_BOUND) this.#remember(decoded, line, column, row < 0 ? first : row + 1, end, answer);
    return answer;
  }

  /**
   * The segment that answers a generated position, in trace-mapping's decoded shape
   * (0-based, indices into `sources` and `names`), or null when none does.
   */
  segmentFor(needle: Needle): SourceMapSegment | null {
    const decoded = this.#use();
    const bias = needle.bias ?? GREATEST_LOWER_BOUND;
    checkPosition(needle.line, needle.column, bias);
    const row = needle.line > 0x7fffffff ? -1 : decoded.exports.findRow(needle.line - 1, needle.column, bias);
    return row < 0 ? null : segmentOf(decoded.view, (decoded.rows >> 2) + row * ROW_FIELDS);
  }

  /**
   * The generated position of an original one (`line` 1-based, `column` 0-based) in
   * `source`. With the default bias, the closest mapping at or before it in that source;
   * with LEAST_UPPER_BOUND, at or after it. As in source-map, the answer may be on another
   * original line. Builds the original-order index on the first call.
   */
  generatedPositionFor(needle: OriginalNeedle): GeneratedPosition {
    const decoded = this.#use();
    const bias = needle.bias ?? GREATEST_LOWER_BOUND;
    checkPosition(needle.line, needle.column, bias);
    const source = this.sourceIndex(needle.source);
    if (source < 0 || needle.line > 0x7fffffff) return { ...NO_GENERATED };
    const order = originalOrderFor(decoded, source);
    const found = decoded.exports.findGenerated(order.order, order.count, order.samples, source, needle.line - 1, needle.column, bias);
    if (found < 0) return { ...NO_GENERATED };
    return this.#generatedOf(decoded, decoded.view[(order.order >> 2) + found]);
  }

  /**
   * Every generated position of an original line (and column, when given), as source-map
   * answers it: without a column, the first original line at or after `line` that has
   * mappings; with one, the first column at or after `column` on that very line.
   */
  allGeneratedPositionsFor(needle: { source: string; line: number; column?: number }): GeneratedPosition[] {
    const decoded = this.#use();
    const { line } = needle;
    const column = needle.column ?? 0;
    checkPosition(line, column, GREATEST_LOWER_BOUND);
    const source = this.sourceIndex(needle.source);
    if (source < 0 || line > 0x7fffffff) return [];
    const order = originalOrderFor(decoded, source);
    const { view, rows } = decoded;
    const rowAt = (i: number) => (rows >> 2) + view[(order.order >> 2) + i] * ROW_FIELDS;
    let i = decoded.exports.firstGeneratedAtLeast(order.order, order.count, order.samples, source, line - 1, column);
    if (i >= order.count || view[rowAt(i) + ROW_SOURCE] !== source) return [];
    const originalLine = view[rowAt(i) + ROW_ORIGINAL_LINE];
    const originalColumn = view[rowAt(i) + ROW_ORIGINAL_COLUMN];
    if (needle.column !== undefined && originalLine !== line - 1) return [];
    const found: GeneratedPosition[] = [];
    for (; i < order.count; i++) {
      const at = rowAt(i);
      if (view[at + ROW_SOURCE] !== source || view[at + ROW_ORIGINAL_LINE] !== originalLine) break;
      if (needle.column !== undefined && view[at + ROW_ORIGINAL_COLUMN] !== originalColumn) break;
      found.push(this.#generatedOf(decoded, view[(order.order >> 2) + i]));
    }
    return found;
  }

  /**
   * Calls `callback` with every mapping, in generated order (the default) or in original
   * order (by source, original line and column; mappings without a source are left out).
   */
  eachMapping(callback: (mapping: Mapping) => void, options: { order?: MappingOrder } = {}): void {
    const decoded = this.#use();
    if (options.order !== undefined && options.order !== 'generated' && options.order !== 'original') {
      throw new SourceMapError({ code: 'INVALID_OPTION', field: 'order', message: `order must be 'generated' or 'original', not ${describe(options.order)}` });
    }
    const order = options.order === 'original' ? originalOrderFor(decoded) : undefined;
    const lineStarts = decoded.lineStarts >> 2;
    const rows = decoded.rows >> 2;
    const names = this.names; // every mapping: all the names, parsed at once
    // The view is read afresh for each mapping: a callback that makes a reverse or batch
    // lookup may grow the map's memory, which detaches the previous view.
    const mapping = (row: number, line: number): Mapping => {
      const view = decoded.view;
      const at = rows + row * ROW_FIELDS;
      const source = view[at + ROW_SOURCE];
      const name = view[at + ROW_NAME];
      return {
        generatedLine: line + 1,
        generatedColumn: view[at + ROW_GENERATED_COLUMN],
        lastGeneratedColumn: row + 1 < view[lineStarts + line + 1] ? view[at + ROW_FIELDS + ROW_GENERATED_COLUMN] - 1 : Infinity,
        source: source < 0 ? null : this.sources[source],
        originalLine: source < 0 ? null : view[at + ROW_ORIGINAL_LINE] + 1,
        originalColumn: source < 0 ? null : view[at + ROW_ORIGINAL_COLUMN],
        name: name < 0 ? null : names[name],
      };
    };
    this.#iterating++;
    try {
      if (order) {
        for (let i = 0; i < order.count; i++) {
          const row = decoded.view[(order.order >> 2) + i];
          callback(mapping(row, this.#lineOfRow(decoded, row)));
        }
        return;
      }
      for (let line = 0; line < decoded.lineCount; line++) {
        for (let row = decoded.view[lineStarts + line]; row < decoded.view[lineStarts + line + 1]; row++) callback(mapping(row, line));
      }
    } finally {
      this.#iterating--;
    }
  }

  /** The mappings in trace-mapping's decoded shape: one array of segments per generated line. */
  decodedMappings(): SourceMapSegment[][] {
    const decoded = this.#use();
    const { view, rows } = decoded;
    const lineStarts = decoded.lineStarts >> 2;
    const lines: SourceMapSegment[][] = [];
    for (let line = 0; line < decoded.lineCount; line++) {
      const segments: SourceMapSegment[] = [];
      const end = view[lineStarts + line + 1];
      for (let row = view[lineStarts + line]; row < end; row++) {
        segments.push(segmentOf(view, (rows >> 2) + row * ROW_FIELDS));
      }
      lines.push(segments);
    }
    return lines;
  }

  /**
   * Many lookups in one call, for servers: `positions` holds (line, column) pairs (lines
   * 1-based). Returns four numbers per position: the index into `sources`, the original
   * line (1-based), the original column, the index into `names`; -1 for each that is absent.
   * Pass `into` (at least 4 numbers per position) to have them written there instead of into
   * a new array: a large new array costs a page fault per 4 KiB, which can take longer than
   * the lookups.
   */
  originalPositionsFor(positions: Int32Array, bias: Bias = GREATEST_LOWER_BOUND, into?: Float64Array): Float64Array {
    if (!(positions instanceof Int32Array) || positions.length % 2 !== 0) {
      throw new SourceMapError({ code: 'INVALID_POSITION', message: 'positions must be an Int32Array of (line, column) pairs' });
    }
    checkPosition(1, 0, bias);
    const answers = positions.length * (ANSWER_FIELDS / 2);
    if (into !== undefined && (!(into instanceof Float64Array) || into.length < answers)) {
      throw new SourceMapError({ code: 'INVALID_POSITION', message: `into must be a Float64Array of at least ${answers} numbers (${ANSWER_FIELDS} per position)` });
    }
    if (into !== undefined && overlaps(into, positions)) {
      // Answers are written window by window: they would overwrite positions not yet read.
      throw new SourceMapError({ code: 'INVALID_POSITION', message: 'into must not share memory with positions' });
    }
    const decoded = this.#use();
    if (decoded.batchWindow === undefined) {
      decoded.batchWindow = (decoded.end + 7) & ~7; // f64 answers
      decoded.end = decoded.batchWindow + BATCH_WINDOW_BYTES;
      reserveMapMemory(decoded, decoded.end);
      decoded.view = new Int32Array(decoded.memory.buffer);
    }
    return resolvePositions(decoded, decoded.batchWindow, positions, bias, into ?? new Float64Array(answers));
  }

  /** The mappings as a `mappings` string (index maps flattened; out-of-order lines sorted). */
  encodedMappings(): string {
    return encodeMappings(this.#use());
  }

  /**
   * The map as a regular ECMA-426 source map object: an index map is flattened into one,
   * `sources` are as resolved (so `sourceRoot` is folded in and left out).
   */
  toJSON(): RegularSourceMap {
    const json: RegularSourceMap = { version: 3, sources: [...this.sources], names: [...this.names], mappings: this.encodedMappings() };
    if (this.file !== null) json.file = this.file;
    if (this.sourcesContent.some((content) => content !== null)) json.sourcesContent = [...this.sourcesContent];
    if (this.ignoreList.length > 0) json.ignoreList = [...this.ignoreList];
    if (this.debugId !== null) json.debugId = this.debugId;
    return json;
  }

  /** The index in `sources` of a source given by its resolved URL or as the map spells it; -1 if none. */
  sourceIndex(source: string): number {
    if (!this.#sourceIndex) {
      const index = new Map<string, number>();
      const add = (key: string | null, i: number) => { if (key !== null && !index.has(key)) index.set(key, i); };
      this.sources.forEach(add);
      this.rawSources.forEach(add);
      this.#sourceIndex = index;
    }
    return this.#sourceIndex.get(source) ?? -1;
  }

  /** The original text of a source (resolved or raw name), or null when the map does not embed it. */
  sourceContentFor(source: string): string | null {
    return this.sourceContentAt(this.sourceIndex(source));
  }

  /** Whether a source (resolved or raw name) is listed in `ignoreList` as third-party code. */
  isIgnored(source: string): boolean {
    return this.#ignored.has(this.sourceIndex(source));
  }

  /** Frees the decoded mappings now instead of at garbage collection. Idempotent. */
  dispose(): void {
    // The memory goes to the next map, unless a callback of eachMapping() disposed the map
    // it is iterating: the loop still reads it.
    if (this.#decoded && this.#iterating === 0) releaseMapMemory(this.#decoded);
    this.#decoded = undefined;
  }

  // The 0-based generated line of a row: the last line that starts at or before it.
  #lineOfRow(decoded: Decoded, row: number): number {
    const { view } = decoded;
    const lineStarts = decoded.lineStarts >> 2;
    let low = 0;
    let high = decoded.lineCount;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (view[lineStarts + middle + 1] > row) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  #generatedOf(decoded: Decoded, row: number): GeneratedPosition {
    const { view } = decoded;
    const line = this.#lineOfRow(decoded, row);
    const at = (decoded.rows >> 2) + row * ROW_FIELDS;
    const end = view[(decoded.lineStarts >> 2) + line + 1];
    return {
      line: line + 1,
      column: view[at + ROW_GENERATED_COLUMN],
      lastColumn: row + 1 < end ? view[at + ROW_FIELDS + ROW_GENERATED_COLUMN] - 1 : Infinity,
    };
  }

  // Keeps a lookup's answer for the columns up to the next row's: `next` is the row after the
  // answer's (the line's first when nothing answered), `end` the line's end. A lookup further
  // right within that span has the same answer, and gets a copy of it with no call into wasm and
  // no read of the rows: ascending lookups mostly stay on a row or off the rows (preact.js.map
  // ascending, in one process: 25.9 -> 16.5 ns a lookup). trace-mapping keeps a memo of its
  // last search for the same reason. After an answer among rows at one column the span may be
  // empty, which only means that nothing is answered from it.
  #remember(decoded: Decoded, line: number, column: number, next: number, end: number, answer: OriginalPosition): void {
    const limit = next < end ? decoded.view[(decoded.rows >> 2) + next * ROW_FIELDS + ROW_GENERATED_COLUMN] : 0x80000000;
    this.#lastLine = line;
    this.#lastColumn = column;
    this.#lastSpan = limit - column;
    this.#lastSource = answer.source;
    this.#lastOriginalLine = answer.line;
    this.#lastOriginalColumn = answer.column;
    this.#lastName = answer.name;
  }

  #use(): Decoded {
    const decoded = this.#decoded;
    if (!decoded) throw new SourceMapError({ code: 'DISPOSED', message: 'This SourceMap was disposed: create a new one to look up positions' });
    return decoded;
  }
}

if (disposeSymbol) {
  Object.defineProperty(SourceMap.prototype, disposeSymbol, {
    value: SourceMap.prototype.dispose,
    writable: true,
    configurable: true,
  });
}

function resolved(source: string, fields: MapFields, base: ReturnType<typeof mapBase>, report: Reporter, index: number): string {
  const url = resolveSource(source, fields.sourceRoot, base);
  if (url !== undefined) return url;
  report.warnings.push({
    code: 'INVALID_FIELD',
    field: `sources[${index}]`,
    message: `Source ${JSON.stringify(source)} is not a valid URL relative to the map's URL; it is kept as written`,
  });
  return source;
}

// The part whose sources hold source `index`: the last whose base is at most `index` (the
// parts are in order of base, one per section, the first at 0).
function partAt(parts: readonly { base: number }[], index: number): number {
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (parts[middle].base <= index) low = middle;
    else high = middle - 1;
  }
  return low;
}

// The names of all sections, one after the other. A regular map's (one section) are kept as
// they are: unparsed when they came from bytes.
function joinNames(parts: (string[] | RawStrings)[]): string[] | RawStrings {
  if (parts.length === 1) return parts[0];
  const names: string[] = [];
  for (const part of parts) for (const name of part instanceof RawStrings ? part.all() : part) names.push(name);
  return names;
}

const SHORT_LINE_ROWS = 8;

// The row of [first, end) that answers `column` with `bias`, or -1, as findRow picks it
// (assembly/search.ts): `above` is the first row past the target; among rows at `column`,
// the first (greatest lower bound) or the last (least upper bound).
function rowInShortLine(view: Int32Array, rows: number, first: number, end: number, column: number, bias: number): number {
  const target = bias === GREATEST_LOWER_BOUND ? column - 1 : column;
  let above = first;
  while (above < end && view[rows + above * ROW_FIELDS + ROW_GENERATED_COLUMN] <= target) above++;
  if (bias === GREATEST_LOWER_BOUND) {
    return above < end && view[rows + above * ROW_FIELDS + ROW_GENERATED_COLUMN] === column ? above : above > first ? above - 1 : -1;
  }
  return above > first && view[rows + (above - 1) * ROW_FIELDS + ROW_GENERATED_COLUMN] === column ? above - 1 : above < end ? above : -1;
}

// A fresh "nothing maps here" answer (callers may change what they are given).
function noAnswer(): OriginalPosition {
  return { source: null, line: null, column: null, name: null };
}

function segmentOf(view: Int32Array, at: number): SourceMapSegment {
  const column = view[at + ROW_GENERATED_COLUMN];
  const source = view[at + ROW_SOURCE];
  const name = view[at + ROW_NAME];
  if (source < 0) return [column];
  if (name < 0) return [column, source, view[at + ROW_ORIGINAL_LINE], view[at + ROW_ORIGINAL_COLUMN]];
  return [column, source, view[at + ROW_ORIGINAL_LINE], view[at + ROW_ORIGINAL_COLUMN], name];
}

function checkLimit(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
    throw new SourceMapError({ code: 'INVALID_OPTION', field: name, message: `options.${name} must be an integer from 0 to 2^31 - 1, not ${describe(value)}` });
  }
}

function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

function checkPosition(line: number, column: number, bias: number): void {
  // The common case in a few comparisons that V8 inlines: small integers and a valid bias.
  if ((line | 0) === line && line >= 1 && (column | 0) === column && column >= 0 && (bias === GREATEST_LOWER_BOUND || bias === LEAST_UPPER_BOUND)) return;
  checkPositionFully(line, column, bias);
}

function checkPositionFully(line: number, column: number, bias: number): void {
  if (!Number.isInteger(line) || line < 1) {
    throw new SourceMapError({ code: 'INVALID_POSITION', message: `line must be an integer >= 1 (lines are 1-based), not ${describe(line)}` });
  }
  if (!Number.isInteger(column) || column < 0 || column > 0x7fffffff) {
    throw new SourceMapError({ code: 'INVALID_POSITION', message: `column must be an integer >= 0 (columns are 0-based), not ${describe(column)}` });
  }
  if (bias !== GREATEST_LOWER_BOUND && bias !== LEAST_UPPER_BOUND) {
    throw new SourceMapError({ code: 'INVALID_POSITION', message: `bias must be GREATEST_LOWER_BOUND (1) or LEAST_UPPER_BOUND (-1), not ${describe(bias)}` });
  }
}

// Decodes all sections at once. Lenient, a section whose mappings cannot be parsed is
// dropped (as ECMA-426 drops an index map's invalid section) and the rest decoded again.
function decodeSections(inputs: SectionInput[], report: Reporter, indexMap: boolean, maxSegments: number): DecodedMappings {
  for (;;) {
    try {
      return decodeMappings(inputs, report.lenient, indexMap, maxSegments);
    } catch (error) {
      if (!(error instanceof MappingsError) || !report.lenient || !indexMap || error.code === 'LIMIT_EXCEEDED') throw error;
      const problem: SourceMapProblem = { ...problemOf(error), message: `${error.message}; section ${error.sectionIndex}'s mappings are skipped` };
      report.warnings.push(problem);
      inputs[error.sectionIndex] = { ...inputs[error.sectionIndex], mappings: '', mappingsCounts: undefined };
    }
  }
}

function problemOf(error: SourceMapError): SourceMapProblem {
  const { code, message, field, offset, generatedLine, segment, section } = error;
  return { code, message, field, offset, generatedLine, segment, section };
}
