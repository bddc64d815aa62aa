// Lookups over the rows of a decoded map: binary searches within one generated line.
// With several rows at the same column, the bias picks the first (greatest lower bound) or
// the last (least upper bound) of them, as trace-mapping does.

import { ROW_SIZE, ROW_SOURCE, ROW_ORIGINAL_LINE, ROW_ORIGINAL_COLUMN, ROW_NAME, GREATEST_LOWER_BOUND, ANSWER_SIZE } from "./layout";

let rows: usize = 0;
let lineStarts: usize = 0;
let lineCount: i32 = 0;
let order: usize = 0; // the original-order index (by-source.ts), once built
let orderCount: i32 = 0;
let branchless = false;

// Up to this many rows (3.75 MiB) a map's rows stay in cache across lookups, and a binary
// search without branches wins: on random positions a branchy one mispredicts half its steps
// (preact 60 -> 37 ns per search, react 69 -> 42, amp 98 -> 73). Past it the rows come from
// memory, and only the branchy search, by speculating, overlaps the misses (babel-standalone,
// 3.1M rows: 131 ns branchy, 326 branchless).
const BRANCHLESS_MAX_ROWS: i32 = 196608;

// Points the lookups at a decoded map in this instance's memory.
export function attach(rowsAt: usize, lineStartsAt: usize, lines: i32): void {
  rows = rowsAt;
  lineStarts = lineStartsAt;
  lineCount = lines;
  branchless = load<i32>(lineStartsAt + (<usize>lines << 2)) <= BRANCHLESS_MAX_ROWS;
}

@inline function columnOf(row: i32): i32 {
  return load<i32>(rows + <usize>row * ROW_SIZE);
}

// The first row in [low, high) whose column is greater than `column`.
function firstAbove(low: i32, high: i32, column: i32): i32 {
  if (branchless) return firstAboveBranchless(low, high - low, column);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (columnOf(middle) > column) high = middle;
    else low = middle + 1;
  }
  return low;
}

// firstAbove() over the `count` rows from `low`, with a select in place of each branch.
function firstAboveBranchless(low: i32, count: i32, column: i32): i32 {
  if (count == 0) return low;
  let base = low;
  while (count > 1) {
    const half = count >>> 1;
    base = columnOf(base + half) <= column ? base + half : base;
    count -= half;
  }
  return base + <i32>(columnOf(base) <= column);
}

// The row that answers with `bias`, given `above`: the first row of [first, end) whose
// column is greater than `column` (greatest lower bound) or than `column - 1` (least upper
// bound). Among rows at one column, the first (GLB) or the last (LUB); -1 if none.
@inline function pick(first: i32, end: i32, above: i32, column: i32, bias: i32): i32 {
  if (bias == GREATEST_LOWER_BOUND) {
    if (above == first) return -1;
    const found = above - 1;
    return columnOf(found) == column ? firstAbove(first, found, column - 1) : found;
  }
  if (above == end) return -1;
  return columnOf(above) == column ? firstAbove(above, end, column) - 1 : above;
}

// The row that answers (line, column) with `bias`, or -1. `line` is 0-based.
export function findRow(line: i32, column: i32, bias: i32): i32 {
  if (line < 0 || line >= lineCount || column < 0) return -1;
  const first = load<i32>(lineStarts + (<usize>line << 2));
  const end = load<i32>(lineStarts + (<usize>line << 2), 4);
  return pick(first, end, firstAbove(first, end, bias == GREATEST_LOWER_BOUND ? column : column - 1), column, bias);
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
