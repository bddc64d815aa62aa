// An index of a JSON array of strings and nulls (the map's `names`, its `sourcesContent`), so
// the wrapper can keep the array unparsed and decode one item when it is asked for. The JSON
// scan records the same index for a .map file's arrays as it validates them (json-scan.ts);
// this pass is for an array it left without one (more items than its room). The array
// must be one json-scan.ts validated and flagged FLAG_STRINGS or FLAG_STRINGS_OR_NULLS: every
// item a valid string or `null`, only whitespace and commas between them. One pass, sixteen
// bytes at a time: the quotes and backslashes of a block come out as a bit mask, and only
// those bits are visited (two quotes per item when there are no escapes), never the bytes
// between them. A null is found in the gap between two strings, which is read byte by byte:
// that gap is a comma and maybe some whitespace unless it holds nulls.

import { ITEM_ESCAPES, ITEM_NULL, ITEM_OFFSET_MASK } from "./layout";

const QUOTE: i8 = 0x22;
const BACKSLASH: i8 = 0x5c;
const LETTER_N: u8 = 0x6e; // the one `n` of a `null`

// Indexes the nulls in [from, to), a gap between strings, after the `count` items so far;
// returns the new count, or -1 when there are more than `maxItems`.
function indexNulls(start: usize, from: usize, to: usize, out: usize, count: i32, maxItems: i32): i32 {
  for (let p = from; p < to; p++) {
    if (load<u8>(p) != LETTER_N) continue;
    if (count == maxItems) return -1;
    store<i32>(out + (<usize>count << 2), <i32>(p - start) | ITEM_NULL);
    count++;
  }
  return count;
}

// Indexes the array [start, start + length) (from its `[` to its `]`; the 16 bytes after it
// must be addressable, as whole blocks are loaded) into `out`, one i32 per item (layout.ts,
// ITEM_ESCAPES), room for `maxItems`. Returns the item count, or -1 when the array does not
// have the shape described above (more items than room, a string left open) or is too long
// for an offset to fit ITEM_OFFSET_MASK.
export function indexStrings(start: usize, length: u32, out: usize, maxItems: i32): i32 {
  if (length > <u32>ITEM_OFFSET_MASK) return -1;
  const end = start + <usize>length;
  const quote = i8x16.splat(QUOTE);
  const backslash = i8x16.splat(BACKSLASH);
  let count: i32 = 0;
  let inString = false;
  let gap = start + 1; // where the bytes between two strings start: after a closing quote or the `[`
  let escaped: usize = 0; // the byte after a backslash: it ends nothing and starts nothing
  for (let block = start; block < end; block += 16) {
    const bytes = v128.load(block);
    const quotes = <u32>i8x16.bitmask(i8x16.eq(bytes, quote));
    const backslashes = <u32>i8x16.bitmask(i8x16.eq(bytes, backslash));
    let mask = quotes | backslashes;
    if (end - block < 16) mask &= (<u32>1 << <u32>(end - block)) - 1;
    while (mask != 0) {
      const bit = ctz<u32>(mask);
      mask &= mask - 1;
      const at = block + <usize>bit;
      if (at == escaped) continue;
      if ((backslashes >> bit) & 1) {
        if (!inString) return -1;
        escaped = at + 1;
        const entry = out + <usize>((count - 1) << 2);
        store<i32>(entry, load<i32>(entry) | ITEM_ESCAPES);
      } else if (inString) {
        inString = false;
        gap = at + 1;
      } else {
        count = indexNulls(start, gap, at, out, count, maxItems);
        if (count < 0 || count == maxItems) return -1;
        store<i32>(out + <usize>(count << 2), <i32>(at - start));
        count++;
        inString = true;
      }
    }
  }
  return inString ? -1 : indexNulls(start, gap, end, out, count, maxItems);
}
