// Sorting the rows of one generated line by column, for the maps that come out of order.
// Stable, as trace-mapping's sort: rows with the same column keep the order of `mappings`.

import { ROW_SIZE } from "./layout";
import { ensureMemory } from "./memory";

const INSERTION_SORT_MAX: i32 = 16;

@inline function columnAt(row: usize): i32 {
  return load<i32>(row);
}

@inline function copyRow(to: usize, from: usize): void {
  store<u64>(to, load<u64>(from));
  store<u64>(to, load<u64>(from, 8), 8);
  store<u32>(to, load<u32>(from, 16), 16);
}

// Sorts rows [first, last) in place, borrowing memory from `temp` upwards for long lines.
// Returns false when that memory cannot be had.
export function sortRows(rows: usize, first: i32, last: i32, temp: u64): bool {
  const count = last - first;
  if (count < 2) return true;
  const base = rows + <usize>first * ROW_SIZE;
  if (count <= INSERTION_SORT_MAX) {
    insertionSort(base, count, <usize>temp);
    return true;
  }
  if (!ensureMemory(temp + <u64>count * ROW_SIZE + ROW_SIZE)) return false;
  let from = base;
  let to = <usize>temp;
  // Bottom-up merge sort, runs of `width` rows, alternating between the line and `temp`.
  for (let width = 1; width < count; width <<= 1) {
    for (let left = 0; left < count; left += width << 1) {
      const middle = min(left + width, count);
      const right = min(left + (width << 1), count);
      merge(from, to, left, middle, right);
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from != base) memory.copy(base, from, <usize>count * ROW_SIZE);
  return true;
}

function merge(from: usize, to: usize, left: i32, middle: i32, right: i32): void {
  let i = left;
  let j = middle;
  for (let k = left; k < right; k++) {
    // `<=` keeps equal columns in their original order.
    if (i < middle && (j >= right || columnAt(from + <usize>i * ROW_SIZE) <= columnAt(from + <usize>j * ROW_SIZE))) {
      copyRow(to + <usize>k * ROW_SIZE, from + <usize>i * ROW_SIZE);
      i++;
    } else {
      copyRow(to + <usize>k * ROW_SIZE, from + <usize>j * ROW_SIZE);
      j++;
    }
  }
}

// `hold` is room for one row (the memory after the line index is always addressable).
function insertionSort(base: usize, count: i32, hold: usize): void {
  for (let i = 1; i < count; i++) {
    const row = base + <usize>i * ROW_SIZE;
    const column = columnAt(row);
    let j = i;
    if (columnAt(row - ROW_SIZE) <= column) continue;
    copyRow(hold, row);
    while (j > 0 && columnAt(base + <usize>(j - 1) * ROW_SIZE) > column) {
      copyRow(base + <usize>j * ROW_SIZE, base + <usize>(j - 1) * ROW_SIZE);
      j--;
    }
    copyRow(base + <usize>j * ROW_SIZE, hold);
  }
}
