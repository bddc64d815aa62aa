// Base64 VLQ `mappings` -> rows (see layout.ts) plus a line index, validating as it goes.
//
// The input of each section is followed by a 0 byte, which the table classifies as
// DIGIT_INVALID: the loop tests `p == end` only when it meets that class, never per byte.

import {
  ROW_SIZE, SECTION_SIZE, SECTION_INPUT, SECTION_INPUT_LENGTH, SECTION_LINE_OFFSET,
  SECTION_COLUMN_OFFSET, SECTION_SOURCE_BASE, SECTION_SOURCE_COUNT, SECTION_NAME_BASE,
  SECTION_NAME_COUNT, RESULT_STATUS, RESULT_ROWS, RESULT_SEGMENT_COUNT, RESULT_LINE_STARTS,
  RESULT_LINE_COUNT, RESULT_WARNING_COUNT, RESULT_MAX_SOURCE, RESULT_MAX_LINE, RESULT_MAX_COLUMN, RESULT_MAPPED_ROWS, OK, ERR_INVALID_BASE64, ERR_VLQ_UNTERMINATED,
  ERR_VLQ_OVERFLOW, ERR_SEGMENT_FIELDS, ERR_NEGATIVE_VALUE, ERR_VALUE_OVERFLOW,
  ERR_SOURCE_OUT_OF_RANGE, ERR_NAME_OUT_OF_RANGE, ERR_OUT_OF_MEMORY, ERR_SECTION_OVERLAP, ERR_TOO_MANY_SEGMENTS, FIELD_GENERATED_COLUMN,
  FIELD_SOURCE, FIELD_ORIGINAL_LINE, FIELD_ORIGINAL_COLUMN, FIELD_NAME, FLAG_LENIENT,
} from "./layout";
import { digitOf, DIGIT_COMMA, DIGIT_SEMICOLON } from "./base64";
import { HEAP_BASE, alignUp, ensureMemory } from "./memory";
import { setResult, fail, warn } from "./results";
import { sortRows } from "./sort";

const INT32_MAX: i64 = 0x7fffffff;
const INT32_MIN: i32 = -0x80000000;
const MAX_FIELDS: i32 = 5;

// The decoded fields of the current segment (at most five are kept; a sixth is an error).
const FIELDS: usize = memory.data(MAX_FIELDS << 2, 16);

// Output, shared by all sections of one decode() call.
let rows: usize = 0;
let rowCount: i32 = 0;
let lineStarts: usize = 0;
let lineCount: i32 = 0; // lines whose start is written: 0 .. lineCount - 1
let scratchEnd: u64 = 0; // first byte after the line index: where sortRows() may borrow memory
let segmentLimit: i32 = 0; // the most rows decode() may write
let lastLine: i32 = 0; // the line the last decoded section ended on
// The rows with a source: how many, and their largest source, original line and column.
let mappedRows: i32 = 0;
let maxSource: i32 = -1;
let maxLine: i32 = -1;
let maxColumn: i32 = -1;

let commas: u32 = 0;
let semicolons: u32 = 0;

// Counts the `,` and `;` in [start, end), sixteen bytes at a time.
function countSeparators(start: usize, end: usize): void {
  const comma = i8x16.splat(0x2c);
  const semicolon = i8x16.splat(0x3b);
  let p = start;
  let commaCount: u32 = 0;
  let semicolonCount: u32 = 0;
  while (p + 16 <= end) {
    const bytes = v128.load(p);
    commaCount += popcnt<u32>(i8x16.bitmask(i8x16.eq(bytes, comma)));
    semicolonCount += popcnt<u32>(i8x16.bitmask(i8x16.eq(bytes, semicolon)));
    p += 16;
  }
  for (; p < end; p++) {
    const byte = load<u8>(p);
    if (byte == 0x2c) commaCount++;
    else if (byte == 0x3b) semicolonCount++;
  }
  commas = commaCount;
  semicolons = semicolonCount;
}

// Gives every line up to `line` its first row, `firstRow`.
@inline function reachLine(line: i32, firstRow: i32): void {
  while (lineCount <= line) {
    store<i32>(lineStarts + (<usize>lineCount << 2), firstRow);
    lineCount++;
  }
}

// Makes `bytes` bytes addressable from HEAP_BASE; returns HEAP_BASE, or 0 when the memory
// cannot grow that far. decode() reads its section table at HEAP_BASE.
export function reserve(bytes: u32): usize {
  return ensureMemory(<u64>HEAP_BASE + <u64>bytes) ? HEAP_BASE : 0;
}

// Decodes every section of the table into rows and line starts placed after the inputs,
// and fills the result block. Returns OK or an error code (details in the result block).
// More than `maxSegments` segments is an error (ERR_TOO_MANY_SEGMENTS), found before the
// memory for them is reserved when the separators alone say so.
export function decode(sectionCount: i32, flags: i32, maxSegments: i32): i32 {
  setResult(RESULT_STATUS, OK);
  setResult(RESULT_WARNING_COUNT, 0);
  const table = HEAP_BASE;

  // Capacity, exactly: at most one segment per separator plus one, one line per `;` plus one.
  let inputEnd: u64 = <u64>table + <u64>sectionCount * SECTION_SIZE;
  let rowCapacity: u64 = 0;
  let lineCapacity: u64 = 1;
  for (let s = 0; s < sectionCount; s++) {
    const entry = table + <usize>(s * SECTION_SIZE);
    const input = <usize>load<u32>(entry, SECTION_INPUT);
    const length = <usize>load<u32>(entry, SECTION_INPUT_LENGTH);
    const end = <u64>(input + length) + 1;
    if (end > inputEnd) inputEnd = end;
    countSeparators(input, input + length);
    rowCapacity += <u64>commas + <u64>semicolons + 1;
    const lines = <u64>load<u32>(entry, SECTION_LINE_OFFSET) + <u64>semicolons + 1;
    if (lines > lineCapacity) lineCapacity = lines;
  }
  segmentLimit = maxSegments;
  if (rowCapacity > <u64>maxSegments) rowCapacity = <u64>maxSegments;
  const rowsAt = alignUp(inputEnd);
  const lineStartsAt = alignUp(rowsAt + rowCapacity * ROW_SIZE);
  scratchEnd = alignUp(lineStartsAt + ((lineCapacity + 1) << 2));
  if (!ensureMemory(scratchEnd + ROW_SIZE)) return fail(ERR_OUT_OF_MEMORY, 0, 0, 0, 0, 0);

  rows = <usize>rowsAt;
  rowCount = 0;
  lineStarts = <usize>lineStartsAt;
  lineCount = 0;
  mappedRows = 0;
  maxSource = -1;
  maxLine = -1;
  maxColumn = -1;

  const lenient = (flags & FLAG_LENIENT) != 0;
  for (let s = 0; s < sectionCount; s++) {
    const entry = table + <usize>(s * SECTION_SIZE);
    let endLine: i64 = INT32_MAX + 1;
    let endColumn: i64 = 0;
    if (s + 1 < sectionCount) {
      endLine = <i64>load<i32>(entry + SECTION_SIZE, SECTION_LINE_OFFSET);
      endColumn = <i64>load<i32>(entry + SECTION_SIZE, SECTION_COLUMN_OFFSET);
    }
    const status = decodeSection(entry, s, endLine, endColumn, lenient);
    if (status != OK) return status;
  }
  // The lines of the last section, its empty trailing ones included.
  reachLine(sectionCount > 0 ? lastLine : 0, rowCount);
  store<i32>(lineStarts + (<usize>lineCount << 2), rowCount); // sentinel: end of the last line

  setResult(RESULT_ROWS, <i32>rows);
  setResult(RESULT_SEGMENT_COUNT, rowCount);
  setResult(RESULT_LINE_STARTS, <i32>lineStarts);
  setResult(RESULT_LINE_COUNT, lineCount);
  setResult(RESULT_MAX_SOURCE, maxSource);
  setResult(RESULT_MAX_LINE, maxLine);
  setResult(RESULT_MAX_COLUMN, maxColumn);
  setResult(RESULT_MAPPED_ROWS, mappedRows);
  return OK;
}

// Sorts the rows [first, end) of one line that a section wrote, when they came out of order.
@inline function finishLine(first: i32, end: i32, sorted: bool): bool {
  return sorted || sortRows(rows, first, end, scratchEnd);
}

function decodeSection(entry: usize, section: i32, endLine: i64, endColumn: i64, lenient: bool): i32 {
  const start = <usize>load<u32>(entry, SECTION_INPUT);
  const end = start + <usize>load<u32>(entry, SECTION_INPUT_LENGTH);
  const sourceBase = load<i32>(entry, SECTION_SOURCE_BASE);
  const sourceCount = <i64>load<i32>(entry, SECTION_SOURCE_COUNT);
  const nameBase = load<i32>(entry, SECTION_NAME_BASE);
  const nameCount = <i64>load<i32>(entry, SECTION_NAME_COUNT);

  let line = load<i32>(entry, SECTION_LINE_OFFSET);
  let columnOffset = <i64>load<i32>(entry, SECTION_COLUMN_OFFSET);
  let column: i64 = 0;
  let source: i64 = 0;
  let originalLine: i64 = 0;
  let originalColumn: i64 = 0;
  let name: i64 = 0;

  let segment: i32 = 0; // index of the segment within its line, for error reports
  // The row cursor lives in locals while the section decodes (globals are slower).
  let count = rowCount;
  let rowAt = rows + <usize>count * ROW_SIZE;
  const limit = segmentLimit;
  let lineFirstRow = count;
  let mapped = mappedRows;
  let largestSource = maxSource;
  let largestLine = maxLine;
  let largestColumn = maxColumn;
  let lastColumn: i64 = -1;
  let sorted = true;
  reachLine(line, count);

  let p = start;
  while (true) {
    let digit = digitOf(load<u8>(p));
    if (digit == DIGIT_SEMICOLON) {
      if (!finishLine(lineFirstRow, count, sorted)) return fail(ERR_OUT_OF_MEMORY, <i32>(p - start), line, segment, section, 0);
      p++;
      // The new line gets its start with its first row (or after the last section): empty
      // lines at the end of a section must not claim lines where the next section starts.
      line++;
      lineFirstRow = count;
      column = 0;
      columnOffset = 0;
      segment = 0;
      lastColumn = -1;
      sorted = true;
      continue;
    }
    if (digit > DIGIT_SEMICOLON) {
      if (p == end) break;
      return fail(ERR_INVALID_BASE64, <i32>(p - start), line, segment, section, 0);
    }
    const segmentStart = p;
    if (digit == DIGIT_COMMA) {
      // An empty segment: `,,`, `;,` or a leading `,`.
      if (!lenient) return fail(ERR_SEGMENT_FIELDS, <i32>(p - start), line, segment, section, 0);
      warn(ERR_SEGMENT_FIELDS, <i32>(p - start), line, segment, section, 0);
      p++;
      segment++;
      continue;
    }

    // The fields of one segment, each a Base64 VLQ.
    let fieldCount: i32 = 0;
    while (true) {
      let value: i32;
      if (digit < 32) {
        // One digit: the fast path for small values.
        value = <i32>(digit >> 1);
        if (digit & 1) value = value == 0 ? INT32_MIN : -value;
        p++;
      } else {
        let accumulated: u64 = <u64>(digit & 31);
        let shift: u64 = 5;
        p++;
        while (true) {
          digit = digitOf(load<u8>(p));
          if (digit >= 64) {
            const code = digit == DIGIT_COMMA || digit == DIGIT_SEMICOLON || p == end ? ERR_VLQ_UNTERMINATED : ERR_INVALID_BASE64;
            return fail(code, <i32>(p - start), line, segment, section, fieldCount);
          }
          const bits = <u64>(digit & 31);
          if (shift < 32) accumulated |= bits << shift;
          else if (bits != 0) return fail(ERR_VLQ_OVERFLOW, <i32>(p - start), line, segment, section, fieldCount);
          shift += 5;
          p++;
          if (digit < 32) break;
        }
        if (accumulated > 0xffffffff) {
          return fail(ERR_VLQ_OVERFLOW, <i32>(segmentStart - start), line, segment, section, fieldCount);
        }
        const magnitude = <i32>(accumulated >> 1);
        value = (accumulated & 1) ? (magnitude == 0 ? INT32_MIN : -magnitude) : magnitude;
      }
      if (fieldCount < MAX_FIELDS) store<i32>(FIELDS + (<usize>fieldCount << 2), value);
      fieldCount++;
      digit = digitOf(load<u8>(p));
      if (digit >= 64) break;
    }
    if (digit > DIGIT_SEMICOLON && p != end) return fail(ERR_INVALID_BASE64, <i32>(p - start), line, segment, section, 0);

    // Apply the fields: relative to the previous segment, then validated. In lenient mode
    // the spec's fallbacks apply: a bad generated column drops the segment, a bad original
    // position leaves it unmapped, a bad name index leaves it nameless.
    let error = OK;
    let field: i32 = 0;
    let emit = true;
    let withSource = fieldCount > 1;
    let withName = fieldCount == 5;
    if (fieldCount == 1 || fieldCount == 4 || fieldCount == 5) {
      column += <i64>load<i32>(FIELDS);
      if (column < 0 || column + columnOffset > INT32_MAX) {
        error = column < 0 ? ERR_NEGATIVE_VALUE : ERR_VALUE_OVERFLOW;
        field = FIELD_GENERATED_COLUMN;
        emit = false;
      } else if (fieldCount > 1) {
        source += <i64>load<i32>(FIELDS, 4);
        originalLine += <i64>load<i32>(FIELDS, 8);
        originalColumn += <i64>load<i32>(FIELDS, 12);
        if (source < 0) { error = ERR_NEGATIVE_VALUE; field = FIELD_SOURCE; }
        else if (originalLine < 0) { error = ERR_NEGATIVE_VALUE; field = FIELD_ORIGINAL_LINE; }
        else if (originalColumn < 0) { error = ERR_NEGATIVE_VALUE; field = FIELD_ORIGINAL_COLUMN; }
        else if (originalLine > INT32_MAX) { error = ERR_VALUE_OVERFLOW; field = FIELD_ORIGINAL_LINE; }
        else if (originalColumn > INT32_MAX) { error = ERR_VALUE_OVERFLOW; field = FIELD_ORIGINAL_COLUMN; }
        else if (source >= sourceCount) { error = ERR_SOURCE_OUT_OF_RANGE; field = FIELD_SOURCE; }
        if (error != OK) withSource = false;
        if (fieldCount == 5) {
          name += <i64>load<i32>(FIELDS, 16);
          if (name < 0 || name >= nameCount) {
            if (error == OK) { error = name < 0 ? ERR_NEGATIVE_VALUE : ERR_NAME_OUT_OF_RANGE; field = FIELD_NAME; }
            withName = false;
          }
        }
      }
    } else {
      error = ERR_SEGMENT_FIELDS;
      field = fieldCount;
      emit = false;
    }
    if (error != OK) {
      if (!lenient) return fail(error, <i32>(segmentStart - start), line, segment, section, field);
      warn(error, <i32>(segmentStart - start), line, segment, section, field);
    }

    const generatedColumn = column + columnOffset;
    // A section ends where the next one starts: a segment past that overlaps the next
    // section, an error when strict, clipped when lenient.
    if (emit && (<i64>line > endLine || (<i64>line == endLine && generatedColumn >= endColumn))) {
      if (!lenient) return fail(ERR_SECTION_OVERLAP, <i32>(segmentStart - start), line, segment, section, 0);
      warn(ERR_SECTION_OVERLAP, <i32>(segmentStart - start), line, segment, section, 0);
      emit = false;
    }

    if (emit) {
      if (count == limit) return fail(ERR_TOO_MANY_SEGMENTS, <i32>(segmentStart - start), line, segment, section, 0);
      reachLine(line, count);
      const row = rowAt;
      store<i32>(row, <i32>generatedColumn);
      if (withSource) {
        store<i32>(row, <i32>source + sourceBase, 4);
        store<i32>(row, <i32>originalLine, 8);
        store<i32>(row, <i32>originalColumn, 12);
        mapped++;
        largestSource = max(largestSource, <i32>source + sourceBase);
        largestLine = max(largestLine, <i32>originalLine);
        largestColumn = max(largestColumn, <i32>originalColumn);
      } else {
        store<i32>(row, -1, 4);
        store<i32>(row, -1, 8);
        store<i32>(row, -1, 12);
      }
      store<i32>(row, withName ? <i32>name + nameBase : -1, 16);
      rowAt += ROW_SIZE;
      count++;
      if (generatedColumn < lastColumn) sorted = false;
      lastColumn = generatedColumn;
    }
    segment++;

    // After a segment: a separator or the end. A comma must start another segment.
    if (digit == DIGIT_COMMA) {
      p++;
      const next = digitOf(load<u8>(p));
      if (next == DIGIT_COMMA) continue; // reported by the loop as an empty segment
      if (next == DIGIT_SEMICOLON || (next > DIGIT_SEMICOLON && p == end)) {
        if (!lenient) return fail(ERR_SEGMENT_FIELDS, <i32>(p - start), line, segment, section, 0);
        warn(ERR_SEGMENT_FIELDS, <i32>(p - start), line, segment, section, 0);
      }
    }
  }
  rowCount = count;
  lastLine = line;
  mappedRows = mapped;
  maxSource = largestSource;
  maxLine = largestLine;
  maxColumn = largestColumn;
  if (!finishLine(lineFirstRow, count, sorted)) return fail(ERR_OUT_OF_MEMORY, <i32>(end - start), line, segment, section, 0);
  return OK;
}
