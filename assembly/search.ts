// Lookups over the rows of a decoded map: binary searches within one generated line.
// With several rows at the same column, the bias picks the first (greatest lower bound) or
// the last (least upper bound) of them, as trace-mapping does.

import { ROW_SIZE, ROW_SOURCE, ROW_ORIGINAL_LINE, ROW_ORIGINAL_COLUMN, ROW_NAME, GREATEST_LOWER_BOUND, ANSWER_SIZE } from "./layout";

let rows: usize = 0;
let lineStarts: usize = 0;
let lineCount: i32 = 0;
let order: usize = 0; // the original-order index (by-source.ts), once built
let orderCount: i32 = 0;
// The last lookup's line, column and first row at or after that column (see firstAtLeast).
let memoLine: i32 = -1;
let memoColumn: i32 = 0;
let memoAtLeast: i32 = 0;
// Whether firstAbove halves without branches: for maps of at most CACHED_ROWS rows (320 KB),
// which stay in the caches.
let branchFree = false;
const CACHED_ROWS: i32 = 16384;
// How far past the previous lookup (and its answer) the next is looked for first.
const NEAR: i32 = 16;
const NEAR_COLUMNS: i32 = 512;

// Points the lookups at a decoded map in this instance's memory.
export function attach(rowsAt: usize, lineStartsAt: usize, lines: i32): void {
  rows = rowsAt;
  lineStarts = lineStartsAt;
  lineCount = lines;
  memoLine = -1;
  branchFree = load<i32>(lineStartsAt + (<usize>lines << 2)) <= CACHED_ROWS;
}

@inline function columnOf(row: i32): i32 {
  return load<i32>(rows + <usize>row * ROW_SIZE);
}

// The first row in [low, high) whose column is greater than `column`, or `high`. Over rows
// that are in the caches, a branch per halving is mispredicted half the time, which costs more
// than the loads: there the halving is a `select`. Over rows that are not, a branch is better:
// the CPU loads ahead while it guesses.
function firstAbove(low: i32, high: i32, column: i32): i32 {
  let length = high - low;
  if (length <= 0) return low;
  let base = rows + <usize>low * ROW_SIZE;
  if (branchFree) {
    while (length > 1) {
      const half = length >>> 1;
      const probe = base + <usize>half * ROW_SIZE;
      base = select(probe, base, load<i32>(probe) <= column);
      length -= half;
    }
  } else {
    while (length > 1) {
      const half = length >>> 1;
      const probe = base + <usize>half * ROW_SIZE;
      if (load<i32>(probe) <= column) base = probe;
      length -= half;
    }
  }
  return <i32>((base - rows) / ROW_SIZE) + i32(load<i32>(base) <= column);
}

// The first row of a line's [first, end) whose column is at least `column`, or `end`. A lookup
// a little to the right of the previous one, on its line, looks at the previous answer and the
// NEAR rows after it first, as trace-mapping's memo does for ascending lookups. Other lookups
// search the whole line, not the part of it past the previous answer: the first halvings of
// the whole line read rows every lookup reads, which stay in the caches.
function firstAtLeast(line: i32, first: i32, end: i32, column: i32): i32 {
  if (line == memoLine && column >= memoColumn && column - memoColumn <= NEAR_COLUMNS) {
    const last = memoAtLeast;
    if (last == end || columnOf(last) >= column) return remember(line, column, last);
    const near = last + 1 + NEAR;
    if (near >= end || columnOf(near) >= column) return remember(line, column, firstAbove(last + 1, min(near, end), column - 1));
  }
  return remember(line, column, firstAbove(first, end, column - 1));
}

@inline function remember(line: i32, column: i32, atLeast: i32): i32 {
  memoLine = line;
  memoColumn = column;
  memoAtLeast = atLeast;
  return atLeast;
}

// The row that answers with `bias`, given `atLeast`: the first row of [first, end) whose
// column is at least `column`. Among rows at one column, the first (GLB) or the last (LUB);
// -1 if none.
@inline function pick(first: i32, end: i32, atLeast: i32, column: i32, bias: i32): i32 {
  const exact = atLeast < end && columnOf(atLeast) == column;
  if (bias == GREATEST_LOWER_BOUND) return exact ? atLeast : atLeast > first ? atLeast - 1 : -1;
  if (atLeast == end) return -1;
  if (!exact || atLeast + 1 == end || columnOf(atLeast + 1) != column) return atLeast;
  return firstAbove(atLeast + 1, end, column) - 1;
}

// The row that answers (line, column) with `bias`, or -1. `line` is 0-based.
export function findRow(line: i32, column: i32, bias: i32): i32 {
  if (line < 0 || line >= lineCount || column < 0) return -1;
  const first = load<i32>(lineStarts + (<usize>line << 2));
  const end = load<i32>(lineStarts + (<usize>line << 2), 4);
  return pick(first, end, firstAtLeast(line, first, end, column), column, bias);
}

// Writes one answer as four f64: source index, original line (1-based), original column,
// name index; -1 where absent.
@inline function writeAnswer(out: usize, found: i32): void {
  if (found < 0) {
    const none = f64x2.splat(-1);
    v128.store(out, none);
    v128.store(out, none, 16);
    return;
  }
  const row = rows + <usize>found * ROW_SIZE;
  const source = load<i32>(row, ROW_SOURCE);
  store<f64>(out, <f64>source);
  store<f64>(out, source < 0 ? -1 : <f64>load<i32>(row, ROW_ORIGINAL_LINE) + 1, 8);
  store<f64>(out, source < 0 ? -1 : <f64>load<i32>(row, ROW_ORIGINAL_COLUMN), 16);
  store<f64>(out, <f64>load<i32>(row, ROW_NAME), 24);
}

// Answers `count` (1-based line, column) i32 pairs from `positions` into `results`, one
// ANSWER_SIZE answer each (see writeAnswer).
export function resolvePositions(positions: usize, count: i32, results: usize, bias: i32): void {
  for (let i = 0; i < count; i++) {
    const at = positions + (<usize>i << 3);
    writeAnswer(results + <usize>i * ANSWER_SIZE, findRow(load<i32>(at) - 1, load<i32>(at, 4), bias));
  }
}

// Points the reverse lookups at the original-order index in this instance's memory.
export function attachOriginalOrder(at: usize, count: i32): void {
  order = at;
  orderCount = count;
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

// The first index of the original order at or above (source, line, column).
function firstOriginalAtLeast(source: i32, line: i32, column: i32): i32 {
  let low = 0;
  let high = orderCount;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareOriginal(middle, source, line, column) >= 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

// The first index of the original order at or above (source, line, column), for
// allGeneratedPositionsFor; orderCount when there is none.
export function firstGeneratedAtLeast(source: i32, line: i32, column: i32): i32 {
  return firstOriginalAtLeast(source, line, column);
}

// The index in the original order that answers (source, line, column) with `bias`, or -1
// when no mapping of that source is on that side. As source-map does, the answer may be on
// another original line of the same source.
export function findGenerated(source: i32, line: i32, column: i32, bias: i32): i32 {
  const atLeast = firstOriginalAtLeast(source, line, column);
  // An exact hit: the first in generated order, with either bias. (source-map's pick among
  // equal positions depends on where its binary search lands; trace-mapping gives the last
  // for LEAST_UPPER_BOUND. The adapters reproduce each.)
  if (atLeast < orderCount && compareOriginal(atLeast, source, line, column) == 0) return atLeast;
  const found = bias == GREATEST_LOWER_BOUND ? atLeast - 1 : atLeast;
  if (found < 0 || found >= orderCount) return -1;
  return load<i32>(orderRow(found), ROW_SOURCE) == source ? found : -1;
}
