// A JSON string's escapes undone: the text between its quotes (validated by json-scan.ts)
// becomes the UTF-8 of the string, which the wrapper hands to TextDecoder. It reads the items
// with escapes of the arrays kept unparsed (src/raw-strings.ts), above all a `sourcesContent`
// item: source text has an escape every few dozen bytes (each `\n`), so the bytes between
// two escapes are moved sixty-four at a time and each escape is one short step. Sixty-four,
// not sixteen: typescript's 9.1 MB source (9.3 MB escaped) has an escape every 39 bytes; its
// unescape took 2.4 ms against 4.6 (pdfjs's largest source 0.069 against 0.085), most blocks
// now ending at their escape rather than one in two or three going round for nothing.

const BACKSLASH: i8 = 0x5c;
const LETTER_U: u8 = 0x75;

// The value of a hex digit byte (0-9, A-F, a-f, as validated): its low nibble, plus 9 for a letter.
@inline function hexOf(byte: u32): u32 {
  return (byte & 0xf) + (byte >> 6) * 9;
}

// The value of the four hex digits at `p` (a `\u` escape's, as validated).
export function hex4(p: usize): u32 {
  let value: u32 = 0;
  for (let k: usize = 0; k < 4; k++) value = (value << 4) | hexOf(load<u8>(p + k));
  return value;
}

// The byte a two-byte escape stands for: \" \\ \/ \b \f \n \r \t (as validated).
@inline function shortEscape(byte: u32): u32 {
  if (byte == 0x6e) return 0x0a; // n
  if (byte == 0x74) return 0x09; // t
  if (byte == 0x72) return 0x0d; // r
  if (byte == 0x62) return 0x08; // b
  if (byte == 0x66) return 0x0c; // f
  return byte; // " \ /
}

// Writes code point `c` as UTF-8 at `out`; returns the byte count.
function writeUtf8(out: usize, c: u32): usize {
  if (c < 0x80) {
    store<u8>(out, c);
    return 1;
  }
  const continuations: u32 = c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
  // The lead byte's bits: 110xxxxx, 1110xxxx or 11110xxx.
  store<u8>(out, ((0xff80 >> continuations) & 0xff) | (c >> (6 * continuations)));
  for (let k: u32 = 1; k <= continuations; k++) {
    store<u8>(out + <usize>k, 0x80 | ((c >> (6 * (continuations - k))) & 0x3f));
  }
  return <usize>continuations + 1;
}

// Unescapes the string [start, start + length) (its bytes between the quotes) into UTF-8 at
// `out`, `length` + 64 bytes that do not overlap it (whole blocks are stored; the 64 bytes
// after the input must be addressable too, as whole blocks are loaded). Returns the UTF-8
// byte length, or -1 for a `\u` escape of a lone surrogate, which UTF-8 cannot hold
// (JSON.parse reads that string).
export function unescapeJson(start: usize, length: u32, out: usize): i32 {
  const end = start + <usize>length;
  const backslash = i8x16.splat(BACKSLASH);
  const first = out;
  let p = start;
  while (p < end) {
    // Up to sixty-four bytes moved: the block's bytes past `end`, or from its first backslash
    // on, are written too, but `out` stops before them.
    const b0 = v128.load(p);
    const b1 = v128.load(p, 16);
    const b2 = v128.load(p, 32);
    const b3 = v128.load(p, 48);
    v128.store(out, b0);
    v128.store(out, b1, 16);
    v128.store(out, b2, 32);
    v128.store(out, b3, 48);
    // byte-mask.ts's maskOf, from the blocks already loaded for the stores: maskOf's own
    // loads took 2.58 ms against 2.43 on typescript's source (V8 loads them twice).
    let mask = <u64>i8x16.bitmask(i8x16.eq(b0, backslash)) | (<u64>i8x16.bitmask(i8x16.eq(b1, backslash)) << 16)
      | (<u64>i8x16.bitmask(i8x16.eq(b2, backslash)) << 32) | (<u64>i8x16.bitmask(i8x16.eq(b3, backslash)) << 48);
    if (end - p < 64) mask |= <u64>1 << <u64>(end - p);
    const run = <usize>ctz<u64>(mask); // 64 when there is no backslash
    p += run;
    out += run;
    if (p >= end || run == 64) continue;
    const escaped = <u32>load<u8>(p, 1);
    if (escaped != LETTER_U) {
      store<u8>(out, shortEscape(escaped));
      out++;
      p += 2;
      continue;
    }
    let c = hex4(p + 2);
    p += 6;
    if (c - 0xd800 < 0x800) {
      // A surrogate: it must be a high one with a `\u` low one right after it.
      if (c >= 0xdc00 || p + 6 > end || load<u8>(p) != <u8>BACKSLASH || load<u8>(p, 1) != LETTER_U) return -1;
      const low = hex4(p + 2);
      if (low - 0xdc00 >= 0x400) return -1;
      c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
      p += 6;
    }
    out += writeUtf8(out, c);
  }
  return <i32>(out - first);
}
