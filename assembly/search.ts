// Lookups over the rows of a decoded map: binary searches within one generated line.
// With several rows at the same column, the bias picks the first (greatest lower bound) or
// the last (least upper bound) of them, as trace-mapping does.

import { ROW_SIZE, GREATEST_LOWER_BOUND } from "./layout";

let rows: usize = 0;
let lineStarts: usize = 0;
let lineCount: i32 = 0;

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

// Answers `count` (line, column) pairs from `positions` into `results`, one row index each.
export function findRows(positions: usize, count: i32, results: usize, bias: i32): void {
  for (let i = 0; i < count; i++) {
    const at = positions + (<usize>i << 3);
    store<i32>(results + (<usize>i << 2), findRow(load<i32>(at), load<i32>(at, 4), bias));
  }
}
