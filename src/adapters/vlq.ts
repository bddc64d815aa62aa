// Base64 VLQ encoding of decoded mappings (trace-mapping's shape), for trace-mapping's
// `encodedMappings` when a map was given decoded, and to hand decoded input to the core.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A segment as trace-mapping decodes it: 1, 4 or 5 numbers. */
export type DecodedSegment = readonly number[];

function vlq(value: number): string {
  let rest = value < 0 ? (-value * 2) + 1 : value * 2;
  let out = '';
  do {
    let digit = rest % 32;
    rest = Math.floor(rest / 32);
    if (rest > 0) digit += 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

/** The `mappings` string of `lines` (each segment's fields relative to the previous ones, as the format wants). */
export function encodeMappings(lines: readonly (readonly DecodedSegment[])[]): string {
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  let name = 0;
  const out: string[] = [];
  for (const line of lines) {
    let column = 0;
    const segments: string[] = [];
    for (const segment of line) {
      let text = vlq(segment[0] - column);
      column = segment[0];
      if (segment.length >= 4) {
        text += vlq(segment[1] - source) + vlq(segment[2] - originalLine) + vlq(segment[3] - originalColumn);
        source = segment[1];
        originalLine = segment[2];
        originalColumn = segment[3];
        if (segment.length >= 5) {
          text += vlq(segment[4] - name);
          name = segment[4];
        }
      }
      segments.push(text);
    }
    out.push(segments.join(','));
  }
  return out.join(';');
}
