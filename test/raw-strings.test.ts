// From bytes, `names` stays unparsed when all its items are strings, and `sourcesContent`
// when all its items are strings or nulls (src/raw-strings.ts): a lookup decodes just the
// name it returns, sourceContentAt just the source it returns. Every item must come out
// exactly as JSON.parse gives it, and a `names` that is not all strings must take the usual
// path, with the same errors and warnings, strict or lenient. From bytes, the index of the
// items comes from the JSON scan, which must write the same index as indexStringArray.
import { describe, expect, it, vi } from 'vitest';
import { SourceMap, SourceMapError } from '../src/index.js';
import { ITEM_ESCAPES, ITEM_NULL, MEMBER_FIELDS, MEMBER_VALUE_END, MEMBER_VALUE_START } from '../src/layout.js';
import { RawStrings } from '../src/raw-strings.js';
import { MAX_ITEM_ENTRIES, indexStringArray, scanJsonMembers } from '../src/wasm.js';
import { random } from './vlq.js';

// The real indexStringArray, watched: from bytes it runs only when the scan left an array
// without an index.
vi.mock('../src/wasm.js', async (importOriginal) => {
  const wasm = await importOriginal<typeof import('../src/wasm.js')>();
  return { ...wasm, indexStringArray: vi.fn(wasm.indexStringArray) };
});

const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text);

// 2,000 random arrays of short strings, and of nulls when `nullShare` > 0, each with its JSON
// text spaced at random.
function* randomArrays(seed: number, nullShare: number): Generator<{ items: (string | null)[]; text: string }> {
  const next = random(seed);
  const alphabet = [...'ab"\\/ é😀\n\t\u0000\u2028nul', '\ud800', '\udc00'];
  const spaces = ['', '', '', ' ', '\n', ' \r\n\t'];
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  for (let i = 0; i < 2000; i++) {
    const items = Array.from({ length: Math.floor(next() * 12) }, () =>
      next() < nullShare ? null : Array.from({ length: Math.floor(next() * 24) }, () => pick(alphabet)).join(''));
    const spaced = items.map((item) => `${pick(spaces)}${JSON.stringify(item)}${pick(spaces)}`).join(',');
    yield { items, text: `[${spaced}${items.length === 0 ? pick(spaces) : ''}]` };
  }
}

// One segment per name, on line 1, column 2i, naming name i.
function mappingsFor(count: number): string {
  const segments = ['AAAAA'];
  for (let i = 1; i < count; i++) segments.push('EAAAC');
  return count === 0 ? 'AAAA' : segments.join(',');
}

function mapText(names: unknown, extra: Record<string, unknown> = {}): string {
  const count = Array.isArray(names) ? names.length : 0;
  return JSON.stringify({ version: 3, sources: ['a.js'], names, mappings: mappingsFor(count), ...extra });
}

// Each name as a lookup returns it, then by nameAt, then the whole list: in that order, so
// that the lookups and nameAt read the unparsed array before `names` parses it.
function namesOf(map: SourceMap, count: number) {
  const looked = Array.from({ length: count }, (_, i) => map.originalPositionFor({ line: 1, column: 2 * i }).name);
  const at = Array.from({ length: count }, (_, i) => map.nameAt(i));
  return { looked, at, names: map.names };
}

function outcome(make: () => SourceMap, count: number) {
  try {
    const map = make();
    return { ...namesOf(map, count), warnings: map.warnings.map((w) => ({ ...w })) };
  } catch (error) {
    if (!(error instanceof SourceMapError)) throw error;
    return { code: error.code, field: error.field, message: error.message };
  }
}

function same(text: string, count: number, options = {}): void {
  const fromText = outcome(() => new SourceMap(text, options), count);
  expect(outcome(() => new SourceMap(bytesOf(text), options), count)).toEqual(fromText);
}

function expectNames(text: string, expected: string[]): void {
  const map = new SourceMap(bytesOf(text));
  expect(namesOf(map, expected.length)).toEqual({ looked: expected, at: expected, names: expected });
}

describe('unparsed names give exactly what JSON.parse gives', () => {
  const cases: [string, string[]][] = [
    ['plain', ['a', 'bb', 'ccc']],
    ['escaped quote and backslash', ['say "hi"', 'back\\slash', '\\', '"', '\\"', '"\\', 'end\\']],
    ['every short escape', ['\b\f\n\r\t', '/', 'tab\there']],
    ['non-ASCII UTF-8', ['é', 'ü', '日本語', '😀', 'a😀b', '\u2028\u2029', 'Ω≈ç√']],
    ['a BOM at the start of a name', ['\uFEFFbom', 'x']],
    ['empty strings', ['', 'a', '', '']],
    ['control characters (escaped by JSON.stringify)', ['\u0000', '\u001f', 'a\u0001b']],
    ['a lone surrogate (escaped by JSON.stringify)', ['\ud800', 'x\udc00y', '\ud83d']],
    ['one name', ['only']],
    ['long names', ['x'.repeat(1000), `${'y'.repeat(33)}\\${'z'.repeat(17)}`]],
  ];
  it.each(cases)('%s', (_, names) => {
    expectNames(mapText(names), names);
    same(mapText(names), names.length);
  });

  it('escapes written as \\uXXXX, including surrogate pairs, and \\/', () => {
    const text = mapText(['PLACEHOLDER', 'x']).replace('"PLACEHOLDER"', '"\\u00e9\\ud83d\\ude00\\/\\u0041"');
    expectNames(text, ['é😀/A', 'x']);
    same(text, 2);
  });

  it('whitespace around and between the items', () => {
    const text = mapText(['', '', '', '']).replace('["","","",""]', '[ \n\t"a" ,\r\n  "b\\"c"\n,"" ,  "d"\n ]');
    expectNames(text, ['a', 'b"c', '', 'd']);
    expectNames(JSON.stringify(JSON.parse(mapText(['p', 'q\\', 'r'])), null, 2), ['p', 'q\\', 'r']);
  });

  it('an empty names array, and none at all', () => {
    expectNames(mapText([]), []);
    expectNames(mapText([]).replace('[]', '[ \n ]'), []);
    expectNames(JSON.stringify({ version: 3, sources: ['a.js'], mappings: 'AAAA' }), []);
  });

  it('quotes and backslashes at every offset of the 16-byte blocks', () => {
    for (let pad = 0; pad < 40; pad++) {
      const names = ['a'.repeat(pad), `${'b'.repeat(pad)}\\`, `"${'c'.repeat(pad % 17)}"`, '\\\\', `${'d'.repeat(pad)}é\\"`];
      expectNames(mapText(names), names);
    }
  });

  it('agrees with the text path on thousands of random names arrays', () => {
    for (const { items, text } of randomArrays(426, 0)) {
      const names = items as string[];
      expectNames(mapText(names).replace(JSON.stringify(names), text), names);
      const raw = new RawStrings(bytesOf(text), names.length);
      expect(names.map((_, at) => raw.at(at))).toEqual(names);
    }
  });

  it('is what eachMapping, toJSON and an index map of bytes see', () => {
    const names = ['first', 'sé"cond', '😀'];
    const map = new SourceMap(bytesOf(mapText(names)));
    const seen: (string | null)[] = [];
    map.eachMapping((mapping) => seen.push(mapping.name));
    expect(seen).toEqual(names);
    expect(new SourceMap(bytesOf(mapText(names))).toJSON().names).toEqual(names);
    const index = JSON.stringify({ version: 3, sections: [{ offset: { line: 0, column: 0 }, map: JSON.parse(mapText(names)) }, { offset: { line: 5, column: 0 }, map: JSON.parse(mapText(['z'])) }] });
    const fromIndex = new SourceMap(bytesOf(index));
    expect(fromIndex.names).toEqual([...names, 'z']);
    expect(fromIndex.originalPositionFor({ line: 6, column: 0 }).name).toBe('z');
  });

  it('nameAt: null for an index that names no name', () => {
    const map = new SourceMap(bytesOf(mapText(['a', 'b'])));
    for (const index of [-1, 2, 1.5, Number.NaN, Infinity]) expect(map.nameAt(index)).toBeNull();
    expect(map.nameAt(1)).toBe('b');
    expect(new SourceMap(mapText(['a', 'b'])).nameAt(2)).toBeNull();
  });

  it('keeps answering the same after every name was decoded one by one', () => {
    const names = ['a', 'b\\n', 'c'];
    const map = new SourceMap(bytesOf(mapText(names)));
    expect(namesOf(map, 3).at).toEqual(names);
    expect(namesOf(map, 3)).toEqual({ looked: names, at: names, names });
  });
});

describe('a names array that is not all strings takes the usual path', () => {
  const cases: [string, unknown][] = [
    ['a null', ['a', null, 'c']],
    ['a number', ['a', 1, 'c']],
    ['only nulls', [null, null]],
    ['a boolean, an object, an array', ['a', true, { b: 1 }, ['c']]],
    ['not an array: a string', 'abc'],
    ['not an array: an object', { 0: 'a' }],
    ['not an array: null', null],
  ];
  for (const strict of [true, false]) {
    it.each(cases)(`%s (${strict ? 'strict' : 'lenient'})`, (_, names) => {
      const count = Array.isArray(names) ? names.length : 0;
      same(mapText(names), count, { strict });
    });
  }

  it('warns about the same items when lenient', () => {
    const map = new SourceMap(bytesOf(mapText(['a', null, 2])), { strict: false });
    expect(map.warnings.map((w) => w.field)).toEqual(['names[1]', 'names[2]']);
    expect(map.names).toEqual(['a', '', '']);
  });

  it('duplicate names keys: the last wins, as JSON.parse has it', () => {
    const text = mapText(['a', 'b']).replace('{', '{"names":["x","y"],');
    same(text, 2);
    same(mapText(['a', 'b']).replace('{', '{"names":[null,1],'), 2, { strict: false });
    same(mapText([1, 2]).replace('{', '{"names":["x","y"],'), 2, { strict: false });
  });
});

describe('RawStrings', () => {
  it('parses the whole array when its item count is not the one expected', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(new RawStrings(bytesOf('["a","b"]'), 3).at(1)).toBe('b');
      expect(parse).toHaveBeenLastCalledWith('["a","b"]');
      expect(new RawStrings(bytesOf('["a",null,"b"]'), 2).at(2)).toBe('b');
      expect(parse).toHaveBeenLastCalledWith('["a",null,"b"]');
    } finally {
      parse.mockRestore();
    }
    expect(new RawStrings(bytesOf('["a","b"]'), 2).all()).toEqual(['a', 'b']);
  });

  it('decodes items in any order, and parses all of them once', () => {
    const names = new RawStrings(bytesOf('["a","b\\"",""]'), 3);
    expect([names.at(2), names.at(0), names.at(1), names.at(0)]).toEqual(['', 'a', 'b"', 'a']);
    const all = names.all();
    expect(all).toEqual(['a', 'b"', '']);
    expect(names.all()).toBe(all);
    expect(names.at(1)).toBe('b"');
    expect(names.length).toBe(3);
  });
});

describe('unparsed sourcesContent gives exactly what JSON.parse gives', () => {
  const contentText = (content: unknown, sourceCount: number) =>
    JSON.stringify({ version: 3, sources: Array.from({ length: sourceCount }, (_, i) => `s${i}.js`), sourcesContent: content, mappings: 'A' });

  // Each source's text by sourceContentAt, then by sourceContentFor, then the whole list: in
  // that order, so that the first two read the unparsed array before the list parses it.
  function contentsOf(map: SourceMap) {
    const count = map.sources.length;
    const at = Array.from({ length: count }, (_, i) => map.sourceContentAt(i));
    const named = Array.from({ length: count }, (_, i) => map.sourceContentFor(`s${i}.js`));
    return { at, named, all: [...map.sourcesContent] };
  }

  function expectContent(text: string, expected: (string | null)[]): void {
    expect(contentsOf(new SourceMap(bytesOf(text)))).toEqual({ at: expected, named: expected, all: expected });
    expect(contentsOf(new SourceMap(text))).toEqual({ at: expected, named: expected, all: expected });
  }

  const cases: [string, (string | null)[]][] = [
    ['plain', ['a', 'bb', 'ccc']],
    ['nulls first, last, between and side by side', [null, 'a', null, null, 'b', null]],
    ['only nulls', [null, null, null]],
    ['escapes, quotes, backslashes', ['line\n"quoted"\t\\', '\\', '"', 'end\\']],
    ['non-ASCII UTF-8 and a BOM', ['é 😀 \u2028', '\uFEFFbom', '日本語']],
    ['control characters and lone surrogates', ['\u0000', '\ud800', 'x\udc00y']],
    ['empty strings', ['', null, '']],
  ];
  it.each(cases)('%s', (_, content) => expectContent(contentText(content, content.length), content));

  it('whitespace around and between the items, nulls included', () => {
    const text = contentText(['', '', '', ''], 4).replace('["","","",""]', '[ \n null ,\t"a\\nb" ,\r\n null\n,"n" ]');
    expectContent(text, [null, 'a\nb', null, 'n']);
  });

  it('quotes, backslashes and nulls at every offset of the 16-byte blocks', () => {
    for (let pad = 0; pad < 40; pad++) {
      const content = ['a'.repeat(pad), null, `${'b'.repeat(pad)}\\`, `"${'n'.repeat(pad % 17)}"`, null, `${'d'.repeat(pad)}é\\"`];
      expectContent(contentText(content, content.length), content);
    }
  });

  it('an array of one item: a string, escaped or not, or a null, with whitespace around', () => {
    const one = (item: string) => contentText(['@'], 1).replace('["@"]', item);
    expectContent(one('[ \n "a\\nb\\"" \t]'), ['a\nb"']);
    expectContent(one('["plain é"]'), ['plain é']);
    expectContent(one('[""]'), ['']);
    expectContent(one('[null]'), [null]);
    expectContent(one('[ \r\n null\n ]'), [null]);
    expectContent(one('["\\ud800 lone"]'), ['\ud800 lone']);
    expectContent(one('["\\ud83d\\ude00 pair"]'), ['😀 pair']);
  });

  it('a sourcesContent shorter or longer than sources, and none at all', () => {
    expectContent(contentText(['A', null], 4), ['A', null, null, null]);
    expectContent(contentText(['A', 'B', 'C'], 2), ['A', 'B']);
    expectContent(contentText([], 2), [null, null]);
    expectContent(JSON.stringify({ version: 3, sources: ['s0.js', 's1.js'], mappings: 'AAAA' }), [null, null]);
  });

  it('agrees with the text path on thousands of random arrays of strings and nulls', () => {
    for (const { items, text } of randomArrays(4260, 0.3)) {
      expectContent(contentText(items, items.length).replace(JSON.stringify(items), text), items);
      const raw = new RawStrings<string | null>(bytesOf(text), items.length);
      expect(items.map((_, at) => raw.at(at))).toEqual(items);
    }
  });

  it('decodes only the source asked for', () => {
    const map = new SourceMap(bytesOf(contentText(['first\\n', 'second\n"x"', null, 'third\t'], 4)));
    const parse = vi.spyOn(JSON, 'parse');
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    try {
      expect(map.sourceContentAt(1)).toBe('second\n"x"');
      expect(map.sourceContentFor('s2.js')).toBeNull();
      expect(parse).not.toHaveBeenCalled();
      // The item's UTF-8 once unescaped (10 bytes), not the array's text.
      expect(decode.mock.calls.map(([bytes]) => (bytes as Uint8Array).length)).toEqual([10]);
    } finally {
      parse.mockRestore();
      decode.mockRestore();
    }
  });

  it('each section of an index map, with and without sourcesContent', () => {
    const section = (line: number, sources: string[], sourcesContent?: (string | null)[]) =>
      ({ offset: { line, column: 0 }, map: { version: 3, sources, mappings: 'AAAA', ...(sourcesContent ? { sourcesContent } : {}) } });
    const text = JSON.stringify({
      version: 3,
      sections: [
        section(0, ['s0.js', 's1.js'], ['A', null]),
        section(1, ['s2.js']),
        section(2, ['s3.js', 's4.js', 's5.js'], ['D\n"d"', 'E']),
        section(3, ['s6.js'], ['G']),
      ],
    });
    expectContent(text, ['A', null, null, 'D\n"d"', 'E', null, 'G']);
  });

  it('sourceContentAt: null for an index that names no source', () => {
    for (const map of [new SourceMap(bytesOf(contentText(['A', 'B'], 2))), new SourceMap(contentText(['A', 'B'], 2))]) {
      for (const index of [-1, 2, 1.5, Number.NaN, Infinity]) expect(map.sourceContentAt(index)).toBeNull();
      expect(map.sourceContentAt(1)).toBe('B');
    }
  });

  it('lenient: an item that is not a string or null is null, as on the text path', () => {
    const text = contentText(['A', 1, 'C'], 3);
    const map = new SourceMap(bytesOf(text), { strict: false });
    expect([0, 1, 2].map((i) => map.sourceContentAt(i))).toEqual(['A', null, 'C']);
    expect(contentsOf(map)).toEqual(contentsOf(new SourceMap(text, { strict: false })));
  });
});

describe("the JSON scan's index of an array's items", () => {
  // The scan's index of each top-level member of `text` (undefined: none), and the bytes of
  // its value.
  function scanned(text: string) {
    const bytes = bytesOf(text);
    const scan = scanJsonMembers(bytes);
    if (!scan) throw new Error('the scan did not vouch for the document');
    return scan.itemIndexes.map((items, member) => {
      const at = member * MEMBER_FIELDS;
      return { items, value: bytes.subarray(scan.members[at + MEMBER_VALUE_START], scan.members[at + MEMBER_VALUE_END]) };
    });
  }

  it('is the index indexStringArray writes, on thousands of random arrays of strings and nulls', () => {
    for (const { items, text } of randomArrays(42600, 0.3)) {
      const [first, second] = scanned(`{"a": ${text},\n"b":${text}}`);
      const expected = indexStringArray(first.value, items.length);
      expect(expected).toBeDefined();
      expect(first.items).toEqual(expected);
      expect(second.items).toEqual(expected);
    }
  });

  it('is written only for a top-level array of strings and nulls', () => {
    const members = scanned(
      '{"s":"a","n":1,"o":{"names":["a"]},"t":true,"mixed":["a",1],"nested":["a",["b"]],"objects":[{"a":"b"}],' +
        '"empty":[],"last":["c",null,"d\\n"]}',
    );
    expect(members.map(({ items }) => items && [...items])).toEqual([
      undefined, undefined, undefined, undefined, undefined, undefined, undefined, [], [1, 5 | ITEM_NULL, 10 | ITEM_ESCAPES],
    ]);
  });

  it('leaves an array whose entries do not fit to indexStringArray, and indexes the next', () => {
    const names = Array.from({ length: MAX_ITEM_ENTRIES + 1 }, (_, i) => `n${i}`);
    const text = JSON.stringify({
      version: 3, sources: ['a.js', 'b.js'], names, sourcesContent: ['A', 'B\n'], mappings: 'AAAAA,CAAAC',
    });
    const members = scanned(text);
    expect(members.map(({ items }) => items?.length)).toEqual([undefined, 2, undefined, 2, undefined]);
    const index = vi.mocked(indexStringArray);
    index.mockClear();
    const map = new SourceMap(bytesOf(text));
    expect(map.sourceContentAt(1)).toBe('B\n');
    expect(index).not.toHaveBeenCalled();
    expect(map.originalPositionFor({ line: 1, column: 0 }).name).toBe('n0');
    expect(map.originalPositionFor({ line: 1, column: 1 }).name).toBe('n1');
    expect(map.nameAt(MAX_ITEM_ENTRIES)).toBe(`n${MAX_ITEM_ENTRIES}`);
    expect(index).toHaveBeenCalledTimes(1);
  });

  it('is the one a map from bytes reads: no array is indexed again', () => {
    const index = vi.mocked(indexStringArray);
    index.mockClear();
    const map = new SourceMap(bytesOf(mapText(['a', 'b"c'], { sourcesContent: ['x\n'] })));
    expect(map.originalPositionFor({ line: 1, column: 2 }).name).toBe('b"c');
    expect(map.sourceContentAt(0)).toBe('x\n');
    expect(index).not.toHaveBeenCalled();
  });
});
