// Every error a user can trigger: its code, its message, where it points; and that the
// module answers the next map correctly afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_MAP_ERROR_CODES, SourceMap, SourceMapError, type SourceMapErrorCode } from '../src/index.js';
import { scratchForTesting } from '../src/wasm.js';
import { caught } from './helpers.js';

const regular = (fields: Record<string, unknown> = {}) => ({ version: 3, sources: ['a.js'], names: ['n'], mappings: 'AAAA', ...fields });
const indexMap = (sections: unknown[], fields: Record<string, unknown> = {}) => ({ version: 3, sections, ...fields });
const section = (line: number, column: number, map: unknown = regular()) => ({ offset: { line, column }, map });

// [code, what triggers it, a phrase its message must hold, fields it must carry]
type Case = [SourceMapErrorCode, () => unknown, string, Record<string, unknown>?];

const valid = () => new SourceMap(regular());

const cases: Case[] = [
  ['INVALID_INPUT', () => new SourceMap(42 as unknown as string), 'string, a Uint8Array or an object'],
  ['INVALID_INPUT', () => new SourceMap(null as unknown as string), 'not null'],
  ['INVALID_JSON', () => new SourceMap('{"version": 3,'), 'not valid JSON'],
  ['INVALID_JSON', () => new SourceMap('[1, 2]'), 'must be a JSON object, not an array'],
  ['INVALID_JSON', () => new SourceMap(new Uint8Array([0x7b, 0xff, 0x7d])), 'not valid UTF-8'],
  ['UNSUPPORTED_VERSION', () => new SourceMap(regular({ version: 2 })), 'must be the number 3', { field: 'version' }],
  ['UNSUPPORTED_VERSION', () => new SourceMap(regular({ version: undefined })), 'no "version" field'],
  ['MISSING_FIELD', () => new SourceMap(regular({ mappings: undefined })), 'no "mappings"', { field: 'mappings' }],
  ['MISSING_FIELD', () => new SourceMap(regular({ sources: undefined })), 'no "sources"', { field: 'sources' }],
  ['MISSING_FIELD', () => new SourceMap(indexMap([{ map: regular() }])), 'has no "offset"', { field: 'sections[0].offset' }],
  ['MISSING_FIELD', () => new SourceMap(indexMap([{ offset: { line: 0, column: 0 } }])), 'has no "map"', { field: 'sections[0].map' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ mappings: 7 })), '"mappings" must be a string', { field: 'mappings' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ sources: 'a.js' })), '"sources" must be an array', { field: 'sources' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ sources: ['a.js', 1] })), '"sources[1]" must be a string or null', { field: 'sources[1]' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ sourcesContent: [{}] })), '"sourcesContent[0]"', { field: 'sourcesContent[0]' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ names: [null] })), '"names[0]" must be a string', { field: 'names[0]' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ file: 1 })), '"file" must be a string', { field: 'file' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ sourceRoot: [] })), '"sourceRoot" must be a string', { field: 'sourceRoot' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ ignoreList: [3] })), 'not the index of one of the 1 sources', { field: 'ignoreList[0]' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ x_google_ignoreList: ['0'] })), 'must be a source index', { field: 'x_google_ignoreList[0]' }],
  ['INVALID_FIELD', () => new SourceMap(regular({ debugId: 'not a uuid' })), 'must be a UUID', { field: 'debugId' }],
  ['INVALID_FIELD', () => new SourceMap(indexMap('x' as unknown as unknown[])), '"sections" must be an array'],
  ['INVALID_FIELD', () => new SourceMap(indexMap([section(-1, 0)])), 'integer from 0', { field: 'sections[0].offset.line' }],
  ['INVALID_FIELD', () => new SourceMap(indexMap([section(0, 0, regular({ mappings: 1 }))])), '"sections[0].map.mappings" must be a string'],
  ['INVALID_OPTION', () => new SourceMap(regular(), { url: 5 as unknown as string }), 'options.url must be a string', { field: 'url' }],
  ['INVALID_OPTION', () => new SourceMap(regular(), 'strict' as unknown as object), 'options must be an object'],
  ['MAPPINGS_WITH_SECTIONS', () => new SourceMap(indexMap([], { mappings: 'AAAA' })), 'must not have "mappings"'],
  ['NESTED_INDEX_MAP', () => new SourceMap(indexMap([section(0, 0, indexMap([]))])), 'itself an index map'],
  ['SECTIONS_UNORDERED', () => new SourceMap(indexMap([section(2, 0), section(1, 5)])), 'before the previous section'],
  ['SECTIONS_OVERLAP', () => new SourceMap(indexMap([section(0, 0, regular({ mappings: 'AAAA,UAAA' })), section(0, 10)])), 'start of the next section', { section: 0, segment: 1, offset: 5, generatedLine: 1 }],
  ['INVALID_BASE64', () => new SourceMap(regular({ mappings: 'AAAA;AA=A' })), 'outside the base64 alphabet', { offset: 7, generatedLine: 2, segment: 0 }],
  ['INVALID_BASE64', () => new SourceMap(regular({ mappings: 'AAAA,é' })), 'outside the base64 alphabet', { offset: 5 }],
  ['INVALID_BASE64', () => new SourceMap(regular({ mappings: 'AAAAé' })), 'outside the base64 alphabet', { offset: 4 }],
  ['INVALID_BASE64', () => new SourceMap(regular({ mappings: 'AAAA\u{1F600}' })), 'outside the base64 alphabet', { offset: 4 }],
  ['VLQ_UNTERMINATED', () => new SourceMap(regular({ mappings: 'AAAA,Ag' })), 'continuation bit', { offset: 7, segment: 1 }],
  ['VLQ_OVERFLOW', () => new SourceMap(regular({ mappings: 'AAAA;;ggggggE' })), '32-bit', { offset: 6, generatedLine: 3 }],
  ['INVALID_SEGMENT', () => new SourceMap(regular({ mappings: 'AAAA,,AAAA' })), 'an empty segment', { offset: 5, segment: 1 }],
  ['INVALID_SEGMENT', () => new SourceMap(regular({ mappings: 'AAAA,' })), 'an empty segment', { offset: 5 }],
  ['INVALID_SEGMENT', () => new SourceMap(regular({ mappings: 'AAAA,;' })), 'an empty segment', { offset: 5 }],
  ['INVALID_SEGMENT', () => new SourceMap(regular({ mappings: ',AAAA' })), 'an empty segment', { offset: 0 }],
  ['INVALID_SEGMENT', () => new SourceMap(regular({ mappings: 'AA' })), 'a segment of 2 fields', { offset: 0, segment: 0 }],
  ['INVALID_SEGMENT', () => new SourceMap(regular({ mappings: 'AAA' })), 'a segment of 3 fields'],
  ['INVALID_SEGMENT', () => new SourceMap(regular({ mappings: 'AAAA;AAAAAA' })), 'a segment of 6 fields', { offset: 5, generatedLine: 2 }],
  ['NEGATIVE_VALUE', () => new SourceMap(regular({ mappings: 'C,F' })), 'negative generated column', { offset: 2, segment: 1 }],
  ['NEGATIVE_VALUE', () => new SourceMap(regular({ mappings: 'ADAA' })), 'negative source index'],
  ['NEGATIVE_VALUE', () => new SourceMap(regular({ mappings: 'AACA,AAFA' })), 'negative original line', { segment: 1 }],
  ['NEGATIVE_VALUE', () => new SourceMap(regular({ mappings: 'AAAD' })), 'negative original column'],
  ['NEGATIVE_VALUE', () => new SourceMap(regular({ mappings: 'AAAAD' })), 'negative name index'],
  ['VALUE_OVERFLOW', () => new SourceMap(regular({ mappings: '+/////D,C' })), 'generated column past 2^31 - 1', { segment: 1 }],
  ['VALUE_OVERFLOW', () => new SourceMap(indexMap([section(0, 10, regular({ mappings: '+/////D' }))])), 'generated column past'],
  ['SOURCE_OUT_OF_RANGE', () => new SourceMap(regular({ mappings: 'AAAA,ACAA' })), 'past the end of "sources"', { segment: 1, offset: 5 }],
  ['NAME_OUT_OF_RANGE', () => new SourceMap(regular({ mappings: 'AAAAC' })), 'past the end of "names"'],
  ['LIMIT_EXCEEDED', () => new SourceMap(regular({ mappings: 'AAAA,CAAA' }), { maxMappingsBytes: 8 }), 'more than maxMappingsBytes (8)', { field: 'maxMappingsBytes' }],
  ['LIMIT_EXCEEDED', () => new SourceMap(regular({ mappings: 'AAAA;;CAAA,CAAA' }), { maxSegments: 2 }), 'more than maxSegments (2)', { field: 'maxSegments' }],
  ['INVALID_OPTION', () => new SourceMap(regular(), { maxSegments: -1 }), 'options.maxSegments must be an integer', { field: 'maxSegments' }],
  // A section starting at line 2^31 - 1 needs a line index of 2^31 entries (8 GiB): refused.
  ['OUT_OF_MEMORY', () => new SourceMap(indexMap([section(0x7fffffff, 0)])), 'out of memory'],
  ['INVALID_POSITION', () => valid().originalPositionFor({ line: 0, column: 0 }), 'lines are 1-based'],
  ['INVALID_POSITION', () => valid().originalPositionFor({ line: 1.5, column: 0 }), 'line must be an integer'],
  ['INVALID_POSITION', () => valid().originalPositionFor({ line: 1, column: -1 }), 'columns are 0-based'],
  ['INVALID_POSITION', () => valid().originalPositionFor({ line: 1, column: Number.NaN }), 'column must be an integer'],
  ['INVALID_POSITION', () => valid().originalPositionFor({ line: 1, column: 0, bias: 2 as 1 }), 'bias must be'],
  ['DISPOSED', () => { const m = valid(); m.dispose(); return m.originalPositionFor({ line: 1, column: 0 }); }, 'was disposed'],
  ['INTERNAL', () => withTrappingScratch(() => new SourceMap(regular())), 'internal error'],
];

// Makes the scratch instance trap on its next decode (a real wasm trap: a load far outside
// its memory), to check that the trap surfaces as INTERNAL and poisons nothing. Both ways
// into a decode trap: the count before an in-place decode, and the scratch decode itself.
function withTrappingScratch(action: () => unknown): unknown {
  const real = scratchForTesting.get();
  const { exports } = real;
  const trap = (): number => {
    exports.attach(0x7ffffff0, 0x7ffffff0, 1);
    return exports.findRow(0, 0, 1);
  };
  scratchForTesting.set({ memory: real.memory, exports: { ...exports, decode: trap, countSegments: trap } });
  return action();
}

describe('errors', () => {
  it.each(cases.map((c, i) => [i, ...c] as const))('#%i %s', (_, code, action, phrase, fields) => {
    const error = caught(action);
    expect(error.code).toBe(code);
    expect(error.name).toBe('SourceMapError');
    expect(error.message).toContain(phrase);
    if (fields) expect(error).toMatchObject(fields);
    // After any error, the module answers the next map correctly.
    expect(new SourceMap(regular({ mappings: 'AAAA;CACAA' })).originalPositionFor({ line: 2, column: 3 }))
      .toEqual({ source: 'a.js', line: 2, column: 0, name: 'n' });
  });

  it('covers every error code', () => {
    const covered = new Set(cases.map(([code]) => code));
    expect(SOURCE_MAP_ERROR_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });
});

describe('lenient mode ({ strict: false })', () => {
  const lenient = (json: object) => new SourceMap(json, { strict: false });

  it('skips invalid segments and keeps the rest, listing what it skipped', () => {
    // Columns: AA is skipped, 2, 3, 3 - 4 = -1 (dropped; the state keeps -1, as the spec's), -1 + 5 = 4.
    const m = lenient(regular({ mappings: 'AA,EAAA,C,J,KACA;AAAAC,AAAA,,AAAA', names: [] }));
    expect(m.warnings.map((w) => w.code)).toEqual(['INVALID_SEGMENT', 'NEGATIVE_VALUE', 'NAME_OUT_OF_RANGE', 'INVALID_SEGMENT']);
    expect(m.warnings[0]).toMatchObject({ offset: 0, generatedLine: 1, segment: 0 });
    expect(m.warnings[1]).toMatchObject({ offset: 10, generatedLine: 1, segment: 3 });
    expect(m.originalPositionFor({ line: 1, column: 2 })).toEqual({ source: 'a.js', line: 1, column: 0, name: null });
    expect(m.originalPositionFor({ line: 1, column: 3 }).source).toBeNull();
    expect(m.originalPositionFor({ line: 1, column: 4 })).toMatchObject({ line: 2, column: 0 });
    // A name index out of range leaves the mapping nameless.
    expect(m.originalPositionFor({ line: 2, column: 0 })).toEqual({ source: 'a.js', line: 2, column: 0, name: null });
  });

  it('leaves a mapping with a source index out of range unmapped', () => {
    const m = lenient(regular({ mappings: 'ACAA' }));
    expect(m.warnings.map((w) => w.code)).toEqual(['SOURCE_OUT_OF_RANGE']);
    expect(m.originalPositionFor({ line: 1, column: 0 })).toEqual({ source: null, line: null, column: null, name: null });
  });

  it('uses the spec fallback for wrongly typed fields', () => {
    const m = lenient(regular({ version: '3', file: 1, sourceRoot: {}, sources: ['a.js', 7], names: [null, 'x'], sourcesContent: 'x', ignoreList: [0, 9, 'a'] }));
    expect(m.file).toBeNull();
    expect(m.sourceRoot).toBeNull();
    expect(m.sources).toEqual(['a.js', null]);
    expect(m.names).toEqual(['', 'x']);
    expect(m.sourcesContent).toEqual([null, null]);
    expect(m.ignoreList).toEqual([0]);
    expect(m.warnings.map((w) => w.field)).toEqual(['version', 'sources[1]', 'file', 'sourceRoot', 'sourcesContent', 'names[0]', 'ignoreList[1]', 'ignoreList[2]']);
  });

  it('clips a section where the next starts, skips unordered, nested and broken sections', () => {
    const m = lenient(indexMap([
      section(0, 0, regular({ mappings: 'AAAA,UAAC' })), // the segment at column 10 overlaps section 1
      section(0, 10, regular({ sources: ['b.js'], mappings: 'AAAA' })),
      section(0, 5), // before section 1: skipped
      section(1, 0, indexMap([])), // nested: skipped
      section(2, 0, regular({ mappings: 'A$' })), // unparsable: its mappings skipped
      section(3, 0, regular({ sources: ['c.js'], mappings: 'AAAA' })),
    ]));
    // JSON-level problems first, then what the decoder skipped.
    expect(m.warnings.map((w) => w.code)).toEqual(['SECTIONS_UNORDERED', 'NESTED_INDEX_MAP', 'INVALID_BASE64', 'SECTIONS_OVERLAP']);
    expect(m.originalPositionFor({ line: 1, column: 10 }).source).toBe('b.js');
    expect(m.originalPositionFor({ line: 1, column: 9 }).source).toBe('a.js');
    expect(m.originalPositionFor({ line: 3, column: 0 }).source).toBeNull();
    expect(m.originalPositionFor({ line: 4, column: 0 }).source).toBe('c.js');
  });

  it('still rejects what no peer accepts: unparsable mappings of a regular map, bad JSON', () => {
    expect(caught(() => lenient(regular({ mappings: 'AA=A' }))).code).toBe('INVALID_BASE64');
    expect(caught(() => new SourceMap('{', { strict: false })).code).toBe('INVALID_JSON');
    expect(caught(() => lenient(regular({ sources: 1 }))).code).toBe('INVALID_FIELD');
  });

  it('keeps the first 64 mapping warnings and counts no further', () => {
    const m = lenient(regular({ mappings: Array(100).fill('AA').join(',') }));
    expect(m.warnings).toHaveLength(64);
    expect(m.segmentCount).toBe(0);
  });
});

afterAll(() => {
  scratchForTesting.set(undefined);
});
