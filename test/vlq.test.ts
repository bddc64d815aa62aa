// Base64 VLQ edge cases, exactly as ECMA-426 defines them.
import { describe, expect, it } from 'vitest';
import { TraceMap, originalPositionFor as traceOriginal, LEAST_UPPER_BOUND as TRACE_LUB, GREATEST_LOWER_BOUND as TRACE_GLB } from '@jridgewell/trace-mapping';
import { SourceMap, SourceMapError, LEAST_UPPER_BOUND, GREATEST_LOWER_BOUND } from '../src/index.js';
import { encodeMappings, encodeVlq, random } from './vlq.js';

const MAX = 2147483647;
const map = (mappings: string | Uint8Array, sources = ['a.js'], names = ['n']) =>
  new SourceMap({ version: 3, sources, names, mappings: mappings as string });
const failure = (mappings: string) => {
  try {
    map(mappings);
  } catch (error) {
    expect(error).toBeInstanceOf(SourceMapError);
    return error as SourceMapError;
  }
  throw new Error(`expected ${JSON.stringify(mappings)} to be rejected`);
};

describe('VLQ values', () => {
  it('decodes the largest 32-bit value, 2^31 - 1 ("+/////D")', () => {
    expect(encodeVlq(MAX)).toBe('+/////D');
    const m = map('+/////DA+/////D+/////DA');
    expect(m.originalPositionFor({ line: 1, column: MAX })).toEqual({ source: 'a.js', line: MAX + 1, column: MAX, name: 'n' });
    expect(m.originalPositionFor({ line: 1, column: MAX - 1 })).toEqual({ source: null, line: null, column: null, name: null });
  });

  it('decodes "B", "negative zero", as -2^31 (so it can never be a valid absolute value)', () => {
    // If B were 0, the second segment would sit at column 2^31 - 1 and be valid.
    expect(failure('+/////D,B')).toMatchObject({ code: 'NEGATIVE_VALUE', segment: 1, offset: 8 });
    expect(failure('B')).toMatchObject({ code: 'NEGATIVE_VALUE', segment: 0, offset: 0 });
  });

  it('decodes -(2^31 - 1), the smallest magnitude form ("//////D")', () => {
    expect(encodeVlq(-MAX)).toBe('//////D');
    const m = map('+/////DAAA,//////DAAC');
    expect(m.originalPositionFor({ line: 1, column: 0 })).toMatchObject({ line: 1, column: 1 });
    expect(m.originalPositionFor({ line: 1, column: MAX })).toMatchObject({ line: 1, column: 0 });
  });

  it('decodes "B" as -2^31 inside a sum that stays in range', () => {
    // original column: 2^31 - 1, then -2^31 -> -1: negative, reported on the original column.
    expect(failure('AAA+/////D,AAAB')).toMatchObject({ code: 'NEGATIVE_VALUE', segment: 1, message: expect.stringContaining('original column') });
  });

  it('decodes one-digit values, positive and negative', () => {
    // A=0 C=1 D=-1 E=2 F=-2 ... e=15 f=-15
    const m = map('eAAA,DAAC,DAAC'); // columns 15, 14, 13 (out of order: sorted)
    expect([13, 14, 15].map((column) => m.originalPositionFor({ line: 1, column }).column)).toEqual([2, 1, 0]);
  });

  it('accepts a long run of zero continuation digits ("igg...gA" is 1)', () => {
    const m = map(`i${'g'.repeat(1000)}AAAA`);
    expect(m.originalPositionFor({ line: 1, column: 1 })).toMatchObject({ source: 'a.js', line: 1, column: 0 });
    expect(m.originalPositionFor({ line: 1, column: 0 }).source).toBeNull();
  });

  it('rejects values past 32 bits', () => {
    expect(failure('ggggggE')).toMatchObject({ code: 'VLQ_OVERFLOW', offset: 0 });
    expect(failure('+/////E')).toMatchObject({ code: 'VLQ_OVERFLOW' }); // 2^31 exactly
    expect(failure(`A${'g'.repeat(7)}B`)).toMatchObject({ code: 'VLQ_OVERFLOW', offset: 8 }); // a 1 at bit 35
    expect(failure('AAAAggggggE')).toMatchObject({ code: 'VLQ_OVERFLOW', offset: 0, message: expect.stringContaining('32-bit') });
  });

  it('rejects a sum past 2^31 - 1', () => {
    expect(failure('+/////D,C')).toMatchObject({ code: 'VALUE_OVERFLOW', segment: 1, message: expect.stringContaining('generated column') });
    expect(failure('AA+/////DA,AACA')).toMatchObject({ code: 'VALUE_OVERFLOW', segment: 1, message: expect.stringContaining('original line') });
  });

  it('rejects a value cut off while its continuation bit is set', () => {
    expect(failure('g')).toMatchObject({ code: 'VLQ_UNTERMINATED', offset: 1 });
    expect(failure('AAAg')).toMatchObject({ code: 'VLQ_UNTERMINATED', offset: 4 });
    expect(failure('Ag,A')).toMatchObject({ code: 'VLQ_UNTERMINATED', offset: 2 });
    expect(failure('AAAA;Ag;A')).toMatchObject({ code: 'VLQ_UNTERMINATED', offset: 7, generatedLine: 2 });
  });

  it('reads mappings given as bytes', () => {
    const m = new SourceMap(new TextEncoder().encode(JSON.stringify({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA;CACC' })));
    expect(m.originalPositionFor({ line: 2, column: 1 })).toMatchObject({ line: 2, column: 1 });
  });
});

describe('segments and lines', () => {
  it('resets the generated column on every line, and nothing else', () => {
    const m = map('CAAA;CACA;;CACA');
    expect(m.originalPositionFor({ line: 2, column: 1 })).toMatchObject({ line: 2, column: 0 });
    expect(m.originalPositionFor({ line: 3, column: 5 }).source).toBeNull();
    expect(m.originalPositionFor({ line: 4, column: 1 })).toMatchObject({ line: 3, column: 0 });
    expect(m.lineCount).toBe(4);
  });

  it('treats an empty string and empty lines as no mappings', () => {
    expect(map('').segmentCount).toBe(0);
    expect(map(';;;;').lineCount).toBe(5);
  });

  it('keeps a 1-field segment as an unmapped position that shadows the previous one', () => {
    const m = map('AAAC,E');
    expect(m.originalPositionFor({ line: 1, column: 1 })).toMatchObject({ line: 1, column: 1 });
    expect(m.originalPositionFor({ line: 1, column: 2 })).toEqual({ source: null, line: null, column: null, name: null });
  });

  it('never crosses into another line, with either bias', () => {
    const m = map('KAAA;;UAAC');
    expect(m.originalPositionFor({ line: 1, column: 6, bias: LEAST_UPPER_BOUND }).source).toBeNull();
    expect(m.originalPositionFor({ line: 3, column: 9, bias: GREATEST_LOWER_BOUND }).source).toBeNull();
    expect(m.originalPositionFor({ line: 3, column: 9, bias: LEAST_UPPER_BOUND })).toMatchObject({ column: 1 });
    expect(m.originalPositionFor({ line: 2, column: 0, bias: LEAST_UPPER_BOUND }).source).toBeNull();
    expect(m.originalPositionFor({ line: 4, column: 0 }).source).toBeNull();
  });

  it('sorts out-of-order lines stably, as trace-mapping does, short and long', () => {
    const next = random(42);
    for (let round = 0; round < 40; round++) {
      const lines: number[][][] = [];
      for (let l = 0; l < 4; l++) {
        const count = round % 2 ? Math.floor(next() * 12) : Math.floor(next() * 300);
        lines.push(Array.from({ length: count }, () => [Math.floor(next() * 50), 0, Math.floor(next() * 100), Math.floor(next() * 80)]));
      }
      const raw = { version: 3 as const, sources: ['a.js'], names: [], mappings: encodeMappings(lines) };
      const ours = new SourceMap(raw);
      const trace = new TraceMap(raw);
      for (let line = 1; line <= 5; line++) {
        for (let column = 0; column < 52; column++) {
          for (const [bias, traceBias] of [[GREATEST_LOWER_BOUND, TRACE_GLB], [LEAST_UPPER_BOUND, TRACE_LUB]] as const) {
            const expected = traceOriginal(trace, { line, column, bias: traceBias });
            expect(ours.originalPositionFor({ line, column, bias })).toEqual(expected);
          }
        }
      }
    }
  });
});
