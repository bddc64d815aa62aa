// The original-order index (by-source.ts) against a plain stable sort: the packed-key sort
// (the usual way: an ascending run merged with the rest, or all of them sorted when most are
// out of order; by insertion when a few values, else by radix) and the field-by-field sort
// (keys too wide to pack with the row index) must both order mapped segments by (source,
// original line, original column), ties in generated order.
import { describe, expect, it } from 'vitest';
import { SourceMap } from '../src/index.js';
import { inPlaceForTesting, originalOrderForTesting } from '../src/wasm.js';
import { encode, MAX, randomValid, rng } from './fuzz.js';
import type { Rng } from './fuzz.js';
import type { Segment } from './reference-decoder.js';
import { mapWith } from './vlq.js';

type Entry = [generatedLine: number, generatedColumn: number, source: number, line: number, column: number];

function expectedOrder(map: SourceMap): Entry[] {
  const entries: Entry[] = [];
  map.decodedMappings().forEach((segments, line) => {
    for (const s of segments) if (s.length >= 4) entries.push([line + 1, s[0], s[1] as number, (s[2] as number) + 1, s[3] as number]);
  });
  // Array.prototype.sort is stable: ties keep generated order.
  return entries.sort((a, b) => a[2] - b[2] || a[3] - b[3] || a[4] - b[4]);
}

function actualOrder(map: SourceMap): Entry[] {
  const entries: Entry[] = [];
  map.eachMapping((m) => entries.push([m.generatedLine, m.generatedColumn, map.sources.indexOf(m.source), m.originalLine as number, m.originalColumn as number]), { order: 'original' });
  return entries;
}

// A bundle's shape: original positions mostly ascending in generated order (a source after
// another), with ties (several segments at one original position) and, a few percent of the
// time, a segment back at one of the last 50 positions.
function nearlyInOrder(r: Rng, lineCount: number, jumpBack: number): { lines: Segment[][]; sources: number } {
  let source = 0;
  let line = 0;
  let column = 0;
  let sources = 1;
  const seen: [number, number, number][] = [];
  const lines: Segment[][] = [];
  for (let generated = 0; generated < lineCount; generated++) {
    const segments: Segment[] = [];
    for (let at = 0; at < 300; at += 1 + r.int(4)) {
      const roll = r();
      if (roll < jumpBack && seen.length) {
        // One segment back at an earlier position (say, a helper's call): then on as before.
        const [s, l, c] = r.pick(seen.slice(-50));
        segments.push([at, s, l, c]);
        continue;
      }
      if (roll >= 0.22) column += 1 + r.int(30);
      else if (roll >= 0.2) [source, line, column] = [source + 1, r.int(5), r.int(40)];
      else if (roll >= 0.1) [line, column] = [line + 1 + r.int(3), r.int(40)];
      // else a tie: the last position again
      sources = Math.max(sources, source + 1);
      seen.push([source, line, column]);
      segments.push([at, source, line, column]);
    }
    lines.push(segments);
  }
  return { lines, sources };
}

// Runs `body` with the packed-key sort taking `step` values a call.
function withStep(step: number, body: () => void): void {
  const saved = originalOrderForTesting.step;
  originalOrderForTesting.step = step;
  try {
    body();
  } finally {
    originalOrderForTesting.step = saved;
  }
}

describe('original-order index', () => {
  it('merges the ascending run with the sorted rest on nearly ordered maps, at any step', () => {
    const r = rng(92);
    const before = originalOrderForTesting.merged;
    const fewBefore = originalOrderForTesting.fewSorted;
    let maps = 0;
    for (const step of [1, 2, 7, 64, 1 << 20]) {
      withStep(step, () => {
        for (const jumpBack of [0.01, 0.03, 0.1]) {
          const { lines, sources } = nearlyInOrder(r, 8, jumpBack);
          const map = new SourceMap(mapWith(encode(lines), sources, 0));
          expect(actualOrder(map)).toEqual(expectedOrder(map));
          map.dispose();
          maps++;
        }
      });
    }
    expect(originalOrderForTesting.merged - before).toBe(maps);
    // Rests of a few values sorted by insertion (jumpBack 0.01 and 0.03: about 10 and 30 of
    // 960 rows), and larger ones radix-sorted (0.1: about 100).
    const few = originalOrderForTesting.fewSorted - fewBefore;
    expect(few).toBeGreaterThan(0);
    expect(few).toBeLessThan(maps);
  });

  it('takes a map already in original order as it is, at any step', () => {
    const r = rng(93);
    const before = originalOrderForTesting.inOrder;
    for (const step of [1, 3, 1 << 20]) {
      withStep(step, () => {
        const { lines, sources } = nearlyInOrder(r, 6, 0);
        const map = new SourceMap(mapWith(encode(lines), sources, 0));
        expect(actualOrder(map)).toEqual(expectedOrder(map));
      });
    }
    expect(originalOrderForTesting.inOrder - before).toBe(3);
  });

  it('sorts all of a map mostly out of order, ties in generated order, at any step', () => {
    const r = rng(94);
    const before = originalOrderForTesting.wholeSort;
    const fewBefore = originalOrderForTesting.fewSorted;
    // Radix-sorted: about 400 values. By insertion: at most 64 (SORT_FEW_VALUES), here 9-40.
    for (const [lineCount, width] of [[6, 200], [1, 20], [2, 40]]) {
      for (const step of [1, 5, 1 << 20]) {
        withStep(step, () => {
          // Few distinct positions in random order: many ties, in the run and in the rest.
          const lines: Segment[][] = [];
          for (let line = 0; line < lineCount; line++) {
            const segments: Segment[] = [];
            for (let column = 0; column < width; column += 1 + r.int(3)) segments.push([column, r.int(3), r.int(4), r.int(3)]);
            lines.push(segments);
          }
          const map = new SourceMap(mapWith(encode(lines), 3, 0));
          expect(actualOrder(map)).toEqual(expectedOrder(map));
        });
      }
    }
    expect(originalOrderForTesting.wholeSort - before).toBe(9);
    expect(originalOrderForTesting.fewSorted - fewBefore).toBe(6);
  });

  it('sorts packed keys: ties in generated order, many sources, lines and columns past one radix digit', () => {
    const lines: Segment[][] = [];
    const r = rng(7);
    for (let line = 0; line < 50; line++) {
      const segments: Segment[] = [];
      for (let column = 0; column < 400; column += 1 + r.int(3)) segments.push([column, r.int(300), r.int(5000), r.int(3) * 1000 + r.int(2)]);
      lines.push(segments);
    }
    const map = new SourceMap(mapWith(encode(lines), 300, 0));
    const before = originalOrderForTesting.packed;
    expect(actualOrder(map)).toEqual(expectedOrder(map));
    expect(originalOrderForTesting.packed).toBe(before + 1);
  });

  it('sorts keys too wide to pack (2^31 - 1 lines and columns) field by field', () => {
    const lines: Segment[][] = [[[0, 3, MAX, MAX], [1, 3, MAX, 0], [2, 0, 0, MAX], [3, 3, MAX, MAX]], [[0, 1, 5, 5], [4, 3, MAX - 1, MAX]]];
    const map = new SourceMap(mapWith(encode(lines), 4, 0));
    const before = originalOrderForTesting.byFields;
    expect(actualOrder(map)).toEqual(expectedOrder(map));
    expect(originalOrderForTesting.byFields).toBe(before + 1);
  });

  it('agrees with a stable sort on 2,000 random maps, both ways', () => {
    const r = rng(1426);
    const { packed, byFields } = originalOrderForTesting;
    for (let i = 0; i < 2000; i++) {
      const c = randomValid(r);
      const map = new SourceMap(mapWith(c.mappings, c.sources, c.names));
      expect(actualOrder(map)).toEqual(expectedOrder(map));
      map.dispose();
    }
    expect(originalOrderForTesting.packed - packed).toBeGreaterThan(100);
    expect(originalOrderForTesting.byFields - byFields).toBeGreaterThan(100);
  });

  it('packs keys in the ranges the decoder measured, in place or in the scratch, lenient included', () => {
    const r = rng(95);
    const saved = inPlaceForTesting.enabled;
    try {
      for (const inPlace of [true, false]) {
        inPlaceForTesting.enabled = inPlace;
        const decodedInPlace = inPlaceForTesting.count;
        for (let i = 0; i < 40; i++) {
          const { lines, sources } = nearlyInOrder(r, 4, 0.05);
          const map = new SourceMap(mapWith(encode(lines), sources, 0));
          expect(actualOrder(map)).toEqual(expectedOrder(map));
          map.dispose();
        }
        expect(inPlaceForTesting.count - decodedInPlace).toBe(inPlace ? 40 : 0);
      }
    } finally {
      inPlaceForTesting.enabled = saved;
    }
    // An index map: each section's sources after the earlier sections'. In each, 64 sources,
    // 8 lines and 4 columns (11 bits, one radix digit) in random order; the whole map's
    // sources take 8 bits, so the sort needs a second digit to tell sections apart.
    const sections = [0, 1, 2].map((i) => {
      const lines: Segment[][] = [[], []];
      for (let column = 0; column < 300; column++) lines[column % 2].push([column >> 1, r.int(64), r.int(8), r.int(4)]);
      const map = mapWith(encode(lines), 64, 0);
      return { offset: { line: i * 2, column: 0 }, map: { ...map, sources: map.sources.map((name) => `section${i}/${name}`) } };
    });
    const indexMap = new SourceMap({ version: 3, sections });
    expect(actualOrder(indexMap)).toEqual(expectedOrder(indexMap));
    // Lenient: a segment whose source is out of range is left unmapped, so neither its
    // (larger) line and column nor the segment itself count.
    const lines: Segment[][] = [[[0, 1, 9, 9], [1, 0, 2, 1], [2, 7, 4000, 70000], [3, 0, 0, 5]], [[0, 1, 0, 0], [1, 0, 2, 1]]];
    const map = new SourceMap(mapWith(encode(lines), 2, 0), { strict: false });
    expect(map.warnings.map((w) => w.code)).toEqual(['SOURCE_OUT_OF_RANGE']);
    expect(actualOrder(map)).toEqual(expectedOrder(map));
    expect(actualOrder(map)).toHaveLength(5);
  });

  it('sorts a map of mostly unmapped segments', () => {
    const lines: Segment[][] = [];
    for (let line = 0; line < 40; line++) {
      const segments: Segment[] = [];
      for (let column = 0; column < 500; column++) segments.push(column % 97 === 3 ? [column, line % 3, 40 - line, column] : [column]);
      lines.push(segments);
    }
    const map = new SourceMap(mapWith(encode(lines), 3, 0));
    expect(actualOrder(map)).toEqual(expectedOrder(map));
    expect(actualOrder(map)).toHaveLength(240);
  });

  it('handles maps with no mapped segment', () => {
    const map = new SourceMap(mapWith('A,C;E', 1, 0));
    expect(actualOrder(map)).toEqual([]);
    expect(map.generatedPositionFor({ source: 's0.js', line: 1, column: 0 })).toEqual({ line: null, column: null, lastColumn: null });
  });
});
