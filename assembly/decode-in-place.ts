// The fast path for a regular map: `mappings` decoded by the map's own instance, straight
// into its own memory, with no scratch rows and no copy.
//
// Layout (see layout.ts): [line starts][rows ........ input]. The input is placed at the end
// of the row space, so each row overwrites bytes the loop has already read. countSegments()
// measures how far past the rows' start the input must begin for that to hold on this input
// (RESULT_INPUT_LEAD); the loop still checks it before every row and gives up if it fails.
//
// The loop handles valid maps whose lines are in order. Anything else (an error, something
// lenient mode would warn about, a column that goes back, `-0`, a VLQ over 7 digits) returns
// DECODE_FALLBACK, and decode() in the scratch instance does the work with full reporting.

import {
  ROW_SIZE, RESULT_STATUS, RESULT_ROWS, RESULT_SEGMENT_COUNT, RESULT_LINE_STARTS, RESULT_LINE_COUNT,
  RESULT_WARNING_COUNT, RESULT_SEMICOLONS, RESULT_INPUT_LEAD, OK, DECODE_FALLBACK,
} from "./layout";
import { digitOf, DIGIT_COMMA, DIGIT_SEMICOLON } from "./base64";
import { setResult } from "./results";

const INT32_MAX: u64 = 0x7fffffff;
// readLongVlq()'s answer when it cannot read a value: 0 bytes consumed, raw value 1 (`-0`),
// which the loop treats as a failure anyway.
const VLQ_FAIL: u64 = 1;

// A bit per byte of the 64 at `p`: whether it is `byte` (splatted).
@inline function maskOf(p: usize, byte: v128): u64 {
  const m0 = <u64>i8x16.bitmask(i8x16.eq(v128.load(p), byte));
  const m1 = <u64>i8x16.bitmask(i8x16.eq(v128.load(p, 16), byte));
  const m2 = <u64>i8x16.bitmask(i8x16.eq(v128.load(p, 32), byte));
  const m3 = <u64>i8x16.bitmask(i8x16.eq(v128.load(p, 48), byte));
  return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
}

// Counts the segments of `mappings` in [start, start + length) as the positions that start
// one (a byte that is not a separator, after a separator or at the start), 64 bytes at a
// time, then 16. On a valid input that is exactly the number of rows. Also records the `;`
// count and the input lead: the most, over the input, of 20 x (segments started so far) -
// offset, which is how far after the first row the input must start so that rows never
// overtake it.
export function countSegments(start: usize, length: u32): i32 {
  const comma = i8x16.splat(0x2c);
  const semicolon = i8x16.splat(0x3b);
  const end = start + <usize>length;
  let p = start;
  let afterSeparator: u32 = 1;
  let segments: i64 = 0;
  let semicolons: u32 = 0;
  let lead: i64 = 0;
  // Sixty-four bytes a step. The lead is taken with the segments up to the end of the 64 and
  // the offset of their start: at least its value anywhere in them, which is what it must be.
  while (p + 64 <= end) {
    const semicolonMask = maskOf(p, semicolon);
    const separators = maskOf(p, comma) | semicolonMask;
    const starts = ((separators << 1) | <u64>afterSeparator) & ~separators;
    afterSeparator = <u32>(separators >> 63);
    segments += popcnt<u64>(starts);
    semicolons += <u32>popcnt<u64>(semicolonMask);
    const here = segments * ROW_SIZE - <i64>(p - start);
    if (here > lead) lead = here;
    p += 64;
  }
  while (p + 16 <= end) {
    const bytes = v128.load(p);
    const semicolonMask = <u32>i8x16.bitmask(i8x16.eq(bytes, semicolon));
    const separators = <u32>i8x16.bitmask(i8x16.eq(bytes, comma)) | semicolonMask;
    const starts = ((separators << 1) | afterSeparator) & ~separators & 0xffff;
    afterSeparator = separators >> 15;
    segments += <i64>popcnt<u32>(starts);
    semicolons += popcnt<u32>(semicolonMask);
    const here = segments * ROW_SIZE - <i64>(p - start);
    if (here > lead) lead = here;
    p += 16;
  }
  for (; p < end; p++) {
    const byte = load<u8>(p);
    const separator: u32 = byte == 0x2c || byte == 0x3b ? 1 : 0;
    if (byte == 0x3b) semicolons++;
    if (afterSeparator & ~separator) segments++;
    afterSeparator = separator;
    const here = segments * ROW_SIZE - <i64>(p - start);
    if (here > lead) lead = here;
  }
  setResult(RESULT_SEMICOLONS, <i32>semicolons);
  setResult(RESULT_INPUT_LEAD, lead > <i64>INT32_MAX ? <i32>INT32_MAX : <i32>lead);
  return <i32>segments;
}

// Reading a VLQ. decodeInPlace() reads each field of a segment with the same five lines:
// the first digit; whether the VLQ ends at it, at its second or at its third digit, and its
// value; anything longer (or bad) by readLongVlq(). They are written out at each field, not
// put in a function, because a read has two results that must each stay cheap:
// - the length is a constant on each path, so the next read's address does not wait for this
//   read's loads (packing it with the value made every VLQ a serial chain of load, table load
//   and add, and the loop twice as slow);
// - the value stays in a local (handed back through a global, each field cost a store and a
//   load: 10% of the loop on typescript's map).
// The branches on each field's length cost less than they seem: valgrind counts about 165
// instructions and one (simulated) mispredict a segment in this loop alone on typescript's
// map, run at roughly 3.5-4 a cycle (`npm run bench:instructions` counts the whole decode
// from the object: 164-197 on the large maps). A decoder with no data-dependent branch, 16
// bytes classified by nibble tables and a whole segment's digits gathered into i16 lanes, gave
// the same rows at 17.5-19.6 ns a segment on every map, against this loop's 8.1-14.9.

// Up to seven digits: (bytes consumed << 32) | the raw value. More (zero continuation
// digits), or a bad digit, is VLQ_FAIL.
function readLongVlq(p: usize): u64 {
  let q = p;
  let raw: u64 = 0;
  let shift: u64 = 0;
  while (true) {
    const digit = digitOf(load<u8>(q));
    if (digit >= 64 || shift > 30) return VLQ_FAIL;
    raw |= <u64>(digit & 31) << shift;
    shift += 5;
    q++;
    if (digit < 32) break;
  }
  if (raw > 0xffffffff) return VLQ_FAIL;
  return (<u64>(q - p) << 32) | raw;
}

// Whether a VLQ whose first digit is `first` (a continuation digit) ends at its second, or at
// its third; and its value when it does.
@inline function endsSecond(p: usize, first: u32): bool {
  return first < 64 && digitOf(load<u8>(p, 1)) < 32;
}
@inline function twoDigits(p: usize, first: u32): u32 {
  return (first & 31) | (digitOf(load<u8>(p, 1)) << 5);
}
@inline function endsThird(p: usize, first: u32): bool {
  return first < 64 && digitOf(load<u8>(p, 1)) < 64 && digitOf(load<u8>(p, 2)) < 32;
}
@inline function threeDigits(p: usize, first: u32): u32 {
  return (first & 31) | ((digitOf(load<u8>(p, 1)) & 31) << 5) | (digitOf(load<u8>(p, 2)) << 10);
}

@inline function signed(raw: u32): i64 {
  const magnitude = <i64>(raw >>> 1);
  return raw & 1 ? -magnitude : magnitude;
}

// Decodes [input, input + length) (followed by a 0 byte) into rows at `rows` and `;` + 2
// line starts at `lineStarts`; fills the result block. Returns OK or DECODE_FALLBACK.
export function decodeInPlace(input: usize, length: u32, lineStarts: usize, rows: usize, sourceCount: u32, nameCount: u32): i32 {
  setResult(RESULT_STATUS, OK);
  setResult(RESULT_WARNING_COUNT, 0);
  const end = input + <usize>length;
  let p = input;
  let rowAt = rows;
  // The row count and the line number are derived from rowAt and lineAt where they are
  // needed, not kept in locals of their own: the loop's state then fits in more of
  // TurboFan's registers (typescript's map: 9.37 -> 9.10 ms).
  let lineAt = lineStarts; // the current line's entry in lineStarts
  let column: i64 = 0;
  let source: i64 = 0;
  let originalLine: i64 = 0;
  let originalColumn: i64 = 0;
  let name: i64 = 0;
  store<i32>(lineStarts, 0);

  while (true) {
    let columnRaw = digitOf(load<u8>(p));
    if (columnRaw >= 64) {
      // No segment here: a `;`, the end, or what decode() must report.
      if (columnRaw == DIGIT_SEMICOLON) {
        lineAt += 4;
        store<i32>(lineAt, <i32>((rowAt - rows) / ROW_SIZE));
        column = 0;
        p++;
        continue;
      }
      if (p == end) break;
      return DECODE_FALLBACK;
    }
    if (columnRaw < 32) p += 1;
    else if (endsSecond(p, columnRaw)) { columnRaw = twoDigits(p, columnRaw); p += 2; }
    else if (endsThird(p, columnRaw)) { columnRaw = threeDigits(p, columnRaw); p += 3; }
    else { const long = readLongVlq(p); columnRaw = <u32>long; p += <usize>(long >>> 32); }
    // A column that goes back is out of order or negative: either way, not for this loop.
    let bad = columnRaw & 1;
    column += <i64>(columnRaw >>> 1);
    let digit = digitOf(load<u8>(p));
    if (digit < 64) {
      let sourceRaw = digit;
      if (sourceRaw < 32) p += 1;
      else if (endsSecond(p, sourceRaw)) { sourceRaw = twoDigits(p, sourceRaw); p += 2; }
      else if (endsThird(p, sourceRaw)) { sourceRaw = threeDigits(p, sourceRaw); p += 3; }
      else { const long = readLongVlq(p); sourceRaw = <u32>long; p += <usize>(long >>> 32); }
      source += signed(sourceRaw);
      bad |= <u32>(sourceRaw == 1);
      let lineRaw = digitOf(load<u8>(p));
      if (lineRaw < 32) p += 1;
      else if (endsSecond(p, lineRaw)) { lineRaw = twoDigits(p, lineRaw); p += 2; }
      else if (endsThird(p, lineRaw)) { lineRaw = threeDigits(p, lineRaw); p += 3; }
      else { const long = readLongVlq(p); lineRaw = <u32>long; p += <usize>(long >>> 32); }
      originalLine += signed(lineRaw);
      bad |= <u32>(lineRaw == 1);
      let originalColumnRaw = digitOf(load<u8>(p));
      if (originalColumnRaw < 32) p += 1;
      else if (endsSecond(p, originalColumnRaw)) { originalColumnRaw = twoDigits(p, originalColumnRaw); p += 2; }
      else if (endsThird(p, originalColumnRaw)) { originalColumnRaw = threeDigits(p, originalColumnRaw); p += 3; }
      else { const long = readLongVlq(p); originalColumnRaw = <u32>long; p += <usize>(long >>> 32); }
      originalColumn += signed(originalColumnRaw);
      bad |= <u32>(originalColumnRaw == 1);
      let nameIndex: i32 = -1;
      digit = digitOf(load<u8>(p));
      if (digit < 64) {
        let nameRaw = digit;
        if (nameRaw < 32) p += 1;
        else if (endsSecond(p, nameRaw)) { nameRaw = twoDigits(p, nameRaw); p += 2; }
        else if (endsThird(p, nameRaw)) { nameRaw = threeDigits(p, nameRaw); p += 3; }
        else { const long = readLongVlq(p); nameRaw = <u32>long; p += <usize>(long >>> 32); }
        name += signed(nameRaw);
        bad |= <u32>(nameRaw == 1) | <u32>(<u64>name >= <u64>nameCount);
        nameIndex = <i32>name;
        digit = digitOf(load<u8>(p));
        bad |= <u32>(digit < 64); // a sixth field
      }
      // Negative values wrap to huge u64s, so one comparison checks both bounds.
      bad |= <u32>(<u64>(column | originalLine | originalColumn) > INT32_MAX) | <u32>(<u64>source >= <u64>sourceCount);
      if (bad | <u32>(rowAt + ROW_SIZE > p)) return DECODE_FALLBACK;
      store<i32>(rowAt, <i32>column);
      store<i32>(rowAt, <i32>source, 4);
      store<i32>(rowAt, <i32>originalLine, 8);
      store<i32>(rowAt, <i32>originalColumn, 12);
      store<i32>(rowAt, nameIndex, 16);
    } else {
      if (bad | <u32>(<u64>column > INT32_MAX) | <u32>(rowAt + ROW_SIZE > p)) return DECODE_FALLBACK;
      store<i32>(rowAt, <i32>column);
      store<i32>(rowAt, -1, 4);
      store<i32>(rowAt, -1, 8);
      store<i32>(rowAt, -1, 12);
      store<i32>(rowAt, -1, 16);
    }
    rowAt += ROW_SIZE;

    // After a segment: `,` and another segment, `;`, or the end. What follows a `,` is
    // checked here, not by a flag tested at the top of the loop: one value fewer carried
    // round it, which TurboFan kept in a stack slot (decode from the object, median of 30:
    // typescript 10.89 -> 10.80 ms, pdfjs 5.76 -> 5.57, babel-standalone 30.63 -> 29.93).
    if (digit == DIGIT_COMMA) {
      p++;
      if (digitOf(load<u8>(p)) >= 64) return DECODE_FALLBACK;
    } else if (digit != DIGIT_SEMICOLON && p != end) {
      return DECODE_FALLBACK;
    }
  }
  const count = <i32>((rowAt - rows) / ROW_SIZE);
  store<i32>(lineAt, count, 4); // sentinel: end of the last line

  setResult(RESULT_ROWS, <i32>rows);
  setResult(RESULT_SEGMENT_COUNT, count);
  setResult(RESULT_LINE_STARTS, <i32>lineStarts);
  setResult(RESULT_LINE_COUNT, <i32>((lineAt - lineStarts) >> 2) + 1);
  return OK;
}
