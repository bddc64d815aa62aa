// The original-order index (by-source.ts) against a plain stable sort: the packed-key radix
// sort (the usual way) and the field-by-field sort (keys too wide to pack with the row index)
// must both order mapped segments by (source, original line, original column), ties in
// generated order.
import { describe, expect, it } from 'vitest';
import { SourceMap } from '../src/index.js';
import { originalOrderForTesting } from '../src/wasm.js';
import { encode, MAX, randomValid, rng } from './fuzz.js';
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

describe('original-order index', () => {
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

  it('handles maps with no mapped segment', () => {
    const map = new SourceMap(mapWith('A,C;E', 1, 0));
    expect(actualOrder(map)).toEqual([]);
    expect(map.generatedPositionFor({ source: 's0.js', line: 1, column: 0 })).toEqual({ line: null, column: null, lastColumn: null });
  });
});
