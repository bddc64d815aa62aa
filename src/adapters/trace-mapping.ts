// sourcemap-wasm/trace-mapping: @jridgewell/trace-mapping 0.3's API over one core SourceMap.
//
//   import { TraceMap, originalPositionFor } from 'sourcemap-wasm/trace-mapping';
//
// Every answer is trace-mapping's: the same fields, the same `resolvedSources` (its own URL
// resolution, not WHATWG), the same rules for equal columns (GREATEST_LOWER_BOUND takes the
// first of them, LEAST_UPPER_BOUND the last), reverse lookups confined to the original line
// asked for. The core decodes and searches; this module turns its answers into
// trace-mapping's, and keeps the decoded arrays only once `decodedMappings` (or
// `eachMapping`, `encodedMappings` of a decoded map) asks for them, as trace-mapping does.

import { GREATEST_LOWER_BOUND as CORE_GLB, LEAST_UPPER_BOUND as CORE_LUB } from '../index.js';
import type { GeneratedPosition, SourceMap as CoreMap } from '../index.js';
import { buildCore, CoreReader, MAX_POSITION, type CorePart, type JsonObject } from './core.js';
import { traceMappingResolver } from './resolve-uri.js';
import { encodeMappings } from './vlq.js';

export const LEAST_UPPER_BOUND = -1;
export const GREATEST_LOWER_BOUND = 1;

export type Bias = typeof GREATEST_LOWER_BOUND | typeof LEAST_UPPER_BOUND;

export type SourceMapSegment =
  | [number]
  | [number, number, number, number]
  | [number, number, number, number, number];

export interface SourceMapV3 {
  file?: string | null;
  names: string[];
  sourceRoot?: string;
  sources: (string | null)[];
  sourcesContent?: (string | null)[];
  version: 3;
  ignoreList?: number[];
}

export interface EncodedSourceMap extends SourceMapV3 {
  mappings: string;
}

export interface DecodedSourceMap extends SourceMapV3 {
  mappings: SourceMapSegment[][];
}

export interface Section {
  offset: { line: number; column: number };
  map: EncodedSourceMap | DecodedSourceMap | SectionedSourceMap;
}

export interface SectionedSourceMap {
  file?: string | null;
  sections: Section[];
  version: 3;
}

export type OriginalMapping = { source: string | null; line: number; column: number; name: string | null };
export type InvalidOriginalMapping = { source: null; line: null; column: null; name: null };
export type GeneratedMapping = { line: number; column: number };
export type InvalidGeneratedMapping = { line: null; column: null };
export type Needle = { line: number; column: number; bias?: Bias };
export type SourceNeedle = { source: string; line: number; column: number; bias?: Bias };

export type EachMapping =
  | { generatedLine: number; generatedColumn: number; source: null; originalLine: null; originalColumn: null; name: null }
  | { generatedLine: number; generatedColumn: number; source: string | null; originalLine: number; originalColumn: number; name: string | null };

export type XInput = { x_google_ignoreList?: SourceMapV3['ignoreList'] };
export type EncodedSourceMapXInput = EncodedSourceMap & XInput;
export type DecodedSourceMapXInput = DecodedSourceMap & XInput;
export type SectionedSourceMapXInput = Omit<SectionedSourceMap, 'sections'> & { sections: SectionXInput[] };
export type SectionXInput = Omit<Section, 'map'> & { map: SectionedSourceMapInput };
export type SourceMapInput = string | EncodedSourceMapXInput | DecodedSourceMapXInput | TraceMap;
export type SectionedSourceMapInput = SourceMapInput | SectionedSourceMapXInput;

/** `T`, or any readonly version of it (trace-mapping accepts readonly input). */
export type Ro<T> = T extends (infer V)[]
  ? V[] | readonly V[] | Ro<V>[] | readonly Ro<V>[]
  : T extends object
    ? T | Readonly<T> | { [K in keyof T]: T[K] | Ro<T[K]> } | Readonly<{ [K in keyof T]: T[K] | Ro<T[K]> }>
    : T;

const LINE_GTR_ZERO = '`line` must be greater than 0 (lines start at line 1)';
const COL_GTR_EQ_ZERO = '`column` must be greater than or equal to 0 (columns start at column 0)';

type Lines = SourceMapSegment[][];

/** What a TraceMap keeps beside its public fields. */
interface State {
  reader: CoreReader;
  /** The `mappings` string as given (trace-mapping returns it as is from encodedMappings). */
  encoded: string | undefined;
  decoded: Lines | undefined;
  /** Generated lines, as trace-mapping counts them (its decoded array's length). */
  lineCount: number;
  reverse: Reverse | undefined;
}

const STATES = new WeakMap<TraceMap, State>();

function stateOf(map: TraceMap): State {
  const state = STATES.get(map);
  if (!state) throw new TypeError('Not a TraceMap of sourcemap-wasm/trace-mapping');
  return state;
}

/** A TraceMap's fields and state, made by FlattenMap and presortedDecodedMap. */
class Prepared {
  constructor(readonly fields: SourceMapV3 & { sources: (string | null)[] }, readonly state: State) {}
}

function parse(input: unknown): unknown {
  return typeof input === 'string' ? JSON.parse(input) : input;
}

// trace-mapping's maybeSort: lines out of column order are sorted (stably, by column); the
// caller's arrays are never changed.
function sortedLines(lines: Lines): Lines {
  const unsorted = (line: SourceMapSegment[]) => line.some((s, i) => i > 0 && s[0] < line[i - 1][0]);
  if (!lines.some(unsorted)) return lines;
  return lines.map((line) => (unsorted(line) ? line.slice().sort((a, b) => a[0] - b[0]) : line));
}

export class TraceMap implements SourceMapV3 {
  version!: 3;
  file: string | null | undefined;
  names!: string[];
  sourceRoot: string | undefined;
  sources!: (string | null)[];
  sourcesContent: (string | null)[] | undefined;
  ignoreList: number[] | undefined;
  resolvedSources!: string[];

  constructor(map: Ro<SourceMapInput>, mapUrl?: string | null) {
    if (map instanceof TraceMap) return map;
    if ((map as unknown) instanceof Prepared) {
      const { fields, state } = map as unknown as Prepared;
      this.#assign(fields as unknown as JsonObject, undefined);
      STATES.set(this, state);
      return;
    }
    const parsed = parse(map) as JsonObject;
    this.#assign(parsed, mapUrl);
    const { mappings } = parsed;
    let encoded: string;
    let decoded: Lines | undefined;
    if (typeof mappings === 'string') {
      encoded = mappings;
    } else if (Array.isArray(mappings)) {
      decoded = sortedLines(mappings as Lines);
      encoded = encodeMappings(decoded);
    } else if (parsed.sections) {
      throw new Error('TraceMap passed sectioned source map, please use FlattenMap export instead');
    } else {
      throw new Error(`invalid source map: ${JSON.stringify(parsed)}`);
    }
    const core = buildCore([{ line: 0, column: 0, mappings: encoded, sources: this.sources, names: this.names }], false);
    STATES.set(this, {
      reader: new CoreReader(core),
      encoded: typeof mappings === 'string' ? mappings : undefined,
      decoded,
      lineCount: decoded ? decoded.length : core.lineCount,
      reverse: undefined,
    });
  }

  #assign(parsed: JsonObject, mapUrl: string | null | undefined): void {
    this.version = parsed.version as 3;
    this.file = parsed.file as string | null | undefined;
    this.names = (parsed.names || []) as string[];
    this.sourceRoot = parsed.sourceRoot as string | undefined;
    this.sources = parsed.sources as (string | null)[];
    this.sourcesContent = parsed.sourcesContent as (string | null)[] | undefined;
    this.ignoreList = (parsed.ignoreList || parsed.x_google_ignoreList || undefined) as number[] | undefined;
    this.resolvedSources = this.sources.map(traceMappingResolver(mapUrl, this.sourceRoot));
  }
}

/**
 * Index maps (`sections`, nested too) flattened into one TraceMap, as trace-mapping's
 * FlattenMap does: each section's sources resolved with its own `sourceRoot` and the map URL,
 * its mappings placed at its offset and cut where the next section starts. Other maps give a
 * plain TraceMap. Callable with or without `new`.
 */
export const FlattenMap = function FlattenMap(map: Ro<SectionedSourceMapInput>, mapUrl?: string | null): TraceMap {
  const parsed = parse(map) as JsonObject;
  if (!('sections' in parsed)) return new TraceMap(parsed as unknown as SourceMapInput, mapUrl);

  const parts: CorePart[] = [];
  const sources: string[] = [];
  const sourcesContent: (string | null)[] = [];
  const names: string[] = [];
  const ignoreList: number[] = [];
  let lineCount = 0;
  const addLeaf = (input: unknown, line: number, column: number, stopLine: number) => {
    const leaf = new TraceMap(input as SourceMapInput, mapUrl);
    const { encoded, decoded } = stateOf(leaf);
    const mappings = encoded ?? encodeMappings(decoded ?? []);
    const sourcesOffset = sources.length;
    for (const source of leaf.resolvedSources) sources.push(source);
    for (const name of leaf.names) names.push(name);
    if (leaf.sourcesContent) for (const content of leaf.sourcesContent) sourcesContent.push(content);
    else for (let i = 0; i < leaf.resolvedSources.length; i++) sourcesContent.push(null);
    if (leaf.ignoreList) for (const index of leaf.ignoreList) ignoreList.push(index + sourcesOffset);
    const previous = parts[parts.length - 1];
    if (previous && (line < previous.line || (line === previous.line && column < previous.column))) {
      // Out of order (not a valid index map): the sources count, the mappings are dropped.
      previous.sources = [...previous.sources, ...leaf.sources];
      previous.names = [...previous.names, ...leaf.names];
      return;
    }
    parts.push({ line, column, mappings, sources: leaf.sources, names: leaf.names });
    // trace-mapping's decoded array reaches the section's last line, or the line where the next one starts.
    let lines = decoded ? decoded.length : 1;
    if (!decoded) for (let at = mappings.indexOf(';'); at >= 0; at = mappings.indexOf(';', at + 1)) lines++;
    if (lines > 0) lineCount = Math.max(lineCount, Math.min(line + lines - 1, stopLine) + 1);
  };
  // trace-mapping's recursion: a nested map's sections are offset by the section's line and
  // column (the column even when they start on a later line), and stop where the next one starts.
  const recurse = (input: JsonObject, lineOffset: number, columnOffset: number, stopLine: number, stopColumn: number): void => {
    const list = input.sections as { offset: { line: number; column: number }; map: unknown }[];
    list.forEach(({ map: sectionMap, offset }, i) => {
      let sl = stopLine;
      let sc = stopColumn;
      const next = list[i + 1];
      if (next) {
        sl = Math.min(stopLine, lineOffset + next.offset.line);
        if (sl === stopLine) sc = Math.min(stopColumn, columnOffset + next.offset.column);
        else if (sl < stopLine) sc = columnOffset + next.offset.column;
      }
      const child = parse(sectionMap) as JsonObject;
      const line = lineOffset + offset.line;
      const column = columnOffset + offset.column;
      if ('sections' in child) recurse(child, line, column, sl, sc);
      else addLeaf(child, line, column, sl);
    });
  };
  recurse(parsed, 0, 0, Infinity, Infinity);

  const core = buildCore(parts, true);
  const fields = { version: 3 as const, file: parsed.file as string | null | undefined, names, sourceRoot: undefined, sources, sourcesContent, ignoreList };
  return new TraceMap(new Prepared(fields, {
    reader: new CoreReader(core),
    encoded: undefined,
    decoded: undefined,
    lineCount,
    reverse: undefined,
  }) as unknown as SourceMapInput);
} as unknown as {
  new (map: Ro<SectionedSourceMapInput>, mapUrl?: string | null): TraceMap;
  (map: Ro<SectionedSourceMapInput>, mapUrl?: string | null): TraceMap;
};

export const AnyMap = FlattenMap;

/** A TraceMap of decoded mappings that are already sorted (trace-mapping does not check; here they are sorted anyway). */
export function presortedDecodedMap(map: DecodedSourceMap, mapUrl?: string): TraceMap {
  const tracer = new TraceMap(clone(map, map.mappings), mapUrl);
  stateOf(tracer).decoded = map.mappings;
  return tracer;
}

function clone<T extends string | readonly SourceMapSegment[][]>(map: TraceMap | (DecodedSourceMap & XInput), mappings: T) {
  return {
    version: map.version,
    file: map.file,
    names: map.names,
    sourceRoot: map.sourceRoot,
    sources: map.sources,
    sourcesContent: map.sourcesContent,
    mappings,
    ignoreList: map.ignoreList || (map as XInput).x_google_ignoreList,
  };
}

/** The mappings as a VLQ string: the one the map was made from, or the decoded ones encoded. */
export function encodedMappings(map: TraceMap): EncodedSourceMap['mappings'] {
  const state = stateOf(map);
  return (state.encoded ??= encodeMappings(decodedMappings(map)));
}

/** The mappings decoded: one array of segments per generated line (made once, then the same array). */
export function decodedMappings(map: TraceMap): Readonly<DecodedSourceMap['mappings']> {
  const state = stateOf(map);
  if (!state.decoded) {
    const lines = state.reader.core.decodedMappings() as Lines;
    while (lines.length < state.lineCount) lines.push([]);
    lines.length = state.lineCount;
    state.decoded = lines;
  }
  return state.decoded;
}

/** The decoded map: fields and decoded mappings, to pass on or JSON.stringify. */
export function decodedMap(map: TraceMap): Omit<DecodedSourceMap, 'mappings'> & { mappings: readonly SourceMapSegment[][] } {
  return clone(map, decodedMappings(map)) as Omit<DecodedSourceMap, 'mappings'> & { mappings: readonly SourceMapSegment[][] };
}

/** The encoded map: fields and VLQ mappings, to pass on or JSON.stringify. */
export function encodedMap(map: TraceMap): EncodedSourceMap {
  return clone(map, encodedMappings(map)) as EncodedSourceMap;
}

// trace-mapping's binary search never matches a column that is not a whole number (or is
// NaN, or past any column): it answers those as falling between two columns. The core takes
// whole columns only, so such a column is asked as the whole column below (above) it, taking
// the last (first) of the segments there, as a lookup between columns does.
function traceRow(core: CoreMap, line: number, column: number, bias: Bias): SourceMapSegment | null {
  const coreBias = bias === LEAST_UPPER_BOUND ? CORE_LUB : CORE_GLB;
  if (Number.isInteger(column) && column >= 0 && column <= MAX_POSITION) return core.segmentFor({ line, column, bias: coreBias });
  const below = Number.isNaN(column) ? -1 : Math.min(Math.floor(column), MAX_POSITION);
  if (bias !== LEAST_UPPER_BOUND) {
    if (below < 0) return null;
    const found = core.segmentFor({ line, column: below, bias: CORE_GLB });
    return found && found[0] === below ? core.segmentFor({ line, column: below, bias: CORE_LUB }) : found;
  }
  const above = below + 1;
  if (above > MAX_POSITION) return null;
  const found = core.segmentFor({ line, column: above, bias: CORE_LUB });
  return found && found[0] === above ? core.segmentFor({ line, column: above, bias: CORE_GLB }) : found;
}

/** The segment of a generated position (line and column 0-based), greatest lower bound, or null. */
export function traceSegment(map: TraceMap, line: number, column: number): Readonly<SourceMapSegment> | null {
  const state = stateOf(map);
  if (line >= state.lineCount) return null;
  if (!(line >= 0 && Number.isInteger(line))) throw new TypeError(`There is no generated line ${line}`);
  return traceRow(state.reader.core, line + 1, column, GREATEST_LOWER_BOUND);
}

/** The original position of a generated one (line 1-based, column 0-based), or all nulls. */
export function originalPositionFor(map: TraceMap, needle: Needle): OriginalMapping | InvalidOriginalMapping {
  const { column, bias } = needle;
  const line = needle.line - 1;
  if (line < 0) throw new Error(LINE_GTR_ZERO);
  if (column < 0) throw new Error(COL_GTR_EQ_ZERO);
  const state = stateOf(map);
  if (line >= state.lineCount) return { source: null, line: null, column: null, name: null };
  if (!Number.isInteger(line)) throw new TypeError(`There is no generated line ${needle.line}`);
  const segment = traceRow(state.reader.core, line + 1, column, bias || GREATEST_LOWER_BOUND);
  if (segment === null || segment.length === 1) return { source: null, line: null, column: null, name: null };
  return {
    source: map.resolvedSources[segment[1]],
    line: segment[2] + 1,
    column: segment[3],
    name: segment.length === 5 ? map.names[segment[4]] : null,
  };
}

/** The generated position of an original one, on that original line only, or nulls. */
export function generatedPositionFor(map: TraceMap, needle: SourceNeedle): GeneratedMapping | InvalidGeneratedMapping {
  const { source, line, column, bias } = needle;
  return reverseLookup(map, source, line, column, bias || GREATEST_LOWER_BOUND, false) as GeneratedMapping | InvalidGeneratedMapping;
}

/**
 * Every generated position of an original one: the segments at the original column (on that
 * original line), or, when none is there, at the nearest column on the bias's side
 * (LEAST_UPPER_BOUND by default, as trace-mapping does).
 */
export function allGeneratedPositionsFor(map: TraceMap, needle: SourceNeedle): GeneratedMapping[] {
  const { source, line, column, bias } = needle;
  return reverseLookup(map, source, line, column, bias || LEAST_UPPER_BOUND, true) as GeneratedMapping[];
}

/** Calls `cb` with every mapping, in generated order. */
export function eachMapping(map: TraceMap, cb: (mapping: EachMapping) => void): void {
  const decoded = decodedMappings(map);
  const { names, resolvedSources } = map;
  for (let i = 0; i < decoded.length; i++) {
    for (const segment of decoded[i]) {
      const mapped = segment.length !== 1;
      cb({
        generatedLine: i + 1,
        generatedColumn: segment[0],
        source: mapped ? resolvedSources[segment[1] as number] : null,
        originalLine: mapped ? (segment[2] as number) + 1 : null,
        originalColumn: mapped ? segment[3] as number : null,
        name: segment.length === 5 ? names[segment[4]] : null,
      } as EachMapping);
    }
  }
}

function sourceIndex(map: TraceMap, source: string): number {
  const index = map.sources.indexOf(source);
  return index === -1 ? map.resolvedSources.indexOf(source) : index;
}

/** The embedded content of a source (as the map spells it, or resolved), or null. */
export function sourceContentFor(map: TraceMap, source: string): string | null {
  const { sourcesContent } = map;
  if (sourcesContent == null) return null;
  const index = sourceIndex(map, source);
  return index === -1 ? null : sourcesContent[index];
}

/** Whether the map's ignoreList lists a source (as the map spells it, or resolved). */
export function isIgnored(map: TraceMap, source: string): boolean {
  const { ignoreList } = map;
  if (ignoreList == null) return false;
  const index = sourceIndex(map, source);
  return index === -1 ? false : ignoreList.includes(index);
}

// ---------------------------------------------------------------------------------------------
// Reverse lookups. trace-mapping looks only at the segments of the asked original line, sorted
// by original column (ties in generated order): an exact column gives the first of its
// segments (GREATEST_LOWER_BOUND) or the last (LEAST_UPPER_BOUND); otherwise the last of the
// nearest column below or the first of the nearest above. The core's reverse lookups give,
// for a source, line and column, the run of segments at the nearest column at or above on
// that line (allGeneratedPositionsFor) and the nearest segment at or below across lines
// (generatedPositionFor); a run's original column is read from one of its segments.

type Positions = GeneratedMapping | InvalidGeneratedMapping | GeneratedMapping[];

const at = (p: GeneratedPosition): GeneratedMapping => ({ line: p.line as number, column: p.column as number });

function reverseLookup(map: TraceMap, source: string, line: number, column: number, bias: Bias, all: boolean): Positions {
  if (line - 1 < 0) throw new Error(LINE_GTR_ZERO);
  if (column < 0) throw new Error(COL_GTR_EQ_ZERO);
  const none = (): Positions => (all ? [] : { line: null, column: null });
  const index = sourceIndex(map, source);
  if (index === -1) return none();
  const state = stateOf(map);
  if (!Number.isInteger(line) || line > MAX_POSITION) return none(); // no such original line
  const fast = fastReverse(state, index, line, column, bias, all);
  return fast ?? reverseOf(map, state).lookup(index, line - 1, column, bias, all);
}

// undefined when the core cannot tell a segment from another at the same generated position.
function fastReverse(state: State, index: number, line: number, column: number, bias: Bias, all: boolean): Positions | undefined {
  const { reader } = state;
  const key = reader.sourceKey(index);
  const core = reader.core;
  const originalColumn = (run: GeneratedPosition[]): number | undefined => {
    for (const p of run) {
      const segment = reader.segmentOf(p);
      if (segment && segment.length > 1) return segment[3];
    }
    return undefined;
  };
  // The first whole column at or above `column` (0 for NaN and undefined, which never match).
  const up = Number.isNaN(column) || column === undefined ? 0 : Math.ceil(column);
  const above = up > MAX_POSITION ? [] : core.allGeneratedPositionsFor({ source: key, line, column: up });
  let exact = false;
  if (above.length > 0) {
    const found = originalColumn(above);
    if (found === undefined) return undefined;
    exact = found === column;
  }
  if (exact) return all ? above.map(at) : at(bias === LEAST_UPPER_BOUND ? above[above.length - 1] : above[0]);
  if (bias === LEAST_UPPER_BOUND) return all ? above.map(at) : above.length > 0 ? at(above[0]) : { line: null, column: null };
  // The run at the nearest column below `column` on this line.
  let below: GeneratedPosition[] = [];
  if (up > 0) {
    const nearest = core.generatedPositionFor({ source: key, line, column: Math.min(up - 1, MAX_POSITION), bias: CORE_GLB });
    if (nearest.line !== null) {
      const segment = reader.segmentOf(nearest);
      if (!segment || segment.length === 1) return undefined;
      if (segment[2] === line - 1) below = core.allGeneratedPositionsFor({ source: key, line, column: segment[3] });
    }
  }
  if (all) return below.map(at);
  return below.length > 0 ? at(below[below.length - 1]) : { line: null, column: null };
}

/** trace-mapping's own reverse index, over the decoded mappings: for the lookups the core cannot answer exactly. */
class Reverse {
  // Per source, per original line: (original column, generated line, generated column) triples, by original column.
  readonly #bySource: (Int32Array | undefined)[][];

  constructor(decoded: Readonly<Lines>, sourceCount: number) {
    const lists: number[][][][] = Array.from({ length: sourceCount }, () => []);
    decoded.forEach((line, generatedLine) => {
      for (const segment of line) {
        if (segment.length === 1) continue;
        const byLine = lists[segment[1]];
        if (!byLine) continue;
        (byLine[segment[2]] ??= []).push([segment[3], generatedLine, segment[0]]);
      }
    });
    this.#bySource = lists.map((byLine) => byLine.map((triples) => {
      triples.sort((a, b) => a[0] - b[0]);
      return Int32Array.from(triples.flat());
    }));
  }

  lookup(source: number, line: number, column: number, bias: Bias, all: boolean): Positions {
    const segments = this.#bySource[source]?.[line];
    if (!segments) return all ? [] : { line: null, column: null };
    const count = segments.length / 3;
    const columnOf = (i: number) => segments[i * 3];
    const position = (i: number): GeneratedMapping => ({ line: segments[i * 3 + 1] + 1, column: segments[i * 3 + 2] });
    // Binary search: an index with that column, or the last below it (-1).
    let low = 0;
    let high = count - 1;
    let found = false;
    let index = -1;
    while (low <= high) {
      const middle = low + ((high - low) >> 1);
      const cmp = columnOf(middle) - column;
      if (cmp === 0) {
        found = true;
        index = middle;
        break;
      }
      if (cmp < 0) low = middle + 1;
      else high = middle - 1;
    }
    if (!found) index = low - 1;
    const first = (i: number, c: number) => { while (i > 0 && columnOf(i - 1) === c) i--; return i; };
    const last = (i: number, c: number) => { while (i + 1 < count && columnOf(i + 1) === c) i++; return i; };
    if (all) {
      let min = index;
      if (!found && bias === LEAST_UPPER_BOUND) min++;
      if (min === -1 || min === count) return [];
      const matched = found ? column : columnOf(min);
      if (!found) min = first(min, matched);
      const max = last(min, matched);
      const result: GeneratedMapping[] = [];
      for (let i = min; i <= max; i++) result.push(position(i));
      return result;
    }
    if (found) index = bias === LEAST_UPPER_BOUND ? last(index, column) : first(index, column);
    else if (bias === LEAST_UPPER_BOUND) index++;
    if (index === -1 || index === count) return { line: null, column: null };
    return position(index);
  }
}

function reverseOf(map: TraceMap, state: State): Reverse {
  return (state.reverse ??= new Reverse(decodedMappings(map), map.sources.length));
}
