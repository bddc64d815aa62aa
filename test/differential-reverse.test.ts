// Differential tests of the reverse lookups and the bulk APIs: generatedPositionFor,
// allGeneratedPositionsFor, eachMapping, decodedMappings, originalPositionsFor (batch) and
// segmentFor, against mozilla's source-map 0.7.6 and @jridgewell/trace-mapping 0.3, on every
// production map in ../shared/bench-maps, on maps esbuild and terser make here (./real-maps.ts),
// on two of those made harder (equal-column ties, unsorted lines) and on index maps made by
// wrapping real maps as sections.
//
// Every answer of ours is first checked against a small reference written here from the spec
// (sourcemap-codec decodes; lines stably sorted by generated column; the original-order index is
// the mapped segments stably sorted by source, original line, original column, so ties stay in
// generated order). Ours must equal the reference exactly; a difference is a library bug.
//
// Then each peer's answer is compared with ours. A difference is "explained" only when a
// predicate below recognises it as one of the documented ways the peer answers by design (each
// category says why, and what the peer does); anything else fails the test with the first few
// cases printed. Sources are compared by index, each consumer's answer mapped through its own
// `sources` list, because the peers normalise source URLs differently (differential.test.ts).
//
// Reading mozilla 0.7.6 (lib/mappings.wasm, built from the source-map repository's
// wasm-mappings crate): its generated order sorts each line by column, then by original location
// (mapped before unmapped; source, line, column; no name before a name, then name index); its
// original order is per source, by (line, column, name, generated line, generated column);
// generatedPositionFor binary-searches that order on (line, column) only, so on an exact hit it
// stops at whichever mapping of the position it meets, and a miss answers the neighbour of the
// needle in that order (which may sit on another original line). So "as source-map 0.7" means
// its definition here: on an exact hit mozilla's own answer is any of the position's mappings,
// ours the first in generated order (the first category below).


import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '@jridgewell/sourcemap-codec';
import {
  AnyMap,
  TraceMap,
  allGeneratedPositionsFor as tmAllGeneratedPositionsFor,
  decodedMappings as tmDecodedMappings,
  generatedPositionFor as tmGeneratedPositionFor,
  originalPositionFor as tmOriginalPositionFor,
  traceSegment as tmTraceSegment,
  GREATEST_LOWER_BOUND as TM_GLB,
  LEAST_UPPER_BOUND as TM_LUB,
} from '@jridgewell/trace-mapping';
import { SourceMapConsumer, type MappingItem, type MappedPosition, type NullablePosition } from 'source-map';
import {
  SourceMap, SourceMapError, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND,
  type GeneratedPosition, type Mapping, type SourceMapSegment,
} from '../src/index.js';
import { BENCH_MAPS, caught, hasBenchMaps } from './helpers.js';
import { REAL_MAPS, realMap, withTiesAndDisorder } from './real-maps.js';
import { random } from './vlq.js';

/** The URL all three consumers are told the map was loaded from. */
const MAP_URL = 'https://example.com/dist/app.js.map';
/** mozilla's bias constants (its LEAST_UPPER_BOUND is 2; ours and trace-mapping's -1). */
const MOZ_GLB = 1;
const MOZ_LUB = 2;
/** generatedPositionFor: at most this many distinct mapped original positions per map (all of them on smaller maps)… */
const MAPPED_QUERIES = 25_000;
/** …plus this many random (source, line, column) needles of every kind. Each is asked with both biases. */
const RANDOM_QUERIES = 6_000;
/** allGeneratedPositionsFor: mapped and random needles per map, each asked with and without a column. */
const ALL_MAPPED_QUERIES = 6_000;
const ALL_RANDOM_QUERIES = 3_000;
/** originalPositionsFor: positions per map (each bias), a fifth of them invalid. */
const BATCH_POSITIONS = 100_000;
/** segmentFor: positions per map. */
const SEGMENT_POSITIONS = 20_000;
/** The timing table: needles per pass. */
const TIMING_NEEDLES = 100_000;
/** Examples kept per kind of failure. */
const EXAMPLES = 5;
const UNKNOWN_SOURCE = 'no/such/source.js';
const INT32_MAX = 0x7fffffff;

type OurBias = typeof GREATEST_LOWER_BOUND | typeof LEAST_UPPER_BOUND;
const BIASES: readonly OurBias[] = [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND];
const biasName = (bias: OurBias) => (bias === GREATEST_LOWER_BOUND ? 'GLB' : 'LUB');
const mozBias = (bias: OurBias) => (bias === GREATEST_LOWER_BOUND ? MOZ_GLB : MOZ_LUB);
const tmBias = (bias: OurBias) => (bias === GREATEST_LOWER_BOUND ? TM_GLB : TM_LUB);

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h | 0;
}

// ---------------------------------------------------------------------------------------------
// The maps: a plain map is one section at 0:0; an index map's sections are kept for the reference.

interface RawMap {
  sources: (string | null)[];
  names?: string[];
  mappings: string;
  sourceRoot?: string | null;
}

interface SectionSpec {
  line: number;
  column: number;
  map: RawMap;
}

interface MapCase {
  name: string;
  raw: string;
  sections: SectionSpec[];
  index: boolean;
}

function plainCase(name: string, raw: string): MapCase {
  return { name, raw, sections: [{ line: 0, column: 0, map: JSON.parse(raw) as RawMap }], index: false };
}

interface Part {
  raw: string;
  /** Start on the line where the previous section's mappings end, this many columns after its last segment. */
  sameLine?: number;
  /** Or start this many lines below that line, at `column`. */
  linesBelow?: number;
  column?: number;
}

/** The 0-based line and the column of a section's last segment (section-relative: line 0 is shifted by `column`). */
function lastSegment(map: RawMap): { line: number; column: number } {
  const lines = decode(map.mappings);
  for (let l = lines.length - 1; l >= 0; l--) {
    if (lines[l].length > 0) return { line: l, column: Math.max(...lines[l].map((s) => s[0])) };
  }
  return { line: 0, column: 0 };
}

/** An index map whose sections are real generated maps, each starting right after the previous one's mappings. */
function indexCase(name: string, parts: Part[]): MapCase {
  const sections: SectionSpec[] = [];
  let end = { line: 0, column: -1 }; // where the previous section's last segment is, absolute
  parts.forEach((part, k) => {
    const map = JSON.parse(part.raw) as RawMap;
    let line = 0;
    let column = 0;
    if (k > 0) {
      if (part.sameLine !== undefined) {
        line = end.line;
        column = end.column + part.sameLine;
      } else {
        line = end.line + (part.linesBelow ?? 1);
        column = part.column ?? 0;
      }
    }
    sections.push({ line, column, map });
    const last = lastSegment(map);
    end = { line: line + last.line, column: (last.line === 0 ? column : 0) + last.column };
  });
  const raw = JSON.stringify({
    version: 3,
    file: 'bundle.js',
    sections: sections.map(({ line, column, map }) => ({ offset: { line, column }, map })),
  });
  return { name, raw, sections, index: true };
}

// ---------------------------------------------------------------------------------------------
// The reference: every segment decoded by sourcemap-codec (which sorts an unsorted line stably by
// generated column), the sections' offsets applied, sources and names indexed globally.

interface Reference {
  count: number;
  lines: number;
  /** lineStarts[l] .. lineStarts[l + 1]: line l's segments. */
  lineStarts: Int32Array;
  gen: Int32Array;
  src: Int32Array; // -1: no source
  oline: Int32Array; // 0-based
  ocol: Int32Array;
  name: Int32Array; // -1: no name
  lineOf: Int32Array; // 0-based generated line
  section: Int32Array;
  sections: { line: number; column: number }[];
  rawSources: (string | null)[];
  names: string[];
  /** The mapped segments, stably sorted by (source, original line, original column). */
  byOriginal: Int32Array;
  /** byOriginal[sourceStarts[s] .. sourceStarts[s + 1]]: source s. */
  sourceStarts: Int32Array;
}

/** `order` stably sorted by key[i] (a counting sort: keys are small non-negative integers). */
function stableSortBy(order: Int32Array, key: Int32Array): Int32Array {
  let max = 0;
  for (const i of order) if (key[i] > max) max = key[i];
  if (max > 50_000_000) return Int32Array.from([...order].sort((a, b) => key[a] - key[b])); // Array#sort is stable
  const counts = new Int32Array(max + 2);
  for (const i of order) counts[key[i] + 1]++;
  for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
  const out = new Int32Array(order.length);
  for (const i of order) out[counts[key[i]]++] = i;
  return out;
}

function buildReference(sections: SectionSpec[]): Reference {
  const perLine: number[][] = [];
  const rawSources: (string | null)[] = [];
  const names: string[] = [];
  let lines = 0;
  sections.forEach((s, k) => {
    const decoded = decode(s.map.mappings);
    const sourceBase = rawSources.length;
    const nameBase = names.length;
    for (const source of s.map.sources) rawSources.push(source === null ? null : String(source));
    for (const name of s.map.names ?? []) names.push(String(name));
    decoded.forEach((segments, i) => {
      const out = (perLine[s.line + i] ??= []);
      const shift = i === 0 ? s.column : 0;
      for (const seg of segments) {
        const mapped = seg.length >= 4;
        out.push(seg[0] + shift, mapped ? sourceBase + seg[1]! : -1, mapped ? seg[2]! : -1, mapped ? seg[3]! : -1,
          seg.length === 5 ? nameBase + seg[4] : -1, k);
      }
    });
    lines = Math.max(lines, s.line + decoded.length);
  });
  let count = 0;
  for (let l = 0; l < lines; l++) count += (perLine[l]?.length ?? 0) / 6;
  const ref: Reference = {
    count,
    lines,
    lineStarts: new Int32Array(lines + 1),
    gen: new Int32Array(count),
    src: new Int32Array(count),
    oline: new Int32Array(count),
    ocol: new Int32Array(count),
    name: new Int32Array(count),
    lineOf: new Int32Array(count),
    section: new Int32Array(count),
    sections: sections.map(({ line, column }) => ({ line, column })),
    rawSources,
    names,
    byOriginal: new Int32Array(0),
    sourceStarts: new Int32Array(rawSources.length + 1),
  };
  let at = 0;
  for (let l = 0; l < lines; l++) {
    ref.lineStarts[l] = at;
    const flat = perLine[l] ?? [];
    for (let j = 0; j < flat.length; j += 6) {
      ref.gen[at] = flat[j];
      ref.src[at] = flat[j + 1];
      ref.oline[at] = flat[j + 2];
      ref.ocol[at] = flat[j + 3];
      ref.name[at] = flat[j + 4];
      ref.section[at] = flat[j + 5];
      ref.lineOf[at] = l;
      at++;
    }
  }
  ref.lineStarts[lines] = at;
  let mapped = 0;
  for (let i = 0; i < count; i++) if (ref.src[i] >= 0) mapped++;
  let order: Int32Array = new Int32Array(mapped);
  for (let i = 0, k = 0; i < count; i++) if (ref.src[i] >= 0) order[k++] = i;
  order = stableSortBy(order, ref.ocol);
  order = stableSortBy(order, ref.oline);
  order = stableSortBy(order, ref.src);
  ref.byOriginal = order;
  for (const i of order) ref.sourceStarts[ref.src[i] + 1]++;
  for (let s = 1; s < ref.sourceStarts.length; s++) ref.sourceStarts[s] += ref.sourceStarts[s - 1];
  return ref;
}

/** Compares byOriginal[k] with (line, column) in the original: <0, 0, >0. */
function compareOriginalAt(ref: Reference, k: number, line: number, column: number): number {
  const i = ref.byOriginal[k];
  return ref.oline[i] !== line ? ref.oline[i] - line : ref.ocol[i] - column;
}

/** The first k in source s's range of byOriginal at or after (line, column). */
function lowerOriginal(ref: Reference, s: number, line: number, column: number): number {
  let lo = ref.sourceStarts[s];
  let hi = ref.sourceStarts[s + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareOriginalAt(ref, mid, line, column) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The range [from, to) of byOriginal holding the mappings of segment i's original position. */
function originalRun(ref: Reference, i: number): [number, number] {
  const from = lowerOriginal(ref, ref.src[i], ref.oline[i], ref.ocol[i]);
  let to = from;
  const end = ref.sourceStarts[ref.src[i] + 1];
  while (to < end && compareOriginalAt(ref, to, ref.oline[i], ref.ocol[i]) === 0) to++;
  return [from, to];
}

interface ReverseAnswer {
  /** The segment, or -1. */
  index: number;
  /** Whether a mapping sits at the needle's original position exactly. */
  exact: boolean;
}

/**
 * generatedPositionFor, as source-map defines it and ours documents it: within source s, an exact
 * hit answers its first mapping in generated order (either bias); otherwise GLB answers the
 * closest mapping before the needle in original order (the last of its position's mappings),
 * LUB the closest after it (the first of its position's), on any original line.
 */
function referenceGenerated(ref: Reference, s: number, line: number, column: number, bias: OurBias): ReverseAnswer {
  if (s < 0 || s >= ref.rawSources.length) return { index: -1, exact: false };
  const k = lowerOriginal(ref, s, line, column);
  const end = ref.sourceStarts[s + 1];
  if (k < end && compareOriginalAt(ref, k, line, column) === 0) return { index: ref.byOriginal[k], exact: true };
  const found = bias === GREATEST_LOWER_BOUND ? k - 1 : k;
  if (found < ref.sourceStarts[s] || found >= end) return { index: -1, exact: false };
  return { index: ref.byOriginal[found], exact: false };
}

/**
 * allGeneratedPositionsFor, as source-map defines it: without a column, every mapping of the
 * first original line at or after `line` that has any; with one, every mapping of the first
 * column at or after `column` on that very line. In original order (ties in generated order).
 */
function referenceAllGenerated(ref: Reference, s: number, line: number, column: number | undefined): number[] {
  if (s < 0 || s >= ref.rawSources.length) return [];
  let k = lowerOriginal(ref, s, line, column ?? 0);
  const end = ref.sourceStarts[s + 1];
  if (k >= end) return [];
  const first = ref.byOriginal[k];
  if (column !== undefined && ref.oline[first] !== line) return [];
  const out: number[] = [];
  for (; k < end; k++) {
    const i = ref.byOriginal[k];
    if (ref.oline[i] !== ref.oline[first]) break;
    if (column !== undefined && ref.ocol[i] !== ref.ocol[first]) break;
    out.push(i);
  }
  return out;
}

/** originalPositionFor's segment (0-based line): GLB the first of an exact equal-column run, LUB the last; -1 if none. */
function referenceLookup(ref: Reference, line: number, column: number, bias: OurBias): number {
  if (line < 0 || line >= ref.lines || column < 0) return -1;
  const start = ref.lineStarts[line];
  const end = ref.lineStarts[line + 1];
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ref.gen[mid] <= column) lo = mid + 1;
    else hi = mid;
  }
  let i = lo - 1; // the last segment with column <= needle
  if (bias === GREATEST_LOWER_BOUND) {
    if (i < start) return -1;
    if (ref.gen[i] === column) while (i > start && ref.gen[i - 1] === column) i--;
    return i;
  }
  if (i >= start && ref.gen[i] === column) return i;
  return lo < end ? lo : -1;
}

/** The segments of line `line` (0-based) at `column`: [first, last + 1). */
function generatedRun(ref: Reference, line: number, column: number): [number, number] {
  if (line < 0 || line >= ref.lines) return [0, 0];
  let lo = ref.lineStarts[line];
  let hi = ref.lineStarts[line + 1];
  const end = hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ref.gen[mid] < column) lo = mid + 1;
    else hi = mid;
  }
  let to = lo;
  while (to < end && ref.gen[to] === column) to++;
  return [lo, to];
}

const NULL_GENERATED: GeneratedPosition = { line: null, column: null, lastColumn: null };

/** A segment's generated position, lastColumn as ours and source-map define it: the next segment's column - 1, or Infinity. */
function generatedOf(ref: Reference, i: number): GeneratedPosition {
  if (i < 0) return NULL_GENERATED;
  const line = ref.lineOf[i];
  return { line: line + 1, column: ref.gen[i], lastColumn: i + 1 < ref.lineStarts[line + 1] ? ref.gen[i + 1] - 1 : Infinity };
}

function segmentOf(ref: Reference, i: number): SourceMapSegment | null {
  if (i < 0) return null;
  if (ref.src[i] < 0) return [ref.gen[i]];
  if (ref.name[i] < 0) return [ref.gen[i], ref.src[i], ref.oline[i], ref.ocol[i]];
  return [ref.gen[i], ref.src[i], ref.oline[i], ref.ocol[i], ref.name[i]];
}

const samePosition = (a: { line: number | null; column: number | null }, b: { line: number | null; column: number | null }) =>
  a.line === b.line && a.column === b.column;
const sameGenerated = (a: NullablePosition | GeneratedPosition, b: GeneratedPosition) => samePosition(a, b) && a.lastColumn === b.lastColumn;
const sameSegment = (a: readonly number[] | null, b: readonly number[] | null) =>
  a === null || b === null ? a === b : a.length === b.length && a.every((v, k) => v === b[k]);

// ---------------------------------------------------------------------------------------------
// Explained differences: the categories, and the predicates that recognise them.

const CATEGORY = {
  sourceIdentity: 'the peer finds the queried source name at another index of `sources` (duplicate or merged entries): not compared',
  // generatedPositionFor, mozilla
  mozExactRun:
    'mozilla, exact hit on an original position several mappings share: its binary search stops at any of them; ours answers the first in generated order',
  mozNameOrder:
    'mozilla, miss next to an original position several mappings share: it orders them by name (none first, then name index) before generated position, so its nearest one (last for GLB, first for LUB) is another of them',
  // lastColumn
  tieLastColumn:
    'lastColumn of a segment that shares its generated column with others: each consumer gives column - 1 to all but the last of them, in its own order (mozilla sorts them by original location, ours keeps the map\'s order)',
  boundaryNextStart:
    'index map, a section\'s line-final mapping where the next section starts on that line: mozilla ends it at the next section\'s start column - 1, ours at the next mapping - 1',
  boundaryWrongLine:
    'index map, mozilla bug: it tests the section-relative line against the next section\'s absolute line, so it ends a mapping at the next section\'s start column - 1 on a line where that section does not start',
  boundaryMissed:
    'index map, mozilla bug: for a section not at line 0, the same relative/absolute line mix-up misses the line where the next section starts, so it answers Infinity; ours the next mapping - 1',
  // generatedPositionFor, trace-mapping
  tmOtherLine:
    'trace-mapping searches only the needle\'s own original line: null where ours (as source-map) answers the nearest mapping on another original line',
  tmLubLast:
    'trace-mapping, LUB exact hit on an original position several mappings share: it answers the last of them in generated order, ours (as source-map) the first',
  // allGeneratedPositionsFor
  mozAllOrder:
    'mozilla lists the mappings of one original position by name (none first, then name index), then generated position; ours by generated position',
  tmAllNoColumn:
    'no column: trace-mapping (which requires one; given 0) lists only the first mapped column of the needle\'s own line; ours, as source-map, every mapping of the first mapped line at or after it',
  // eachMapping
  eachGeneratedTies:
    'mozilla\'s generated order sorts segments sharing a generated position by original location (mapped first; source, line, column; no name first); ours keeps the map\'s order',
  eachOriginalTies:
    'mozilla\'s original order sorts mappings sharing an original position by name (none first, then name index) before generated position; ours by generated position',
} as const;

/** Which boundary category (if any) explains a peer's lastColumn for segment i. */
function boundaryCategory(ref: Reference, i: number, peerLast: number | null): string | undefined {
  if (i < 0 || ref.sections.length < 2) return undefined;
  const next = ref.sections[ref.section[i] + 1];
  if (!next) return undefined;
  const line = ref.lineOf[i];
  if (peerLast === next.column - 1) return next.line === line ? CATEGORY.boundaryNextStart : CATEGORY.boundaryWrongLine;
  if (peerLast === Infinity && next.line === line) return CATEGORY.boundaryMissed;
  return undefined;
}

/** Why a peer's lastColumn for the segment(s) at (line, column) differs from ours, if a category says. */
function lastColumnCategory(ref: Reference, line: number, column: number, peerLast: number | null): string | undefined {
  const [from, to] = generatedRun(ref, line, column);
  if (to - from > 1 && (peerLast === column - 1 || peerLast === generatedOf(ref, to - 1).lastColumn)) return CATEGORY.tieLastColumn;
  return to > from ? boundaryCategory(ref, to - 1, peerLast) : undefined;
}

/** The member of byOriginal[from, to) mozilla answers for a miss: its order is (name, generated line, generated column). */
function mozillaPick(ref: Reference, from: number, to: number, bias: OurBias): number {
  const members = [...ref.byOriginal.subarray(from, to)].sort(mozillaTieOrder(ref));
  return bias === GREATEST_LOWER_BOUND ? members[members.length - 1] : members[0];
}

/** mozilla's order of mappings at one original position: no name first, then by name index, then generated position. */
function mozillaTieOrder(ref: Reference): (a: number, b: number) => number {
  return (a, b) => ref.ocol[a] - ref.ocol[b] || ref.name[a] - ref.name[b] || ref.lineOf[a] - ref.lineOf[b] || ref.gen[a] - ref.gen[b];
}

// ---------------------------------------------------------------------------------------------
// Tallies: what was compared, what differed and why.

class Tally {
  readonly counts = new Map<string, number>();
  readonly explained = new Map<string, number>();
  readonly unexplained = new Map<string, { count: number; examples: unknown[] }>();
  constructor(readonly label: string) {}

  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  explain(category: string): void {
    this.explained.set(category, (this.explained.get(category) ?? 0) + 1);
  }

  fail(kind: string, example: () => unknown): void {
    let entry = this.unexplained.get(kind);
    if (!entry) this.unexplained.set(kind, (entry = { count: 0, examples: [] }));
    entry.count++;
    if (entry.examples.length < EXAMPLES) entry.examples.push(example());
  }

  get failures(): number {
    return [...this.unexplained.values()].reduce((n, { count }) => n + count, 0);
  }

  summary(ms: number): string {
    const counts = [...this.counts].map(([k, n]) => `${n} ${k}`).join(', ');
    const explained = [...this.explained].map(([k, n]) => `\n    explained: ${n} × ${k}`).join('');
    const unexplained = [...this.unexplained].map(([k, { count }]) => `\n    UNEXPLAINED: ${count} × ${k}`).join('');
    return `${this.label}: ${counts}; ${(ms / 1000).toFixed(2)} s${explained}${unexplained}`;
  }

  details(): string {
    return [...this.unexplained].map(([kind, { count, examples }]) =>
      `${count} × ${kind}; first ${examples.length}:\n${examples.map((e) => `  ${JSON.stringify(e, jsonInfinity)}`).join('\n')}`).join('\n');
  }
}

const jsonInfinity = (_: string, v: unknown) => (v === Infinity ? 'Infinity' : v);

function finish(tally: Tally, started: number): void {
  console.log(tally.summary(performance.now() - started));
  expect(tally.failures, `unexplained differences in ${tally.label}:\n${tally.details()}`).toBe(0);
}

// ---------------------------------------------------------------------------------------------
// One map's consumers.

type MozConsumer = SourceMapConsumer & { _findSourceIndex?: (source: string) => number; _sections?: { consumer: MozConsumer }[] };

interface Context {
  name: string;
  c: MapCase;
  ref: Reference;
  ours: SourceMap;
  tm: TraceMap;
  moz: MozConsumer;
  /** Each consumer's answer (a source string) as an index into its own `sources` (first occurrence; -1 for null, -2 unknown). */
  index: { ours: (s: string | null) => number; tm: (s: string | null) => number; moz: (s: string | null) => number };
  /** canon[i]: the first index whose source that consumer resolves to the same string as source i's. */
  canon: { ours: Int32Array; moz: Int32Array; tm: Int32Array };
  /** The name each consumer is asked for source i, and the index it finds under that name. */
  query: { ours: (string | null)[]; tm: (string | null)[]; moz: (string | null)[] };
  resolved: { ours: Int32Array; tm: Int32Array; moz: Int32Array };
}

function sourceIndexer(sources: readonly (string | null)[]): (source: string | null) => number {
  const index = new Map<string, number>();
  sources.forEach((source, i) => {
    if (source !== null && !index.has(source)) index.set(source, i);
  });
  return (source) => (source === null ? -1 : (index.get(source) ?? -2));
}

function canonical(sources: readonly (string | null)[]): Int32Array {
  const lookup = sourceIndexer(sources);
  return Int32Array.from(sources, (source, i) => (source === null ? i : lookup(source)));
}

function mozSourceIndex(moz: MozConsumer, source: string): number {
  if (moz._sections) {
    let base = 0;
    for (const { consumer } of moz._sections) {
      const i = consumer._findSourceIndex!(source);
      if (i >= 0) return base + i;
      base += (consumer as unknown as { sources: string[] }).sources.length;
    }
    return -1;
  }
  return moz._findSourceIndex!(source);
}

async function openContext(c: MapCase): Promise<Context> {
  const ref = buildReference(c.sections);
  const ours = new SourceMap(c.raw, { url: MAP_URL });
  const tm = c.index ? new AnyMap(c.raw, MAP_URL) : new TraceMap(c.raw, MAP_URL);
  const moz = (await new SourceMapConsumer(c.raw, MAP_URL)) as MozConsumer;
  moz.computeColumnSpans();
  const mozSources = (moz as unknown as { sources: string[] }).sources;
  // trace-mapping's AnyMap keeps the sections' resolved sources as its `sources`: it is asked by those.
  const tmQuery = c.index ? tm.sources.map((s) => s ?? null) : ref.rawSources;
  const ctx: Context = {
    name: c.name,
    c,
    ref,
    ours,
    tm,
    moz,
    index: { ours: sourceIndexer(ours.sources), tm: sourceIndexer(tm.resolvedSources), moz: sourceIndexer(mozSources) },
    canon: { ours: canonical(ours.sources), tm: canonical(tm.resolvedSources), moz: canonical(mozSources) },
    query: { ours: ref.rawSources, tm: tmQuery, moz: ref.rawSources },
    resolved: {
      ours: Int32Array.from(ref.rawSources, (s) => (s === null ? -1 : ours.sourceIndex(s))),
      tm: Int32Array.from(tmQuery, (s) => {
        if (s === null) return -1;
        const i = tm.sources.indexOf(s);
        return i >= 0 ? i : tm.resolvedSources.indexOf(s);
      }),
      moz: Int32Array.from(ref.rawSources, (s) => (s === null ? -1 : mozSourceIndex(moz, s))),
    },
  };
  expect(ours.segmentCount, `${c.name}: segmentCount`).toBe(ref.count);
  expect(ours.sources.length).toBe(ref.rawSources.length);
  expect(mozSources.length).toBe(ref.rawSources.length);
  expect(tm.resolvedSources.length).toBe(ref.rawSources.length);
  return ctx;
}

function closeContext(ctx: Context | undefined): void {
  if (!ctx) return;
  ctx.moz.destroy();
  ctx.ours.dispose();
}

// ---------------------------------------------------------------------------------------------
// Needles in original coordinates.

interface OriginalQuery {
  /** Source index; -1 for a name no map has. */
  source: number;
  line: number; // 1-based
  column: number;
}

/**
 * Every distinct mapped original position ours lists in eachMapping's original order (a seeded
 * sample of `mappedCap` on big maps), then `randomCount` seeded needles of every kind: near a
 * mapping, between two on a line, on lines near mapped ones, before a source's first mapping,
 * past its last (to the largest line and column), in sources without mappings, unknown sources.
 */
function originalQueries(ctx: Context, rng: () => number, mappedCap: number, randomCount: number): OriginalQuery[] {
  const { ref, ours } = ctx;
  const int = (n: number) => Math.floor(rng() * n);
  const queries: OriginalQuery[] = [];
  const p = Math.min(1, mappedCap / Math.max(1, ref.byOriginal.length));
  let previous = { source: -3, line: -1, column: -1 };
  ours.eachMapping((m: Mapping) => {
    const source = ctx.index.ours(m.source);
    if (source === previous.source && m.originalLine === previous.line && m.originalColumn === previous.column) return;
    previous = { source, line: m.originalLine!, column: m.originalColumn! };
    if (p === 1 || rng() < p) queries.push({ ...previous });
  }, { order: 'original' });

  const n = ref.byOriginal.length;
  const sourceCount = ref.rawSources.length;
  const mappedSources: number[] = [];
  const unmappedSources: number[] = [];
  for (let s = 0; s < sourceCount; s++) {
    if (ref.rawSources[s] === null) continue;
    (ref.sourceStarts[s + 1] > ref.sourceStarts[s] ? mappedSources : unmappedSources).push(s);
  }
  const pick = () => ref.byOriginal[int(n)];
  const at = (i: number, line: number, column: number): OriginalQuery => ({ source: ref.src[i], line: line + 1, column });
  const kinds: (() => OriginalQuery | undefined)[] = [
    // next to a mapped position on its line
    () => {
      if (n === 0) return undefined;
      const i = pick();
      return at(i, ref.oline[i], Math.max(0, ref.ocol[i] + int(7) - 3));
    },
    // strictly between two mapped columns of one line
    () => {
      if (n < 2) return undefined;
      const k = int(n - 1);
      const a = ref.byOriginal[k];
      const b = ref.byOriginal[k + 1];
      if (ref.src[a] !== ref.src[b] || ref.oline[a] !== ref.oline[b] || ref.ocol[b] - ref.ocol[a] < 2) return undefined;
      return at(a, ref.oline[a], ref.ocol[a] + 1 + int(ref.ocol[b] - ref.ocol[a] - 1));
    },
    // a line near a mapped one (often one without mappings), any column
    () => {
      if (n === 0) return undefined;
      const i = pick();
      return at(i, Math.max(0, ref.oline[i] + int(11) - 5), int(120));
    },
    // before the source's first mapping
    () => {
      if (mappedSources.length === 0) return undefined;
      const s = mappedSources[int(mappedSources.length)];
      const first = ref.byOriginal[ref.sourceStarts[s]];
      if (ref.oline[first] === 0 && ref.ocol[first] === 0) return { source: s, line: 1, column: 0 };
      if (ref.ocol[first] > 0 && rng() < 0.5) return at(first, ref.oline[first], int(ref.ocol[first]));
      return { source: s, line: 1 + int(ref.oline[first] + 1), column: ref.oline[first] === 0 ? int(ref.ocol[first]) : int(80) };
    },
    // past the source's last mapping: on its line, on later lines, at the largest line or column
    () => {
      if (mappedSources.length === 0) return undefined;
      const s = mappedSources[int(mappedSources.length)];
      const last = ref.byOriginal[ref.sourceStarts[s + 1] - 1];
      const r = rng();
      if (r < 0.4) return at(last, ref.oline[last], ref.ocol[last] + 1 + int(1_000));
      if (r < 0.7) return at(last, ref.oline[last] + 1 + int(50), int(100));
      if (r < 0.85) return { source: s, line: INT32_MAX, column: int(100) };
      return at(last, ref.oline[last], INT32_MAX);
    },
    // a name the map does not have
    () => ({ source: -1, line: 1 + int(100), column: int(100) }),
    // a source without mappings
    () => (unmappedSources.length > 0 ? { source: unmappedSources[int(unmappedSources.length)], line: 1 + int(50), column: int(50) } : undefined),
    // anywhere in any source
    () => {
      if (mappedSources.length === 0) return undefined;
      const s = mappedSources[int(mappedSources.length)];
      const last = ref.byOriginal[ref.sourceStarts[s + 1] - 1];
      return { source: s, line: 1 + int(ref.oline[last] + 10), column: int(200) };
    },
  ];
  let made = 0;
  for (let attempt = 0; made < randomCount && attempt < randomCount * 20; attempt++) {
    const q = kinds[attempt % kinds.length]();
    if (!q) continue;
    queries.push(q);
    made++;
  }
  return queries;
}

function sourceName(ctx: Context, who: 'ours' | 'tm' | 'moz', source: number): string {
  return source < 0 ? UNKNOWN_SOURCE : ctx.query[who][source]!;
}

/** Whether the peer searches the same entry of `sources` as ours for source index `source` (-1: a name no map has). */
function sameSourceIdentity(ctx: Context, who: 'tm' | 'moz', source: number): boolean {
  return source < 0 || ctx.resolved[who][source] === ctx.resolved.ours[source];
}

// ---------------------------------------------------------------------------------------------
// 1. generatedPositionFor

function checkGeneratedPositionFor(ctx: Context): void {
  const started = performance.now();
  const { ref, ours, tm, moz } = ctx;
  const tally = new Tally(`${ctx.name}: generatedPositionFor`);
  const rng = random(seedOf(`${ctx.name}/generatedPositionFor`));
  // Ours finds each source under its raw name and under its resolved URL (the first entry so named).
  ref.rawSources.forEach((raw, i) => {
    if (raw === null) return;
    const byRaw = ctx.resolved.ours[i];
    const byUrl = ours.sourceIndex(ours.sources[i]!);
    if (byRaw < 0 || ours.sources[byRaw] !== ours.sources[i] || byUrl !== ctx.canon.ours[i]) {
      tally.fail('ours does not find a source by its name', () => ({ index: i, raw, url: ours.sources[i], byRaw, byUrl }));
    }
  });
  const queries = originalQueries(ctx, rng, MAPPED_QUERIES, RANDOM_QUERIES);
  tally.add('needles', queries.length);
  for (const q of queries) {
    const s = q.source < 0 ? -1 : ctx.resolved.ours[q.source];
    for (const bias of BIASES) {
      tally.add('lookups per consumer');
      const answer = referenceGenerated(ref, s, q.line - 1, q.column, bias);
      const expected = generatedOf(ref, answer.index);
      if (answer.index < 0) tally.add('null answers');
      const o = ours.generatedPositionFor({ source: sourceName(ctx, 'ours', q.source), line: q.line, column: q.column, bias });
      const m = moz.generatedPositionFor({ source: sourceName(ctx, 'moz', q.source), line: q.line, column: q.column, bias: mozBias(bias) });
      const t = tmGeneratedPositionFor(tm, { source: sourceName(ctx, 'tm', q.source), line: q.line, column: q.column, bias: tmBias(bias) });
      const example = () => ({ map: ctx.name, ...q, sourceName: q.source < 0 ? UNKNOWN_SOURCE : ref.rawSources[q.source], bias: biasName(bias), reference: expected, exact: answer.exact, ours: o, mozilla: m, traceMapping: t });
      if (!sameGenerated(o, expected)) {
        tally.fail('ours differs from the reference', example);
        continue;
      }
      // mozilla: must equal ours but for the categories.
      if (!sameGenerated(m, expected)) {
        tally.add('mozilla differences');
        const category = !sameSourceIdentity(ctx, 'moz', q.source) ? CATEGORY.sourceIdentity : mozGeneratedCategory(ref, bias, answer, expected, m);
        if (category) tally.explain(category);
        else tally.fail('mozilla differs (ours = reference)', example);
      }
      // trace-mapping: (line, column) only; it has no lastColumn.
      if (!samePosition(t, expected)) {
        tally.add('trace-mapping differences');
        const category = !sameSourceIdentity(ctx, 'tm', q.source) ? CATEGORY.sourceIdentity : tmGeneratedCategory(ref, q, bias, answer, t);
        if (category) tally.explain(category);
        else tally.fail('trace-mapping differs (ours = reference)', example);
      }
    }
  }
  finish(tally, started);
}

function mozGeneratedCategory(ref: Reference, bias: OurBias, answer: ReverseAnswer, expected: GeneratedPosition, m: NullablePosition): string | undefined {
  if (answer.index < 0 || m.line === null) return undefined;
  if (samePosition(m, expected)) return lastColumnCategory(ref, expected.line! - 1, expected.column!, m.lastColumn);
  const [from, to] = originalRun(ref, answer.index);
  if (to - from < 2) return undefined;
  if (answer.exact) {
    for (let k = from; k < to; k++) if (samePosition(m, generatedOf(ref, ref.byOriginal[k]))) return CATEGORY.mozExactRun;
    return undefined;
  }
  return samePosition(m, generatedOf(ref, mozillaPick(ref, from, to, bias))) ? CATEGORY.mozNameOrder : undefined;
}

function tmGeneratedCategory(ref: Reference, q: OriginalQuery, bias: OurBias, answer: ReverseAnswer, t: { line: number | null; column: number | null }): string | undefined {
  if (answer.index < 0) return undefined;
  if (t.line === null && ref.oline[answer.index] !== q.line - 1) return CATEGORY.tmOtherLine;
  if (bias === LEAST_UPPER_BOUND && answer.exact) {
    const [, to] = originalRun(ref, answer.index);
    if (samePosition(t, generatedOf(ref, ref.byOriginal[to - 1]))) return CATEGORY.tmLubLast;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// 2. allGeneratedPositionsFor

function checkAllGeneratedPositionsFor(ctx: Context): void {
  const started = performance.now();
  const { ref, ours, tm, moz } = ctx;
  const tally = new Tally(`${ctx.name}: allGeneratedPositionsFor`);
  const rng = random(seedOf(`${ctx.name}/allGeneratedPositionsFor`));
  // A third as many on maps of over a million segments, whose original lines list thousands.
  const scale = ref.count > 1_000_000 ? 3 : 1;
  const queries = originalQueries(ctx, rng, ALL_MAPPED_QUERIES / scale, ALL_RANDOM_QUERIES / scale);
  tally.add('needles', queries.length);
  for (const q of queries) {
    const s = q.source < 0 ? -1 : ctx.resolved.ours[q.source];
    for (const withColumn of [false, true]) {
      tally.add(withColumn ? 'lookups with a column' : 'lookups without');
      const column = withColumn ? q.column : undefined;
      const indices = referenceAllGenerated(ref, s, q.line - 1, column);
      const expected = indices.map((i) => generatedOf(ref, i));
      tally.add('positions listed', expected.length);
      const needle = (who: 'ours' | 'moz') => (withColumn
        ? { source: sourceName(ctx, who, q.source), line: q.line, column: q.column }
        : { source: sourceName(ctx, who, q.source), line: q.line });
      const o = ours.allGeneratedPositionsFor(needle('ours'));
      // mozilla tells "no column" from "column" by the key's presence.
      const m = moz.allGeneratedPositionsFor(needle('moz') as MappedPosition);
      const t = tmAllGeneratedPositionsFor(tm, { source: sourceName(ctx, 'tm', q.source), line: q.line, column: column ?? 0 });
      const example = () => ({ map: ctx.name, ...q, column, sourceName: q.source < 0 ? UNKNOWN_SOURCE : ref.rawSources[q.source], reference: expected, ours: o, mozilla: m, traceMapping: t });
      if (o.length !== expected.length || !o.every((p, k) => sameGenerated(p, expected[k]))) {
        tally.fail('ours differs from the reference', example);
        continue;
      }
      if (m.length !== expected.length || !m.every((p, k) => sameGenerated(p, expected[k]))) {
        tally.add('mozilla differences');
        const categories = !sameSourceIdentity(ctx, 'moz', q.source) ? [CATEGORY.sourceIdentity] : mozAllCategories(ref, indices, m);
        if (categories) for (const category of categories) tally.explain(category);
        else tally.fail('mozilla differs (ours = reference)', example);
      }
      if (t.length !== expected.length || !t.every((p, k) => samePosition(p, expected[k]))) {
        tally.add('trace-mapping differences');
        let category: string | undefined;
        if (!sameSourceIdentity(ctx, 'tm', q.source)) category = CATEGORY.sourceIdentity;
        else if (!withColumn) {
          const own = indices.length > 0 && ref.oline[indices[0]] === q.line - 1;
          const firstColumn = own ? indices.filter((i) => ref.ocol[i] === ref.ocol[indices[0]]) : [];
          if (t.length === firstColumn.length && t.every((p, k) => samePosition(p, generatedOf(ref, firstColumn[k])))) category = CATEGORY.tmAllNoColumn;
        }
        if (category) tally.explain(category);
        else tally.fail('trace-mapping differs (ours = reference)', example);
      }
    }
  }
  finish(tally, started);
}

function mozAllCategories(ref: Reference, indices: number[], m: NullablePosition[]): string[] | undefined {
  if (m.length !== indices.length) return undefined;
  const categories: string[] = [];
  let order = indices;
  if (!m.every((p, k) => samePosition(p, generatedOf(ref, indices[k])))) {
    order = [...indices].sort(mozillaTieOrder(ref));
    if (!m.every((p, k) => samePosition(p, generatedOf(ref, order[k])))) return undefined;
    categories.push(CATEGORY.mozAllOrder);
  }
  for (let k = 0; k < m.length; k++) {
    const ourLast = generatedOf(ref, order[k]).lastColumn;
    if (m[k].lastColumn === ourLast) continue;
    const category = lastColumnCategory(ref, ref.lineOf[order[k]], ref.gen[order[k]], m[k].lastColumn);
    if (!category) return undefined;
    if (!categories.includes(category)) categories.push(category);
  }
  return categories;
}

// ---------------------------------------------------------------------------------------------
// 3. eachMapping

/** Mappings as columns: lines 1-based, -1 for absent; sources as indices into the consumer's own list. */
interface Records {
  n: number;
  gl: Int32Array;
  gc: Int32Array;
  lgc: Float64Array; // NaN: null
  src: Int32Array;
  ol: Int32Array;
  oc: Int32Array;
  name: (string | null)[];
}

function records(capacity: number): Records {
  return {
    n: 0,
    gl: new Int32Array(capacity),
    gc: new Int32Array(capacity),
    lgc: new Float64Array(capacity),
    src: new Int32Array(capacity),
    ol: new Int32Array(capacity),
    oc: new Int32Array(capacity),
    name: new Array<string | null>(capacity),
  };
}

function collect(capacity: number, each: (push: (m: Mapping | MappingItem) => void) => void, index: (s: string | null) => number): Records {
  const r = records(capacity);
  each((m) => {
    const k = r.n++;
    if (k >= capacity) return; // counted; the lengths will differ
    r.gl[k] = m.generatedLine;
    r.gc[k] = m.generatedColumn;
    r.lgc[k] = m.lastGeneratedColumn ?? NaN;
    r.src[k] = index(m.source ?? null);
    r.ol[k] = m.originalLine ?? -1;
    r.oc[k] = m.originalColumn ?? -1;
    r.name[k] = m.name ?? null;
  });
  return r;
}

function recordOf(r: Records, k: number) {
  return { generatedLine: r.gl[k], generatedColumn: r.gc[k], lastGeneratedColumn: r.lgc[k], source: r.src[k], originalLine: r.ol[k], originalColumn: r.oc[k], name: r.name[k] };
}

/** Ours against the reference, exactly: segment i of `order` at position k. */
function checkAgainstReference(ctx: Context, tally: Tally, r: Records, order: Int32Array | null, label: string): void {
  const { ref } = ctx;
  const n = order ? order.length : ref.count;
  if (r.n !== n) {
    tally.fail(`ours (${label}) lists ${r.n} mappings, the reference ${n}`, () => ({}));
    return;
  }
  for (let k = 0; k < n; k++) {
    const i = order ? order[k] : k;
    const g = generatedOf(ref, i);
    const src = ref.src[i] < 0 ? -1 : ctx.canon.ours[ref.src[i]];
    const ok = r.gl[k] === g.line && r.gc[k] === g.column && r.lgc[k] === g.lastColumn && r.src[k] === src
      && r.ol[k] === (ref.src[i] < 0 ? -1 : ref.oline[i] + 1) && r.oc[k] === (ref.src[i] < 0 ? -1 : ref.ocol[i])
      && r.name[k] === (ref.name[i] < 0 ? null : ref.names[ref.name[i]]);
    if (!ok) tally.fail(`ours (${label}) differs from the reference`, () => ({ position: k, ours: recordOf(r, k), reference: { ...g, segment: segmentOf(ref, i) } }));
  }
}

/** mozilla against ours: run by run of equal keys (generated position, or original position). */
function compareWithMozilla(ctx: Context, tally: Tally, a: Records, b: Records, order: 'generated' | 'original'): void {
  const { ref } = ctx;
  if (a.n !== b.n) {
    tally.fail(`mozilla lists ${b.n} mappings in ${order} order, ours ${a.n}`, () => ({}));
    return;
  }
  const canonSource = (r: Records, k: number) => (r.src[k] < 0 ? r.src[k] : ctx.canon.ours[r.src[k]]);
  const sameKey = order === 'generated'
    ? (r: Records, i: number, s: Records, j: number) => r.gl[i] === s.gl[j] && r.gc[i] === s.gc[j]
    : (r: Records, i: number, s: Records, j: number) => canonSource(r, i) === canonSource(s, j) && r.ol[i] === s.ol[j] && r.oc[i] === s.oc[j];
  const key = (r: Records, k: number) => `${r.gl[k]}:${r.gc[k]}:${canonSource(r, k)}:${r.ol[k]}:${r.oc[k]}:${r.name[k]}`;
  const n = a.n;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && sameKey(a, i, a, j)) j++;
    const example = () => ({ order, from: i, ours: Array.from({ length: Math.min(j - i, 6) }, (_, k) => recordOf(a, i + k)), mozilla: Array.from({ length: Math.min(j - i, 6) }, (_, k) => recordOf(b, i + k)) });
    let keysMatch = !(j < n && sameKey(a, i, b, j));
    for (let k = i; k < j && keysMatch; k++) keysMatch = sameKey(a, i, b, k);
    if (!keysMatch) {
      tally.fail(`mozilla's ${order} order differs in its keys`, example);
      i = j;
      continue;
    }
    let equal = true;
    for (let k = i; k < j && equal; k++) equal = key(a, k) === key(b, k) && Object.is(a.lgc[k], b.lgc[k]);
    if (equal) {
      i = j;
      continue;
    }
    // The same mappings, perhaps in another order; then each one's lastGeneratedColumn.
    const ka: string[] = [];
    const kb: string[] = [];
    for (let k = i; k < j; k++) {
      ka.push(key(a, k));
      kb.push(key(b, k));
    }
    if ([...ka].sort().join('\n') !== [...kb].sort().join('\n')) {
      tally.fail(`mozilla lists other mappings at one ${order} position`, example);
      i = j;
      continue;
    }
    if (ka.join('\n') !== kb.join('\n')) {
      // Reordered: explained only when mozilla's run is in the order its comparators give.
      if (inMozillaOrder(ctx, b, i, j, order)) tally.explain(order === 'generated' ? CATEGORY.eachGeneratedTies : CATEGORY.eachOriginalTies);
      else tally.fail(`mozilla's ${order} order reorders a run, not as its comparator would`, example);
    }
    const used = new Uint8Array(j - i);
    for (let k = i; k < j; k++) {
      // The mozilla mapping this one is: the same key, the same lastGeneratedColumn if there is one.
      let match = -1;
      for (let x = 0; x < j - i; x++) {
        if (used[x] || kb[x] !== ka[k - i]) continue;
        if (match < 0) match = x;
        if (Object.is(b.lgc[i + x], a.lgc[k])) {
          match = x;
          break;
        }
      }
      used[match] = 1;
      const peerLast = b.lgc[i + match];
      if (Object.is(peerLast, a.lgc[k])) continue;
      const category = lastColumnCategory(ref, a.gl[k] - 1, a.gc[k], Number.isNaN(peerLast) ? null : peerLast);
      if (category) tally.explain(category);
      else tally.fail(`mozilla's lastGeneratedColumn differs (${order} order)`, () => ({ ours: recordOf(a, k), mozilla: recordOf(b, i + match) }));
    }
    i = j;
  }
}

/**
 * Whether mozilla's run b[i, j) (one generated position, or one original position) is sorted as
 * its comparators sort: a generated position's segments by (mapped first, source, original line,
 * original column, no name first, name index); an original position's by (no name first, name
 * index, generated line, generated column). A mapping's name index is the reference's, found by
 * its generated position (`names` may list a name twice: esbuild's do).
 */
/** The index in `names` of record k's name: its segment's in the reference; -1 for none, -2 if not found. */
function referenceNameIndex(ref: Reference, r: Records, k: number): number {
  if (r.name[k] === null) return -1;
  const [from, to] = generatedRun(ref, r.gl[k] - 1, r.gc[k]);
  for (let i = from; i < to; i++) {
    if (ref.name[i] >= 0 && ref.names[ref.name[i]] === r.name[k] && ref.oline[i] + 1 === r.ol[k] && ref.ocol[i] === r.oc[k]) return ref.name[i];
  }
  return -2;
}

function inMozillaOrder(ctx: Context, b: Records, i: number, j: number, order: 'generated' | 'original'): boolean {
  const nameIndex = (k: number) => referenceNameIndex(ctx.ref, b, k);
  const key = (k: number): number[] => (order === 'generated'
    ? [b.src[k] < 0 ? 1 : 0, b.src[k] < 0 ? 0 : ctx.canon.ours[b.src[k]], b.ol[k], b.oc[k], nameIndex(k)]
    : [nameIndex(k), b.gl[k], b.gc[k]]);
  for (let k = i + 1; k < j; k++) {
    const x = key(k - 1);
    const y = key(k);
    const d = x.findIndex((v, f) => v !== y[f]);
    if (d >= 0 && x[d] > y[d]) return false;
  }
  return true;
}

function checkEachMapping(ctx: Context): void {
  const started = performance.now();
  const { ref, ours, moz } = ctx;
  const tally = new Tally(`${ctx.name}: eachMapping`);
  const mapped = ref.byOriginal.length;
  for (const order of ['generated', 'original'] as const) {
    const capacity = order === 'generated' ? ref.count : mapped;
    const a = collect(capacity, (push) => ours.eachMapping(push, { order }), ctx.index.ours);
    checkAgainstReference(ctx, tally, a, order === 'generated' ? null : ref.byOriginal, order);
    // mozilla's sources as indices into its own list (the first of equal entries): the same
    // indices as ours' unless one list merges entries the other keeps apart.
    const b = collect(capacity, (push) => moz.eachMapping(push, null, order === 'generated' ? SourceMapConsumer.GENERATED_ORDER : SourceMapConsumer.ORIGINAL_ORDER), ctx.index.moz);
    tally.add(`mappings in ${order} order`, a.n);
    compareWithMozilla(ctx, tally, a, b, order);
  }
  finish(tally, started);
}

// ---------------------------------------------------------------------------------------------
// 4. decodedMappings

function checkDecodedMappings(ctx: Context): void {
  const started = performance.now();
  const tally = new Tally(`${ctx.name}: decodedMappings`);
  const ours = ctx.ours.decodedMappings();
  const theirs = tmDecodedMappings(ctx.tm);
  tally.add('lines', ours.length);
  if (ours.length !== theirs.length) tally.fail('line count differs', () => ({ ours: ours.length, traceMapping: theirs.length }));
  let segments = 0;
  for (let l = 0; l < Math.min(ours.length, theirs.length); l++) {
    const a = ours[l];
    const b = theirs[l];
    segments += a.length;
    if (a.length !== b.length) {
      tally.fail('segment count of a line differs', () => ({ line: l, ours: a.length, traceMapping: b.length }));
      continue;
    }
    for (let k = 0; k < a.length; k++) {
      if (!sameSegment(a[k], b[k])) tally.fail('segment differs', () => ({ line: l, index: k, ours: a[k], traceMapping: b[k] }));
    }
  }
  tally.add('segments', segments);
  // And the reference, which has the sections' offsets applied independently of both.
  const { ref } = ctx;
  for (let l = 0; l < Math.min(ours.length, ref.lines); l++) {
    for (let k = 0; k < ours[l].length; k++) {
      const i = ref.lineStarts[l] + k;
      if (i >= ref.lineStarts[l + 1] || !sameSegment(ours[l][k], segmentOf(ref, i))) {
        tally.fail('ours differs from the reference', () => ({ line: l, index: k, ours: ours[l][k], reference: segmentOf(ref, i) }));
      }
    }
  }
  finish(tally, started);
}

// ---------------------------------------------------------------------------------------------
// Needles in generated coordinates.

/** A seeded generated position of every kind; `invalid` of them (a share) with line < 1 or column < 0. */
function generatedPositions(ref: Reference, rng: () => number, count: number, invalidShare: number): Int32Array {
  const int = (n: number) => Math.floor(rng() * n);
  const out = new Int32Array(count * 2);
  const nonEmpty: number[] = [];
  const empty: number[] = [];
  for (let l = 0; l < ref.lines; l++) (ref.lineStarts[l] < ref.lineStarts[l + 1] ? nonEmpty : empty).push(l);
  const kinds: (() => [number, number] | undefined)[] = [
    // at a segment, or one column either side
    () => {
      if (ref.count === 0) return undefined;
      const i = int(ref.count);
      return [ref.lineOf[i] + 1, Math.max(0, ref.gen[i] + int(3) - 1)];
    },
    // strictly between two segments
    () => {
      if (ref.count === 0) return undefined;
      const i = int(ref.count);
      if (i + 1 >= ref.lineStarts[ref.lineOf[i] + 1] || ref.gen[i + 1] - ref.gen[i] < 2) return undefined;
      return [ref.lineOf[i] + 1, ref.gen[i] + 1 + int(ref.gen[i + 1] - ref.gen[i] - 1)];
    },
    // past a line's last segment, up to the largest column
    () => {
      if (nonEmpty.length === 0) return undefined;
      const l = nonEmpty[int(nonEmpty.length)];
      const last = ref.gen[ref.lineStarts[l + 1] - 1];
      return [l + 1, rng() < 0.8 ? last + 1 + int(100_000) : INT32_MAX];
    },
    // before a line's first segment
    () => {
      if (nonEmpty.length === 0) return undefined;
      const l = nonEmpty[int(nonEmpty.length)];
      return [l + 1, int(ref.gen[ref.lineStarts[l]] + 1)];
    },
    // a line without segments; past the last line
    () => (empty.length > 0 && rng() < 0.5 ? [empty[int(empty.length)] + 1, int(300)] : [ref.lines + 1 + int(rng() < 0.5 ? 3 : 1_000_000), int(300)]),
    () => [rng() < 0.9 ? 1 + int(ref.lines + 2) : INT32_MAX, int(rng() < 0.5 ? 100 : 1_000_000)],
  ];
  const invalid: (() => [number, number])[] = [
    () => [0, int(1000)],
    () => [-1 - int(1000), int(1000)],
    () => [-0x80000000, 0],
    () => [1 + int(ref.lines + 1), -1 - int(1000)],
    () => [1 + int(ref.lines + 1), -0x80000000],
  ];
  for (let k = 0; k < count; k++) {
    let position: [number, number] | undefined;
    if (rng() < invalidShare) position = invalid[int(invalid.length)]();
    while (!position) position = kinds[int(kinds.length)]();
    out[2 * k] = position[0];
    out[2 * k + 1] = position[1];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 5. originalPositionsFor (batch)

function checkBatch(ctx: Context): void {
  const started = performance.now();
  const { ref, ours, tm } = ctx;
  const tally = new Tally(`${ctx.name}: originalPositionsFor`);
  const positions = generatedPositions(ref, random(seedOf(`${ctx.name}/batch`)), BATCH_POSITIONS, 0.2);
  for (const bias of BIASES) {
    const results = ours.originalPositionsFor(positions, bias);
    expect(results).toBeInstanceOf(Float64Array); // a 1-based line can be 2^31
    expect(results.length).toBe(BATCH_POSITIONS * 4);
    for (let k = 0; k < BATCH_POSITIONS; k++) {
      const line = positions[2 * k];
      const column = positions[2 * k + 1];
      const got = Array.from(results.subarray(4 * k, 4 * k + 4));
      tally.add('positions');
      const example = (extra: object = {}) => () => ({ map: ctx.name, line, column, bias: biasName(bias), batch: got, ...extra });
      if (line < 1 || column < 0) {
        // The batch answers -1s where the single lookup throws.
        tally.add('invalid positions');
        if (!got.every((v) => v === -1)) tally.fail('batch: an invalid position answers other than -1s', example());
        let error: unknown;
        try {
          ours.originalPositionFor({ line, column, bias });
        } catch (e) {
          error = e;
        }
        if (!(error instanceof SourceMapError) || error.code !== 'INVALID_POSITION') tally.fail('originalPositionFor does not throw INVALID_POSITION for an invalid position', example({ error: String(error) }));
        continue;
      }
      const i = referenceLookup(ref, line - 1, column, bias);
      const expected = i < 0 || ref.src[i] < 0 ? [-1, -1, -1, -1] : [ref.src[i], ref.oline[i] + 1, ref.ocol[i], ref.name[i]];
      if (!sameSegment(got, expected)) tally.fail('batch differs from the reference', example({ reference: expected }));
      const single = ours.originalPositionFor({ line, column, bias });
      const fromBatch = {
        source: got[0] < 0 ? null : ours.sources[got[0]],
        line: got[1] < 0 ? null : got[1],
        column: got[2] < 0 ? null : got[2],
        name: got[3] < 0 ? null : ours.names[got[3]],
      };
      if (single.source !== fromBatch.source || single.line !== fromBatch.line || single.column !== fromBatch.column || single.name !== fromBatch.name) {
        tally.fail('batch differs from originalPositionFor', example({ single }));
      }
      const segment = ours.segmentFor({ line, column, bias });
      if (!sameSegment(segment, segmentOf(ref, i))) tally.fail('segmentFor differs from the reference', example({ segment, reference: segmentOf(ref, i) }));
      // trace-mapping's originalPositionFor, which must equal ours exactly (differential.test.ts
      // compares it at length): every fourth position.
      if (k % 4 !== 0) continue;
      tally.add('of them also against trace-mapping');
      const t = tmOriginalPositionFor(tm, { line, column, bias: tmBias(bias) });
      const ts = ctx.index.tm(t.source);
      const sameSource = got[0] < 0 ? t.source === null : ts >= 0 && (ctx.canon.tm[ts] === ctx.canon.tm[got[0]] || ctx.canon.ours[ts] === ctx.canon.ours[got[0]]);
      if (!sameSource || t.line !== fromBatch.line || t.column !== fromBatch.column || t.name !== fromBatch.name) {
        tally.fail('batch differs from trace-mapping\'s originalPositionFor', example({ traceMapping: t }));
      }
    }
  }
  finish(tally, started);
}

// ---------------------------------------------------------------------------------------------
// 6. segmentFor vs traceSegment

function checkSegmentFor(ctx: Context): void {
  const started = performance.now();
  const { ref, ours, tm } = ctx;
  const tally = new Tally(`${ctx.name}: segmentFor`);
  const positions = generatedPositions(ref, random(seedOf(`${ctx.name}/segmentFor`)), SEGMENT_POSITIONS, 0);
  for (let k = 0; k < SEGMENT_POSITIONS; k++) {
    const line = positions[2 * k];
    const column = positions[2 * k + 1];
    tally.add('positions');
    const o = ours.segmentFor({ line, column });
    const t = tmTraceSegment(tm, line - 1, column);
    if (o === null) tally.add('null answers');
    const reference = segmentOf(ref, referenceLookup(ref, line - 1, column, GREATEST_LOWER_BOUND));
    if (!sameSegment(o, reference)) tally.fail('ours differs from the reference', () => ({ line, column, ours: o, reference }));
    else if (!sameSegment(o, t)) tally.fail('traceSegment differs (ours = reference)', () => ({ line, column, ours: o, traceMapping: t }));
    const lub = ours.segmentFor({ line, column, bias: LEAST_UPPER_BOUND });
    const lubReference = segmentOf(ref, referenceLookup(ref, line - 1, column, LEAST_UPPER_BOUND));
    if (!sameSegment(lub, lubReference)) tally.fail('ours (LUB) differs from the reference', () => ({ line, column, ours: lub, reference: lubReference }));
  }
  finish(tally, started);
}

// ---------------------------------------------------------------------------------------------
// The suites: every method on every map.

function suite(load: () => Promise<MapCase>, label?: string): void {
  let ctx: Context | undefined;
  const use = () => {
    if (!ctx) throw new Error('the map did not load');
    return ctx;
  };
  describe(label ?? 'map', () => {
    beforeAll(async () => {
      ctx = await openContext(await load());
    });
    afterAll(() => closeContext(ctx));
    it('generatedPositionFor: ours = reference = source-map (but as classified); trace-mapping differs only as classified', () => checkGeneratedPositionFor(use()));
    it('allGeneratedPositionsFor, with and without a column', () => checkAllGeneratedPositionsFor(use()));
    it('eachMapping in generated and original order', () => checkEachMapping(use()));
    it('decodedMappings = trace-mapping\'s', () => checkDecodedMappings(use()));
    it('originalPositionsFor = originalPositionFor per position, -1s where that throws', () => checkBatch(use()));
    it('segmentFor = traceSegment', () => checkSegmentFor(use()));
  });
}

const BENCH_FILES = hasBenchMaps ? readdirSync(BENCH_MAPS).filter((f) => f.endsWith('.map')).sort() : [];
const bench = (file: string) => readFileSync(`${BENCH_MAPS}${file}`, 'utf8');

describe.skipIf(!hasBenchMaps)('reverse differential: production maps (../shared/bench-maps)', () => {
  for (const file of BENCH_FILES) suite(async () => plainCase(file, bench(file)), file);
});

describe('reverse differential: maps made by esbuild and terser', () => {
  for (const { name, description, generate } of REAL_MAPS) suite(async () => plainCase(name, await generate()), `${name} (${description})`);
});

describe('reverse differential: real maps with equal-column ties and unsorted lines added', () => {
  for (const name of ['esbuild-min-terser', 'terser-long-lines']) {
    suite(async () => plainCase(`${name} + ties + disorder`, withTiesAndDisorder(await realMap(name).generate(), seedOf(name))), `${name} + ties + disorder`);
  }
});

describe('reverse differential: index maps wrapping real maps as sections', () => {
  const raw = (name: string) => realMap(name).generate();
  // The second section starts on the line where the first one's mappings end, 25 columns on:
  // the column offset applies to its first line only (the readable bundle has 792).
  suite(async () => indexCase('index: esbuild-min-source-map-js + esbuild-readable-trace-mapping mid-line', [
    { raw: await raw('esbuild-min-source-map-js') },
    { raw: await raw('esbuild-readable-trace-mapping'), sameLine: 25 },
  ]), 'two sections, the second from mid-line');
  // Three sections chained on one line (the second and third each start where the previous one's
  // mappings end), then one three lines below at column 7.
  suite(async () => indexCase('index: terser-long-lines + terser-one-line + esbuild-min-source-map-js + terser-source-map-consumer', [
    { raw: await raw('terser-long-lines') },
    { raw: await raw('terser-one-line'), sameLine: 3 },
    { raw: await raw('esbuild-min-source-map-js'), sameLine: 1 },
    { raw: await raw('terser-source-map-consumer'), linesBelow: 3, column: 7 },
  ]), 'four sections, three sharing a line');
  // The same map twice, the second from mid-line: every source listed twice. All three search
  // only the first entry of a name (ours and trace-mapping by index, mozilla by section).
  suite(async () => indexCase('index: esbuild-min-source-map-js twice', [
    { raw: await raw('esbuild-min-source-map-js') },
    { raw: await raw('esbuild-min-source-map-js'), sameLine: 1 },
  ]), 'the same map twice (duplicate sources)');
  if (hasBenchMaps) {
    suite(async () => indexCase('index: preact + react mid-line + angular', [
      { raw: bench('preact.js.map') },
      { raw: bench('react.js.map'), sameLine: 10 },
      { raw: bench('angular-debug_node-chunk.mjs.map'), linesBelow: 2, column: 0 },
    ]), 'bench maps as sections: preact, react from mid-line, angular');
  }
});

describe('originalPositionsFor: shapes', () => {
  const map = new SourceMap({ version: 3, sources: ['a.js'], names: ['x'], mappings: 'AAAAA,EAAE;AACA' });
  it('answers an empty batch with an empty result', () => {
    expect(map.originalPositionsFor(new Int32Array(0))).toEqual(new Float64Array(0));
  });
  it('refuses an odd length and anything but an Int32Array', () => {
    expect(() => map.originalPositionsFor(new Int32Array(3))).toThrow(SourceMapError);
    expect(() => map.originalPositionsFor([1, 0] as unknown as Int32Array)).toThrow(SourceMapError);
    expect(() => map.originalPositionsFor(new Int32Array(2), 2 as OurBias)).toThrow(SourceMapError);
  });
  it('writes into a given array, which it returns', () => {
    const positions = Int32Array.of(1, 2, 2, 0, 9, 0);
    const into = new Float64Array(16).fill(7);
    expect(map.originalPositionsFor(positions, LEAST_UPPER_BOUND, into)).toBe(into);
    expect(Array.from(into)).toEqual([0, 1, 2, -1, 0, 2, 2, -1, -1, -1, -1, -1, 7, 7, 7, 7]);
    expect(Array.from(map.originalPositionsFor(positions, LEAST_UPPER_BOUND))).toEqual(Array.from(into.subarray(0, 12)));
  });
  it('refuses an into that is not a Float64Array of 4 numbers per position', () => {
    const positions = Int32Array.of(1, 2, 2, 0);
    for (const into of [new Float64Array(7), new Int32Array(8), [0, 0, 0, 0, 0, 0, 0, 0]]) {
      const error = caught(() => map.originalPositionsFor(positions, GREATEST_LOWER_BOUND, into as Float64Array));
      expect(error.code).toBe('INVALID_POSITION');
      expect(error.message).toMatch(/into must be a Float64Array of at least 8 numbers \(4 per position\)/);
    }
  });
  it('refuses an into that shares memory with positions, and takes one beside them', () => {
    const buffer = new ArrayBuffer(16 + 64);
    const positions = new Int32Array(buffer, 0, 4).fill(1);
    const error = caught(() => map.originalPositionsFor(positions, GREATEST_LOWER_BOUND, new Float64Array(buffer, 8, 8)));
    expect(error.code).toBe('INVALID_POSITION');
    expect(error.message).toBe('into must not share memory with positions');
    const beside = new Float64Array(buffer, 16, 8);
    expect(Array.from(map.originalPositionsFor(positions, GREATEST_LOWER_BOUND, beside))).toEqual(Array.from(map.originalPositionsFor(positions)));
  });
  it('answers -1s for line 0 and negative columns where originalPositionFor throws', () => {
    expect(Array.from(map.originalPositionsFor(Int32Array.of(0, 0, 1, -1, 1, 0, 2, 0)))).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 0, 0, 0, 2, 2, -1]);
    expect(() => map.originalPositionFor({ line: 0, column: 0 })).toThrow(SourceMapError);
    expect(() => map.originalPositionFor({ line: 1, column: -1 })).toThrow(SourceMapError);
  });
});

// ---------------------------------------------------------------------------------------------
// eachMapping while the map's wasm memory grows: building the original-order index (or the
// batch window) can grow it, which detaches the ArrayBuffer of any view taken before. A first
// eachMapping({ order: 'original' }), or a first reverse or batch lookup inside an eachMapping
// callback, once listed garbage this way (react.js.map: 5726 mappings with undefined fields).
// The expected answers below are a warm map's, which the suites above check against the
// reference and the peers.

interface FirstUseCase { name: string; load: () => Promise<string> }

// The smaller real maps (each shows the bug here in at least two of the three ways).
const FIRST_USE_MAPS: FirstUseCase[] = [
  ...['esbuild-min-source-map-js', 'esbuild-readable-trace-mapping', 'terser-source-map-consumer', 'terser-chained-source-map-js', 'terser-one-line']
    .map((name) => ({ name, load: realMap(name).generate })),
  ...['react.js.map', 'amp.js.map']
    .filter(() => hasBenchMaps)
    .map((file) => ({ name: file, load: async () => bench(file) })),
];

/** Every mapping eachMapping lists, as JSON lines; `during(k)` runs before the k-th callback returns. */
function listMappings(map: SourceMap, order: 'generated' | 'original', during?: (k: number) => void): string[] {
  const out: string[] = [];
  map.eachMapping((m) => {
    during?.(out.length);
    out.push(JSON.stringify(m, jsonInfinity));
  }, { order });
  return out;
}

/** A map whose original-order index is built and whose batch window is reserved: memory settled. */
function warmMap(raw: string): SourceMap {
  const map = new SourceMap(raw, { url: MAP_URL });
  const source = map.rawSources.find((s) => s !== null);
  if (source != null) map.generatedPositionFor({ source, line: 1, column: 0 });
  map.originalPositionsFor(Int32Array.of(1, 0));
  return map;
}

/** How many mappings of `fresh` differ from the warm map's, per map; logs them. */
async function firstUseMismatches(label: string, run: (fresh: SourceMap, warm: SourceMap) => [string[], string[]]): Promise<Record<string, number>> {
  const mismatches: Record<string, number> = {};
  for (const { name, load } of FIRST_USE_MAPS) {
    const raw = await load();
    const warm = warmMap(raw);
    const fresh = new SourceMap(raw, { url: MAP_URL });
    const [got, expected] = run(fresh, warm);
    let bad = Math.abs(got.length - expected.length);
    for (let k = 0; k < Math.min(got.length, expected.length); k++) if (got[k] !== expected[k]) bad++;
    if (bad > 0) {
      mismatches[name] = bad;
      const k = got.findIndex((g, i) => g !== expected[i]);
      console.log(`${label}: ${name}: ${bad} of ${expected.length} mappings wrong; first at ${k}: got ${got[k]}, expected ${expected[k]}`);
    }
    fresh.dispose();
    warm.dispose();
  }
  return mismatches;
}

describe('eachMapping while the wasm memory grows under it', () => {
  // Once a bug: eachMapping kept a view of the map's memory that building the reverse index
  // (or the batch window) detached, and listed garbage from then on.
  it('eachMapping({ order: "original" }) as the first reverse use lists the right mappings', async () => {
    const mismatches = await firstUseMismatches('original order first', (fresh, warm) => [listMappings(fresh, 'original'), listMappings(warm, 'original')]);
    expect(mismatches).toEqual({});
  });

  it('a first generatedPositionFor inside an eachMapping callback leaves the iteration intact', async () => {
    const mismatches = await firstUseMismatches('generatedPositionFor in the callback', (fresh, warm) => {
      const source = fresh.rawSources.find((s) => s !== null)!;
      return [
        listMappings(fresh, 'generated', (k) => {
          if (k === 0) fresh.generatedPositionFor({ source, line: 1, column: 0 });
        }),
        listMappings(warm, 'generated'),
      ];
    });
    expect(mismatches).toEqual({});
  });

  it('a first originalPositionsFor inside an eachMapping callback leaves the iteration intact', async () => {
    const mismatches = await firstUseMismatches('originalPositionsFor in the callback', (fresh, warm) => [
      listMappings(fresh, 'generated', (k) => {
        if (k === 0) fresh.originalPositionsFor(Int32Array.of(1, 0));
      }),
      listMappings(warm, 'generated'),
    ]);
    expect(mismatches).toEqual({});
  });

  it('after a reverse lookup (the index built, memory grown), eachMapping in either order is right; so is a batch first', async () => {
    const mismatches = await firstUseMismatches('batch, reverse lookup, then eachMapping', (fresh, warm) => {
      fresh.originalPositionsFor(Int32Array.of(1, 0, 2, 5));
      const source = fresh.rawSources.find((s) => s !== null)!;
      const answers = [1, 2, 3].map((line) => JSON.stringify(fresh.generatedPositionFor({ source, line, column: 0 })));
      const expected = [1, 2, 3].map((line) => JSON.stringify(warm.generatedPositionFor({ source, line, column: 0 })));
      return [
        [...answers, ...listMappings(fresh, 'original'), ...listMappings(fresh, 'generated')],
        [...expected, ...listMappings(warm, 'original'), ...listMappings(warm, 'generated')],
      ];
    });
    expect(mismatches).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------
// The cost of the first reverse lookup (it builds an index) and of the lookups after it.

describe.skipIf(!hasBenchMaps)('reverse lookups: index build and lookup time (babel-standalone.js.map), printed', () => {
  it('times the first generatedPositionFor and the steady state of the three consumers', async () => {
    const file = 'babel-standalone.js.map';
    const raw = bench(file);
    // Needles: mapped original positions, a column either side, from a probe map.
    const rng = random(seedOf('timing'));
    const probe = new SourceMap(raw);
    const mapped: Mapping[] = [];
    probe.eachMapping((m) => {
      if (m.source !== null && rng() < 0.1) mapped.push(m);
    });
    const rawSources = probe.rawSources;
    const sourceIndex = new Map<string, number>(probe.sources.map((s, i) => [s!, i]));
    const segments = probe.segmentCount;
    probe.dispose();
    const needles = Array.from({ length: TIMING_NEEDLES }, () => {
      const m = mapped[Math.floor(rng() * mapped.length)];
      return { source: rawSources[sourceIndex.get(m.source!)!]!, line: m.originalLine!, column: Math.max(0, m.originalColumn! + Math.floor(rng() * 3) - 1) };
    });
    mapped.length = 0;

    // Each consumer twice, on fresh instances: the first call of the first instance pays for
    // whatever state the process is in (memory to map, code to tier up; after the suites above,
    // a large heap), the second shows the index build alone. Then the lookups, on the second.
    interface Row { consumer: string; firstCallMs: number[]; firstPassMs: number; steadyNs: number }
    const rows: Row[] = [];
    // A full collection before each first call, so that none pays for the garbage of another
    // (or of the suites above); vitest runs this file with --expose-gc.
    const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
    type Lookup = (n: (typeof needles)[number]) => { line: number | null };
    interface Instance { first: () => unknown; lookup: Lookup; close: () => void }
    const time = async (consumer: string, open: () => Promise<Instance>) => {
      const firstCallMs: number[] = [];
      let sink = 0;
      for (let run = 0; run < 2; run++) {
        const instance = await open();
        gc();
        let t = performance.now();
        instance.first();
        firstCallMs.push(performance.now() - t);
        if (run === 0) {
          instance.close();
          continue;
        }
        t = performance.now();
        for (const n of needles) sink += instance.lookup(n).line ?? 0;
        const firstPassMs = performance.now() - t;
        let best = Infinity;
        for (let round = 0; round < 3; round++) {
          t = performance.now();
          for (const n of needles) sink += instance.lookup(n).line ?? 0;
          best = Math.min(best, performance.now() - t);
        }
        instance.close();
        rows.push({ consumer, firstCallMs, firstPassMs, steadyNs: (best * 1e6) / needles.length });
      }
      expect(sink).toBeGreaterThan(0);
    };

    // Ours decodes in the constructor; the first reverse lookup builds the original-order index.
    await time('sourcemap-wasm', async () => {
      const ours = new SourceMap(raw, { url: MAP_URL });
      return { first: () => ours.generatedPositionFor(needles[0]), lookup: (n) => ours.generatedPositionFor(n), close: () => ours.dispose() };
    });
    // mozilla parses lazily: a generated lookup first, so the first reverse one times only its
    // index (the per-source buckets, and the sort of the one source asked; the other sources'
    // buckets are sorted as the first pass reaches them).
    await time('source-map 0.7.6', async () => {
      const moz = await new SourceMapConsumer(raw, MAP_URL);
      moz.originalPositionFor({ line: 1, column: 0 });
      return { first: () => moz.generatedPositionFor(needles[0]), lookup: (n) => moz.generatedPositionFor(n), close: () => moz.destroy() };
    });
    // trace-mapping decodes lazily: a generated lookup first; the first reverse one builds bySources.
    await time('trace-mapping 0.3.31', async () => {
      const tm = new TraceMap(raw, MAP_URL);
      tmOriginalPositionFor(tm, { line: 1, column: 0 });
      return { first: () => tmGeneratedPositionFor(tm, needles[0]), lookup: (n) => tmGeneratedPositionFor(tm, n), close: () => {} };
    });
    const table = [
      `generatedPositionFor on ${file} (~${(segments / 1e6).toFixed(1)}M segments), ${needles.length} needles (GLB):`,
      '| consumer | first call (index build): 1st instance / 2nd | first pass over the needles | steady ns/lookup |',
      '|---|---:|---:|---:|',
      ...rows.map((r) => `| ${r.consumer} | ${r.firstCallMs.map((ms) => ms.toFixed(1)).join(' / ')} ms | ${r.firstPassMs.toFixed(1)} ms | ${r.steadyNs.toFixed(0)} |`),
    ].join('\n');
    console.log(table);
    expect(rows).toHaveLength(3);
  });
});
