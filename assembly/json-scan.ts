// A JSON validator that records where each top-level member of the document is, so the
// wrapper can decode `mappings` from the bytes, JSON.parse only the small members, and leave
// `sourcesContent` and `names` unparsed. For a member whose value is an array of strings and
// nulls it also records where each item starts (ITEM_ in layout.ts): the scan visits every
// item anyway, and with that index the first item asked for is decoded without another pass
// over the array (string-index.ts) and its copy. It answers SCAN_OK only for a document
// JSON.parse accepts (an object, valid UTF-8, any nesting up to MAX_DEPTH); anything else is
// SCAN_FALLBACK, and the wrapper takes the plain JSON.parse path, which also produces the
// error message.

import {
  MEMBER_SIZE, MEMBER_KEY_START, MEMBER_KEY_END, MEMBER_VALUE_START, MEMBER_VALUE_END,
  MEMBER_KIND, MEMBER_FLAGS, MEMBER_ITEMS, MEMBER_ITEMS_AT, ITEM_ESCAPES, ITEM_NULL, ITEM_OFFSET_MASK, KIND_STRING, KIND_NUMBER, KIND_OBJECT, KIND_ARRAY,
  KIND_LITERAL, FLAG_ESCAPES, FLAG_STRINGS_OR_NULLS, FLAG_STRINGS, SCAN_OK, SCAN_FALLBACK, SCAN_MAX_DEPTH,
} from "./layout";

const MAX_DEPTH: i32 = SCAN_MAX_DEPTH;
const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5c;

let end: usize = 0;
let escapes: bool = false; // the last string scanned had an escape

@inline function isWhitespace(byte: u32): bool {
  return byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09;
}

function skipWhitespace(p: usize): usize {
  while (p < end && isWhitespace(load<u8>(p))) p++;
  return p;
}

@inline function isDigit(byte: u32): bool {
  return byte - 0x30 < 10;
}

@inline function isHex(byte: u32): bool {
  return isDigit(byte) || (byte | 0x20) - 0x61 < 6;
}

@inline function isContinuation(p: usize): bool {
  return p < end && (<u32>load<u8>(p) & 0xc0) == 0x80;
}

// The length of the UTF-8 sequence at p (its first byte >= 0x80), or 0 when it is invalid.
function utf8Length(p: usize): usize {
  const first = <u32>load<u8>(p);
  if (first < 0xc2 || first > 0xf4) return 0;
  if (first < 0xe0) return isContinuation(p + 1) ? 2 : 0;
  if (p + 1 >= end) return 0;
  const second = <u32>load<u8>(p + 1);
  if (first < 0xf0) {
    if (first == 0xe0 ? second < 0xa0 || second > 0xbf : first == 0xed ? second < 0x80 || second > 0x9f : (second & 0xc0) != 0x80) return 0;
    return isContinuation(p + 2) ? 3 : 0;
  }
  if (first == 0xf0 ? second < 0x90 || second > 0xbf : first == 0xf4 ? second < 0x80 || second > 0x8f : (second & 0xc0) != 0x80) return 0;
  return isContinuation(p + 2) && isContinuation(p + 3) ? 4 : 0;
}

// Per byte, whether it may follow a backslash as a two-byte escape: " / \ b f n r t. A byte
// is in the set when its low nibble's bits and its high nibble's bits meet (one bit per high
// nibble: 2, 5, 6, 7).
@inline function isShortEscape(bytes: v128): v128 {
  const low = i8x16(0, 0, 13, 0, 8, 0, 4, 0, 0, 0, 0, 0, 2, 0, 4, 1);
  const high = i8x16(0, 0, 1, 0, 0, 2, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0);
  const lowBits = i8x16.swizzle(low, v128.and(bytes, i8x16.splat(0x0f)));
  const highBits = i8x16.swizzle(high, i8x16.shr_u(bytes, 4));
  return v128.not(i8x16.eq(v128.and(lowBits, highBits), i8x16.splat(0)));
}

// Scans a string whose opening quote is at p; returns the address after its closing quote,
// or 0 when it is not a valid JSON string. 64 bytes at a time while nothing special.
function scanString(p: usize): usize {
  p++;
  escapes = false;
  const quote = i8x16.splat(<i8>QUOTE);
  const backslash = i8x16.splat(<i8>BACKSLASH);
  const control = i8x16.splat(0x20);
  while (true) {
    // Bytes below 0x20 and from 0x80 are both "less than 0x20" as signed bytes. Sixty-four
    // bytes at a time while none is special (`mappings`, most of `names`).
    while (p + 64 <= end) {
      const a = v128.load(p);
      const b = v128.load(p, 16);
      const c = v128.load(p, 32);
      const d = v128.load(p, 48);
      const specialA = v128.or(v128.or(i8x16.eq(a, quote), i8x16.eq(a, backslash)), i8x16.lt_s(a, control));
      const specialB = v128.or(v128.or(i8x16.eq(b, quote), i8x16.eq(b, backslash)), i8x16.lt_s(b, control));
      const specialC = v128.or(v128.or(i8x16.eq(c, quote), i8x16.eq(c, backslash)), i8x16.lt_s(c, control));
      const specialD = v128.or(v128.or(i8x16.eq(d, quote), i8x16.eq(d, backslash)), i8x16.lt_s(d, control));
      if (v128.any_true(v128.or(v128.or(specialA, specialB), v128.or(specialC, specialD)))) break;
      p += 64;
    }
    // Then the next sixty-four bytes with two-byte escapes (\n, \", ...) checked in them,
    // without a branch per escape: source text in sourcesContent has one every few dozen
    // bytes, and a branch on them was mispredicted. The block goes on to the first byte that
    // the code after it must deal with: a quote that is not escaped, a control or non-ASCII
    // byte, the backslash of a `\u` or of a bad escape, two backslashes in a row, or one
    // ending the block. Where there is none, on to the next sixty-four.
    if (p + 64 <= end) {
      let quotes: u64 = 0;
      let backslashes: u64 = 0;
      let others: u64 = 0;
      let escapable: u64 = 0;
      // Each half's two masks as an unsigned 32 bits: a signed one would spill its top lane
      // into the other half's bits.
      for (let k: u64 = 0; k < 64; k += 32) {
        const low = v128.load(p + <usize>k);
        const high = v128.load(p + <usize>k, 16);
        quotes |= <u64><u32>(i8x16.bitmask(i8x16.eq(low, quote)) | (i8x16.bitmask(i8x16.eq(high, quote)) << 16)) << k;
        backslashes |= <u64><u32>(i8x16.bitmask(i8x16.eq(low, backslash)) | (i8x16.bitmask(i8x16.eq(high, backslash)) << 16)) << k;
        others |= <u64><u32>(i8x16.bitmask(i8x16.lt_s(low, control)) | (i8x16.bitmask(i8x16.lt_s(high, control)) << 16)) << k;
        escapable |= <u64><u32>(i8x16.bitmask(isShortEscape(low)) | (i8x16.bitmask(isShortEscape(high)) << 16)) << k;
      }
      const escaped = backslashes << 1;
      const stops = (quotes & ~escaped) | others | ((escaped & ~escapable) >> 1) | (backslashes & ((backslashes >> 1) | (<u64>1 << 63)));
      if (stops == 0) {
        escapes |= backslashes != 0;
        p += 64;
        continue;
      }
      const before = ctz<u64>(stops);
      escapes |= (backslashes & ((<u64>1 << before) - 1)) != 0;
      p += <usize>before;
    }
    if (p >= end) return 0;
    const byte = <u32>load<u8>(p);
    if (byte == QUOTE) return p + 1;
    if (byte == BACKSLASH) {
      escapes = true;
      if (p + 1 >= end) return 0;
      const escaped = <u32>load<u8>(p + 1);
      if (escaped == 0x75) {
        if (p + 6 > end) return 0;
        if (!isHex(load<u8>(p + 2)) || !isHex(load<u8>(p + 3)) || !isHex(load<u8>(p + 4)) || !isHex(load<u8>(p + 5))) return 0;
        p += 6;
      } else if (escaped == QUOTE || escaped == BACKSLASH || escaped == 0x2f || escaped == 0x62 || escaped == 0x66 || escaped == 0x6e || escaped == 0x72 || escaped == 0x74) {
        p += 2;
      } else {
        return 0;
      }
    } else if (byte < 0x20) {
      return 0;
    } else if (byte >= 0x80) {
      // The whole run of non-ASCII characters (a line of CJK text) before the next block.
      do {
        const length = utf8Length(p);
        if (length == 0) return 0;
        p += length;
      } while (p < end && load<u8>(p) >= 0x80);
    } else {
      p++;
    }
  }
  return 0; // not reached
}

function scanNumber(p: usize): usize {
  if (p < end && load<u8>(p) == 0x2d) p++;
  if (p >= end) return 0;
  if (load<u8>(p) == 0x30) p++;
  else if (isDigit(load<u8>(p))) { while (p < end && isDigit(load<u8>(p))) p++; }
  else return 0;
  if (p < end && load<u8>(p) == 0x2e) {
    p++;
    if (p >= end || !isDigit(load<u8>(p))) return 0;
    while (p < end && isDigit(load<u8>(p))) p++;
  }
  if (p < end && (<u32>load<u8>(p) | 0x20) == 0x65) {
    p++;
    if (p < end && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) p++;
    if (p >= end || !isDigit(load<u8>(p))) return 0;
    while (p < end && isDigit(load<u8>(p))) p++;
  }
  return p;
}

function scanLiteral(p: usize): usize {
  const first = <u32>load<u8>(p);
  if (first == 0x74 && p + 4 <= end && load<u32>(p) == 0x65757274) return p + 4; // true
  if (first == 0x6e && p + 4 <= end && load<u32>(p) == 0x6c6c756e) return p + 4; // null
  if (first == 0x66 && p + 5 <= end && load<u32>(p + 1) == 0x65736c61) return p + 5; // false
  return 0;
}

// Item-level facts about the last value scanned by scanValue, for top-level members.
let kind: i32 = 0;
let allStringsOrNulls: bool = false;
let allStrings: bool = false;
let items: i32 = 0;
let itemsAt: i32 = -1; // its first item's entry (MEMBER_ITEMS_AT), or -1

// Where the item entries go: the next one, and the end of the room for them.
let itemsStart: usize = 0;
let itemNext: usize = 0;
let itemLimit: usize = 0;

// Scans one value at p (whitespace already skipped); returns the address after it, or 0.
// Nesting is tracked in `stack` (one byte per level: 1 object, 2 array), not by recursion.
function scanValue(p: usize, stack: usize): usize {
  let depth: i32 = 0;
  let topItems: i32 = 0;
  let topStringsOrNulls = true;
  let topStrings = true;
  const first = <u32>load<u8>(p);
  kind = first == QUOTE ? KIND_STRING : first == 0x7b ? KIND_OBJECT : first == 0x5b ? KIND_ARRAY : first == 0x2d || isDigit(first) ? KIND_NUMBER : KIND_LITERAL;
  // The array's item entries are written while they fit and its items are strings or nulls.
  const arrayStart = p;
  const firstEntry = itemNext;
  let recording = kind == KIND_ARRAY;
  while (true) {
    // A value starts at p.
    if (p >= end) return 0;
    const byte = <u32>load<u8>(p);
    const isItem = depth == 1 && load<u8>(stack) == 2; // an item of the top-level array
    let entry = <i32>(p - arrayStart);
    if (isItem) {
      topItems++;
      if (byte != QUOTE) {
        topStrings = false;
        if (byte == 0x6e && scanLiteral(p) != 0) {
          entry |= ITEM_NULL;
        } else {
          topStringsOrNulls = false;
          recording = false;
        }
      }
      if (itemNext == itemLimit || p - arrayStart > <usize>ITEM_OFFSET_MASK) recording = false;
    }
    if (byte == QUOTE) {
      p = scanString(p);
      if (escapes) entry |= ITEM_ESCAPES;
    } else if (byte == 0x7b || byte == 0x5b) {
      if (depth == MAX_DEPTH) return 0;
      store<u8>(stack + <usize>depth, byte == 0x7b ? 1 : 2);
      depth++;
      p = skipWhitespace(p + 1);
      if (p >= end) return 0;
      const close = byte == 0x7b ? 0x7d : 0x5d;
      if (<u32>load<u8>(p) == close) {
        depth--;
        p++;
      } else {
        if (byte == 0x7b) {
          if (<u32>load<u8>(p) != QUOTE) return 0;
          p = scanString(p);
          if (p == 0) return 0;
          p = skipWhitespace(p);
          if (p >= end || <u32>load<u8>(p) != 0x3a) return 0;
          p = skipWhitespace(p + 1);
        }
        continue; // to the first member's value or the first item
      }
    } else if (byte == 0x2d || isDigit(byte)) {
      p = scanNumber(p);
    } else {
      p = scanLiteral(p);
    }
    if (p == 0) return 0;
    if (isItem && recording) {
      store<i32>(itemNext, entry);
      itemNext += 4;
    }
    // After a value: close containers, or go on to the next item or member.
    while (true) {
      if (depth == 0) {
        if (kind == KIND_ARRAY) {
          items = topItems;
          allStringsOrNulls = topStringsOrNulls;
          allStrings = topStrings;
        }
        // The entries of an array that turned out not to be one of strings and nulls, or
        // did not fit, are dropped: the room goes to the next members.
        if (!recording) itemNext = firstEntry;
        itemsAt = recording ? <i32>((firstEntry - itemsStart) >> 2) : -1;
        return p;
      }
      p = skipWhitespace(p);
      if (p >= end) return 0;
      const next = <u32>load<u8>(p);
      const inObject = load<u8>(stack + <usize>(depth - 1)) == 1;
      if (next == 0x2c) {
        p = skipWhitespace(p + 1);
        if (inObject) {
          if (p >= end || <u32>load<u8>(p) != QUOTE) return 0;
          p = scanString(p);
          if (p == 0) return 0;
          p = skipWhitespace(p);
          if (p >= end || <u32>load<u8>(p) != 0x3a) return 0;
          p = skipWhitespace(p + 1);
        }
        break; // to the next value
      }
      if (next != (inObject ? 0x7d : 0x5d)) return 0;
      depth--;
      p++;
    }
  }
  return 0; // not reached
}

// Scans the document [start, start + length) and writes one MEMBER_SIZE entry per
// top-level member at `members` (room for `maxMembers`), using `stack` (MAX_DEPTH bytes), and
// the item entries of its arrays of strings and nulls at `itemEntries` (room for `maxItems`;
// an array whose entries do not all fit gets none). Returns the member count, or SCAN_FALLBACK.
export function scanJson(start: usize, length: u32, members: usize, maxMembers: i32, stack: usize, itemEntries: usize, maxItems: i32): i32 {
  end = start + <usize>length;
  itemsStart = itemNext = itemEntries;
  itemLimit = itemEntries + (<usize>maxItems << 2);
  let p = skipWhitespace(start);
  if (p >= end || load<u8>(p) != 0x7b) return SCAN_FALLBACK;
  p = skipWhitespace(p + 1);
  let count: i32 = 0;
  if (p < end && load<u8>(p) == 0x7d) return skipWhitespace(p + 1) == end ? SCAN_OK : SCAN_FALLBACK;
  while (true) {
    if (count == maxMembers || p >= end || load<u8>(p) != QUOTE) return SCAN_FALLBACK;
    const entry = members + <usize>(count * MEMBER_SIZE);
    const keyEnd = scanString(p);
    if (keyEnd == 0) return SCAN_FALLBACK;
    store<i32>(entry + MEMBER_KEY_START, <i32>p);
    store<i32>(entry + MEMBER_KEY_END, <i32>keyEnd);
    store<i32>(entry + MEMBER_FLAGS, escapes ? FLAG_ESCAPES : 0);
    p = skipWhitespace(keyEnd);
    if (p >= end || load<u8>(p) != 0x3a) return SCAN_FALLBACK;
    p = skipWhitespace(p + 1);
    if (p >= end) return SCAN_FALLBACK;
    items = 0;
    allStringsOrNulls = false;
    allStrings = false;
    itemsAt = -1;
    const valueEnd = scanValue(p, stack);
    if (valueEnd == 0) return SCAN_FALLBACK;
    store<i32>(entry + MEMBER_VALUE_START, <i32>p);
    store<i32>(entry + MEMBER_VALUE_END, <i32>valueEnd);
    store<i32>(entry + MEMBER_KIND, kind);
    let flags = load<i32>(entry + MEMBER_FLAGS) << 8; // the key's escapes, kept apart
    if (kind == KIND_STRING && escapes) flags |= FLAG_ESCAPES;
    if (kind == KIND_ARRAY && allStringsOrNulls) flags |= FLAG_STRINGS_OR_NULLS;
    if (kind == KIND_ARRAY && allStrings) flags |= FLAG_STRINGS;
    store<i32>(entry + MEMBER_FLAGS, flags);
    store<i32>(entry + MEMBER_ITEMS, items);
    store<i32>(entry + MEMBER_ITEMS_AT, itemsAt);
    count++;
    p = skipWhitespace(valueEnd);
    if (p >= end) return SCAN_FALLBACK;
    const next = load<u8>(p);
    if (next == 0x7d) return skipWhitespace(p + 1) == end ? count : SCAN_FALLBACK;
    if (next != 0x2c) return SCAN_FALLBACK;
    p = skipWhitespace(p + 1);
  }
  return SCAN_FALLBACK; // not reached
}
