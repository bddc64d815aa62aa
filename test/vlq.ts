// A small Base64 VLQ encoder for the tests (the library only decodes).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function encodeVlq(value: number): string {
  // -2^31 has no magnitude form: ECMA-426 encodes it as "negative zero".
  let vlq = value === -0x80000000 ? 1 : value < 0 ? (-value * 2) + 1 : value * 2;
  let out = '';
  do {
    let digit = vlq % 32;
    vlq = Math.floor(vlq / 32);
    if (vlq > 0) digit += 32;
    out += ALPHABET[digit];
  } while (vlq > 0);
  return out;
}

/**
 * Encodes lines of absolute segments ([column] or [column, source, line, column, name?]),
 * each relative value with `vlq` (called in order: the fuzzer pads some of them).
 */
export function encodeMappings(lines: number[][][], vlq: (value: number) => string = encodeVlq): string {
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  let name = 0;
  return lines.map((segments) => {
    let column = 0;
    return segments.map((segment) => {
      let out = vlq(segment[0] - column);
      column = segment[0];
      if (segment.length >= 4) {
        out += vlq(segment[1] - source) + vlq(segment[2] - originalLine) + vlq(segment[3] - originalColumn);
        [, source, originalLine, originalColumn] = segment;
        if (segment.length === 5) {
          out += vlq(segment[4] - name);
          name = segment[4];
        }
      }
      return out;
    }).join(',');
  }).join(';');
}

/** A map object with `sources` s0.js, s1.js, ... and `names` n0, n1, ... around `mappings`. */
export function mapWith(mappings: string, sources: number, names: number) {
  return {
    version: 3,
    sources: Array.from({ length: sources }, (_, i) => `s${i}.js`),
    names: Array.from({ length: names }, (_, i) => `n${i}`),
    mappings,
  };
}

/** A seeded PRNG (mulberry32), so random tests are reproducible. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
