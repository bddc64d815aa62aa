// Lookups over the rows of a decoded map: binary searches within one generated line, or on a
// long line within the bucket of its column index (column-index.ts) that holds the answer.
// With several rows at the same column, the bias picks the first (greatest lower bound) or
// the last (least upper bound) of them, as trace-mapping does. originalPositionFor remembers
// its last answer on the JS side (src/source-map.ts), so ascending lookups seldom get here.

import { INDEXED_ROWS, SHIFT_BITS, FILL_AFTER, fillColumnTable } from "./column-index";
import {
  ROW_SIZE, ROW_SOURCE, ROW_ORIGINAL_LINE, ROW_ORIGINAL_COLUMN, ROW_NAME, GREATEST_LOWER_BOUND, ANSWER_SIZE,
  BATCH_POSITIONS, BATCH_STEP_COUNTS, SAMPLE_LOG,
} from "./layout";

let rows: usize = 0;
let lineStarts: usize = 0;
let lineCount: i32 = 0;
let columnIndex: usize = 0; // the column index of the long lines (column-index.ts), or 0
let order: usize = 0; // the original-order index (by-source.ts) the reverse lookup in progress reads
let orderCount: i32 = 0;
let samples: usize = 0; // its sampled keys (SAMPLE_LOG), or 0
// How the map's original positions pack into a key (by-source.ts): bits of each field.
let columnBits: u64 = 0;
let lineBits: u64 = 0;
let sourceBits: u64 = 0;
// Whether firstAbove halves with a `select` rather than a branch: when the map's rows fit in a
// core's L2 (CACHED_ROWS rows of ROW_SIZE bytes, 1.25 MiB).
let branchFree = false;
const CACHED_ROWS: i32 = 65536;

// Points the lookups at a decoded map in this instance's memory.
export function attach(rowsAt: usize, lineStartsAt: usize, lines: i32): void {
  rows = rowsAt;
  lineStarts = lineStartsAt;
  lineCount = lines;
  columnIndex = 0;
  branchFree = load<i32>(lineStartsAt + (<usize>lines << 2)) <= CACHED_ROWS;
}

// Points the lookups at the column index of the attached map (column-index.ts).
export function attachColumnIndex(at: usize): void {
  columnIndex = at;
}

// Rows [low, high), as searchRange() returns them.
@inline function rowRange(low: i32, high: i32): u64 {
  return <u64><u32>low | (<u64><u32>high << 32);
}

// The rows of a line's [first, end) among which the first row past `target` is, or is the
// last row's next, as low | high << 32: the target's bucket when the line has a column index.
// A call, not inlined: findRow and the batch share one copy (single random lookups measured
// the same: amp 79.0 -> 78.7 ns, typescript 64.3 -> 66.4, angular 105.9 -> 103.5).
function searchRange(line: i32, first: i32, end: i32, target: i32): u64 {
  if (end - first >= INDEXED_ROWS && columnIndex != 0) {
    const entry = load<u32>(columnIndex + (<usize>line << 2));
    const table = columnIndex + (<usize>(entry >> <u32>SHIFT_BITS) << 2);
    const shift = entry & ((1 << SHIFT_BITS) - 1);
    let buckets = load<i32>(table);
    if (buckets <= 0) {
      // Not filled: minus the line's lookups so far. Filled on the FILL_AFTER-th.
      if (buckets > -FILL_AFTER) {
        store<i32>(table, buckets - 1);
        return rowRange(first, end);
      }
      fillColumnTable(table, rows, first, end, shift);
      buckets = load<i32>(table);
    }
    // target + 1 is the first column past the target (2^31 for the last column).
    const bucket = (<u32>target + 1) >> shift;
    if (bucket >= <u32>buckets) return rowRange(end, end);
    const at = table + (<usize>bucket << 2);
    return rowRange(load<i32>(at, 4), load<i32>(at, 8));
  }
  return rowRange(first, end);
}

@inline function columnOf(row: i32): i32 {
  return load<i32>(rows + <usize>row * ROW_SIZE);
}

// The first row in [low, high) whose column is greater than `target`, or `high`.
// Random lookups mispredict half the branches of a branching search. Over rows in the caches
// that costs more than waiting for each load, so there the halving is a `select`: random
// findRow on preact.js.map 64 -> 31 ns, app.min 65 -> 35, amp (45k rows) 106 -> 71 (whole
// lines, before the column index). Over rows that are not, the CPU's guesses load ahead and
// win: babel.min (348k rows) 59 against 90; within the column index's buckets, 32.5 against
// 38.2, and babel-standalone (3.1M rows) 126 against 170.
@inline function firstAbove(low: i32, high: i32, target: i32): i32 {
  let length = high - low;
  if (length <= 0) return low;
  let base = rows + <usize>low * ROW_SIZE;
  if (branchFree) {
    while (length > 1) {
      const half = length >>> 1;
      const probe = base + <usize>half * ROW_SIZE;
      base = select(probe, base, load<i32>(probe) <= target);
      length -= half;
    }
  } else {
    while (length > 1) {
      const half = length >>> 1;
      const probe = base + <usize>half * ROW_SIZE;
      if (load<i32>(probe) <= target) base = probe;
      length -= half;
    }
  }
  return <i32>((base - rows) / ROW_SIZE) + i32(load<i32>(base) <= target);
}

// What a lookup searches for: the first row past `target`. With the greatest-lower-bound
// bias that is the first row at `column` or after; with least-upper-bound, the first after it.
@inline function targetOf(column: i32, bias: i32): i32 {
  return column - i32(bias == GREATEST_LOWER_BOUND);
}

// The row that answers with `bias`, given `above`: the first row of [first, end) whose column
// is past `target` (targetOf). Among rows at one column, the first (GLB) or the last (LUB);
// -1 if none.
@inline function pick(first: i32, end: i32, above: i32, target: i32, bias: i32): i32 {
  if (bias == GREATEST_LOWER_BOUND) return above < end && columnOf(above) == target + 1 ? above : above > first ? above - 1 : -1;
  return above > first && columnOf(above - 1) == target ? above - 1 : above < end ? above : -1;
}

// The row that answers (line, column) with `bias`, or -1. `line` is 0-based.
export function findRow(line: i32, column: i32, bias: i32): i32 {
  if (line < 0 || line >= lineCount || column < 0) return -1;
  const first = load<i32>(lineStarts + (<usize>line << 2));
  const end = load<i32>(lineStarts + (<usize>line << 2), 4);
  const target = targetOf(column, bias);
  const range = searchRange(line, first, end, target);
  return pick(first, end, firstAbove(<i32>range, <i32>(range >>> 32), target), target, bias);
}

// A row of absent fields, which writeAnswer reads for "no answer".
const NO_ROW: usize = memory.data<i32>([-1, -1, -1, -1, -1]);

// Writes one answer as four f64: source index, original line (1-based), original column,
// name index; -1 where absent. The row's last four fields are those, in that order.
@inline function writeAnswer(out: usize, found: i32): void {
  writeRowAnswer(out, found < 0 ? NO_ROW : rows + <usize>found * ROW_SIZE);
}

// writeAnswer, given the row's address (NO_ROW for none).
@inline function writeRowAnswer(out: usize, row: usize): void {
  const fields = v128.load(row, ROW_SOURCE);
  // A 1-based line, where there is one (an unmapped row has -1 in every field), added as an
  // f64: line 2^31 - 1 + 1 does not fit an i32.
  const oneBased = f64x2.replace_lane(f64x2.splat(0), 1, <f64>(load<i32>(row, ROW_SOURCE) >= 0));
  v128.store(out, f64x2.add(f64x2.convert_low_i32x4_s(fields), oneBased));
  v128.store(out, f64x2.convert_low_i32x4_s(i32x4.shuffle(fields, fields, 2, 3, 2, 3)), 16);
}

// Writes "no answer": four f64 -1, as writeAnswer does for NO_ROW.
@inline function writeNoAnswer(out: usize): void {
  const none = f64x2.splat(-1);
  v128.store(out, none);
  v128.store(out, none, 16);
}

// The batch searches the column index's bucket of a position from this many rows in its line
// (320 KiB of rows), and the whole line below. A bucket saves halvings, but costs a load of
// the table; the halvings it saves over a shorter line are those that hit the caches.
// Measured in one process, old and new interleaved, ns a position over 100k random positions:
// amp (one line of 45,120 rows) 32.3 -> 27.3, babel.min (lines of 11k-155k rows) 69.4 ->
// 54.2; with the index from 4,096 rows react (lines of 4k-16k) went 17.7 -> 19.0. An earlier
// try, one window of buckets per line, was slower on every map.
const BATCH_INDEXED_ROWS: i32 = 16384;

// The batch answers a line of 2 to SCAN_ROWS rows by counting its rows before the column, not
// by halvings: its columns are loaded side by side, none waiting on another, where each
// halving waits on the last one's load. On a map of many short lines whose rows are not in the
// caches, that took the batch from 36.9 to 22.7 ns a position (pdfjs-pdf.worker.mjs.map: 9 MB
// of rows, three lines in four of 2 to 16 rows); angular-debug_node-chunk.mjs.map went from
// 24.3 to 18.8. Counting in the first loop, not in a loop of its own after it, was slower
// (pdfjs 25.3); so were counting up to 32 rows, and up to 64 by first probing every 16th row.
const SCAN_ROWS: i32 = 16;

// The columns of four rows from `at`, side by side.
@inline function fourColumns(at: usize): v128 {
  let columns = v128.load32_zero(at);
  columns = v128.load32_lane(at + ROW_SIZE, columns, 1);
  columns = v128.load32_lane(at + 2 * ROW_SIZE, columns, 2);
  return v128.load32_lane(at + 3 * ROW_SIZE, columns, 3);
}

// A bit for each of four columns that is before `column` / at or before it.
@inline function beforeBits(columns: v128, column: v128): i32 {
  return i32x4.bitmask(i32x4.lt_s(columns, column));
}
@inline function atOrBeforeBits(columns: v128, column: v128): i32 {
  return i32x4.bitmask(i32x4.le_s(columns, column));
}

// The row (NO_ROW for none) that answers `column` with `bias` in the line of `count` rows, 2 to
// SCAN_ROWS, from `base`: pick()'s answer, from the counts of rows before the column and at or
// before it (there are rows at the column when the two differ), with no load after them. Rows
// past the line's end are read and masked out: the next line's, or memory after the rows, where
// the map's memory always has more than SCAN_ROWS rows' bytes (its batch window at least).
@inline function scanShortLine(base: usize, count: i32, column: i32, bias: i32): usize {
  const wanted = i32x4.splat(column);
  const a = fourColumns(base);
  const b = fourColumns(base + 4 * ROW_SIZE);
  let before = beforeBits(a, wanted) | (beforeBits(b, wanted) << 4);
  let atOrBefore = atOrBeforeBits(a, wanted) | (atOrBeforeBits(b, wanted) << 4);
  if (count > 8) {
    const c = fourColumns(base + 8 * ROW_SIZE);
    const d = fourColumns(base + 12 * ROW_SIZE);
    before |= (beforeBits(c, wanted) << 8) | (beforeBits(d, wanted) << 12);
    atOrBefore |= (atOrBeforeBits(c, wanted) << 8) | (atOrBeforeBits(d, wanted) << 12);
  }
  const inLine = (1 << count) - 1;
  before = popcnt(before & inLine);
  atOrBefore = popcnt(atOrBefore & inLine);
  const exact = atOrBefore > before;
  let row: i32;
  if (bias == GREATEST_LOWER_BOUND) row = exact ? before : before - 1;
  else row = exact ? atOrBefore - 1 : select(atOrBefore, -1, atOrBefore < count);
  return select(base + <usize>row * ROW_SIZE, NO_ROW, row >= 0);
}

// Per position that needs a search: its index, and in the top bits its halvings.
const STEPS_SHIFT: i32 = 16;
const INDEX_MASK: i32 = (1 << STEPS_SHIFT) - 1;

// Answers `count` (at most BATCH_POSITIONS) 1-based (line, column) i32 pairs from
// `positions` into `results`, one ANSWER_SIZE answer each (see writeAnswer), using
// BATCH_SCRATCH_SIZE bytes at `scratch`.
//
// A search is a chain of loads, each waiting on the last. Here sixteen searches go side by
// side, one halving of each in turn, so that the CPU overlaps their loads, from the caches or
// from memory. A position on a line of BATCH_INDEXED_ROWS rows or more searches its column's
// bucket of the column index, as findRow does; on a shorter line, the whole line. Positions
// that need no search (off the map, or no more than one row to search) are answered first,
// then those on lines of up to SCAN_ROWS rows, by counting (scanShortLine); the others are
// sorted by how many halvings they take, so that the lanes of a group finish together.
//
// Sixteen lanes, not eight: over as many bytes as babel-standalone.js.map's rows (59 MiB, read
// from memory), a load cost 20.7 ns with eight chains of loads side by side and 11.4 with
// sixteen (`npm run bench:batch`). Its batch went from 76.4 to 64.4 and 69.7 to 60.9 ns a
// position (old and new alternating in one process), typescript.esbuild-min's 22.0 to 20.2;
// the other maps measured the same. Twenty-four lanes were no faster than sixteen, and
// sixteen with their state in memory were slower.
//
// Tried for babel-standalone's lines of 17 to 256 rows (most of its batch time), and not kept:
// the columns of every 8th or 16th row in a dense array, to start each search a few rows
// wide (75.6-86.1 ns a position against 74.7-82.0); all the columns in a dense array for the
// searches (72.3-75.0: a few % for 4 bytes a row more, past the memory budget); counting 16
// rows there instead of halving them (slower); windows of 8,192 positions; a count of 4 rows
// for lines of up to 4 (the same).
export function resolvePositions(positions: usize, count: i32, results: usize, bias: i32, scratch: usize): void {
  const ranges = scratch; // BATCH_POSITIONS u64: each position's rows to search
  const stepStarts = ranges + <usize>BATCH_POSITIONS * 8; // BATCH_STEP_COUNTS i32
  const pending = stepStarts + <usize>BATCH_STEP_COUNTS * 4; // BATCH_POSITIONS i32, as found
  const sorted = pending + <usize>BATCH_POSITIONS * 4; // BATCH_POSITIONS i32, by halvings; short lines' from the top
  count = min(count, BATCH_POSITIONS);
  memory.fill(stepStarts, 0, <usize>BATCH_STEP_COUNTS * 4);
  // A line of one row answers with it, with the greatest-lower-bound bias, a column at or after
  // the row's, with least-upper-bound one at or before it: one test, on the columns or on their
  // complements (~x reverses the order). That answer and the globals in locals took random
  // positions on typescript.esbuild-min's lines of one row from 9.4 to 6.5 ns.
  const flip: i32 = bias == GREATEST_LOWER_BOUND ? 0 : -1;
  const rowsAt = rows;
  const starts = lineStarts;
  const lines = lineCount;
  let searches: i32 = 0;
  let scans: i32 = 0;
  for (let i: i32 = 0; i < count; i++) {
    const at = positions + (<usize>i << 3);
    const line = load<i32>(at) - 1;
    const column = load<i32>(at, 4);
    const out = results + <usize>i * ANSWER_SIZE;
    if (<u32>line >= <u32>lines || column < 0) {
      writeNoAnswer(out);
      continue;
    }
    const first = load<i32>(starts + (<usize>line << 2));
    const end = load<i32>(starts + (<usize>line << 2), 4);
    if (end - first <= 1) {
      if (end == first) {
        writeNoAnswer(out);
        continue;
      }
      const row = rowsAt + <usize>first * ROW_SIZE;
      writeRowAnswer(out, select(row, NO_ROW, (load<i32>(row) ^ flip) <= (column ^ flip)));
      continue;
    }
    if (end - first <= SCAN_ROWS) {
      // Counted below, in a loop of its own: listed from the top of `sorted`, which the
      // searches fill from the bottom.
      store<u64>(ranges + (<usize>i << 3), rowRange(first, end));
      scans++;
      store<i32>(sorted + (<usize>(count - scans) << 2), i);
      continue;
    }
    const target = targetOf(column, bias);
    const range = end - first >= BATCH_INDEXED_ROWS ? searchRange(line, first, end, target) : rowRange(first, end);
    const low = <i32>range;
    const length = <i32>(range >>> 32) - low;
    if (length <= 1) {
      // A bucket of one row, or none (then the row before it is not past the target).
      finishLane(positions, i, rowsAt + <usize>max(first, low + length - 1) * ROW_SIZE, target, results, bias);
      continue;
    }
    store<u64>(ranges + (<usize>i << 3), range);
    const steps = 32 - clz(length - 1); // halvings from `length` rows down to one
    store<i32>(pending + (<usize>searches << 2), (steps << STEPS_SHIFT) | i);
    const counter = stepStarts + (<usize>steps << 2);
    store<i32>(counter, load<i32>(counter) + 1);
    searches++;
  }
  for (let k = count - scans; k < count; k++) {
    const i = load<i32>(sorted + (<usize>k << 2));
    const range = load<u64>(ranges + (<usize>i << 3));
    const first = <i32>range;
    const column = load<i32>(positions + (<usize>i << 3), 4);
    writeRowAnswer(results + <usize>i * ANSWER_SIZE, scanShortLine(rowsAt + <usize>first * ROW_SIZE, <i32>(range >>> 32) - first, column, bias));
  }
  // A counting sort by halvings: stepStarts[s] becomes where those of s halvings start.
  // When they all take the same number (one long line), they need no sorting.
  let offset: i32 = 0;
  let onlySteps: i32 = 0;
  for (let steps: i32 = 0; steps < BATCH_STEP_COUNTS; steps++) {
    const counter = stepStarts + (<usize>steps << 2);
    const n = load<i32>(counter);
    if (n == searches) onlySteps = steps;
    store<i32>(counter, offset);
    offset += n;
  }
  if (onlySteps > 0) {
    for (let g: i32 = 0; g < searches; g += 16) searchSixteen(positions, ranges, pending, g, min(g + 16, searches) - 1, onlySteps, results, bias);
    return;
  }
  for (let j: i32 = 0; j < searches; j++) {
    const entry = load<i32>(pending + (<usize>j << 2));
    const counter = stepStarts + (<usize>(entry >>> STEPS_SHIFT) << 2);
    const to = load<i32>(counter);
    store<i32>(sorted + (<usize>to << 2), entry);
    store<i32>(counter, to + 1);
  }
  // Now stepStarts[s] is where those of s halvings end.
  let from: i32 = 0;
  for (let steps: i32 = 1; steps < BATCH_STEP_COUNTS; steps++) {
    const to = load<i32>(stepStarts + (<usize>steps << 2));
    for (let g = from; g < to; g += 16) searchSixteen(positions, ranges, sorted, g, min(g + 16, to) - 1, steps, results, bias);
    from = to;
  }
}

// The position index of lane `k` of a group of sixteen (entries g to last of `sorted`; lanes past
// `last` repeat it, and write the same answer again).
@inline function laneIndex(sorted: usize, g: i32, last: i32, k: i32): i32 {
  return load<i32>(sorted + (<usize>min(g + k, last) << 2)) & INDEX_MASK;
}

@inline function laneLine(positions: usize, i: i32): usize {
  return lineStarts + (<usize>(load<i32>(positions + (<usize>i << 3)) - 1) << 2);
}

@inline function laneTarget(positions: usize, i: i32, bias: i32): i32 {
  return targetOf(load<i32>(positions + (<usize>i << 3), 4), bias);
}

// One halving of firstAbove's branch-free search, `half` bytes on.
@inline function halve(base: usize, half: usize, target: i32): usize {
  const probe = base + half;
  return select(probe, base, load<i32>(probe) <= target);
}

// The first halving of position i's rows (low | high << 32 at `ranges`), which take `steps`:
// it leaves 2^(steps-1) rows, so that the lanes then halve by the same amount.
@inline function halveToPower(ranges: usize, i: i32, steps: i32, target: i32): usize {
  const range = load<u64>(ranges + (<usize>i << 3));
  const low = <i32>range;
  const length = <i32>(range >>> 32) - low;
  return halve(rows + <usize>low * ROW_SIZE, <usize>(length - (1 << (steps - 1))) * ROW_SIZE, target);
}

// Writes the answer of a search that is done: `base` is the last row of its range not past
// `target`, or the range's first row.
function finishLane(positions: usize, i: i32, base: usize, target: i32, results: usize, bias: i32): void {
  const line = laneLine(positions, i);
  const above = <i32>((base - rows) / ROW_SIZE) + i32(load<i32>(base) <= target);
  writeAnswer(results + <usize>i * ANSWER_SIZE, pick(load<i32>(line), load<i32>(line, 4), above, target, bias));
}

// Sixteen searches side by side, all of `steps` halvings: each lane's chain of loads is its
// own, so the CPU overlaps the sixteen. Their state stays in locals.
function searchSixteen(positions: usize, ranges: usize, sorted: usize, g: i32, last: i32, steps: i32, results: usize, bias: i32): void {
  const i0 = laneIndex(sorted, g, last, 0), i1 = laneIndex(sorted, g, last, 1);
  const i2 = laneIndex(sorted, g, last, 2), i3 = laneIndex(sorted, g, last, 3);
  const i4 = laneIndex(sorted, g, last, 4), i5 = laneIndex(sorted, g, last, 5);
  const i6 = laneIndex(sorted, g, last, 6), i7 = laneIndex(sorted, g, last, 7);
  const i8 = laneIndex(sorted, g, last, 8), i9 = laneIndex(sorted, g, last, 9);
  const i10 = laneIndex(sorted, g, last, 10), i11 = laneIndex(sorted, g, last, 11);
  const i12 = laneIndex(sorted, g, last, 12), i13 = laneIndex(sorted, g, last, 13);
  const i14 = laneIndex(sorted, g, last, 14), i15 = laneIndex(sorted, g, last, 15);
  const c0 = laneTarget(positions, i0, bias), c1 = laneTarget(positions, i1, bias);
  const c2 = laneTarget(positions, i2, bias), c3 = laneTarget(positions, i3, bias);
  const c4 = laneTarget(positions, i4, bias), c5 = laneTarget(positions, i5, bias);
  const c6 = laneTarget(positions, i6, bias), c7 = laneTarget(positions, i7, bias);
  const c8 = laneTarget(positions, i8, bias), c9 = laneTarget(positions, i9, bias);
  const c10 = laneTarget(positions, i10, bias), c11 = laneTarget(positions, i11, bias);
  const c12 = laneTarget(positions, i12, bias), c13 = laneTarget(positions, i13, bias);
  const c14 = laneTarget(positions, i14, bias), c15 = laneTarget(positions, i15, bias);
  let b0 = halveToPower(ranges, i0, steps, c0), b1 = halveToPower(ranges, i1, steps, c1);
  let b2 = halveToPower(ranges, i2, steps, c2), b3 = halveToPower(ranges, i3, steps, c3);
  let b4 = halveToPower(ranges, i4, steps, c4), b5 = halveToPower(ranges, i5, steps, c5);
  let b6 = halveToPower(ranges, i6, steps, c6), b7 = halveToPower(ranges, i7, steps, c7);
  let b8 = halveToPower(ranges, i8, steps, c8), b9 = halveToPower(ranges, i9, steps, c9);
  let b10 = halveToPower(ranges, i10, steps, c10), b11 = halveToPower(ranges, i11, steps, c11);
  let b12 = halveToPower(ranges, i12, steps, c12), b13 = halveToPower(ranges, i13, steps, c13);
  let b14 = halveToPower(ranges, i14, steps, c14), b15 = halveToPower(ranges, i15, steps, c15);
  for (let left = steps - 1; left > 0; left--) {
    const half = (<usize>1 << <usize>(left - 1)) * ROW_SIZE;
    b0 = halve(b0, half, c0); b1 = halve(b1, half, c1); b2 = halve(b2, half, c2); b3 = halve(b3, half, c3);
    b4 = halve(b4, half, c4); b5 = halve(b5, half, c5); b6 = halve(b6, half, c6); b7 = halve(b7, half, c7);
    b8 = halve(b8, half, c8); b9 = halve(b9, half, c9); b10 = halve(b10, half, c10); b11 = halve(b11, half, c11);
    b12 = halve(b12, half, c12); b13 = halve(b13, half, c13); b14 = halve(b14, half, c14); b15 = halve(b15, half, c15);
  }
  finishLane(positions, i0, b0, c0, results, bias); finishLane(positions, i1, b1, c1, results, bias);
  finishLane(positions, i2, b2, c2, results, bias); finishLane(positions, i3, b3, c3, results, bias);
  finishLane(positions, i4, b4, c4, results, bias); finishLane(positions, i5, b5, c5, results, bias);
  finishLane(positions, i6, b6, c6, results, bias); finishLane(positions, i7, b7, c7, results, bias);
  finishLane(positions, i8, b8, c8, results, bias); finishLane(positions, i9, b9, c9, results, bias);
  finishLane(positions, i10, b10, c10, results, bias); finishLane(positions, i11, b11, c11, results, bias);
  finishLane(positions, i12, b12, c12, results, bias); finishLane(positions, i13, b13, c13, results, bias);
  finishLane(positions, i14, b14, c14, results, bias); finishLane(positions, i15, b15, c15, results, bias);
}

@inline function orderRow(index: i32): usize {
  return rows + <usize>load<i32>(order + (<usize>index << 2)) * ROW_SIZE;
}

// Compares the row at `index` of the original order with (source, line, column): <0, 0, >0.
@inline function compareOriginal(index: i32, source: i32, line: i32, column: i32): i32 {
  const row = orderRow(index);
  const rowSource = load<i32>(row, ROW_SOURCE);
  if (rowSource != source) return rowSource < source ? -1 : 1;
  const rowLine = load<i32>(row, ROW_ORIGINAL_LINE);
  if (rowLine != line) return rowLine < line ? -1 : 1;
  const rowColumn = load<i32>(row, ROW_ORIGINAL_COLUMN);
  return rowColumn < column ? -1 : rowColumn > column ? 1 : 0;
}

// Tells the reverse lookups how this map's keys pack (as buildOriginalOrder packs them).
export function attachKeyShape(column: u32, line: u32, source: u32): void {
  columnBits = <u64>column;
  lineBits = <u64>line;
  sourceBits = <u64>source;
}

// The packed key of (source, line, column), saturated: a line or column too wide to pack
// becomes the largest one that packs, and a source too wide the largest key. The sampled keys
// compare to it as the positions do but for ties with a saturated key, which only widen the
// range narrowRange() gives.
@inline function keyOf(source: i32, line: i32, column: i32): u64 {
  const columnMask: u64 = (<u64>1 << columnBits) - 1;
  const lineMask: u64 = (<u64>1 << lineBits) - 1;
  let l = <u64><u32>line;
  let c = <u64><u32>column;
  if (<u64><u32>source >> sourceBits != 0) return u64.MAX_VALUE;
  if (l > lineMask) {
    l = lineMask;
    c = columnMask;
  } else if (c > columnMask) {
    c = columnMask;
  }
  return (<u64><u32>source << (lineBits + columnBits)) | (l << columnBits) | c;
}

// The range of the original order [low, high) that holds the first index at or above
// (source, line, column), from the sampled keys: past the last sample below it, up to the
// first above it. Halving the dense keys leaves a few halvings through the permutation, each
// two dependent loads, for 8 bytes per 32 entries. Steady generatedPositionFor
// (bench/reverse.mjs, alternating with the index without them): typescript 124 -> 97 ns,
// babel.min 96 -> 76, babel-standalone 203 -> 135, pdfjs 129 -> 111, angular 112 -> 113.
function narrowRange(source: i32, line: i32, column: i32): u64 {
  const count = (orderCount + (1 << SAMPLE_LOG) - 1) >> SAMPLE_LOG;
  const target = keyOf(source, line, column);
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (load<u64>(samples + (<usize>middle << 3)) < target) low = middle + 1;
    else high = middle;
  }
  let above = low;
  while (above < count && load<u64>(samples + (<usize>above << 3)) == target) above++;
  const first = low > 0 ? ((low - 1) << SAMPLE_LOG) + 1 : 0;
  const end = above < count ? above << SAMPLE_LOG : orderCount;
  return <u64><u32>first | (<u64><u32>end << 32);
}

// The first index of the original order at or above (source, line, column).
function firstOriginalAtLeast(source: i32, line: i32, column: i32): i32 {
  let low = 0;
  let high = orderCount;
  if (samples != 0) {
    const range = narrowRange(source, line, column);
    low = <i32>range;
    high = <i32>(range >>> 32);
  }
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareOriginal(middle, source, line, column) >= 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

// The first index of the original order (`count` row indices at `at`: the whole index, or one
// source's, with its sampled keys at `sampled`, or 0) at or above (source, line, column), for
// allGeneratedPositionsFor; `count` when there is none.
export function firstGeneratedAtLeast(at: usize, count: i32, sampled: usize, source: i32, line: i32, column: i32): i32 {
  order = at;
  orderCount = count;
  samples = sampled;
  return firstOriginalAtLeast(source, line, column);
}

// The index in the original order (as for firstGeneratedAtLeast) that answers (source, line,
// column) with `bias`, or -1 when no mapping of that source is on that side. As source-map
// does, the answer may be on another original line of the same source.
export function findGenerated(at: usize, count: i32, sampled: usize, source: i32, line: i32, column: i32, bias: i32): i32 {
  order = at;
  orderCount = count;
  samples = sampled;
  const atLeast = firstOriginalAtLeast(source, line, column);
  // An exact hit: the first in generated order, with either bias. (source-map's pick among
  // equal positions depends on where its binary search lands; trace-mapping gives the last
  // for LEAST_UPPER_BOUND. The adapters reproduce each.)
  if (atLeast < orderCount && compareOriginal(atLeast, source, line, column) == 0) return atLeast;
  const found = bias == GREATEST_LOWER_BOUND ? atLeast - 1 : atLeast;
  if (found < 0 || found >= orderCount) return -1;
  return load<i32>(orderRow(found), ROW_SOURCE) == source ? found : -1;
}
