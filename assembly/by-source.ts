// The original-order index: the rows that have a source (or one source's rows alone, read
// from its range of rows: source-ranges.ts), as a permutation sorted by (source, original
// line, original column), ties in generated order. Sorted in the scratch instance, whose
// memory also holds the radix sort's buffers, then copied into the map's memory: the map pays
// 4 bytes per mapped segment, nothing more.
//
// The usual way: the key of each mapped row and its index packed in one u64
// ((source, line, column) in as few bits as their largest values need, which the decoder
// measured, then the row). The map's own instance packs its rows a chunk at a time and splits
// the values as it goes into an ascending run and the rest (packAscendingRun), in a window
// where its index will go; the caller copies both into the scratch (8 bytes per mapped row
// cross over, not the 20-byte row). There, an LSD radix sort of the rest by 11-bit digits
// (2048 counters stay in L1; every pass reads and writes sequentially but for the scatter);
// the sorted rest merged with the run into row indices, and every 2^SAMPLE_LOG-th key kept on
// the way (search.ts halves them before the rows). The caller runs each step
// over chunks (so V8 can tier the loops up between calls). When the key and the row do not
// fit in 64 bits, buildOriginalOrder() sorts row indices by each field in turn instead.
//
// Why the run: a bundle's mappings are mostly in original order already (a bundler writes its
// sources one after another, in the order it lists them). Taken greedily, the ascending run
// holds 92-100% of the values on the bench's large maps (babel-standalone 92%, typescript 97%,
// pdfjs all but one), so the radix sort has a few percent of them to sort.

import { ROW_SIZE, ROW_SOURCE, ROW_ORIGINAL_LINE, ROW_ORIGINAL_COLUMN, RESULT_REST_COUNT, SAMPLE_LOG } from "./layout";
import { setResult } from "./results";

export const RADIX_BITS: u32 = 11;
export const RADIX_BUCKETS: i32 = 1 << RADIX_BITS;
const RADIX_MASK: u64 = <u64>RADIX_BUCKETS - 1;

// Adds to `counts` (passes x RADIX_BUCKETS i32) the histograms of the `passes` digits, from
// bit `shift` up, of `n` values.
export function countDigits(values: usize, n: i32, shift: u32, passes: i32, counts: usize): void {
  for (let i = 0; i < n; i++) {
    let value = load<u64>(values + (<usize>i << 3)) >> shift;
    for (let pass = 0; pass < passes; pass++) {
      const at = counts + ((<usize>pass * RADIX_BUCKETS + <usize>(value & RADIX_MASK)) << 2);
      store<i32>(at, load<i32>(at) + 1);
      value >>= RADIX_BITS;
    }
  }
}

// Turns each pass's histogram in `counts` (countDigits) into where its buckets start, and
// returns a bit per pass whose digits must move: not those where one bucket holds all `count`
// values. Here, not in the wrapper: there a loop over every pass's buckets ran in V8's
// interpreter on a reverse lookup's first call in a small source (angular's second source in
// bench/reverse.mjs: 0.6 -> 0.39 ms).
export function digitOffsets(counts: usize, passes: i32, count: i32): i32 {
  let moving: i32 = 0;
  for (let pass = 0; pass < passes; pass++) {
    const buckets = counts + ((<usize>pass * RADIX_BUCKETS) << 2);
    let total: i32 = 0;
    let spread = true;
    for (let b = 0; b < RADIX_BUCKETS; b++) {
      const at = buckets + (<usize>b << 2);
      const size = load<i32>(at);
      if (size == count) spread = false;
      store<i32>(at, total);
      total += size;
    }
    if (spread) moving |= 1 << pass;
  }
  return moving;
}

// Sorts the `count` packed values at `values` in place, by insertion: for a handful of values
// (SORT_FEW_VALUES in the wrapper), less work than a radix sort's passes over its counters.
// Equal keys keep their order: the values' low bits are their rows, ascending.
export function sortFewValues(values: usize, count: i32): void {
  for (let i = 1; i < count; i++) {
    const value = load<u64>(values + (<usize>i << 3));
    let j = i;
    for (; j > 0; j--) {
      const before = load<u64>(values + (<usize>(j - 1) << 3));
      if (before <= value) break;
      store<u64>(values + (<usize>j << 3), before);
    }
    store<u64>(values + (<usize>j << 3), value);
  }
}

// Moves values [start, end) of `from` into `to` by the digit at bit `shift`, stably:
// `offsets` holds, per bucket, where its next value goes.
export function scatterDigit(from: usize, to: usize, start: i32, end: i32, shift: u32, offsets: usize): void {
  for (let i = start; i < end; i++) {
    const value = load<u64>(from + (<usize>i << 3));
    const at = offsets + (<usize>((value >> shift) & RADIX_MASK) << 2);
    const place = load<i32>(at);
    store<u64>(to + (<usize>place << 3), value);
    store<i32>(at, place + 1);
  }
}

const SAMPLE_MASK: i32 = (1 << SAMPLE_LOG) - 1;

// Where the sort keeps the sampled keys of the index it makes (`samples`), and how many low
// bits of a value are its row (`rowBits`): startSampling().
let samples: usize = 0;
let rowBits: u64 = 0;

export function startSampling(at: usize, bits: u32): void {
  samples = at;
  rowBits = <u64>bits;
}

// The key of `value` when it lands at `index` of the sorted order, if that is a sampled one.
@inline function sample(index: i32, value: u64): void {
  if ((index & SAMPLE_MASK) == 0) store<u64>(samples + (<usize>(index >> SAMPLE_LOG) << 3), value >> rowBits);
}

// Keeps the row index (the low bits) of each of `n` sorted values, as u32s, in place, and
// their sampled keys.
export function keepRowIndices(values: usize, n: i32, rowMask: u32): void {
  for (let i = 0; i < n; i++) {
    const value = load<u64>(values + (<usize>i << 3));
    sample(i, value);
    store<u32>(values + (<usize>i << 2), <u32>value & rowMask);
  }
}

// The greedy split of packAscendingRun(), across its calls: the last value kept in the run.
let runLast: u64 = 0;

export function startAscendingRun(): void {
  runLast = 0;
}

// Over a map's own rows: packs each row of the `count` rows at `rows` (whose indices start at
// `firstRow`) whose source is in [firstSource, firstSource + sourceSpan) into a u64 sort value,
// (source << sourceShift | line << lineShift | column) << rowBits | row, and splits the values
// as they come (a span of 2^31 from 0 takes every mapped row: -1, unsigned, is out of it).
// One no smaller than the run's last (across calls) joins the ascending run, at `run`; any
// other joins the rest, at `rest`; both keep row order (the radix sort that takes the rest is
// stable, and ties must stay in generated order), and each needs room for `count` values.
// Returns how many joined the run; RESULT_REST_COUNT says how many joined the rest.
export function packAscendingRun(rows: usize, count: i32, firstRow: i32, run: usize, rest: usize, lineShift: u32, sourceShift: u32, rowBits: u32, firstSource: i32, sourceSpan: u32): i32 {
  let last = runLast;
  let runAt = run;
  let restAt = rest;
  for (let i = 0; i < count; i++) {
    const at = rows + <usize>i * ROW_SIZE;
    const source = load<i32>(at, ROW_SOURCE);
    if (<u32>(source - firstSource) >= sourceSpan) continue;
    const key = (<u64>source << sourceShift) | (<u64>load<u32>(at, ROW_ORIGINAL_LINE) << lineShift) | <u64>load<u32>(at, ROW_ORIGINAL_COLUMN);
    const value = (key << rowBits) | <u64>(firstRow + i);
    if (value >= last) {
      store<u64>(runAt, value);
      runAt += 8;
      last = value;
    } else {
      store<u64>(restAt, value);
      restAt += 8;
    }
  }
  runLast = last;
  setResult(RESULT_REST_COUNT, <i32>((restAt - rest) >> 3));
  return <i32>((runAt - run) >> 3);
}

// How much of the run mergeRowIndices() has not written yet, across its calls.
let unmerged: i32 = 0;

export function startMerge(runCount: i32): void {
  unmerged = runCount;
}

// The first index in [0, end) of the ascending `values` from which all up to `end` are above
// `value`: steps doubling back from `end`, then a binary search in the last step.
@inline function firstAboveBefore(values: usize, end: i32, value: u64): i32 {
  let low = end;
  let high = end; // every index in [high, end) holds a larger value
  let step: i32 = 1;
  while (low > 0 && load<u64>(values + (<usize>(low - 1) << 3)) > value) {
    high = low - 1;
    low = high > step ? high - step : 0;
    step <<= 1;
  }
  while (low < high) {
    const middle = low + ((high - low) >> 1);
    if (load<u64>(values + (<usize>middle << 3)) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

// Writes the row indices (the low bits, `rowMask`) of run values [from, to) to `out`, shifted
// up by `by` places, last first.
@inline function writeRunRows(values: usize, from: i32, to: i32, out: usize, by: i32, rowMask: u32): void {
  for (let i = to - 1; i >= from; i--) {
    const value = load<u64>(values + (<usize>i << 3));
    sample(i + by, value);
    store<u32>(out + (<usize>(i + by) << 2), <u32>value & rowMask);
  }
}

// Merges the ascending run at the start of `values` (startMerge's count) with the ascending
// `rest` (held elsewhere) into their row indices at `out`, from the back: rest values
// [restFrom, restTo) in this call, the calls going down, then finishMerge(). Before each rest
// value go the run's values above it, as one block. The values are distinct (each holds its
// row), so the result is in order, with its sampled keys. `out` is the upper half of the
// run's room, at values + 4 x (run + rest): an index lands at or above every run value still
// to read (the one at i ends at byte 8(i + 1), its index is written at 4(run + rest + i + rest
// values left)), so the merge needs no other buffer, and none of its memory is fresh (page
// faults).
export function mergeRowIndices(values: usize, rest: usize, restFrom: i32, restTo: i32, out: usize, rowMask: u32): void {
  let end = unmerged;
  for (let j = restTo - 1; j >= restFrom; j--) {
    const value = load<u64>(rest + (<usize>j << 3));
    const above = firstAboveBefore(values, end, value);
    writeRunRows(values, above, end, out, j + 1, rowMask);
    sample(above + j, value);
    store<u32>(out + (<usize>(above + j) << 2), <u32>value & rowMask);
    end = above;
  }
  unmerged = end;
}

// The run's values below every rest value, once mergeRowIndices() has placed them all.
export function finishMerge(values: usize, out: usize, rowMask: u32): void {
  writeRunRows(values, 0, unmerged, out, 0, rowMask);
  unmerged = 0;
}

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
