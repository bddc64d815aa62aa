// The original-order index: the rows that have a source, as a permutation sorted by
// (source, original line, original column), ties in generated order. Built in the scratch
// instance, whose memory also holds the radix sort's buffers, then copied into the map's
// memory: the map pays 4 bytes per mapped segment, nothing more.

import { ROW_SIZE, ROW_SOURCE, ROW_ORIGINAL_LINE, ROW_ORIGINAL_COLUMN } from "./layout";

const DIGIT_BITS: u32 = 16;
const DIGIT_MASK: u32 = 0xffff;
export const BUCKETS: i32 = 1 << DIGIT_BITS;

// Sorts the permutation `from` (count entries) into `to` by one 16-bit digit of one row
// field, stably; `counts` has room for BUCKETS i32.
function countingSort(rows: usize, from: usize, to: usize, count: i32, field: usize, shift: u32, counts: usize): void {
  memory.fill(counts, 0, <usize>BUCKETS << 2);
  for (let i = 0; i < count; i++) {
    const row = load<i32>(from + (<usize>i << 2));
    const digit = (load<u32>(rows + <usize>row * ROW_SIZE + field) >>> shift) & DIGIT_MASK;
    const at = counts + (<usize>digit << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
  let total: i32 = 0;
  for (let d = 0; d < BUCKETS; d++) {
    const at = counts + (<usize>d << 2);
    const n = load<i32>(at);
    store<i32>(at, total);
    total += n;
  }
  for (let i = 0; i < count; i++) {
    const row = load<i32>(from + (<usize>i << 2));
    const digit = (load<u32>(rows + <usize>row * ROW_SIZE + field) >>> shift) & DIGIT_MASK;
    const at = counts + (<usize>digit << 2);
    const place = load<i32>(at);
    store<i32>(to + (<usize>place << 2), row);
    store<i32>(at, place + 1);
  }
}

let mapped: i32 = 0;

/** How many rows the last buildOriginalOrder() indexed: those with a source. */
export function mappedRows(): i32 {
  return mapped;
}

// Builds the index of the `count` rows at `rows`, using `order` and `temp` (4 bytes a row
// each) and `counts` (BUCKETS i32). Returns where the permutation ended up: `order` or `temp`.
export function buildOriginalOrder(rows: usize, count: i32, order: usize, temp: usize, counts: usize): usize {
  // Rows with a source, in generated order; and the largest value of each key.
  let n: i32 = 0;
  let maxColumn: u32 = 0;
  let maxLine: u32 = 0;
  let maxSource: u32 = 0;
  for (let row = 0; row < count; row++) {
    const at = rows + <usize>row * ROW_SIZE;
    const source = load<i32>(at, ROW_SOURCE);
    if (source < 0) continue;
    store<i32>(order + (<usize>n << 2), row);
    n++;
    maxSource = max(maxSource, <u32>source);
    maxLine = max(maxLine, load<u32>(at, ROW_ORIGINAL_LINE));
    maxColumn = max(maxColumn, load<u32>(at, ROW_ORIGINAL_COLUMN));
  }
  mapped = n;
  // Least significant key first; a digit that is 0 in every row leaves the order as it is.
  let from = order;
  let to = temp;
  for (let key = 0; key < 3; key++) {
    const field: usize = key == 0 ? ROW_ORIGINAL_COLUMN : key == 1 ? ROW_ORIGINAL_LINE : ROW_SOURCE;
    const largest = key == 0 ? maxColumn : key == 1 ? maxLine : maxSource;
    for (let shift: u32 = 0; shift < 32; shift += DIGIT_BITS) {
      if ((largest >>> shift) == 0) break;
      countingSort(rows, from, to, n, field, shift, counts);
      const swap = from;
      from = to;
      to = swap;
    }
  }
  return from;
}
