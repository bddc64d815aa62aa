// The memory layout shared by the decoder and the lookups, written down in one place.
// src/layout.ts mirrors these numbers; test/layout.test.ts checks that the two agree.
//
// Scratch instance (decoding):    [static data][section table][inputs][rows][line starts][sort temp]
// Map instance (lookups):         [static data][rows][line starts][column index][reverse index]
// Map instance, decoded in place: [static data][line starts][rows ... input][column index][reverse index]
//   (the column index, column-index.ts, only for maps with a long line; it overwrites the
//   input's tail, already read; the reverse index, each with its sampled keys, is built on
//   first use, and so is the batch window, src/source-map.ts)
//   (decode-in-place.ts: the input sits at the end of the row space and rows overwrite the
//   bytes already read; see countSegments() for how far in the input must start.)
//
// A row is one segment: five i32, row-major. -1 marks an absent field.

export const ROW_SIZE: i32 = 20;
export const ROW_GENERATED_COLUMN: i32 = 0;
export const ROW_SOURCE: i32 = 4;
export const ROW_ORIGINAL_LINE: i32 = 8;
export const ROW_ORIGINAL_COLUMN: i32 = 12;
export const ROW_NAME: i32 = 16;

// A source range (source-ranges.ts): the first row that has the source and one past its
// last, -1 for both when no row has it.
export const RANGE_SIZE: i32 = 8;
export const RANGE_FIRST: i32 = 0;
export const RANGE_END: i32 = 4;

// The sampled keys of an original-order index (by-source.ts, search.ts): the packed key (source,
// original line, original column) of every 2^SAMPLE_LOG-th entry, a u64 each, after the index
// (at the next 16-byte boundary): a reverse lookup halves these before the index's rows.
export const SAMPLE_LOG: i32 = 5;

// A section table entry: eight i32 that describe one `mappings` string to decode.
// A regular map is an index map of one section at offset 0:0.
export const SECTION_SIZE: i32 = 32;
export const SECTION_INPUT: i32 = 0; //          pointer to the mappings bytes, followed by one 0 byte
export const SECTION_INPUT_LENGTH: i32 = 4;
export const SECTION_LINE_OFFSET: i32 = 8;
export const SECTION_COLUMN_OFFSET: i32 = 12; // applies to the section's first line only
export const SECTION_SOURCE_BASE: i32 = 16; //   added to every source index
export const SECTION_SOURCE_COUNT: i32 = 20;
export const SECTION_NAME_BASE: i32 = 24;
export const SECTION_NAME_COUNT: i32 = 28;

// The result block: what the last call produced, in i32 slots (byte offset = slot * 4).
export const RESULT_STATUS: i32 = 0;
export const RESULT_ROWS: i32 = 1;
export const RESULT_SEGMENT_COUNT: i32 = 2;
export const RESULT_LINE_STARTS: i32 = 3;
export const RESULT_LINE_COUNT: i32 = 4;
export const RESULT_ERROR_OFFSET: i32 = 5;
export const RESULT_ERROR_LINE: i32 = 6;
export const RESULT_ERROR_SEGMENT: i32 = 7;
export const RESULT_ERROR_SECTION: i32 = 8;
export const RESULT_ERROR_FIELD: i32 = 9;
export const RESULT_WARNING_COUNT: i32 = 10;
export const RESULT_SEMICOLONS: i32 = 11; //   countSegments(): `;` in the input
export const RESULT_INPUT_LEAD: i32 = 12; //   countSegments(): see decode-in-place.ts
export const RESULT_MAX_SOURCE: i32 = 13; //   decode(), decodeInPlace(): the largest source, original
export const RESULT_MAX_LINE: i32 = 14; //     line and original column among the rows with a source,
export const RESULT_MAX_COLUMN: i32 = 15; //   and how many rows have one (-1, -1, -1, 0 for none),
export const RESULT_MAPPED_ROWS: i32 = 16; //  for the original-order index (by-source.ts)
export const RESULT_REST_COUNT: i32 = 17; //   packAscendingRun(): see by-source.ts
export const RESULT_SLOTS: i32 = 18;

// Warnings kept in lenient mode (the count goes on past this many): six i32 each,
// code, offset, generated line, segment, section, field.
export const MAX_WARNINGS: i32 = 64;
export const WARNING_SIZE: i32 = 24;

// Status and error codes. src/errors.ts maps them to the public string codes.
export const OK: i32 = 0;
export const ERR_INVALID_BASE64: i32 = 1;
export const ERR_VLQ_UNTERMINATED: i32 = 2;
export const ERR_VLQ_OVERFLOW: i32 = 3;
export const ERR_SEGMENT_FIELDS: i32 = 4;
export const ERR_NEGATIVE_VALUE: i32 = 5;
export const ERR_VALUE_OVERFLOW: i32 = 6;
export const ERR_SOURCE_OUT_OF_RANGE: i32 = 7;
export const ERR_NAME_OUT_OF_RANGE: i32 = 8;
export const ERR_OUT_OF_MEMORY: i32 = 9;
export const ERR_SECTION_OVERLAP: i32 = 10;
export const ERR_TOO_MANY_SEGMENTS: i32 = 11;
// decodeInPlace() met something its fast path does not handle (an error, a warning, a line
// out of order): decode() in the scratch instance says what, or sorts.
export const DECODE_FALLBACK: i32 = -1;

// Segment fields, as reported with ERR_NEGATIVE_VALUE and ERR_VALUE_OVERFLOW.
export const FIELD_GENERATED_COLUMN: i32 = 0;
export const FIELD_SOURCE: i32 = 1;
export const FIELD_ORIGINAL_LINE: i32 = 2;
export const FIELD_ORIGINAL_COLUMN: i32 = 3;
export const FIELD_NAME: i32 = 4;

// A top-level member of a JSON document, as json-scan.ts records it: eight i32, addresses
// of the key (with its quotes) and of the value, the value's kind, flags, and for an array
// its item count and where its item index starts (ITEM_ below).
export const MEMBER_SIZE: i32 = 32;
export const MEMBER_KEY_START: i32 = 0;
export const MEMBER_KEY_END: i32 = 4;
export const MEMBER_VALUE_START: i32 = 8;
export const MEMBER_VALUE_END: i32 = 12;
export const MEMBER_KIND: i32 = 16;
export const MEMBER_FLAGS: i32 = 20; // value flags; the key's FLAG_ESCAPES is shifted left 8
export const MEMBER_ITEMS: i32 = 24;
// For an array of strings and nulls, the position of its first item's entry among the
// entries scanJson() wrote (at `itemEntries`); -1 when it wrote none for it (not such an
// array, or no room left for them all).
export const MEMBER_ITEMS_AT: i32 = 28;
export const KIND_STRING: i32 = 0;
export const KIND_NUMBER: i32 = 1;
export const KIND_OBJECT: i32 = 2;
export const KIND_ARRAY: i32 = 3;
export const KIND_LITERAL: i32 = 4;
export const FLAG_ESCAPES: i32 = 1; // a string with a backslash escape
export const FLAG_STRINGS_OR_NULLS: i32 = 2; // an array whose items are all strings or null
export const FLAG_STRINGS: i32 = 4; // an array whose items are all strings (no null)
export const SCAN_OK: i32 = 0; // scanJson() returns the member count, which may be 0
export const SCAN_FALLBACK: i32 = -1;
export const SCAN_MAX_DEPTH: i32 = 512;

// An index of a JSON array of strings and nulls, as json-scan.ts records it for a top-level
// member and string-index.ts writes it for any such array: one i32 per item, the offset from
// the array's `[` of a string's opening quote, with ITEM_ESCAPES set when the string has a
// backslash escape, or of a null's `n`, with ITEM_NULL set. A string's closing quote is the
// last `"` before the next item (or before the `]`): only whitespace and a comma lie between.
export const ITEM_ESCAPES: i32 = 1 << 31;
export const ITEM_NULL: i32 = 1 << 30;
export const ITEM_OFFSET_MASK: i32 = 0x3fffffff;

// A batch answer (search.ts, resolvePositions): four f64, source index, original line
// (1-based), original column, name index; -1 where absent.
export const ANSWER_SIZE: i32 = 32;
// resolvePositions() answers at most BATCH_POSITIONS positions a call, and sorts them in a
// scratch area of BATCH_SCRATCH_SIZE bytes the caller gives it (in the map's batch window,
// so that maps that never answer a batch do not carry it).
export const BATCH_POSITIONS: i32 = 2048;
export const BATCH_STEP_COUNTS: i32 = 33; // i32 counters, one per number of halvings 0-32
export const BATCH_SCRATCH_SIZE: i32 = BATCH_STEP_COUNTS * 4 + 2 * BATCH_POSITIONS * 4 + BATCH_POSITIONS * 8;

// Flags for decode().
export const FLAG_LENIENT: i32 = 1;

// Bias, as in trace-mapping's public constants.
export const GREATEST_LOWER_BOUND: i32 = 1;
export const LEAST_UPPER_BOUND: i32 = -1;
