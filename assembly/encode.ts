// Rows (see layout.ts) back to Base64 VLQ `mappings`: for flattening an index map into a
// regular one and for re-serialising. The inverse of decode.ts on valid input.

import { ROW_SIZE, ROW_SOURCE, ROW_ORIGINAL_LINE, ROW_ORIGINAL_COLUMN, ROW_NAME } from "./layout";

/** The most bytes one segment can take: five 7-digit values and a separator. */
export const MAX_SEGMENT_BYTES: i32 = 36;

const ALPHABET: usize = memory.data<u8>([
  65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
  97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117,
  118, 119, 120, 121, 122, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 43, 47,
]);

// Writes one signed value at `out`; returns the address after it.
@inline function writeVlq(out: usize, value: i64): usize {
  let raw: u64 = value < 0 ? ((<u64>(-value)) << 1) | 1 : <u64>value << 1;
  do {
    let digit = <u32>(raw & 31);
    raw >>= 5;
    if (raw > 0) digit |= 32;
    store<u8>(out, load<u8>(ALPHABET + <usize>digit));
    out++;
  } while (raw > 0);
  return out;
}

// Encodes `lineCount` lines of rows (line i is rows [lineStarts[i], lineStarts[i + 1])) into
// `out`, which has room for MAX_SEGMENT_BYTES per row plus one byte per line. Returns the
// number of bytes written. A row without a source is written as a 1-field segment.
export function encodeMappings(rows: usize, lineStarts: usize, lineCount: i32, out: usize): i32 {
  const begin = out;
  let source: i64 = 0;
  let originalLine: i64 = 0;
  let originalColumn: i64 = 0;
  let name: i64 = 0;
  for (let line = 0; line < lineCount; line++) {
    if (line > 0) {
      store<u8>(out, 0x3b);
      out++;
    }
    const first = load<i32>(lineStarts + (<usize>line << 2));
    const end = load<i32>(lineStarts + (<usize>line << 2), 4);
    let column: i64 = 0;
    for (let index = first; index < end; index++) {
      if (index > first) {
        store<u8>(out, 0x2c);
        out++;
      }
      const row = rows + <usize>index * ROW_SIZE;
      const generatedColumn = <i64>load<i32>(row);
      out = writeVlq(out, generatedColumn - column);
      column = generatedColumn;
      const rowSource = <i64>load<i32>(row, ROW_SOURCE);
      if (rowSource < 0) continue;
      out = writeVlq(out, rowSource - source);
      source = rowSource;
      const rowLine = <i64>load<i32>(row, ROW_ORIGINAL_LINE);
      out = writeVlq(out, rowLine - originalLine);
      originalLine = rowLine;
      const rowColumn = <i64>load<i32>(row, ROW_ORIGINAL_COLUMN);
      out = writeVlq(out, rowColumn - originalColumn);
      originalColumn = rowColumn;
      const rowName = <i64>load<i32>(row, ROW_NAME);
      if (rowName < 0) continue;
      out = writeVlq(out, rowName - name);
      name = rowName;
    }
  }
  return <i32>(out - begin);
}
