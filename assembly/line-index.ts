// Where each line of a JSON string's text starts, found in its escaped bytes: the lines of a
// `sourcesContent` item kept unparsed (src/source-lines.ts), so that a symbolicated frame's
// few context lines are unescaped without the whole text ever becoming a string. In a JSON
// string every line break is an escape (a raw control character is invalid there, and the
// JSON scan validated the string): `\n`, `\r`, or `\u000a` / `\u000d` in any case. Only the
// backslashes are visited, found sixty-four bytes at a time, each block's from one mask.
//
// Lines end as src/symbolicate's splitLines() ends them: at a line feed, a carriage return, or
// the two together (U+2028 and U+2029 do not end a line there, nor here).

import { maskOf } from "./byte-mask";
import { hex4 } from "./unescape";

const BACKSLASH: i8 = 0x5c;
const LETTER_N: u32 = 0x6e;
const LETTER_R: u32 = 0x72;
const LETTER_U: u32 = 0x75;
const LINE_FEED: u32 = 0x0a;
const CARRIAGE_RETURN: u32 = 0x0d;

// Indexes the lines of the string [start, start + length) (its bytes between the quotes; the
// 64 bytes after it must be addressable, as whole blocks are loaded) into `out`: one i32 per
// line break, the offset from `start` of the line after it (the first line starts at 0).
// Returns the number of line breaks; only the first `maxBreaks` are written.
export function indexLines(start: usize, length: u32, out: usize, maxBreaks: i32): i32 {
  const end = start + <usize>length;
  const backslash = i8x16.splat(BACKSLASH);
  let count: i32 = 0;
  let next = start; // where the next escape can start: a backslash before it is an escape's second byte
  let afterReturn: usize = 0; // where the last carriage return's line starts: a line feed there joins it
  for (let block = start; block < end; block += 64) {
    let mask = maskOf(block, backslash);
    if (end - block < 64) mask &= (<u64>1 << <u64>(end - block)) - 1;
    while (mask != 0) {
      const at = block + <usize>ctz<u64>(mask);
      mask &= mask - 1;
      if (at < next) continue;
      let escaped = <u32>load<u8>(at, 1);
      next = at + 2;
      if (escaped == LETTER_U) {
        escaped = hex4(next);
        next += 4;
      } else if (escaped == LETTER_N) escaped = LINE_FEED;
      else if (escaped == LETTER_R) escaped = CARRIAGE_RETURN;
      if (escaped == LINE_FEED && at == afterReturn) {
        // `\r\n`: one break, and the line after it starts after both.
        if (count <= maxBreaks) store<i32>(out + (<usize>(count - 1) << 2), <i32>(next - start));
      } else if (escaped == LINE_FEED || escaped == CARRIAGE_RETURN) {
        if (count < maxBreaks) store<i32>(out + (<usize>count << 2), <i32>(next - start));
        count++;
        afterReturn = escaped == CARRIAGE_RETURN ? next : 0;
      }
    }
  }
  return count;
}
