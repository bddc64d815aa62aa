// The in-place decode (assembly/decode-in-place.ts) against the scratch decode it falls back
// to: both must give the same rows, line index, warnings and errors on any input, and the
// fast path must be the one taken where it applies (else the speed is not what is measured).
import { describe, expect, it } from 'vitest';
import { SourceMap } from '../src/index.js';
import { inPlaceForTesting, pooledMemoryBytes, releasePool } from '../src/wasm.js';
import { encode, MAX, randomValid, mutate, rng } from './fuzz.js';
import type { Segment } from './reference-decoder.js';
import { mapWith } from './vlq.js';
import { BENCH_MAPS, hasBenchMaps } from './helpers.js';
import { readFileSync, readdirSync } from 'node:fs';

interface Outcome {
  error?: { code: string; offset?: number; generatedLine?: number; segment?: number };
  lines?: number;
  segments?: ReturnType<SourceMap['decodedMappings']>;
  warnings?: readonly { code: string; offset?: number }[];
}

function outcome(json: object | Uint8Array, strict: boolean): Outcome {
  try {
    const map = new SourceMap(json, { strict });
    const result = { lines: map.lineCount, segments: map.decodedMappings(), warnings: map.warnings.map(({ code, offset }) => ({ code, offset })) };
    map.dispose();
    return result;
  } catch (error) {
    const { code, offset, generatedLine, segment } = error as { code: string; offset?: number; generatedLine?: number; segment?: number };
    return { error: { code, offset, generatedLine, segment } };
  }
}

// Decodes `json` both ways; returns whether the in-place path took it.
function bothWays(json: object | Uint8Array, strict = true): boolean {
  const before = inPlaceForTesting.count;
  const fast = outcome(json, strict);
  const tookFastPath = inPlaceForTesting.count > before;
  inPlaceForTesting.enabled = false;
  try {
    expect(fast).toEqual(outcome(json, strict));
  } finally {
    inPlaceForTesting.enabled = true;
  }
  return tookFastPath;
}

const map = (mappings: string, sources = 3, names = 3) => mapWith(mappings, sources, names);

describe('in-place decode', () => {
  it.each([
    ['a typical line', 'AAAA,CAAC,EAAE,GAAGA;AACA'],
    ['one-field segments', 'A,C,E;G,I'],
    ['an empty map', ''],
    ['only empty lines', ';;;;'],
    ['a million empty lines, then a segment', `${';'.repeat(1_000_000)}AAAA`],
    ['a segment, then a million empty lines', `AAAA${';'.repeat(1_000_000)}`],
    ['segments longer than a row (36 bytes each: 2^31 - 1 in every field)', encode([[[MAX, 2, MAX, MAX, 2], [MAX, 0, 1, 1, 0]], [[MAX, 1, MAX - 1, 1, 1]]])],
    ['long segments back to back, then short ones', encode([Array.from({ length: 500 }, (_, i) => [i * 1_000_000, i % 3, 2 ** 30 + i, 2 ** 29 + i, i % 3] as Segment), [[0], [1]]])],
    ['equal columns (ties keep their order)', 'AAAA,AACA,AAEA;AAAA'],
    ['7-digit values', encode([[[2 ** 31 - 1, 0, 2 ** 31 - 1, 0]]])],
  ])('decodes %s in place, as the scratch decode does', (_, mappings) => {
    expect(bothWays(map(mappings))).toBe(true);
  });

  it.each([
    ['a line out of order (sorted by the scratch decode)', 'EAAA,DAAA;AAAA'],
    ['an invalid character', 'AAAA,C!AC'],
    ['a -0 (which ECMA-426 reads as -2^31)', 'AAAA,BAAA'],
    ['a padded VLQ (zero continuation digits)', 'gggggggA'],
    ['two fields', 'AA'],
    ['six fields', 'AAAAAA'],
    ['a trailing comma', 'AAAA,'],
    ['an empty segment', 'AAAA,,AAAA'],
    ['a comma before a semicolon', 'AAAA,;AAAA'],
    ['a source out of range', 'AGAA'],
    ['a name out of range', 'AAAAG'],
    ['a negative original line', 'AADA'],
    ['a column past 2^31 - 1', `${encode([[[MAX]]])},C`],
    ['a column past 2^31 - 1 on a line that is not the last', `${encode([[[MAX]]])},C;AAAA`],
    ['a delta of -(2^31 - 1), the raw value the loop keeps for a missing field', encode([[[0, 0, MAX, 0], [1, 0, 0, 0]]])],
    ['three fields', 'AAA'],
    ['a negative source', 'ADAA'],
    ['a sixth field after a 4-digit name', 'AAAAgggBA'],
    ['a -0 in a 4-digit original line', 'AAhggAA,AAAA'],
    ['an unterminated VLQ', 'AAAg'],
    ['non-ASCII', 'AAAA,é'],
  ])('falls back on %s, with the same answer, strict and lenient', (_, mappings) => {
    expect(bothWays(map(mappings), true)).toBe(false);
    expect(bothWays(map(mappings), false)).toBe(false);
  });

  it('reads VLQs of 4 to 7 digits in each field in turn (left to finishSegment), over several blocks of rows', () => {
    const count = 200_000; // sources and names: their deltas reach 4 digits too
    const line = Array.from({ length: 3_000 }, (_, i): Segment => {
      const column = 1_000 * i + (i % 7 === 0 ? 0 : i % 500);
      if (i % 11 === 0) return [column];
      const near = i % 5; // the field that stays small: each field in turn is the only short one
      const segment: Segment = [column, (i * 7919) % count, (i * 104_729) % MAX, (i * 15_485_863) % MAX, (i * 3_571) % count];
      segment[near] = near === 0 ? column : 0;
      return i % 3 === 0 ? (segment.slice(0, 4) as Segment) : segment;
    });
    const mappings = encode([line, [[5, 1, 1, 1]], line]);
    expect(mappings).toMatch(/[g-z0-9+/]{3}[A-Za-f]/); // some VLQs have 4 digits or more
    expect(bothWays(mapWith(mappings, count, count))).toBe(true);
  });

  it('reads every ASCII character in the 64-byte, 16-byte and one-byte loops as the scratch decode does', () => {
    const padding = 'AAAA,'.repeat(13); // 65 bytes: the character is at byte 68
    for (let code = 0; code < 128; code++) {
      const c = String.fromCharCode(code);
      // As a one-digit value and as a continuation digit, where a wrong value would be valid.
      for (const segment of [`AAA${c},`, `AAA${c}A,`]) {
        bothWays(map(`${padding}${segment}${padding}AAAA`)); // 64 bytes at a time
        bothWays(map(`${padding}${segment}${'AAAA,'.repeat(4)}`)); // 16
        bothWays(map(`${padding}${segment}AAAA`)); // one
      }
    }
  });

  it('agrees with the scratch decode on 3,000 random maps, valid and mutated, strict and lenient', () => {
    const r = rng(426);
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const valid = randomValid(r);
      const c = i % 2 ? mutate(r, valid) : valid;
      const json = map(c.mappings, c.sources, c.names);
      if (bothWays(json, i % 3 !== 0)) fast++;
    }
    // Most valid maps are in order; the generator shuffles some lines.
    expect(fast).toBeGreaterThan(500);
  });

  describe('from bytes, with the counts the JSON scan took', () => {
    const bytesOf = (json: object | string) => new TextEncoder().encode(typeof json === 'string' ? json : JSON.stringify(json));
    // Decodes the bytes both ways; returns whether the in-place path took the scan's counts.
    const fromScan = (bytes: Uint8Array, strict = true) => {
      const before = inPlaceForTesting.fromScan;
      bothWays(bytes, strict);
      return inPlaceForTesting.fromScan > before;
    };

    it.each([
      ['a typical line', 'AAAA,CAAC,EAAE,GAAGA;AACA'],
      ['an empty map', ''],
      ['a segment, then a million empty lines', `AAAA${';'.repeat(1_000_000)}`],
      ['segments longer than a row', encode([[[MAX, 2, MAX, MAX, 2], [MAX, 0, 1, 1, 0]], [[MAX, 1, MAX - 1, 1, 1]]])],
    ])('decodes %s in place, as the scratch decode does', (_, mappings) => {
      expect(fromScan(bytesOf(map(mappings)))).toBe(true);
    });

    it.each([
      ['a line out of order', 'EAAA,DAAA;AAAA'],
      ['a -0', 'AAAA,BAAA'],
      ['a source out of range', 'AGAA'],
      ['an invalid character', 'AAAA,C!AC'],
    ])('falls back on %s, with the same answer, strict and lenient', (_, mappings) => {
      expect(fromScan(bytesOf(map(mappings)), true)).toBe(false);
      expect(fromScan(bytesOf(map(mappings)), false)).toBe(false);
    });

    it('takes the counts of the "mappings" that JSON.parse keeps, the last', () => {
      const text = JSON.stringify(map('AAAA,CAAC;AACA'));
      const first = (mappings: string) => text.replace('{', `{"mappings":${mappings},`);
      // A plain one first: its counts must not be used for the last.
      expect(fromScan(bytesOf(first('"AAAA;AAAA;AAAA;AAAA,CAAC,EAAE"')))).toBe(true);
      expect(fromScan(bytesOf(first('"gggggggA"')))).toBe(true);
      // The last has an escape: a string, measured by the scratch decode.
      const escapedLast = first('"EAAA"').replace(/"AAAA,CAAC;AACA"/, '"\\u0041AAA,CAAC;AACA"');
      expect(fromScan(bytesOf(escapedLast))).toBe(false);
      expect(new SourceMap(bytesOf(escapedLast)).decodedMappings()).toEqual(new SourceMap(JSON.parse(escapedLast) as object).decodedMappings());
      // The last key spelled with an escape: the first's counts (a longer mappings) are not its.
      const escapedKey = first('"AAAA;AAAA;AAAA;AAAA,CAAC,EAAE"').replace(/"mappings":"AAAA,CAAC;AACA"/, '"mapp\\u0069ngs":"AAAA,CAAC;AACA"');
      expect(escapedKey).toContain('mapp\\u0069ngs');
      expect(fromScan(bytesOf(escapedKey))).toBe(false);
      // Not a string: JSON.parse's answer, an error.
      expect(outcome(bytesOf(text.replace(/"mappings":"[^"]*"/, '"mappings":7')), true).error?.code).toBe('INVALID_FIELD');
    });

    it('leaves the counts of an index map\'s top-level "mappings" unused', () => {
      const index = { version: 3, mappings: 'AAAA', sections: [{ offset: { line: 1, column: 0 }, map: map('AAAA,CAAC') }] };
      expect(fromScan(bytesOf(index), false)).toBe(false);
    });

    it('ends the input with a 0 in a reused memory, whatever the last map left there', () => {
      // The same layout for both: the input 20 bytes past the first row. The first map's
      // fifth digit stays after its row, where the second's input ends. Read on, the decoder
      // would not find its end there and would give the map to the scratch decode.
      releasePool();
      new SourceMap(bytesOf(map('AAAAA'))).dispose();
      expect(pooledMemoryBytes()).toBeGreaterThan(0); // the one memory the next map takes
      expect(fromScan(bytesOf(map('AAAA')))).toBe(true);
    });

    it('stops at maxSegments as the scratch decode does', () => {
      const bytes = bytesOf(map('AAAA,CAAC,EAAE;AACA'));
      expect(() => new SourceMap(bytes, { maxSegments: 3 })).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
      expect(new SourceMap(bytes, { maxSegments: 4 }).segmentCount).toBe(4);
    });
  });

  it.skipIf(!hasBenchMaps)('takes the fast path on every real map of ../shared/bench-maps (equal to the scratch decode)', () => {
    for (const file of readdirSync(BENCH_MAPS).filter((f) => f.endsWith('.map'))) {
      const json = JSON.parse(readFileSync(BENCH_MAPS + file, 'utf8')) as object;
      expect(bothWays(json), file).toBe(true);
      const before = inPlaceForTesting.fromScan;
      expect(bothWays(new Uint8Array(readFileSync(BENCH_MAPS + file))), file).toBe(true);
      expect(inPlaceForTesting.fromScan, file).toBe(before + 1);
    }
  });
});
