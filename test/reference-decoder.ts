// A reference decoder for `mappings`, for differential fuzzing only (the library never uses
// it). Plain TypeScript, one character at a time, written for clarity, not speed. It follows
// ECMA-426 with the library's strict rules and error reports, as assembly/decode.ts defines
// them and test/errors.test.ts and test/vlq.test.ts pin them down:
//
// - The text is read as bytes. The library writes it to wasm as UTF-8. Everything before the
//   first non-ASCII character is ASCII, so UTF-16 offsets and byte offsets agree up to there,
//   and a non-ASCII character is simply an invalid byte at its own offset.
// - Character errors point at the character: INVALID_BASE64 at the offending character;
//   VLQ_UNTERMINATED at the `,` `;` or end that cut the value off (a non-base64 character
//   there is INVALID_BASE64 instead).
// - VLQ_OVERFLOW: a 1 bit at bit 35 or above is reported at that digit, as soon as it is read.
//   A value that fits in 35 bits but not in 32 is reported at the start of its SEGMENT.
// - A segment is read completely, up to `,` `;` or the end, before it is checked. So a bad
//   character right after a segment wins over the segment's field count or values.
// - Field-count and value errors point at the segment's first character, in this order:
//   field count (INVALID_SEGMENT); generated column (NEGATIVE_VALUE, VALUE_OVERFLOW); source,
//   original line, original column negative; original line, original column past 2^31 - 1;
//   source past `sources`; then the name (negative, past `names`).
// - An empty segment (a leading `,`, `,,`, `;,`, or a `,` before `;` or the end) is
//   INVALID_SEGMENT at the `,` that should have been followed by a segment (for a leading `,`
//   or `;,`, that `,` itself).
// - VLQ values: a digit's low 5 bits are data, bit 5 continuation, the first bit of the
//   whole is the sign; "negative zero" (`B`) is -2^31.
// - The generated column restarts at 0 on every line; the other four fields carry over.
// - Output: every line (one more than there are `;`), its segments sorted stably by column.

export type Segment = number[]; // [column] | [column, source, line, column] | [column, source, line, column, name]

export type ReferenceErrorCode =
  | 'INVALID_BASE64'
  | 'VLQ_UNTERMINATED'
  | 'VLQ_OVERFLOW'
  | 'INVALID_SEGMENT'
  | 'NEGATIVE_VALUE'
  | 'VALUE_OVERFLOW'
  | 'SOURCE_OUT_OF_RANGE'
  | 'NAME_OUT_OF_RANGE';

export interface ReferenceError {
  error: ReferenceErrorCode;
  /** Byte (= UTF-16 unit, see above) offset in `mappings`. */
  offset: number;
  /** 1-based generated line. */
  generatedLine: number;
  /** 0-based index of the segment within its line. */
  segment: number;
}

export type ReferenceResult = { lines: Segment[][] } | ReferenceError;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const MAX = 2 ** 31 - 1;
const MIN = -(2 ** 31);

/** The value of a base64 digit, or -1 for anything else (including non-ASCII). */
function digitValue(char: string): number {
  return char.length === 1 ? ALPHABET.indexOf(char) : -1;
}

/**
 * Decodes `mappings` for a map with `sourceCount` sources and `nameCount` names.
 * `sort: false` keeps every line's segments in the order of the text.
 */
export function referenceDecode(mappings: string, sourceCount: number, nameCount: number, options: { sort?: boolean } = {}): ReferenceResult {
  const text = mappings;
  const end = text.length;
  const lines: Segment[][] = [[]];
  // The state that carries over from segment to segment (the column only within a line).
  let column = 0;
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  let name = 0;

  let p = 0;
  const line = () => lines.length; // 1-based number of the current line
  const fail = (error: ReferenceErrorCode, offset: number): ReferenceError => ({
    error,
    offset,
    generatedLine: line(),
    segment: lines[lines.length - 1].length,
  });

  // Reads one VLQ value at p; returns it, or an error (segmentStart for the late overflow).
  const readValue = (segmentStart: number): number | ReferenceError => {
    let accumulated = 0; // exact: never more than 35 bits, far below 2^53
    let shift = 0;
    for (;;) {
      const char = text[p];
      const digit = p < end ? digitValue(char) : -1;
      if (digit < 0) {
        // Only reachable after a continuation digit (a value starts at a digit).
        if (p === end || char === ',' || char === ';') return fail('VLQ_UNTERMINATED', p);
        return fail('INVALID_BASE64', p);
      }
      const bits = digit & 31;
      if (shift < 32) accumulated += bits * 2 ** shift;
      else if (bits !== 0) return fail('VLQ_OVERFLOW', p);
      shift += 5;
      p++;
      if ((digit & 32) === 0) break;
    }
    if (accumulated > 0xffffffff) return fail('VLQ_OVERFLOW', segmentStart);
    const magnitude = Math.floor(accumulated / 2);
    if (accumulated % 2 === 1) return magnitude === 0 ? MIN : -magnitude;
    return magnitude;
  };

  while (p < end) {
    const char = text[p];
    if (char === ';') {
      lines.push([]);
      column = 0;
      p++;
      continue;
    }
    if (char === ',') return fail('INVALID_SEGMENT', p); // an empty segment
    if (digitValue(char) < 0) return fail('INVALID_BASE64', p);

    // One segment: VLQ values up to `,` `;` or the end.
    const segmentStart = p;
    const fields: number[] = [];
    for (;;) {
      const value = readValue(segmentStart);
      if (typeof value !== 'number') return value;
      fields.push(value);
      if (p === end || text[p] === ',' || text[p] === ';') break;
      if (digitValue(text[p]) < 0) return fail('INVALID_BASE64', p);
    }

    const n = fields.length;
    if (n !== 1 && n !== 4 && n !== 5) return fail('INVALID_SEGMENT', segmentStart);
    column += fields[0];
    if (column < 0) return fail('NEGATIVE_VALUE', segmentStart);
    if (column > MAX) return fail('VALUE_OVERFLOW', segmentStart);
    let segment: Segment = [column];
    if (n >= 4) {
      source += fields[1];
      originalLine += fields[2];
      originalColumn += fields[3];
      if (source < 0 || originalLine < 0 || originalColumn < 0) return fail('NEGATIVE_VALUE', segmentStart);
      if (originalLine > MAX || originalColumn > MAX) return fail('VALUE_OVERFLOW', segmentStart);
      if (source >= sourceCount) return fail('SOURCE_OUT_OF_RANGE', segmentStart);
      segment = [column, source, originalLine, originalColumn];
      if (n === 5) {
        name += fields[4];
        if (name < 0) return fail('NEGATIVE_VALUE', segmentStart);
        if (name >= nameCount) return fail('NAME_OUT_OF_RANGE', segmentStart);
        segment.push(name);
      }
    }
    lines[lines.length - 1].push(segment);

    // A `,` must be followed by another segment.
    if (text[p] === ',') {
      p++;
      if (p === end || text[p] === ';') return fail('INVALID_SEGMENT', p);
      // `,,` and `,<bad character>` are reported by the loop, at the next character.
    }
  }

  if (options.sort !== false) {
    for (const segments of lines) sortStable(segments);
  }
  return { lines };
}

// Insertion into a sorted copy: plainly stable (equal columns keep the order of the text).
function sortStable(segments: Segment[]): void {
  let sorted = true;
  for (let i = 1; i < segments.length; i++) if (segments[i][0] < segments[i - 1][0]) sorted = false;
  if (sorted) return;
  const indexed = segments.map((segment, index) => ({ segment, index }));
  indexed.sort((a, b) => a.segment[0] - b.segment[0] || a.index - b.index);
  indexed.forEach(({ segment }, i) => { segments[i] = segment; });
}

/**
 * The segment a lookup answers with, by trace-mapping's rules (which the library follows;
 * null when none). On an exact column hit, GREATEST_LOWER_BOUND (1) takes the first of the
 * segments at that column and LEAST_UPPER_BOUND (-1) the last. Otherwise the nearest
 * segment on that side: the last one left of the column (GLB) or the first one right of it (LUB).
 */
export function referenceLookup(lines: Segment[][], line: number, column: number, bias: 1 | -1): Segment | null {
  const segments = lines[line - 1];
  if (!segments) return null;
  const exact = segments.filter((segment) => segment[0] === column);
  if (exact.length > 0) return bias === 1 ? exact[0] : exact[exact.length - 1];
  if (bias === 1) {
    const left = segments.filter((segment) => segment[0] < column);
    return left.length > 0 ? left[left.length - 1] : null;
  }
  return segments.find((segment) => segment[0] > column) ?? null;
}
