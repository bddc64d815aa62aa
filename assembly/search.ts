// Lookups over the rows of a decoded map: binary searches within one generated line.
// With several rows at the same column, the bias picks the first (greatest lower bound) or
// the last (least upper bound) of them, as trace-mapping does.

import { ROW_SIZE, ROW_SOURCE, ROW_ORIGINAL_LINE, ROW_ORIGINAL_COLUMN, ROW_NAME, GREATEST_LOWER_BOUND } from "./layout";

let rows: usize = 0;
let lineStarts: usize = 0;
let lineCount: i32 = 0;
let order: usize = 0; // the original-order index (by-source.ts), once built
let orderCount: i32 = 0;

// Points the lookups at a decoded map in this instance's memory.
export function attach(rowsAt: usize, lineStartsAt: usize, lines: i32): void {
  rows = rowsAt;
  lineStarts = lineStartsAt;
  lineCount = lines;
}

@inline function columnOf(row: i32): i32 {
  return load<i32>(rows + <usize>row * ROW_SIZE);
}

// The first row in [low, high) whose column is greater than `column`.
function firstAbove(low: i32, high: i32, column: i32): i32 {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (columnOf(middle) > column) high = middle;
    else low = middle + 1;
  }
  return low;
}

// The row that answers (line, column) with `bias`, or -1. `line` is 0-based.
export function findRow(line: i32, column: i32, bias: i32): i32 {
  if (line < 0 || line >= lineCount || column < 0) return -1;
  const first = load<i32>(lineStarts + (<usize>line << 2));
  const end = load<i32>(lineStarts + (<usize>line << 2), 4);
  if (bias == GREATEST_LOWER_BOUND) {
    const above = firstAbove(first, end, column);
    if (above == first) return -1;
    const found = above - 1;
    return columnOf(found) == column ? firstAbove(first, found, column - 1) : found;
  }
  const atLeast = firstAbove(first, end, column - 1);
  if (atLeast == end) return -1;
  return columnOf(atLeast) == column ? firstAbove(atLeast, end, column) - 1 : atLeast;
}

// Answers `count` (1-based line, column) pairs from `positions` into `results`, four i32
// each: source index, original line (0-based), original column, name index; -1 if absent.
export function resolvePositions(positions: usize, count: i32, results: usize, bias: i32): void {
  for (let i = 0; i < count; i++) {
    const at = positions + (<usize>i << 3);
    const line = load<i32>(at);
    const column = load<i32>(at, 4);
    const found = line >= 1 ? findRow(line - 1, column, bias) : -1;
    const out = results + (<usize>i << 4);
    if (found < 0) {
      store<i64>(out, -1);
      store<i64>(out, -1, 8);
      continue;
    }
    const row = rows + <usize>found * ROW_SIZE;
    const source = load<i32>(row, ROW_SOURCE);
    store<i32>(out, source);
    store<i32>(out, source < 0 ? -1 : load<i32>(row, ROW_ORIGINAL_LINE), 4);
    store<i32>(out, source < 0 ? -1 : load<i32>(row, ROW_ORIGINAL_COLUMN), 8);
    store<i32>(out, load<i32>(row, ROW_NAME), 12);
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
