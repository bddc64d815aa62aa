// An index of a JSON array of strings (the map's `names`), so the wrapper can keep the array
// unparsed and decode one item when a lookup returns it. The array must be one json-scan.ts
// validated and flagged FLAG_STRINGS: every item a valid string, only whitespace and commas
// between them. One pass, sixteen bytes at a time: the quotes and backslashes of a block
// come out as a bit mask, and only those bits are visited (two quotes per item when there
// are no escapes), never the bytes between them.

import { ITEM_ESCAPES } from "./layout";

const QUOTE: i8 = 0x22;
const BACKSLASH: i8 = 0x5c;

// Indexes the array [start, start + length) (from its `[` to its `]`; the 16 bytes after it
// must be addressable, as whole blocks are loaded) into `out`, one i32 per item (layout.ts,
// ITEM_ESCAPES), room for `maxItems`. Returns the item count, or -1 when the array does not
// have the shape described above (more items than room, a string left open).
export function indexStrings(start: usize, length: u32, out: usize, maxItems: i32): i32 {
  const end = start + <usize>length;
  const quote = i8x16.splat(QUOTE);
  const backslash = i8x16.splat(BACKSLASH);
  let count: i32 = 0;
  let inString = false;
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
      } else {
        if (count == maxItems) return -1;
        store<i32>(out + <usize>(count << 2), <i32>(at - start));
        count++;
        inString = true;
      }
    }
  }
  return inString ? -1 : count;
}
