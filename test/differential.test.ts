// Differential tests: our originalPositionFor against mozilla's source-map 0.7.6 and
// @jridgewell/trace-mapping 0.3, on production maps (../shared/bench-maps) and on maps that
// esbuild and terser make here from real npm code (./real-maps.ts).
//
// Every query is answered four times: by us, by both peers, and by a small reference lookup
// written here from the spec (ECMA-426 decoding via sourcemap-codec; lookups stay within one
// generated line; GREATEST_LOWER_BOUND = the last segment with column <= needle,
// LEAST_UPPER_BOUND = the first with column >= needle; on an exact hit of several segments at
// one column, GLB takes the first of them and LUB the last, as trace-mapping does). Sources
// are compared by index, not by URL, because the peers normalise source URLs differently
// (see the last describe block).
//
// A mismatch with a peer is "explained" only when it falls in one of the categories below,
// each checked by a predicate and documented where it is defined; anything else fails the test
// with the first few cases printed (map, position, bias, and every answer).

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode } from '@jridgewell/sourcemap-codec';
import {
  TraceMap,
  originalPositionFor as tmOriginalPositionFor,
  GREATEST_LOWER_BOUND as TM_GLB,
  LEAST_UPPER_BOUND as TM_LUB,
} from '@jridgewell/trace-mapping';
import { SourceMapConsumer } from 'source-map';
import { SourceMap, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND } from '../src/index.js';
import { BENCH_MAPS, hasBenchMaps } from './helpers.js';
import { REAL_MAPS, realMap, withTiesAndDisorder } from './real-maps.js';
import { random as seededRandom } from './vlq.js';

/** The URL all three consumers are told the map was loaded from. */
const MAP_URL = 'https://example.com/dist/app.js.map';
/** mozilla's bias constants (its LEAST_UPPER_BOUND is 2, ours and trace-mapping's -1). */
const MOZ_GLB = 1;
const MOZ_LUB = 2;
/** Random positions per map, on top of every segment's own position. */
const RANDOM_POSITIONS = 12_000;
/** Examples kept per category for the report. */
const EXAMPLES = 5;

type OurBias = typeof GREATEST_LOWER_BOUND | typeof LEAST_UPPER_BOUND;
const BIASES: readonly OurBias[] = [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND];
const biasName = (bias: OurBias) => (bias === GREATEST_LOWER_BOUND ? 'GLB' : 'LUB');

// ---------------------------------------------------------------------------------------------
// Deterministic randomness.


function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// The reference: segments decoded by sourcemap-codec (which sorts a line whose segments are out
// of generated-column order, stably, by column only: the order all three consumers are meant to
// search), packed flat.

const F = 5; // fields per packed segment: generated column, source, line, column, name (-1 = absent)

interface Reference {
  lines: number;
  /** lineStarts[l] .. lineStarts[l + 1]: line l's segments. */
  lineStarts: Int32Array;
  segments: Int32Array;
  count: number;
  unsortedLines: number;
}

/**
 * How many lines of `mappings` list their segments out of generated-column order, by a scan of
 * the VLQ (sourcemap-codec's decode sorts such lines, stably by column, so it cannot tell).
 */
function countUnsortedLines(mappings: string): number {
  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let unsorted = 0;
  let column = 0;
  let previous = 0;
  let sorted = true;
  let field = 0;
  let value = 0;
  let shift = 0;
  for (let i = 0; i <= mappings.length; i++) {
    const c = i < mappings.length ? mappings[i] : ';';
    if (c === ',' || c === ';') {
      field = 0;
      if (c === ';') {
        if (!sorted) unsorted++;
        column = 0;
        previous = 0;
        sorted = true;
      }
      continue;
    }
    const digit = BASE64.indexOf(c);
    value += (digit & 31) * 2 ** shift;
    shift += 5;
    if (digit & 32) continue;
    if (field === 0) {
      column += value % 2 ? -Math.floor(value / 2) : value / 2;
      if (column < previous) sorted = false;
      previous = column;
    }
    field++;
    value = 0;
    shift = 0;
  }
  return unsorted;
}

function buildReference(mappings: string): Reference {
  // Lines out of order come back stably sorted by generated column.
  const decoded = decode(mappings);
  let count = 0;
  for (const line of decoded) count += line.length;
  const lineStarts = new Int32Array(decoded.length + 1);
  const segments = new Int32Array(count * F);
  let at = 0;
  for (let l = 0; l < decoded.length; l++) {
    lineStarts[l] = at;
    for (const segment of decoded[l]) {
      const o = at * F;
      segments[o] = segment[0];
      segments[o + 1] = segment.length >= 4 ? segment[1]! : -1;
      segments[o + 2] = segment.length >= 4 ? segment[2]! : -1;
      segments[o + 3] = segment.length >= 4 ? segment[3]! : -1;
      segments[o + 4] = segment.length === 5 ? segment[4]! : -1;
      at++;
    }
  }
  lineStarts[decoded.length] = at;
  return { lines: decoded.length, lineStarts, segments, count, unsortedLines: countUnsortedLines(mappings) };
}

const columnAt = (ref: Reference, i: number) => ref.segments[i * F];

/** The reference answer's segment index, or -1. `line` is 1-based. Written as plainly as possible, not as the library does it. */
function referenceLookup(ref: Reference, line: number, column: number, bias: OurBias): number {
  const l = line - 1;
  if (l < 0 || l >= ref.lines) return -1;
  const start = ref.lineStarts[l];
  const end = ref.lineStarts[l + 1];
  if (start === end) return -1;
  // lo = the number of segments in [start, end) whose column is <= `column`, plus start.
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (columnAt(ref, mid) <= column) lo = mid + 1;
    else hi = mid;
  }
  if (bias === GREATEST_LOWER_BOUND) {
    let i = lo - 1; // the last segment with column <= needle
    if (i < start) return -1;
    if (columnAt(ref, i) === column) while (i > start && columnAt(ref, i - 1) === column) i--; // the first of an exact run
    return i;
  }
  let i = lo - 1; // the last segment with column <= needle: if it is an exact hit, LUB answers it
  if (i >= start && columnAt(ref, i) === column) return i;
  i = lo; // otherwise the first segment with column > needle
  return i < end ? i : -1;
}

/** The segments of `index`'s line sharing its generated column: [first, last]. */
function runOf(ref: Reference, line: number, index: number): [number, number] {
  const start = ref.lineStarts[line - 1];
  const end = ref.lineStarts[line];
  const column = columnAt(ref, index);
  let first = index;
  let last = index;
  while (first > start && columnAt(ref, first - 1) === column) first--;
  while (last + 1 < end && columnAt(ref, last + 1) === column) last++;
  return [first, last];
}

// ---------------------------------------------------------------------------------------------
// Answers, normalised for comparison: the source as an index into the map's sources.

interface Answer {
  /** Index into `sources`; -1 for null; -2 for a source string the consumer's own list does not have. */
  source: number;
  line: number | null;
  column: number | null;
  name: string | null;
}

interface RawAnswer {
  source: string | null;
  line: number | null;
  column: number | null;
  name: string | null;
}

/** Maps a consumer's returned source string back to an index via the consumer's own sources list (first occurrence). */
function sourceIndexer(sources: readonly (string | null)[]): (source: string | null) => number {
  const index = new Map<string, number>();
  sources.forEach((source, i) => {
    if (source !== null && !index.has(source)) index.set(source, i);
  });
  return (source) => (source === null ? -1 : (index.get(source) ?? -2));
}

/**
 * canon[i]: the first index whose source the consumer resolves to the same string as source i.
 * Two indices a consumer cannot tell apart (duplicate entries, or entries its normalisation
 * merges) compare equal.
 */
function canonicalIndices(sources: readonly (string | null)[]): Int32Array {
  const lookup = sourceIndexer(sources);
  return Int32Array.from(sources, (source, i) => (source === null ? i : lookup(source)));
}

function normalise(answer: RawAnswer, index: (source: string | null) => number): Answer {
  return { source: index(answer.source), line: answer.line, column: answer.column, name: answer.name };
}

function referenceAnswer(ref: Reference, index: number, names: readonly string[]): Answer {
  if (index < 0) return { source: -1, line: null, column: null, name: null };
  const o = index * F;
  const source = ref.segments[o + 1];
  if (source < 0) return { source: -1, line: null, column: null, name: null };
  const name = ref.segments[o + 4];
  return { source, line: ref.segments[o + 2] + 1, column: ref.segments[o + 3], name: name < 0 ? null : String(names[name]) };
}

/** Same answer, sources compared under `canon` (the canonical indices of whichever consumer is stricter about identity). */
function same(a: Answer, b: Answer, canonA: Int32Array, canonB: Int32Array): boolean {
  if (a.line !== b.line || a.column !== b.column || a.name !== b.name) return false;
  if (a.source === b.source) return a.source !== -2;
  if (a.source < 0 || b.source < 0) return false;
  return canonA[a.source] === canonA[b.source] || canonB[a.source] === canonB[b.source];
}

// ---------------------------------------------------------------------------------------------
// Comparing one map.

/** One lookup's answers, for the categories below. */
interface Query {
  line: number;
  column: number;
  bias: OurBias;
  ref: Reference;
  refIndex: number;
  ours: Answer;
  tm: Answer;
  moz: Answer;
  expected: Answer;
  names: readonly string[];
  canon: { ours: Int32Array; tm: Int32Array; moz: Int32Array; raw: Int32Array };
}

/**
 * Explained differences. Each is a predicate over one lookup's answers; a mismatch is counted
 * under the first category whose predicate holds. There are only mozilla's: trace-mapping must
 * equal ours exactly, and in every category below trace-mapping and we both give the
 * reference's answer while mozilla gives another segment of the same equal-column run.
 */
const MOZILLA_CATEGORIES: { name: string; holds: (q: Query) => boolean }[] = [
  {
    // Several segments of the line share the column the lookup lands on, the needle's column
    // exactly. GLB must answer the first of them and LUB the last (trace-mapping does, we do);
    // mozilla 0.7's wasm binary search stops at whichever member of the run it meets first, so
    // any member is its correct answer here (ECMA-426 leaves ties to the consumer).
    name: 'mozilla: another member of an exact-hit equal-column run',
    holds: (q) => q.refIndex >= 0 && columnAt(q.ref, q.refIndex) === q.column && inRun(q, q.moz),
  },
  {
    // The lookup lands, not exactly, on a column several segments share: GLB's answer is the
    // last of them in the line's order (its segments stably sorted by generated column), LUB's
    // the first. mozilla 0.7 (its wasm, the source-map-mappings crate) sorts a line's segments
    // by generated column and then by original location (source index, line, column, name;
    // unmapped segments last), so its "last" and "first" of the run are by original position.
    // trace-mapping and we keep the map's order, which is what "the last (first) segment with
    // column <= (>=) the needle" means over the line as the map lists it (ECMA-426 gives no
    // other order); mozilla's answer is exactly the one its own order predicts.
    name: 'mozilla: the run ordered by original location (non-exact hit on an equal-column run)',
    holds: (q) => q.refIndex >= 0 && columnAt(q.ref, q.refIndex) !== q.column && mozillaRunPick(q),
  },
];

/** Whether mozilla's answer is the member of the reference's run its ordering by original location puts last (GLB) or first (LUB). */
function mozillaRunPick(q: Query): boolean {
  const [first, last] = runOf(q.ref, q.line, q.refIndex);
  if (first === last) return false;
  const members: number[] = [];
  for (let i = first; i <= last; i++) members.push(i);
  const s = q.ref.segments;
  const key = (i: number, field: number) => {
    const v = s[i * F + field];
    return v < 0 ? Number.MAX_SAFE_INTEGER : v; // unmapped (and no name) sort last
  };
  members.sort((a, b) => key(a, 1) - key(b, 1) || key(a, 2) - key(b, 2) || key(a, 3) - key(b, 3) || key(a, 4) - key(b, 4));
  const pick = q.bias === GREATEST_LOWER_BOUND ? members[members.length - 1] : members[0];
  return same(q.moz, referenceAnswer(q.ref, pick, q.names), q.canon.moz, q.canon.raw);
}

/** Whether `answer` is one of the segments sharing the reference answer's column. */
function inRun(q: Query, answer: Answer): boolean {
  const [first, last] = runOf(q.ref, q.line, q.refIndex);
  if (first === last) return false;
  for (let i = first; i <= last; i++) {
    if (same(answer, referenceAnswer(q.ref, i, q.names), q.canon.moz, q.canon.raw)) return true;
  }
  return false;
}

interface Example {
  map: string;
  line: number;
  column: number;
  bias: string;
  ours: RawAnswer;
  traceMapping: RawAnswer;
  mozilla: RawAnswer;
  reference: Answer;
}

interface Report {
  map: string;
  segments: number;
  lines: number;
  unsortedLines: number;
  /** Distinct (line, column) positions queried, each with both biases. */
  segmentPositions: number;
  randomPositions: number;
  lookups: number;
  /** Lookups (of all `lookups`) whose answer is all null. */
  nullAnswers: number;
  mismatches: { traceMapping: number; mozilla: number };
  /** Explained mismatches by category. */
  explained: Map<string, number>;
  /** Unexplained mismatches by kind, and their first examples. */
  unexplained: Map<string, { count: number; examples: Example[] }>;
  ms: number;
}

async function compareMap(name: string, raw: string, randomPositions = RANDOM_POSITIONS): Promise<Report> {
  const started = performance.now();
  const json = JSON.parse(raw) as { mappings: string; names?: string[]; sources: (string | null)[] };
  const ref = buildReference(json.mappings);
  const names = (json.names ?? []).map(String);

  const ours = new SourceMap(raw, { url: MAP_URL });
  const tm = new TraceMap(raw, MAP_URL);
  const moz = await new SourceMapConsumer(raw, MAP_URL);
  try {
    expect(ours.segmentCount, `${name}: segmentCount`).toBe(ref.count);
    expect(ours.sources.length, `${name}: sources`).toBe(json.sources.length);
    expect(tm.resolvedSources.length).toBe(json.sources.length);
    expect(moz.sources.length).toBe(json.sources.length);

    const oursIndex = sourceIndexer(ours.sources);
    const tmIndex = sourceIndexer(tm.resolvedSources);
    const mozIndex = sourceIndexer(moz.sources);
    // A peer's answer and ours are the same source when either consumer cannot tell them apart.
    const canon = {
      ours: canonicalIndices(ours.sources),
      tm: canonicalIndices(tm.resolvedSources),
      moz: canonicalIndices(moz.sources),
      raw: Int32Array.from(json.sources, (_, i) => i),
    };
    const report: Report = {
      map: name,
      segments: ref.count,
      lines: ref.lines,
      unsortedLines: ref.unsortedLines,
      segmentPositions: 0,
      randomPositions: 0,
      lookups: 0,
      nullAnswers: 0,
      mismatches: { traceMapping: 0, mozilla: 0 },
      explained: new Map(),
      unexplained: new Map(),
      ms: 0,
    };
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    const fail = (kind: string, example: Example) => {
      let entry = report.unexplained.get(kind);
      if (!entry) report.unexplained.set(kind, (entry = { count: 0, examples: [] }));
      entry.count++;
      if (entry.examples.length < EXAMPLES) entry.examples.push(example);
    };

    const check = (line: number, column: number) => {
      for (const bias of BIASES) {
        report.lookups++;
        const oursRaw = ours.originalPositionFor({ line, column, bias });
        const tmRaw = tmOriginalPositionFor(tm, { line, column, bias: bias === GREATEST_LOWER_BOUND ? TM_GLB : TM_LUB });
        const mozRaw = moz.originalPositionFor({ line, column, bias: bias === GREATEST_LOWER_BOUND ? MOZ_GLB : MOZ_LUB });
        const refIndex = referenceLookup(ref, line, column, bias);
        const expected = referenceAnswer(ref, refIndex, names);
        if (expected.source === -1) report.nullAnswers++;
        const o = normalise(oursRaw, oursIndex);
        const t = normalise(tmRaw, tmIndex);
        const m = normalise(mozRaw, mozIndex);

        const oursOk = same(o, expected, canon.ours, canon.raw);
        const tmAgrees = same(o, t, canon.ours, canon.tm);
        const mozAgrees = same(o, m, canon.ours, canon.moz);
        if (oursOk && tmAgrees && mozAgrees) continue;

        const example = (): Example => ({
          map: name, line, column, bias: biasName(bias),
          ours: oursRaw, traceMapping: tmRaw, mozilla: mozRaw, reference: expected,
        });
        if (!tmAgrees) report.mismatches.traceMapping++;
        if (!mozAgrees) report.mismatches.mozilla++;
        if (!oursOk) {
          // Ours is not the spec's answer: a library bug unless the reference is wrong, which
          // the peers' answers in the report will tell.
          fail('ours differs from the reference', example());
          continue;
        }
        // Ours is the spec's answer; explain each peer that differs.
        if (!tmAgrees) fail('trace-mapping differs (ours = reference)', example());
        if (!mozAgrees) {
          const q: Query = { line, column, bias, ref, refIndex, ours: o, tm: t, moz: m, expected, names, canon };
          const category = MOZILLA_CATEGORIES.find((c) => c.holds(q));
          if (category) count(report.explained, category.name);
          else fail('mozilla differs (ours = reference)', example());
        }
      }
    };

    // 1. Every segment's own position (each distinct column of a line once).
    for (let l = 0; l < ref.lines; l++) {
      let previous = -1;
      for (let i = ref.lineStarts[l]; i < ref.lineStarts[l + 1]; i++) {
        const column = columnAt(ref, i);
        if (column === previous) continue;
        previous = column;
        report.segmentPositions++;
        check(l + 1, column);
      }
    }

    // 2. Random positions of every kind.
    const random = seededRandom(seedOf(`${name}/random`));
    const int = (n: number) => Math.floor(random() * n);
    const nonEmpty: number[] = [];
    const empty: number[] = [];
    for (let l = 0; l < ref.lines; l++) (ref.lineStarts[l] < ref.lineStarts[l + 1] ? nonEmpty : empty).push(l);
    const lastColumn = (l: number) => columnAt(ref, ref.lineStarts[l + 1] - 1);
    const kinds: (() => [number, number] | undefined)[] = [
      // between two segments of a line (strictly, when there is room)
      () => {
        const i = int(ref.count);
        const l = upperLine(ref, i);
        if (i + 1 >= ref.lineStarts[l + 1]) return undefined;
        const a = columnAt(ref, i);
        const b = columnAt(ref, i + 1);
        return b - a > 1 ? [l + 1, a + 1 + int(b - a - 1)] : undefined;
      },
      // one column either side of a segment
      () => {
        const i = int(ref.count);
        const column = columnAt(ref, i) + (random() < 0.5 ? -1 : 1);
        return column < 0 ? undefined : [upperLine(ref, i) + 1, column];
      },
      // past the line's last segment: near it, far, and at the largest column we accept
      () => {
        if (nonEmpty.length === 0) return undefined;
        const l = nonEmpty[int(nonEmpty.length)];
        const r = random();
        const column = r < 0.45 ? lastColumn(l) + 1 + int(40) : r < 0.9 ? lastColumn(l) + 1 + int(1_000_000) : 0x7fffffff;
        return [l + 1, column];
      },
      // before the line's first segment
      () => {
        if (nonEmpty.length === 0) return undefined;
        const l = nonEmpty[int(nonEmpty.length)];
        const first = columnAt(ref, ref.lineStarts[l]);
        return first > 0 ? [l + 1, int(first)] : [l + 1, 0];
      },
      // column 0 of any line
      () => (ref.lines > 0 ? [1 + int(ref.lines), 0] : undefined),
      // a line with no segments
      () => (empty.length > 0 ? [empty[int(empty.length)] + 1, random() < 0.5 ? 0 : int(200)] : undefined),
      // past the last line
      () => [ref.lines + 1 + int(random() < 0.8 ? 3 : 100_000), random() < 0.5 ? 0 : int(500)],
      // anywhere on any line
      () => (ref.lines > 0 ? [1 + int(ref.lines), int(nonEmpty.length > 0 ? lastColumn(nonEmpty[int(nonEmpty.length)]) + 10 : 100)] : undefined),
    ];
    const wanted = randomPositions;
    for (let attempts = 0; report.randomPositions < wanted && attempts < wanted * 20; attempts++) {
      const position = kinds[attempts % kinds.length]();
      if (!position) continue;
      report.randomPositions++;
      check(position[0], position[1]);
    }

    report.ms = performance.now() - started;
    return report;
  } finally {
    moz.destroy();
    ours.dispose();
  }
}

/** The 0-based line holding segment `index`. */
function upperLine(ref: Reference, index: number): number {
  // the last l with lineStarts[l] <= index (and a non-empty line: the first such from the right)
  let lo = 0;
  let hi = ref.lines;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ref.lineStarts[mid + 1] <= index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function summary(report: Report): string {
  const explained = [...report.explained].map(([k, n]) => `\n    explained: ${n} × ${k}`).join('');
  return `${report.map}: ${report.segments} segments on ${report.lines} lines (${report.unsortedLines} unsorted); `
    + `${report.segmentPositions} segment positions + ${report.randomPositions} random positions, `
    + `${report.lookups} lookups per consumer (${report.nullAnswers} null); mismatches vs trace-mapping ${report.mismatches.traceMapping}, `
    + `vs mozilla ${report.mismatches.mozilla}; ${(report.ms / 1000).toFixed(1)} s${explained}`;
}

function failures(report: Report): string {
  return [...report.unexplained].map(([kind, { count, examples }]) =>
    `${count} × ${kind}; first ${examples.length}:\n${examples.map((e) => `  ${JSON.stringify(e)}`).join('\n')}`).join('\n');
}

function expectExplained(report: Report): void {
  console.log(summary(report));
  const unexplained = [...report.unexplained.values()].reduce((n, { count }) => n + count, 0);
  expect(unexplained, `unexplained mismatches in ${report.map}:\n${failures(report)}`).toBe(0);
  expect(report.segmentPositions).toBeGreaterThan(0);
  expect(report.randomPositions).toBeGreaterThan(0);
}

// ---------------------------------------------------------------------------------------------

const BENCH_FILES = hasBenchMaps ? readdirSync(BENCH_MAPS).filter((f) => f.endsWith('.map')).sort() : [];

describe.skipIf(!hasBenchMaps)('differential: production maps (../shared/bench-maps)', () => {
  for (const file of BENCH_FILES) {
    it(file, async () => {
      const raw = readFileSync(`${BENCH_MAPS}${file}`, 'utf8');
      expectExplained(await compareMap(file, raw));
    });
  }
});

describe('differential: maps made by esbuild and terser', () => {
  for (const { name, description, generate } of REAL_MAPS) {
    it(`${name} (${description})`, async () => {
      expectExplained(await compareMap(name, await generate()));
    });
  }
});

describe('differential: real maps with equal-column ties and unsorted lines added', () => {
  const cases: [string, () => Promise<string>][] = ['esbuild-min-terser', 'esbuild-readable-trace-mapping', 'terser-long-lines']
    .map((name) => [name, realMap(name).generate]);
  if (hasBenchMaps) cases.push(['angular-debug_node-chunk.mjs.map', async () => readFileSync(`${BENCH_MAPS}angular-debug_node-chunk.mjs.map`, 'utf8')]);
  for (const [name, generate] of cases) {
    it(`${name} + ties + disorder`, async () => {
      const report = await compareMap(`${name} + ties + disorder`, withTiesAndDisorder(await generate(), seedOf(name)));
      expectExplained(report);
      expect(report.unsortedLines).toBeGreaterThan(0);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Source URLs. ECMA-426: a source is sourceRoot (when non-empty) joined with "/" (unless it
// already ends in one) and the source, then resolved as a WHATWG URL against the map's URL;
// without a URL the joined string is the answer. The peers normalise differently, so the
// lookups above compare sources by index; here the strings themselves are compared, and every
// difference from a peer must be one of the documented kinds.

/** The spec's resolved source, written out here (absolute map URLs only). */
function specSource(sourceRoot: string | undefined | null, source: string, url?: string): string {
  const joined = sourceRoot ? (sourceRoot.endsWith('/') ? sourceRoot + source : `${sourceRoot}/${source}`) : source;
  return url === undefined ? joined : new URL(joined, url).href;
}

/** `s` with "." and ".." path segments removed (after any scheme://authority), as the peers' path normalisation does. */
function removeDots(s: string): string {
  const prefix = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(s)?.[0] ?? '';
  const out: string[] = [];
  for (const segment of s.slice(prefix.length).split('/')) {
    if (segment === '.') continue;
    const last = out[out.length - 1];
    if (segment === '..' && out.length > 0 && last !== '..' && last !== '') out.pop();
    else out.push(segment);
  }
  return prefix + out.join('/');
}

function decoded(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/** The documented kinds of difference between our source URL (the spec's) and a peer's. */
const SOURCE_DIFFERENCES: { name: string; holds: (ours: string, peer: string, withUrl: boolean) => boolean }[] = [
  {
    // Without a map URL the spec's answer is the joined string, as it is; trace-mapping and
    // mozilla normalise the path ("webpack://pdf.js/./src/x.js" -> "webpack://pdf.js/src/x.js",
    // "../src/../node_modules/x" -> "../node_modules/x", mozilla also "./a.js" -> "a.js").
    name: 'the peers remove "." and ".." segments, the spec keeps the joined string',
    holds: (ours, peer, withUrl) => !withUrl && removeDots(ours) === removeDots(peer),
  },
  {
    // WHATWG URL resolution percent-encodes what a URL cannot hold (a space becomes %20):
    // with a map URL we and mozilla do; trace-mapping's resolve-uri keeps the space. Without
    // one, the spec keeps the string and mozilla still encodes.
    name: 'percent-encoding (a space as %20 or as it is)',
    holds: (ours, peer) => decoded(ours) === decoded(peer),
  },
  {
    name: 'both: "." and ".." segments and percent-encoding',
    holds: (ours, peer, withUrl) => !withUrl && removeDots(decoded(ours)) === removeDots(decoded(peer)),
  },
];

describe('differential: sources resolution', () => {
  const maps: [string, () => Promise<string>][] = [
    ...BENCH_FILES.map((file): [string, () => Promise<string>] => [file, async () => readFileSync(`${BENCH_MAPS}${file}`, 'utf8')]),
    ...REAL_MAPS.map(({ name, generate }): [string, () => Promise<string>] => [name, generate]),
  ];
  for (const [name, load] of maps) {
    it(`${name}: ours is the spec's; the peers differ only as documented`, async () => {
      const raw = await load();
      const json = JSON.parse(raw) as { sourceRoot?: string | null; sources: string[] };
      const differences = new Map<string, number>();
      const unexplained: string[] = [];
      for (const url of [MAP_URL, undefined]) {
        const ours = new SourceMap(raw, url === undefined ? {} : { url });
        const tm = new TraceMap(raw, url);
        const moz = await new SourceMapConsumer(raw, url);
        try {
          expect(ours.sources).toEqual(json.sources.map((s) => specSource(json.sourceRoot, s, url)));
          expect(ours.rawSources).toEqual(json.sources);
          json.sources.forEach((_, i) => {
            const o = ours.sources[i]!;
            for (const [peer, theirs] of [['trace-mapping', tm.resolvedSources[i]], ['mozilla', moz.sources[i]]] as const) {
              if (theirs === o) continue;
              const kind = SOURCE_DIFFERENCES.find((d) => d.holds(o, theirs, url !== undefined));
              const key = `${peer}, ${url === undefined ? 'no url' : 'url'}: ${kind?.name ?? 'unexplained'}`;
              differences.set(key, (differences.get(key) ?? 0) + 1);
              if (!kind && unexplained.length < 10) unexplained.push(`${key}: ours ${JSON.stringify(o)}, ${peer} ${JSON.stringify(theirs)}`);
            }
          });
        } finally {
          moz.destroy();
          ours.dispose();
        }
      }
      if (differences.size > 0) {
        console.log(`${name} (sourceRoot ${JSON.stringify(json.sourceRoot)}): ${json.sources.length} sources; differences:\n`
          + [...differences].map(([k, n]) => `    ${n} × ${k}`).join('\n'));
      }
      expect(unexplained).toEqual([]);
    });
  }

  // The spec's answer next to each peer's, one case per kind of difference (and a few where
  // all agree). `why` says which is right and why the others differ.
  interface SourceCase { url?: string; sourceRoot?: string; source: string; ours: string; tm: string; moz: string; why: string }
  const U = 'https://example.com/dist/';
  const CASES: SourceCase[] = [
    // Without a URL: the spec keeps the joined string; the peers normalise paths.
    { sourceRoot: 'src', source: './a.js', ours: 'src/./a.js', tm: 'src/a.js', moz: 'src/a.js', why: 'no url: peers remove "."' },
    { sourceRoot: 'src', source: '../b.js', ours: 'src/../b.js', tm: 'b.js', moz: 'b.js', why: 'no url: peers resolve ".."' },
    { source: './a.js', ours: './a.js', tm: './a.js', moz: 'a.js', why: 'no url: mozilla drops a leading "./"' },
    { sourceRoot: './src', source: 'a.js', ours: './src/a.js', tm: './src/a.js', moz: 'src/a.js', why: 'no url: mozilla drops a leading "./" of the root' },
    { source: 'webpack:///./src/x.js', ours: 'webpack:///./src/x.js', tm: 'webpack:///src/x.js', moz: 'webpack:///src/x.js', why: 'no url: peers normalise inside URLs too' },
    { source: 'has space.js', ours: 'has space.js', tm: 'has space.js', moz: 'has%20space.js', why: 'no url: mozilla percent-encodes anyway' },
    { sourceRoot: 'src', source: '/rooted.js', ours: 'src//rooted.js', tm: 'src/rooted.js', moz: 'src/rooted.js', why: 'the spec joins with "/" only when the root lacks one, so "//" stays; peers treat the source as relative to the root' },
    {
      sourceRoot: 'https://cdn.example.com/a/b', source: 'https://other.example/x.js',
      ours: 'https://cdn.example.com/a/b/https://other.example/x.js', tm: 'https://cdn.example.com/a/b/https:/other.example/x.js', moz: 'https://other.example/x.js',
      why: 'the spec joins an absolute source onto the root too; mozilla keeps the absolute URL, trace-mapping joins and collapses "//"',
    },
    // With an absolute map URL: WHATWG resolution; the peers mostly agree.
    { url: MAP_URL, sourceRoot: 'src', source: './a.js', ours: `${U}src/a.js`, tm: `${U}src/a.js`, moz: `${U}src/a.js`, why: 'all agree' },
    { url: MAP_URL, sourceRoot: 'src', source: '../b.js', ours: `${U}b.js`, tm: `${U}b.js`, moz: `${U}b.js`, why: 'all agree' },
    { url: MAP_URL, sourceRoot: '', source: 'a.js', ours: `${U}a.js`, tm: `${U}a.js`, moz: `${U}a.js`, why: 'an empty sourceRoot is none, for all three' },
    { url: MAP_URL, sourceRoot: 'https://cdn.example.com/a/b', source: '../b.js', ours: 'https://cdn.example.com/a/b.js', tm: 'https://cdn.example.com/a/b.js', moz: 'https://cdn.example.com/a/b.js', why: 'all agree: an absolute root wins over the map URL' },
    { url: MAP_URL, source: 'webpack:///./src/x.js', ours: 'webpack:///src/x.js', tm: 'webpack:///src/x.js', moz: 'webpack:///src/x.js', why: 'all agree' },
    { url: MAP_URL, source: 'has space.js', ours: `${U}has%20space.js`, tm: `${U}has space.js`, moz: `${U}has%20space.js`, why: 'WHATWG percent-encodes; trace-mapping (resolve-uri) does not' },
    { url: MAP_URL, sourceRoot: 'src', source: '/rooted.js', ours: `${U}src//rooted.js`, tm: `${U}src/rooted.js`, moz: `${U}src/rooted.js`, why: 'as without a URL: the joined "//" stays an empty path segment' },
    { url: MAP_URL, source: '', ours: MAP_URL, tm: U, moz: U, why: 'WHATWG resolves "" to the base itself (the map URL); the peers give its directory' },
    {
      url: MAP_URL, sourceRoot: 'src', source: 'https://other.example/x.js',
      ours: `${U}src/https://other.example/x.js`, tm: `${U}src/https:/other.example/x.js`, moz: 'https://other.example/x.js',
      why: 'as without a URL',
    },
    // A relative map URL (a path; outside ECMA-426, which wants a URL): resolved as if under a
    // base, the result a path again. The peers agree where this resolution stays inside the
    // URL's directory tree, and where it leaves it (below).
    { url: 'maps/app.js.map', source: 'a.js', ours: 'maps/a.js', tm: 'maps/a.js', moz: 'maps/a.js', why: 'all agree' },
    { url: 'maps/app.js.map', source: '../b.js', ours: 'b.js', tm: 'b.js', moz: 'b.js', why: 'all agree' },
    { url: '/maps/app.js.map', sourceRoot: '../lib/', source: 'a.js', ours: '/lib/a.js', tm: '/lib/a.js', moz: '/lib/a.js', why: 'all agree' },
    { url: '/maps/app.js.map', source: '../../../x.js', ours: '/x.js', tm: '/x.js', moz: '/x.js', why: 'all agree: ".." stops at the root' },
    { url: './app.js.map', source: 'a.js', ours: 'a.js', tm: './a.js', moz: 'a.js', why: 'trace-mapping keeps the "./" of the map URL' },
    { url: 'maps/app.js.map', source: 'has space.js', ours: 'maps/has%20space.js', tm: 'maps/has space.js', moz: 'maps/has%20space.js', why: 'percent-encoding, as with an absolute URL' },
  ];
  it.each(CASES)('url $url, sourceRoot $sourceRoot, source $source: $why', async ({ url, sourceRoot, source, ...expected }) => {
    const raw = JSON.stringify({ version: 3, sources: [source], names: [], mappings: 'AAAA', ...(sourceRoot === undefined ? {} : { sourceRoot }) });
    const moz = await new SourceMapConsumer(raw, url);
    try {
      expect({
        ours: new SourceMap(raw, url === undefined ? {} : { url }).sources[0],
        tm: new TraceMap(raw, url).resolvedSources[0],
        moz: moz.sources[0],
      }).toEqual({ ours: expected.ours, tm: expected.tm, moz: expected.moz });
    } finally {
      moz.destroy();
    }
    if (url === undefined || /^[a-z][a-z0-9+.-]*:/i.test(url)) expect(expected.ours).toBe(specSource(sourceRoot, source, url));
  });

  // With a relative map URL, sources resolve as paths and stay relative, as both peers
  // resolve them (these once came out as "file:" URLs, from a placeholder base that leaked).
  const RELATIVE_URL_CASES: { url: string; sourceRoot?: string; source: string; expected: string }[] = [
    { url: 'app.js.map', source: '../x.js', expected: '../x.js' },
    { url: '../app.js.map', source: 'a.js', expected: '../a.js' },
    { url: 'maps/app.js.map', source: '/rooted.js', expected: '/rooted.js' },
    { url: 'maps/app.js.map', sourceRoot: '/abs', source: 'a.js', expected: '/abs/a.js' },
    { url: 'maps/app.js.map', source: '//host/x.js', expected: '//host/x.js' },
    { url: '/maps/app.js.map', source: '//cdn.example.com/x.js', expected: '//cdn.example.com/x.js' },
    { url: '/maps/app.js.map', source: 'file:///etc/a.js', expected: 'file:///etc/a.js' },
    { url: '/maps/app.js.map', source: 'file://host/a.js', expected: 'file://host/a.js' },
  ];
  for (const { url, sourceRoot, source, expected } of RELATIVE_URL_CASES) {
    const raw = JSON.stringify({ version: 3, sources: [source], names: [], mappings: 'AAAA', ...(sourceRoot === undefined ? {} : { sourceRoot }) });
    it(`url ${url}, sourceRoot ${sourceRoot}, source ${source} -> ${expected}, as both peers`, async () => {
      const moz = await new SourceMapConsumer(raw, url);
      try {
        expect([new SourceMap(raw, { url }).sources[0], new TraceMap(raw, url).resolvedSources[0], moz.sources[0]]).toEqual([expected, expected, expected]);
      } finally {
        moz.destroy();
      }
    });
  }

});
