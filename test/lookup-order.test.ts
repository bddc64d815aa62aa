// originalPositionFor remembers its previous answer (src/source-map.ts), and long lines get a
// column index on their 8th lookup (assembly/column-index.ts): whatever order lookups come
// in, the answers must be those of a plain scan. Small maps and big ones (the search halves
// without branches up to 65,536 rows, with branches past that: assembly/search.ts), with runs
// of equal columns. The batch lookups (searched sixteen at a time, grouped by line length) must
// answer the same.

import { describe, expect, it } from 'vitest';
import { SourceMap, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, type SourceMapSegment } from '../src/index.js';
import { encodeMappings, mapWith, random } from './vlq.js';

type Bias = typeof GREATEST_LOWER_BOUND | typeof LEAST_UPPER_BOUND;

function makeLines(seed: number, lineLengths: number[]): number[][][] {
  const next = random(seed);
  return lineLengths.map((length) => {
    const segments: number[][] = [];
    let column = Math.floor(next() * 5);
    for (let i = 0; i < length; i++) {
      const r = next();
      if (r < 0.1) segments.push([column]);
      else if (r < 0.5) segments.push([column, Math.floor(next() * 3), Math.floor(next() * 100), Math.floor(next() * 80)]);
      else segments.push([column, Math.floor(next() * 3), Math.floor(next() * 100), Math.floor(next() * 80), Math.floor(next() * 4)]);
      column += next() < 0.2 ? 0 : 1 + Math.floor(next() * (next() < 0.9 ? 12 : 400)); // runs of equal columns
    }
    return segments;
  });
}

// The first index of `segments` whose column is greater than `column` (when `orEqual`, at least).
function bound(segments: number[][], column: number, orEqual: boolean): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (orEqual ? segments[middle][0] >= column : segments[middle][0] > column) high = middle;
    else low = middle + 1;
  }
  return low;
}

// GLB: on an exact hit the first segment at that column, else the last one before it.
// LUB: on an exact hit the last segment at that column, else the first one after it.
function expected(lines: number[][][], line: number, column: number, bias: Bias): number[] | null {
  const segments = lines[line - 1] ?? [];
  const atLeast = bound(segments, column, true);
  const above = bound(segments, column, false);
  if (atLeast < above) return bias === GREATEST_LOWER_BOUND ? segments[atLeast] : segments[above - 1];
  return (bias === GREATEST_LOWER_BOUND ? segments[atLeast - 1] : segments[above]) ?? null;
}

function orders(lines: number[][][], seed: number): [string, [number, number, Bias][]][] {
  const next = random(seed);
  const bias = (): Bias => (next() < 0.5 ? GREATEST_LOWER_BOUND : LEAST_UPPER_BOUND);
  const lastColumn = (l: number) => (lines[l].length ? lines[l][lines[l].length - 1][0] : 10);
  const ascending: [number, number, Bias][] = [];
  const descending: [number, number, Bias][] = [];
  const steps: [number, number, Bias][] = [];
  const randomOrder: [number, number, Bias][] = [];
  const repeated: [number, number, Bias][] = [];
  lines.forEach((_, l) => {
    const limit = Math.min(lastColumn(l) + 3, 20_000);
    for (let c = 0; c <= limit; c++) ascending.push([l + 1, c, bias()]);
    for (let c = limit; c >= 0; c--) descending.push([l + 1, c, bias()]);
    for (let c = 0; c <= lastColumn(l) + 3; c += Math.floor(next() * (next() < 0.8 ? 40 : 1500))) steps.push([l + 1, c, bias()]);
  });
  for (let i = 0; i < 20_000; i++) {
    const l = Math.floor(next() * (lines.length + 1));
    const c = Math.floor(next() * ((l < lines.length ? lastColumn(l) : 10) + 5));
    randomOrder.push([l + 1, c, bias()]);
    if (i < 3000) repeated.push([l + 1, c, bias()], [l + 1, c, bias()], [l + 1, c + 1, bias()], [l + 1, Math.max(0, c - 1), bias()]);
  }
  return [['ascending', ascending], ['descending', descending], ['ascending in steps', steps], ['random', randomOrder], ['repeated and adjacent', repeated]];
}

// One lookup's answer and the scan's, with where it was asked.
type Check = [where: string, got: unknown, want: unknown];

// Every answer must be the scan's; the failure names how many differ and the first of them.
function expectScanAnswers(label: string, checks: Check[]): void {
  let mismatches = 0;
  let first = '';
  for (const [where, got, want] of checks) {
    if (JSON.stringify(got) === JSON.stringify(want)) continue;
    if (!mismatches) first = `${where}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
    mismatches++;
  }
  expect(mismatches, `${label}: ${first}`).toBe(0);
}

const shapes: [string, number[]][] = [
  ['one short line', [40]],
  ['one line, a small map', [3000]],
  ['one line, a big map', [40_000]],
  ['several lines and empty ones', [0, 700, 1, 0, 2500, 15]],
  ['several lines, a big map', [9000, 0, 12_000, 3]],
  ['one line, past the branch-free size', [70_000]],
  ['several lines, past the branch-free size', [30_000, 0, 40_000, 2]],
];

describe('lookups in any order answer as a scan does', () => {
  shapes.forEach(([label, lengths], index) => {
    it(label, () => {
      const lines = makeLines(index + 1, lengths);
      const map = new SourceMap(mapWith(encodeMappings(lines), 3, 4));
      for (const [order, queries] of orders(lines, index + 100)) {
        expectScanAnswers(order, queries.map(([line, column, bias]): Check => [
          `${line}:${column} bias ${bias}`,
          map.segmentFor({ line, column, bias }) satisfies SourceMapSegment | null,
          expected(lines, line, column, bias),
        ]));
      }
      map.dispose();
    });
  });
});

// originalPositionFor answers a lookup further right on the line from its last answer without
// calling into wasm when that answer still holds (src/source-map.ts, #remember): across
// rows, equal columns, empty lines, the columns before a line's first row, lines past the
// last, and either bias in between, it must answer as the scan does.
describe('originalPositionFor in any order answers as a scan does', () => {
  shapes.forEach(([label, lengths], index) => {
    it(label, () => {
      const lines = makeLines(index + 1, lengths);
      const map = new SourceMap(mapWith(encodeMappings(lines), 3, 4));
      const ascendingDefault: [number, number, Bias | undefined][] = [];
      for (let l = 0; l <= lines.length; l++) {
        const last = lines[l]?.length ? lines[l][lines[l].length - 1][0] : 10;
        for (let c = 0; c <= Math.min(last + 3, 20_000); c++) ascendingDefault.push([l + 1, c, undefined]);
      }
      const all: [string, [number, number, Bias | undefined][]][] = [...orders(lines, index + 200), ['ascending, default bias', ascendingDefault]];
      for (const [order, queries] of all) {
        expectScanAnswers(order, queries.map(([line, column, bias]): Check => {
          const want = expected(lines, line, column, bias ?? GREATEST_LOWER_BOUND);
          return [
            `${line}:${column} bias ${bias}`,
            map.originalPositionFor(bias === undefined ? { line, column } : { line, column, bias }),
            want && want.length > 1
              ? { source: map.sources[want[1]], line: want[2] + 1, column: want[3], name: want.length > 4 ? map.names[want[4]] : null }
              : { source: null, line: null, column: null, name: null },
          ];
        }));
      }
      map.dispose();
    });
  });

  it('answers lines far past the last, and empty lines, with nulls whatever came before', () => {
    const lines = makeLines(7, [5, 0, 3]);
    const map = new SourceMap(mapWith(encodeMappings(lines), 3, 4));
    const none = { source: null, line: null, column: null, name: null };
    for (const line of [2, 4, 5, 2 ** 31 - 1, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      for (const before of [1, 3, line]) {
        map.originalPositionFor({ line: before, column: 0 });
        expect(map.originalPositionFor({ line, column: 0 }), `line ${line} after ${before}`).toEqual(none);
        expect(map.originalPositionFor({ line, column: 2 ** 31 - 1, bias: LEAST_UPPER_BOUND })).toEqual(none);
      }
    }
    expect(map.originalPositionFor({ line: 3, column: 2 ** 31 - 1 })).not.toEqual(none);
    map.dispose();
  });

  it('answers from its last answer with a fresh object: changing an answer changes no other', () => {
    const lines = [[[0, 0, 4, 2, 1], [10, 1, 7, 0]]];
    const map = new SourceMap(mapWith(encodeMappings(lines), 3, 4));
    const first = map.originalPositionFor({ line: 1, column: 2 });
    const want = { source: map.sources[0], line: 5, column: 2, name: map.names[1] };
    expect(first).toEqual(want);
    Object.assign(first, { source: 'changed', line: -1, column: -1, name: 'changed' });
    const again = map.originalPositionFor({ line: 1, column: 5 }); // the same row, further right
    expect(again).toEqual(want);
    expect(again).not.toBe(first);
    expect(map.originalPositionFor({ line: 1, column: 10 })).toEqual({ source: map.sources[1], line: 8, column: 0, name: null });
    map.dispose();
  });
});

// A line of every length up to 40, and lengths about each power of two: each number of
// halvings, and lines at either end of it, is a group of its own in the batch.
const everyLength = [
  ...Array.from({ length: 41 }, (_, n) => n),
  ...[64, 128, 256, 1024, 4096].flatMap((n) => [n - 1, n, n + 1]),
];

describe('batch lookups answer as a scan does', () => {
  const batchShapes: [string, number[]][] = [...shapes, ['a line of every length', everyLength]];
  batchShapes.forEach(([label, lengths], index) => {
    it(label, () => {
      const lines = makeLines(index + 7, lengths);
      const map = new SourceMap(mapWith(encodeMappings(lines), 3, 4));
      const next = random(index + 300);
      // Not a multiple of 16, past the 2048 of a chunk; a few off the map and negative columns.
      const count = 5001;
      const positions = new Int32Array(count * 2);
      for (let i = 0; i < count; i++) {
        const l = Math.floor(next() * (lines.length + 2)) - (next() < 0.02 ? 2 : 0);
        const last = lines[l]?.length ? lines[l][lines[l].length - 1][0] : 10;
        positions[2 * i] = l + 1;
        positions[2 * i + 1] = next() < 0.01 ? -1 : Math.floor(next() * (last + 5));
      }
      for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as Bias[]) {
        const answers = map.originalPositionsFor(positions, bias);
        expectScanAnswers(`bias ${bias}`, Array.from({ length: count }, (_, i): Check => {
          const line = positions[2 * i];
          const column = positions[2 * i + 1];
          const want = line < 1 || column < 0 ? null : expected(lines, line, column, bias);
          return [
            `${line}:${column}`,
            Array.from(answers.subarray(4 * i, 4 * i + 4)),
            want && want.length > 1 ? [want[1], want[2] + 1, want[3], want[4] ?? -1] : [-1, -1, -1, -1],
          ];
        }));
      }
      map.dispose();
    });
  });
});

// The column index of long lines (assembly/column-index.ts) cuts a line into buckets of 2^k
// columns. Columns up to 2^31 - 1 (the widest buckets, and target + 1 = 2^31), long runs of
// one column (a bucket of hundreds of rows), and lookups at every bucket edge must still
// answer as the scan does, one at a time or in a batch.
describe('lookups on long lines with a column index answer as a scan does', () => {
  const max = 2 ** 31 - 1;
  // Rows at one column: the first 40, and from `run` to `run` + 300.
  function wideLine(seed: number, rows = 1200, run = 500): number[][] {
    const next = random(seed);
    const segments: number[][] = [];
    let column = 0;
    for (let i = 0; i < rows; i++) {
      segments.push(next() < 0.5 ? [column] : [column, Math.floor(next() * 3), Math.floor(next() * 100), Math.floor(next() * 80), Math.floor(next() * 4)]);
      if (i >= 40 && (i < run || i >= run + 300)) column = Math.min(max, column + 1 + Math.floor(next() * (next() < 0.5 ? 8 : 4_000_000 * 1200 / rows)));
    }
    segments[segments.length - 1][0] = max; // the last column there is (columns run up to it)
    return segments;
  }
  const shapesWide: [string, number[][][]][] = [
    ['one line to column 2^31 - 1, with runs of 40 and 300 rows at one column', [wideLine(1)]],
    ['a dense line, a wide line and a short one', [makeLines(2, [5000])[0], wideLine(3), makeLines(4, [30])[0]]],
    // The batch searches a line's column index from 16,384 rows on (assembly/search.ts).
    ['lines at and past the batch\'s 16,384 rows, wide and dense', [wideLine(5, 20_000, 9000), makeLines(6, [16_384])[0], makeLines(7, [16_383])[0]]],
  ];
  shapesWide.forEach(([label, lines], index) => {
    it(label, () => {
      const map = new SourceMap(mapWith(encodeMappings(lines), 3, 4));
      const queries: [number, number][] = [];
      lines.forEach((segments, l) => {
        const columns = new Set<number>([0, 1, max, max - 1]);
        // Every row's column on the short lines, one row in five on the long ones.
        segments.forEach(([c], i) => { if (segments.length < 10_000 || i % 5 === 0) for (const d of [-1, 0, 1]) columns.add(c + d); });
        for (let k = 0; k <= 31; k++) for (const d of [-1, 0, 1]) columns.add(2 ** k + d);
        for (const c of columns) if (c >= 0 && c <= max) queries.push([l + 1, c]);
      });
      const next = random(index + 900);
      for (let i = queries.length - 1; i > 0; i--) { // shuffled: no help from the previous answer
        const j = Math.floor(next() * (i + 1));
        [queries[i], queries[j]] = [queries[j], queries[i]];
      }
      for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as Bias[]) {
        const positions = Int32Array.from(queries.flat());
        const batch = map.originalPositionsFor(positions, bias);
        expectScanAnswers(`bias ${bias}`, queries.flatMap(([line, column], i): Check[] => {
          const want = expected(lines, line, column, bias);
          return [
            [`segmentFor ${line}:${column}`, map.segmentFor({ line, column, bias }), want],
            [`batch ${line}:${column}`, Array.from(batch.subarray(4 * i, 4 * i + 4)), want && want.length > 1 ? [want[1], want[2] + 1, want[3], want[4] ?? -1] : [-1, -1, -1, -1]],
            [`originalPositionFor ${line}:${column}`, map.originalPositionFor({ line, column, bias }), want && want.length > 1
              ? { source: map.sources[want[1]], line: want[2] + 1, column: want[3], name: want.length > 4 ? map.names[want[4]] : null }
              : { source: null, line: null, column: null, name: null }],
          ];
        }));
      }
      map.dispose();
    });
  });
});

// The batch counts the rows of lines of 2 to 16 rows (assembly/search.ts, scanShortLine). It
// reads 8 or 16 rows whatever the line's length, past its end: into the next line, or past the
// map's last row. A last line of each length (17 rows: the first one searched, not counted),
// with runs of one column (four rows in ten keep the row before's), must still answer as the
// scan does at every column, alone in its map and after other lines.
describe('batch lookups on short lines answer as a scan does, up to the last row', () => {
  for (let rows = 2; rows <= 17; rows++) {
    it(`a last line of ${rows} rows`, () => {
      const next = random(rows + 1200);
      const short: number[][] = [];
      let column = 3;
      for (let i = 0; i < rows; i++) {
        short.push(next() < 0.3 ? [column] : [column, 1, i, 2 * i, i % 3]);
        if (next() < 0.6) column += 1 + Math.floor(next() * 4); // else the next row is at this column
      }
      for (const lines of [[short], [...makeLines(rows, [12, 3]), short]]) {
        const map = new SourceMap(mapWith(encodeMappings(lines), 3, 4));
        const queries: [number, number][] = [];
        lines.forEach((segments, l) => {
          const last = segments[segments.length - 1][0];
          for (let c = 0; c <= last + 2; c++) queries.push([l + 1, c]);
        });
        const positions = Int32Array.from(queries.flat());
        for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as Bias[]) {
          const batch = map.originalPositionsFor(positions, bias);
          expectScanAnswers(`${lines.length} lines, bias ${bias}`, queries.map(([line, c], i): Check => {
            const want = expected(lines, line, c, bias);
            return [`${line}:${c}`, Array.from(batch.subarray(4 * i, 4 * i + 4)), want && want.length > 1 ? [want[1], want[2] + 1, want[3], want[4] ?? -1] : [-1, -1, -1, -1]];
          }));
        }
        map.dispose();
      }
    });
  }
});
