// Which original-order index a reverse lookup reads (src/original-order.ts): the first lookup
// in a source indexes that source's rows alone, from its range of rows; once the ranges read
// would pass one read of all the rows, or on iteration in original order, the whole index.
// Every answer must be the one the whole index gives, whichever index gave it.
import { describe, expect, it } from 'vitest';
import { SourceMap, SourceMapError } from '../src/index.js';
import { originalOrderForTesting, scratchForTesting } from '../src/wasm.js';
import { encode, randomValid, rng } from './fuzz.js';
import type { Rng } from './fuzz.js';
import type { Segment } from './reference-decoder.js';
import { mapWith } from './vlq.js';

type RawMap = ReturnType<typeof mapWith>;

function shuffle<T>(r: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// A bundle's shape: each source's segments in one stretch of generated lines, original
// positions mostly ascending, and now and then a segment that goes back to an earlier source
// (a shared helper), which widens that source's range over the others'.
function bundle(r: Rng, sources: number, helperCalls: number): RawMap {
  const lines: Segment[][] = [];
  for (let source = 0; source < sources; source++) {
    let line = 0;
    for (let generated = 0; generated < 3; generated++) {
      const segments: Segment[] = [];
      for (let column = 0; column < 120; column += 1 + r.int(5)) {
        if (source > 0 && r() < helperCalls) segments.push([column, r.int(source), r.int(4), r.int(20)]);
        else segments.push([column, source, (line += r.int(2)), r.int(40)]);
      }
      lines.push(segments);
    }
  }
  return mapWith(encode(lines), sources + 1, 0); // the last source has no mappings
}

// Interleaved sources: every source's range covers nearly the whole map.
function interleaved(r: Rng, sources: number): RawMap {
  const lines: Segment[][] = [];
  for (let generated = 0; generated < 20; generated++) {
    const segments: Segment[] = [];
    for (let column = 0; column < 200; column += 1 + r.int(3)) segments.push([column, r.int(sources), r.int(30), r.int(30)]);
    lines.push(segments);
  }
  return mapWith(encode(lines), sources, 0);
}

// Needles of every source: each mapped original position, one column past it, and a line
// past the source's last; both biases.
function needlesOf(raw: RawMap, r: Rng): { source: string; line: number; column: number; bias: 1 | -1 }[] {
  const reference = new SourceMap(raw);
  const needles: { source: string; line: number; column: number; bias: 1 | -1 }[] = [];
  reference.eachMapping((m) => {
    if (m.source === null || r() > 0.3) return;
    const bias = r() < 0.5 ? 1 : -1;
    needles.push({ source: m.source, line: m.originalLine as number, column: Math.min((m.originalColumn as number) + r.int(2), 0x7fffffff), bias });
  });
  for (const source of raw.sources) needles.push({ source, line: 1000, column: 0, bias: 1 }, { source, line: 1, column: 0, bias: -1 });
  reference.dispose();
  return shuffle(r, needles);
}

// What the whole index answers: a map whose first reverse use is iteration in original order.
function wholeIndexAnswers(raw: RawMap, needles: ReturnType<typeof needlesOf>) {
  const map = new SourceMap(raw);
  map.eachMapping(() => {}, { order: 'original' });
  const answers = answersOf(map, needles);
  map.dispose();
  return answers;
}

function answersOf(map: SourceMap, needles: ReturnType<typeof needlesOf>) {
  return needles.map((n) => ({
    generated: map.generatedPositionFor(n),
    all: map.allGeneratedPositionsFor({ source: n.source, line: n.line }),
    allAtColumn: map.allGeneratedPositionsFor({ source: n.source, line: n.line, column: n.column }),
  }));
}

const counts = () => ({ ...originalOrderForTesting });

describe('reverse lookups, one source indexed at a time', () => {
  it('answers every source of a bundle from that source\'s own index as the whole index does', () => {
    const r = rng(4261);
    for (const helperCalls of [0, 0.01, 0.05]) {
      const raw = bundle(r, 12, helperCalls);
      const needles = needlesOf(raw, r);
      const expected = wholeIndexAnswers(raw, needles);
      const map = new SourceMap(raw);
      const before = counts();
      expect(answersOf(map, needles)).toEqual(expected);
      const after = counts();
      if (helperCalls === 0) {
        // Twelve sources with mappings, each indexed alone (the one without mappings needs none).
        expect(after.oneSource - before.oneSource).toBe(12);
        expect(after.packed - before.packed).toBe(12);
      } else {
        // Ranges widened by the helper calls: some sources indexed alone, then the whole index.
        expect(after.oneSource - before.oneSource).toBeGreaterThan(0);
        expect(after.packed - before.packed).toBe(after.oneSource - before.oneSource + 1);
      }
      // Asked again: no index is built again.
      expect(answersOf(map, needles)).toEqual(expected);
      expect(counts().packed).toBe(after.packed);
      map.dispose();
    }
  });

  it('builds the whole index once the ranges read would pass one read of the rows', () => {
    const r = rng(4262);
    const raw = interleaved(r, 5);
    const needles = needlesOf(raw, r);
    const map = new SourceMap(raw);
    const before = counts();
    map.generatedPositionFor({ source: 's3.js', line: 1, column: 0 });
    expect(counts().oneSource - before.oneSource).toBe(1); // a range of nearly all the rows
    map.generatedPositionFor({ source: 's1.js', line: 1, column: 0 });
    expect(counts().oneSource - before.oneSource).toBe(1);
    expect(counts().packed - before.packed).toBe(2); // then the whole index
    expect(answersOf(map, needles)).toEqual(wholeIndexAnswers(raw, needles));
    map.dispose();
  });

  it('agrees with the whole index on 300 random maps, sources asked in random order', () => {
    const r = rng(4263);
    const before = counts();
    for (let i = 0; i < 300; i++) {
      const c = randomValid(r);
      const raw = mapWith(c.mappings, c.sources, c.names);
      const needles = needlesOf(raw, r);
      const map = new SourceMap(raw);
      expect(answersOf(map, needles)).toEqual(wholeIndexAnswers(raw, needles));
      map.dispose();
    }
    expect(counts().oneSource - before.oneSource).toBeGreaterThan(20);
  });

  it('iterates in original order after sources were indexed alone, and answers as before', () => {
    const r = rng(4264);
    const raw = bundle(r, 6, 0.02);
    const needles = needlesOf(raw, r);
    const expected = wholeIndexAnswers(raw, needles);
    const map = new SourceMap(raw);
    for (const source of ['s4.js', 's0.js', 's2.js']) map.generatedPositionFor({ source, line: 1, column: 0 });
    const order: string[] = [];
    map.eachMapping((m) => order.push(`${m.source}:${m.originalLine}:${m.originalColumn}:${m.generatedLine}:${m.generatedColumn}`), { order: 'original' });
    const reference = new SourceMap(raw);
    const expectedOrder: string[] = [];
    reference.eachMapping((m) => expectedOrder.push(`${m.source}:${m.originalLine}:${m.originalColumn}:${m.generatedLine}:${m.generatedColumn}`), { order: 'original' });
    expect(order).toEqual(expectedOrder);
    expect(answersOf(map, needles)).toEqual(expected);
    map.dispose();
    reference.dispose();
  });

  it('keeps sources\' indexes and a batch window made between them apart', () => {
    const r = rng(4265);
    const raw = bundle(r, 8, 0.02);
    const needles = needlesOf(raw, r);
    const expected = wholeIndexAnswers(raw, needles);
    const positions = new Int32Array(Array.from({ length: 400 }, (_, i) => [1 + (i % 24), i % 130]).flat());
    const reference = new SourceMap(raw);
    const batch = Array.from(reference.originalPositionsFor(positions));
    reference.dispose();
    const map = new SourceMap(raw);
    map.generatedPositionFor({ source: 's5.js', line: 1, column: 0 });
    expect(Array.from(map.originalPositionsFor(positions))).toEqual(batch); // the window after s5's index
    expect(answersOf(map, needles)).toEqual(expected); // the other sources' after the window
    expect(Array.from(map.originalPositionsFor(positions))).toEqual(batch);
    map.eachMapping(() => {}, { order: 'original' }); // the whole index, after all of them
    expect(answersOf(map, needles)).toEqual(expected);
    expect(Array.from(map.originalPositionsFor(positions))).toEqual(batch);
    map.dispose();
  });

  it('answers a listed source without mappings, and an unlisted one, with no index built', () => {
    const r = rng(4266);
    const raw = bundle(r, 3, 0);
    const map = new SourceMap(raw);
    const before = counts();
    expect(map.generatedPositionFor({ source: 's3.js', line: 1, column: 0 })).toEqual({ line: null, column: null, lastColumn: null });
    expect(map.allGeneratedPositionsFor({ source: 's3.js', line: 1 })).toEqual([]);
    expect(map.generatedPositionFor({ source: 'nowhere.js', line: 1, column: 0 })).toEqual({ line: null, column: null, lastColumn: null });
    expect(counts().packed).toBe(before.packed);
    expect(map.generatedPositionFor({ source: 's1.js', line: 1, column: 0, bias: -1 }).line).toBeGreaterThan(0);
    expect(counts().oneSource - before.oneSource).toBe(1);
    map.dispose();
  });

  it('answers right after a source\'s index or the whole index could not be built (OUT_OF_MEMORY)', () => {
    const r = rng(4267);
    const raw = bundle(r, 40, 0.01);
    const needles = needlesOf(raw, r);
    const expected = wholeIndexAnswers(raw, needles);
    // The scratch instance cannot reserve memory for the sort, during `body` only.
    const failing = (body: () => unknown): unknown => {
      const real = scratchForTesting.get();
      scratchForTesting.set({ memory: real.memory, exports: { ...real.exports, reserve: () => 0 } });
      try {
        body();
        return undefined;
      } catch (error) {
        return error;
      } finally {
        scratchForTesting.set(undefined);
      }
    };
    const map = new SourceMap(raw);
    const first = failing(() => map.generatedPositionFor({ source: 's7.js', line: 1, column: 0 }));
    expect(first).toBeInstanceOf(SourceMapError);
    expect(first).toMatchObject({ code: 'OUT_OF_MEMORY' });
    map.generatedPositionFor({ source: 's2.js', line: 1, column: 0 });
    const whole = failing(() => map.eachMapping(() => {}, { order: 'original' }));
    expect(whole).toMatchObject({ code: 'OUT_OF_MEMORY' });
    expect(answersOf(map, needles)).toEqual(expected);
    map.dispose();
    // And the next map.
    const next = new SourceMap(raw);
    expect(answersOf(next, needles)).toEqual(expected);
    next.dispose();
  });
});

// Many mappings at each of a few original positions (ties spanning several samples), the
// largest line and column at a power of two less one, so that a needle one past either
// saturates to a key the map has.
function tiedRuns(r: Rng): RawMap {
  const lines: Segment[][] = [];
  let line = 0;
  let column = 0;
  for (let generated = 0; generated < 4; generated++) {
    const segments: Segment[] = [];
    for (let at = 0; at < 600; at += 1 + r.int(3)) {
      if (r() < 0.02) [line, column] = r() < 0.3 ? [Math.min(15, line + 1), r.int(64)] : [line, Math.min(63, column + 1 + r.int(20))];
      segments.push([at, 0, line, column]);
    }
    lines.push(segments);
  }
  lines.push([[0, 0, 15, 63], [5, 1, 15, 63], [9, 1, 0, 0]]);
  return mapWith(encode(lines), 2, 0);
}

// Needles at and past each source's largest line and column (16 and 64 above), both biases.
function edgeNeedles(raw: RawMap): ReturnType<typeof needlesOf> {
  const needles: ReturnType<typeof needlesOf> = [];
  for (const source of raw.sources) {
    for (const line of [1, 2, 16, 17, 40, 1000]) {
      for (const column of [0, 62, 63, 64, 100, 0x7fffffff]) needles.push({ source, line, column, bias: 1 }, { source, line, column, bias: -1 });
    }
  }
  return needles;
}

describe('sampled keys', () => {
  // What the same index answers without its sampled keys: each lookup halves all its rows.
  function unsampledAnswers(raw: RawMap, needles: ReturnType<typeof needlesOf>, whole: boolean) {
    originalOrderForTesting.sampleKeys = false;
    try {
      const map = new SourceMap(raw);
      if (whole) map.eachMapping(() => {}, { order: 'original' });
      const answers = answersOf(map, needles);
      map.dispose();
      return answers;
    } finally {
      originalOrderForTesting.sampleKeys = true;
    }
  }

  it('narrow a reverse lookup to the answer the rows alone give: ties across samples, saturated keys', () => {
    const r = rng(4270);
    const maps = [tiedRuns(r), tiedRuns(r), bundle(r, 8, 0.02), interleaved(r, 4)];
    for (let i = 0; i < 150; i++) {
      const c = randomValid(r);
      maps.push(mapWith(c.mappings, c.sources, c.names));
    }
    for (const raw of maps) {
      for (const whole of [false, true]) {
        const needles = [...needlesOf(raw, r), ...edgeNeedles(raw)];
        const map = new SourceMap(raw);
        if (whole) map.eachMapping(() => {}, { order: 'original' });
        expect(answersOf(map, needles)).toEqual(unsampledAnswers(raw, needles, whole));
        map.dispose();
      }
    }
  });
});
