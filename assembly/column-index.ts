// A column index of the long lines, so that a lookup halves a few rows, not the whole line.
// A line of at least INDEXED_ROWS rows is cut into buckets of 2^shift columns, at most one per
// BUCKET_ROWS rows; the index keeps each bucket's first row. The first row past a column is
// then among the rows of that column's bucket, or is the next bucket's first: a search of
// about BUCKET_ROWS rows instead of all of them (preact.js.map: one line of 1,992 rows;
// babel.min.js.map: lines of 100k rows, whose halvings miss the caches).
//
// Layout, at `index`: one i32 per line, -1 for a line without an index, else the slot (i32
// from `index`) of the line's table << SHIFT_BITS | shift. A table is
//   [bucket count B][first row of bucket 0] ... [first row of bucket B - 1][the line's end]
// Rows are sorted by column within a line (decode.ts), so bucket b's rows run from its first
// row to the next bucket's.
//
// The space is laid out when the map is decoded, which only reads each line's last row; a
// line's table is filled on its FILL_AFTER-th lookup (until then B is minus the lookups so
// far, and they search the whole line): decoding does not pay for reading every row again,
// nor does a map that answers one lookup. Cold, from bytes to one answer, on
// typescript.esbuild-min.js.map: 15.75 ms without the index, 16.71 with it filled when
// decoding, 16.10 with a line's table filled on its first lookup, 15.89 (against 15.86) as now.

import { ROW_SIZE } from "./layout";

export const INDEXED_ROWS: i32 = 256;
const BUCKET_ROWS_LOG: i32 = 4; // BUCKET_ROWS = 16: 0.25 bytes of index per row at most
export const SHIFT_BITS: i32 = 5;
export const FILL_AFTER: i32 = 8;

@inline function columnAt(rows: usize, row: i32): i32 {
  return load<i32>(rows + <usize>row * ROW_SIZE);
}

// The narrowest bucket width (log2) that makes at most count / BUCKET_ROWS buckets of the
// columns 0 to lastColumn.
@inline function shiftOf(count: i32, lastColumn: i32): i32 {
  const most = <u32>(count >> BUCKET_ROWS_LOG);
  let shift: u32 = 0;
  while ((<u32>lastColumn >> shift) >= most) shift++;
  return <i32>shift;
}

// Lays out the index of these lines at `index`, every table empty, and returns its size in
// bytes; with `index` 0, only returns the size. That is 0, no index, unless the long lines
// hold at least BUCKET_ROWS rows per line of the map: the entry of every line then costs at
// most 0.25 bytes per indexed row (angular-debug_node-chunk.mjs.map: 18,759 lines, one of 283
// rows, would pay 0.57 bytes per segment for it).
export function layOutColumnIndex(index: usize, rows: usize, lineStarts: usize, lineCount: i32): u32 {
  let slot: u32 = <u32>lineCount;
  let indexedRows: u32 = 0;
  for (let line: i32 = 0; line < lineCount; line++) {
    const first = load<i32>(lineStarts + (<usize>line << 2));
    const end = load<i32>(lineStarts + (<usize>line << 2), 4);
    const entry = index + (<usize>line << 2);
    if (end - first < INDEXED_ROWS) {
      if (index != 0) store<i32>(entry, -1);
      continue;
    }
    indexedRows += <u32>(end - first);
    const lastColumn = columnAt(rows, end - 1);
    const shift = shiftOf(end - first, lastColumn);
    if (index != 0) {
      store<u32>(entry, (slot << <u32>SHIFT_BITS) | <u32>shift);
      store<i32>(index + (<usize>slot << 2), 0); // not filled, no lookup yet
    }
    slot += (<u32>lastColumn >> <u32>shift) + 3; // B + 2
  }
  return (indexedRows >> <u32>BUCKET_ROWS_LOG) < <u32>lineCount ? 0 : slot << 2;
}

// Fills the table at `table` of the line of rows [first, end), with buckets of 2^shift columns.
export function fillColumnTable(table: usize, rows: usize, first: i32, end: i32, shift: u32): void {
  let bucket: u32 = 0;
  for (let row = first; row < end; row++) {
    const rowBucket = <u32>columnAt(rows, row) >> shift;
    for (; bucket <= rowBucket; bucket++) store<i32>(table + (<usize>bucket << 2), row, 4);
  }
  store<i32>(table + (<usize>bucket << 2), end, 4);
  store<u32>(table, bucket);
}
