// The fast path for a regular map: `mappings` decoded by the map's own instance, straight
// into its own memory, with no scratch rows and no copy.
//
// Layout (see layout.ts): [line starts][rows ........ input]. The input is placed at the end
// of the row space, so each row overwrites bytes the loop has already read. countSegments()
// measures how far past the rows' start the input must begin for that to hold on this input
// (RESULT_INPUT_LEAD): row k ends before segment k's first byte. The loop starts its segments
// where countSegments() counts them (after a separator it has read, never inside a VLQ), so it
// needs no check per row; the wrapper still compares the two counts.
//
// The loop handles valid maps whose lines are in order. Anything else (an error, something
// lenient mode would warn about, a column that goes back, `-0`, a VLQ over 7 digits) returns
// DECODE_FALLBACK, and decode() in the scratch instance does the work with full reporting.

import {
  ROW_SIZE, ROW_SOURCE, ROW_ORIGINAL_LINE, ROW_ORIGINAL_COLUMN, ROW_NAME, RESULT_STATUS, RESULT_ROWS, RESULT_SEGMENT_COUNT, RESULT_LINE_STARTS, RESULT_LINE_COUNT,
  RESULT_WARNING_COUNT, RESULT_SEMICOLONS, RESULT_INPUT_LEAD, RESULT_MAX_SOURCE, RESULT_MAX_LINE, RESULT_MAX_COLUMN,
  RESULT_MAPPED_ROWS, OK, DECODE_FALLBACK,
} from "./layout";
import { digitOf, DIGIT_COMMA, DIGIT_SEMICOLON } from "./base64";
import { setResult } from "./results";
import { maskOf } from "./byte-mask";

const INT32_MAX: u64 = 0x7fffffff;
// readVlq()'s answer when it cannot read a value: 0 bytes consumed, raw value 1 (`-0`).
const VLQ_FAIL: u64 = 1;

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

// The decode is two passes, a block of rows at a time (see decodeInPlace). The first,
// firstPass(), reads the VLQs: it keeps only the generated column running and stores each
// other field's raw VLQ value in its row. Its loop is written so that TurboFan keeps its state
// in registers: no call and no inner loop in it, and so no VLQ of more than three digits
// (0.4% of typescript's map, none longer than four in the bench's maps): at one, the loop
// hands its state over in globals and finishSegment() reads that segment. The single-pass
// loop before it, which also kept the four running fields and their checks, had most of its
// state in stack slots: `npm run bench:instructions` counted the whole decode from the object
// at 189 and 194 instructions a segment (babel.min, typescript), against 123 and 129 for the
// two passes; decode from the object, old and new timed alternately: typescript 10.9 -> 9.5
// ms, babel.min 4.85 -> 4.20, pdfjs 5.45 -> 4.83.
//
// Each field's VLQ is read with the same lines, written out at each field, because a read has
// two results that must each stay cheap: the length is a constant on each path, so the next
// read's address does not wait for this read's loads; and the value stays in a local.
//
// A decoder with no branch per field was measured against this one: 64 bytes classified with
// SIMD, each VLQ's start found with ctz and its first four digits stored as they are, then
// lengths and values found four fields at a time in the second pass. Same rows, at 0.41-0.76x
// this loop's speed on the bench's maps: V8 made about 20 instructions of each VLQ and 120 of
// each row (it rebuilds SIMD constants inside loops), where this loop spends about 123 a
// segment. The lengths it mispredicts cost less than that. So did reading only the original
// column and the name without a branch (their lengths, and whether there is a name, are what
// mispredicts most): in one prototype module, 15.5-18.7 ns a segment against 7-14 for this
// loop's shape, and 14-21 with two halves of the map decoded in turn to hide the longer chain
// from one byte to the next.

// A field the segment does not have, in the raw rows of the first pass: the raw value of a
// VLQ of -(2^31 - 1), which readVlq() does not hand out (decode() reads such a map).
const MISSING: u32 = 0xffffffff;

// Any VLQ of up to seven digits: (bytes consumed << 32) | the raw value. More (zero
// continuation digits), a bad digit, or MISSING's raw value is VLQ_FAIL.
function readVlq(p: usize): u64 {
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
  if (raw >= <u64>MISSING) return VLQ_FAIL;
  return (<u64>(q - p) << 32) | raw;
}

// Given a first digit that is not a VLQ's last (>= 32: a continuation digit, or not a digit),
// whether the VLQ ends at its second digit; else, whether at its third. Shifts and ORs, not
// `&&`, which compiled to a branch and a stored boolean for each test.
@inline function endsSecond(first: u32, second: u32): bool {
  return ((first >> 6) | (second >> 5)) == 0;
}
@inline function endsThird(first: u32, second: u32, third: u32): bool {
  return ((first >> 6) | (second >> 6) | (third >> 5)) == 0;
}

// Rows the second pass takes at a time: the first pass's raw rows are still in L1 cache.
const BLOCK_ROWS: usize = 512;

// The first pass's state between runs of its loop.
let inputAt: usize = 0; // the next byte to read
let rowAt: usize = 0; // the next row to write
let lineAt: usize = 0; // the current line's entry in lineStarts
let column: i64 = 0; // only grows within a line, so its bound is checked where the line ends

// How a run of firstPass() ended: at the end of the input, at the end of a block, or at field
// RUN_LONG + k of a segment (0: the generated column ... 4: the name) with inputAt at it.
const RUN_END: i32 = 0;
const RUN_BLOCK: i32 = 1;
const RUN_LONG: i32 = 2;
const RUN_FALLBACK: i32 = -1;

// Decodes segments from inputAt until the end, the block's end (`limit`, a row address), or a
// VLQ it leaves to finishSegment(); RUN_FALLBACK for what decode() must read.
function firstPass(rows: usize, end: usize, limit: usize): i32 {
  let p = inputAt;
  let row = rowAt;
  let line = lineAt;
  let generatedColumn = column;
  let exit = RUN_END;
  while (true) {
    let columnRaw = digitOf(load<u8>(p));
    if (columnRaw >= 64) {
      // No segment here: a `;`, the end, or what decode() must report.
      if (<u64>generatedColumn > INT32_MAX) return RUN_FALLBACK;
      if (columnRaw == DIGIT_SEMICOLON) {
        line += 4;
        store<i32>(line, <i32>((row - rows) / ROW_SIZE));
        generatedColumn = 0;
        p++;
        continue;
      }
      if (p == end) break;
      return RUN_FALLBACK;
    }
    if (columnRaw < 32) p += 1;
    else {
      const second = digitOf(load<u8>(p, 1));
      if (endsSecond(columnRaw, second)) { columnRaw = (columnRaw & 31) | (second << 5); p += 2; }
      else {
        const third = digitOf(load<u8>(p, 2));
        if (endsThird(columnRaw, second, third)) { columnRaw = (columnRaw & 31) | ((second & 31) << 5) | (third << 10); p += 3; }
        else { exit = RUN_LONG; break; }
      }
    }
    // A column that goes back is out of order or negative: either way, not for this loop.
    if (columnRaw & 1) return RUN_FALLBACK;
    generatedColumn += <i64>(columnRaw >>> 1);
    store<i32>(row, <i32>generatedColumn);
    let digit = digitOf(load<u8>(p));
    if (digit < 64) {
      let sourceRaw = digit;
      if (sourceRaw < 32) p += 1;
      else {
        const second = digitOf(load<u8>(p, 1));
        if (endsSecond(sourceRaw, second)) { sourceRaw = (sourceRaw & 31) | (second << 5); p += 2; }
        else {
          const third = digitOf(load<u8>(p, 2));
          if (endsThird(sourceRaw, second, third)) { sourceRaw = (sourceRaw & 31) | ((second & 31) << 5) | (third << 10); p += 3; }
          else { exit = RUN_LONG + 1; break; }
        }
      }
      store<u32>(row, sourceRaw, ROW_SOURCE);
      let lineRaw = digitOf(load<u8>(p));
      if (lineRaw < 32) p += 1;
      else {
        const second = digitOf(load<u8>(p, 1));
        if (endsSecond(lineRaw, second)) { lineRaw = (lineRaw & 31) | (second << 5); p += 2; }
        else {
          const third = digitOf(load<u8>(p, 2));
          if (endsThird(lineRaw, second, third)) { lineRaw = (lineRaw & 31) | ((second & 31) << 5) | (third << 10); p += 3; }
          else { exit = RUN_LONG + 2; break; }
        }
      }
      store<u32>(row, lineRaw, ROW_ORIGINAL_LINE);
      let originalColumnRaw = digitOf(load<u8>(p));
      if (originalColumnRaw < 32) p += 1;
      else {
        const second = digitOf(load<u8>(p, 1));
        if (endsSecond(originalColumnRaw, second)) { originalColumnRaw = (originalColumnRaw & 31) | (second << 5); p += 2; }
        else {
          const third = digitOf(load<u8>(p, 2));
          if (endsThird(originalColumnRaw, second, third)) { originalColumnRaw = (originalColumnRaw & 31) | ((second & 31) << 5) | (third << 10); p += 3; }
          else { exit = RUN_LONG + 3; break; }
        }
      }
      store<u32>(row, originalColumnRaw, ROW_ORIGINAL_COLUMN);
      digit = digitOf(load<u8>(p));
      let nameRaw = MISSING;
      if (digit < 64) {
        nameRaw = digit;
        if (nameRaw < 32) p += 1;
        else {
          const second = digitOf(load<u8>(p, 1));
          if (endsSecond(nameRaw, second)) { nameRaw = (nameRaw & 31) | (second << 5); p += 2; }
          else {
            const third = digitOf(load<u8>(p, 2));
            if (endsThird(nameRaw, second, third)) { nameRaw = (nameRaw & 31) | ((second & 31) << 5) | (third << 10); p += 3; }
            else { exit = RUN_LONG + 4; break; }
          }
        }
        digit = digitOf(load<u8>(p));
        if (digit < 64) return RUN_FALLBACK; // a sixth field
      }
      store<u32>(row, nameRaw, ROW_NAME);
    } else {
      v128.store(row, i32x4.splat(<i32>MISSING), ROW_SOURCE);
    }
    row += ROW_SIZE;

    // After a segment: `,` and another segment, `;`, or the end. What follows a `,` is
    // checked here, not by a flag tested at the top of the loop: one value fewer carried
    // round it.
    if (digit == DIGIT_COMMA) {
      p++;
      if (digitOf(load<u8>(p)) >= 64) return RUN_FALLBACK;
    } else if (digit != DIGIT_SEMICOLON && p != end) {
      return RUN_FALLBACK;
    }
    if (row == limit) {
      exit = RUN_BLOCK;
      break;
    }
  }
  inputAt = p;
  rowAt = row;
  lineAt = line;
  column = generatedColumn;
  return exit;
}

// Reads the segment at rowAt from its field `field` on (inputAt is at that field's VLQ), any
// VLQ length, and what follows it. False when decode() must read the map.
function finishSegment(field: i32, end: usize): bool {
  let p = inputAt;
  for (let k = field; k < 5; k++) {
    // Source and name may be absent; a segment of 2 or 3 fields is not for this loop.
    if ((k == 1 || k == 4) && digitOf(load<u8>(p)) >= 64) {
      if (k == 1) v128.store(rowAt, i32x4.splat(<i32>MISSING), ROW_SOURCE);
      else store<u32>(rowAt, MISSING, ROW_NAME);
      break;
    }
    const vlq = readVlq(p);
    if (vlq == VLQ_FAIL) return false;
    const raw = <u32>vlq;
    p += <usize>(vlq >>> 32);
    if (k > 0) {
      store<u32>(rowAt + (<usize>k << 2), raw);
    } else {
      if (raw & 1) return false;
      column += <i64>(raw >>> 1);
      store<i32>(rowAt, <i32>column);
    }
  }
  rowAt += ROW_SIZE;
  const next = digitOf(load<u8>(p));
  if (next == DIGIT_COMMA) {
    p++;
    if (digitOf(load<u8>(p)) >= 64) return false;
  } else if (next != DIGIT_SEMICOLON && p != end) {
    return false; // a sixth field, or what decode() must report
  }
  inputAt = p;
  return true;
}

// The second pass's running state, across blocks: the four running fields (source, original
// line, original column, name), the OR of them all (a sign bit is a value out of 0..2^31-1),
// the largest stored (source and name bounds, and the original-order index's key ranges),
// whether any raw value was `-0`, and how many rows lack each field.
let running: v128 = i32x4(0, 0, 0, 0);
let signs: v128 = i32x4(0, 0, 0, 0);
let largest: v128 = i32x4(-1, -1, -1, -1);
let minusZeros: v128 = i32x4(0, 0, 0, 0);
let absentCounts: v128 = i32x4(0, 0, 0, 0);

// The second pass over rows [from, to): each row's four raw VLQ values (ROW_SOURCE on) become
// running values, or -1 where the field is MISSING; four fields at a time in one vector.
function accumulateRows(from: usize, to: usize): void {
  const one = i32x4.splat(1);
  const missing = i32x4.splat(<i32>MISSING);
  let sum = running;
  let signBits = signs;
  let most = largest;
  let zeros = minusZeros;
  let absents = absentCounts;
  for (let row = from; row < to; row += <usize>ROW_SIZE) {
    const raw = v128.load(row, ROW_SOURCE);
    const absent = i32x4.eq(raw, missing);
    absents = i32x4.sub(absents, absent); // absent lanes are -1
    zeros = v128.or(zeros, i32x4.eq(raw, one));
    const negative = i32x4.neg(v128.and(raw, one));
    const delta = i32x4.sub(v128.xor(i32x4.shr_u(raw, 1), negative), negative);
    sum = i32x4.add(sum, v128.andnot(delta, absent));
    const value = v128.or(sum, absent);
    v128.store(row, value, ROW_SOURCE);
    signBits = v128.or(signBits, sum);
    most = i32x4.max_s(most, value);
  }
  running = sum;
  signs = signBits;
  largest = most;
  minusZeros = zeros;
  absentCounts = absents;
}

// Decodes [input, input + length) (followed by a 0 byte) into rows at `rows` and `;` + 2
// line starts at `lineStarts`; fills the result block. Returns OK or DECODE_FALLBACK.
export function decodeInPlace(input: usize, length: u32, lineStarts: usize, rows: usize, sourceCount: u32, nameCount: u32): i32 {
  setResult(RESULT_STATUS, OK);
  setResult(RESULT_WARNING_COUNT, 0);
  const end = input + <usize>length;
  inputAt = input;
  rowAt = rows;
  lineAt = lineStarts;
  column = 0;
  let blockStart = rows;
  let blockEnd = rows + BLOCK_ROWS * <usize>ROW_SIZE;
  running = i32x4(0, 0, 0, 0);
  signs = i32x4(0, 0, 0, 0);
  largest = i32x4(-1, -1, -1, -1);
  minusZeros = i32x4(0, 0, 0, 0);
  absentCounts = i32x4(0, 0, 0, 0);
  store<i32>(lineStarts, 0);
  while (true) {
    const exit = firstPass(rows, end, blockEnd);
    if (exit == RUN_FALLBACK) return DECODE_FALLBACK;
    if (exit >= RUN_LONG && !finishSegment(exit - RUN_LONG, end)) return DECODE_FALLBACK;
    if (rowAt == blockEnd || exit == RUN_END) {
      accumulateRows(blockStart, rowAt);
      blockStart = rowAt;
      blockEnd = rowAt + BLOCK_ROWS * <usize>ROW_SIZE;
    }
    if (exit == RUN_END) break;
  }
  // Out of range (negative or past 2^31 - 1: a sign bit), `-0`, or a source or name index past
  // the end of its array.
  if (i32x4.bitmask(signs) != 0 || v128.any_true(minusZeros)) return DECODE_FALLBACK;
  if (i32x4.extract_lane(largest, 0) >= <i32>sourceCount || i32x4.extract_lane(largest, 3) >= <i32>nameCount) return DECODE_FALLBACK;
  const count = <i32>((rowAt - rows) / ROW_SIZE);
  store<i32>(lineAt, count, 4); // sentinel: end of the last line

  setResult(RESULT_ROWS, <i32>rows);
  setResult(RESULT_SEGMENT_COUNT, count);
  setResult(RESULT_LINE_STARTS, <i32>lineStarts);
  setResult(RESULT_LINE_COUNT, <i32>((lineAt - lineStarts) >> 2) + 1);
  setResult(RESULT_MAX_SOURCE, i32x4.extract_lane(largest, 0));
  setResult(RESULT_MAX_LINE, i32x4.extract_lane(largest, 1));
  setResult(RESULT_MAX_COLUMN, i32x4.extract_lane(largest, 2));
  setResult(RESULT_MAPPED_ROWS, count - i32x4.extract_lane(absentCounts, 0));
  return OK;
}
