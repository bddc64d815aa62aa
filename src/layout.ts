// The wasm memory layout, mirrored from assembly/layout.ts (test/layout.test.ts checks the
// numbers the module exports against these).

export const ROW_SIZE = 20;
export const ROW_FIELDS = 5; // i32 per row
export const ROW_GENERATED_COLUMN = 0;
export const ROW_SOURCE = 1;
export const ROW_ORIGINAL_LINE = 2;
export const ROW_ORIGINAL_COLUMN = 3;
export const ROW_NAME = 4;

// A source range (assembly/source-ranges.ts): first row, one past the last; -1 for none.
export const RANGE_SIZE = 8;
export const RANGE_FIELDS = 2; // i32 per range
export const RANGE_FIRST = 0;
export const RANGE_END = 1;

// Sampled keys of an original-order index: one u64 per 2^SAMPLE_LOG entries, after it.
export const SAMPLE_LOG = 5;

export const SECTION_SIZE = 32;
export const SECTION_FIELDS = 8; // i32 per section entry
export const SECTION_INPUT = 0;
export const SECTION_INPUT_LENGTH = 1;
export const SECTION_LINE_OFFSET = 2;
export const SECTION_COLUMN_OFFSET = 3;
export const SECTION_SOURCE_BASE = 4;
export const SECTION_SOURCE_COUNT = 5;
export const SECTION_NAME_BASE = 6;
export const SECTION_NAME_COUNT = 7;

export const RESULT_STATUS = 0;
export const RESULT_ROWS = 1;
export const RESULT_SEGMENT_COUNT = 2;
export const RESULT_LINE_STARTS = 3;
export const RESULT_LINE_COUNT = 4;
export const RESULT_ERROR_OFFSET = 5;
export const RESULT_ERROR_LINE = 6;
export const RESULT_ERROR_SEGMENT = 7;
export const RESULT_ERROR_SECTION = 8;
export const RESULT_ERROR_FIELD = 9;
export const RESULT_WARNING_COUNT = 10;
export const RESULT_SEMICOLONS = 11;
export const RESULT_INPUT_LEAD = 12;
export const RESULT_MAX_SOURCE = 13;
export const RESULT_MAX_LINE = 14;
export const RESULT_MAX_COLUMN = 15;
export const RESULT_MAPPED_ROWS = 16;
export const RESULT_REST_COUNT = 17;
export const RESULT_SLOTS = 18;

export const MAX_WARNINGS = 64;
export const WARNING_SIZE = 24;
export const WARNING_FIELDS = 6;

export const OK = 0;
export const ERR_INVALID_BASE64 = 1;
export const ERR_VLQ_UNTERMINATED = 2;
export const ERR_VLQ_OVERFLOW = 3;
export const ERR_SEGMENT_FIELDS = 4;
export const ERR_NEGATIVE_VALUE = 5;
export const ERR_VALUE_OVERFLOW = 6;
export const ERR_SOURCE_OUT_OF_RANGE = 7;
export const ERR_NAME_OUT_OF_RANGE = 8;
export const ERR_OUT_OF_MEMORY = 9;
export const ERR_SECTION_OVERLAP = 10;
export const ERR_TOO_MANY_SEGMENTS = 11;
export const DECODE_FALLBACK = -1;

export const MEMBER_SIZE = 32;
export const MEMBER_FIELDS = 8;
export const MEMBER_KEY_START = 0;
export const MEMBER_KEY_END = 1;
export const MEMBER_VALUE_START = 2;
export const MEMBER_VALUE_END = 3;
export const MEMBER_KIND = 4;
export const MEMBER_FLAGS = 5;
export const MEMBER_ITEMS = 6;
export const MEMBER_ITEMS_AT = 7;
export const KIND_STRING = 0;
export const KIND_ARRAY = 3;
export const FLAG_ESCAPES = 1;
export const FLAG_STRINGS_OR_NULLS = 2;
export const FLAG_STRINGS = 4;
export const KEY_FLAGS_SHIFT = 8;
export const SCAN_FALLBACK = -1;
export const SCAN_MAX_DEPTH = 512;

export const ITEM_ESCAPES = 1 << 31;
export const ITEM_NULL = 1 << 30;
export const ITEM_OFFSET_MASK = 0x3fffffff;

export const ANSWER_SIZE = 32;
export const ANSWER_FIELDS = 4; // f64 per batch answer
export const BATCH_POSITIONS = 2048;
export const BATCH_SCRATCH_SIZE = 33 * 4 + 2 * BATCH_POSITIONS * 4 + BATCH_POSITIONS * 8;

export const FLAG_LENIENT = 1;

// assembly/by-source.ts: radix sort digits, and the counting sort's buckets.
export const RADIX_BITS = 11;
export const RADIX_BUCKETS = 1 << RADIX_BITS;
export const BUCKETS = 1 << 16;

// assembly/encode.ts: the longest a segment can encode to.
export const MAX_SEGMENT_BYTES = 36;

/** Lookup bias: the closest mapping at or before the column (the default). */
export const GREATEST_LOWER_BOUND = 1;
/** Lookup bias: the closest mapping at or after the column. */
export const LEAST_UPPER_BOUND = -1;
