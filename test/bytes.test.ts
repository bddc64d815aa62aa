// The fast path for bytes (wasm JSON scan, mappings decoded from the bytes, lazy
// sourcesContent and names) must answer exactly as the text path does, and reject exactly
// what it rejects.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceMap, SourceMapError } from '../src/index.js';
import { BENCH_MAPS, hasBenchMaps } from './helpers.js';
import { random } from './vlq.js';

const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text);

function outcome(make: () => SourceMap) {
  try {
    const map = make();
    return {
      file: map.file, sourceRoot: map.sourceRoot, sources: map.sources, names: map.names,
      sourcesContent: map.sourcesContent, ignoreList: map.ignoreList, debugId: map.debugId,
      warnings: map.warnings.map((w) => w.code), mappings: map.decodedMappings(),
    };
  } catch (error) {
    if (!(error instanceof SourceMapError)) throw error;
    return { code: error.code, offset: error.offset };
  }
}

function same(text: string, options = {}): void {
  expect(outcome(() => new SourceMap(bytesOf(text), options))).toEqual(outcome(() => new SourceMap(text, options)));
}

describe.skipIf(!hasBenchMaps)('bytes and text give the same map: bench maps', () => {
  for (const name of readdirSync(BENCH_MAPS).filter((file) => file.endsWith('.map'))) {
    it(name, () => {
      const bytes = readFileSync(`${BENCH_MAPS}${name}`);
      const fromBytes = new SourceMap(new Uint8Array(bytes));
      const fromText = new SourceMap(bytes.toString('utf8'));
      expect(fromBytes.segmentCount).toBe(fromText.segmentCount);
      expect(fromBytes.lineCount).toBe(fromText.lineCount);
      expect(fromBytes.sources).toEqual(fromText.sources);
      // Lookups first: they decode names one by one from the unparsed array, before
      // `names` parses all of it.
      const next = random(name.length);
      for (let i = 0; i < 20000; i++) {
        const needle = { line: 1 + Math.floor(next() * fromText.lineCount), column: Math.floor(next() * 3000) };
        expect(fromBytes.originalPositionFor(needle)).toEqual(fromText.originalPositionFor(needle));
      }
      const eachName = new SourceMap(new Uint8Array(bytes));
      expect(Array.from(fromText.names, (_, i) => eachName.nameAt(i))).toEqual(fromText.names);
      expect(fromBytes.names).toEqual(fromText.names);
      expect(fromBytes.sourcesContent).toEqual(fromText.sourcesContent);
    });
  }
});

describe('bytes and text give the same map: tricky documents', () => {
  const base = { version: 3, file: 'out.js', sources: ['a.js', 'b.js'], sourcesContent: ['A', null], names: ['x'], mappings: 'AAAAA,CACA;AAAA' };
  const cases: [string, string][] = [
    ['plain', JSON.stringify(base)],
    ['pretty', JSON.stringify(base, null, 2)],
    ['escapes in mappings', JSON.stringify(base).replace('"AAAAA', '"\\u0041AAAA')],
    ['an escaped key', JSON.stringify(base).replace('"mappings"', '"mapp\\u0069ngs"')],
    ['duplicate keys: the last wins', JSON.stringify(base).replace('{', '{"mappings":"ZZZZ$","names":[1],')],
    ['a __proto__ key', JSON.stringify(base).replace('{', '{"__proto__":{"names":["evil"]},')],
    ['__proto__ as a source and a name', JSON.stringify({ ...base, sources: ['__proto__', 'constructor'], names: ['prototype'] })],
    ['non-ASCII content', JSON.stringify({ ...base, sourcesContent: ['é 😀 \u2028', 'ü'] })],
    ['escaped content', JSON.stringify({ ...base, sourcesContent: ['line\n"quoted"\t\\', '\u0000'] })],
    ['sourcesContent not strings', JSON.stringify({ ...base, sourcesContent: [1, null] })],
    ['sourcesContent longer than sources', JSON.stringify({ ...base, sourcesContent: ['A', 'B', 'C'] })],
    ['a BOM', `\uFEFF${JSON.stringify(base)}`],
    ['the XSSI guard', `)]}'\n${JSON.stringify(base)}`],
    ['the XSSI guard, CRLF', `)]}'\r\n${JSON.stringify(base)}`],
    ['numbers', JSON.stringify({ ...base, x: [0, -0, 1.5e10, -2E-3, 1e400, 123456789012345678901234567890] })],
    ['literals', JSON.stringify({ ...base, x: [true, false, null, {}, [], [[[]]], { a: { b: [null] } }] })],
    ['empty object', '{}'],
    ['an index map', JSON.stringify({ version: 3, sections: [{ offset: { line: 0, column: 0 }, map: base }] })],
    ['not an object', '[1]'],
    ['truncated', JSON.stringify(base).slice(0, 40)],
    ['trailing comma', JSON.stringify(base).replace(/}$/, ',}')],
    ['trailing garbage', `${JSON.stringify(base)} x`],
    ['a bad escape', JSON.stringify(base).replace('"A"', '"\\x41"')],
    ['a raw control character in a string', JSON.stringify(base).replace('"A"', '"\u0001"')],
    ['a lone surrogate escape', JSON.stringify({ ...base, sourcesContent: ['\\ud800', null] }).replace('\\\\ud800', '\\ud800')],
    ['single quotes', "{'version': 3}"],
    ['leading zeros', JSON.stringify(base).replace('"version":3', '"version":03')],
    ['NaN', JSON.stringify(base).replace('"version":3', '"version":NaN')],
    ['deeply nested', `{"version":3,"x":${'['.repeat(100000)}${']'.repeat(100000)},"sources":[],"mappings":""}`],
    ['deep but fine', `{"version":3,"x":${'['.repeat(600)}${']'.repeat(600)},"sources":[],"mappings":""}`],
  ];
  it.each(cases)('%s', (_, text) => same(text));
  it.each(cases)('%s (lenient)', (_, text) => same(text, { strict: false }));

  it('rejects invalid UTF-8 anywhere, sourcesContent included', () => {
    const text = JSON.stringify(base);
    for (const at of [text.indexOf('"A"') + 1, text.indexOf('out.js'), text.indexOf('AAAAA')]) {
      const bytes = bytesOf(text);
      bytes[at] = 0xff;
      const error = outcome(() => new SourceMap(bytes));
      expect(error).toMatchObject({ code: expect.stringMatching(/INVALID_JSON|INVALID_BASE64/) });
    }
    const overlong = new Uint8Array([...bytesOf('{"version":3,"sources":[],"mappings":"","file":"'), 0xc0, 0xaf, ...bytesOf('"}')]);
    expect(outcome(() => new SourceMap(overlong))).toEqual({ code: 'INVALID_JSON', offset: undefined });
    const surrogate = new Uint8Array([...bytesOf('{"version":3,"sources":[],"mappings":"","file":"'), 0xed, 0xa0, 0x80, ...bytesOf('"}')]);
    expect(outcome(() => new SourceMap(surrogate))).toEqual({ code: 'INVALID_JSON', offset: undefined });
    // Within a run of non-ASCII characters, which the scanner reads in one go: a stray byte,
    // and a sequence cut short by the closing quote.
    const run = bytesOf('ééééé');
    for (const bad of [[...run, 0xff, ...run], [...run, 0xc3], [...run, 0xe6, 0x97]]) {
      const bytes = new Uint8Array([...bytesOf('{"version":3,"sources":["a"],"mappings":"","sourcesContent":["'), ...bad, ...bytesOf('"]}')]);
      expect(outcome(() => new SourceMap(bytes))).toEqual({ code: 'INVALID_JSON', offset: undefined });
    }
  });

  it('agrees with the text path on thousands of random mutations', () => {
    const next = random(2024);
    const seeds = [JSON.stringify(base), JSON.stringify({ ...base, sections: undefined, x: { y: [1, 'z\\"', null] } })];
    const alphabet = '{}[]:,"\\ \n0123456789-+.eEtrufalsn/AZaz\u00e9\u{1F600}';
    for (let i = 0; i < 4000; i++) {
      const chars = [...seeds[i % seeds.length]];
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * chars.length);
        const pick = [...alphabet][Math.floor(next() * [...alphabet].length)];
        const what = next();
        if (what < 0.4) chars[at] = pick;
        else if (what < 0.7) chars.splice(at, 0, pick);
        else chars.splice(at, 1);
      }
      same(chars.join(''));
    }
  });
});

describe('bytes and text give the same map: escapes at every offset of a long string', () => {
  // The scanner reads strings 64 bytes at a time and checks two-byte escapes inside a block:
  // each kind of escape, valid or not, at every offset around those blocks.
  const base = { version: 3, sources: ['a.js'], names: ['x'], mappings: 'AAAAA' };
  // Each piece is JSON text, put as it is inside the string.
  const pieces: [string, string][] = [
    ['\\n', 'a newline'],
    ['\\"', 'a quote'],
    ['\\\\', 'a backslash'],
    ['\\\\\\"', 'a backslash, then a quote'],
    ['\\/\\b\\f\\r\\t', 'the other short escapes'],
    ['\\u0041', 'a \\u escape'],
    ['\\ud83d\\ude00', 'a surrogate pair'],
    ['\\x', 'a bad escape'],
    ['\\u00g1', 'a bad \\u escape'],
    ['\\', 'a lone backslash'],
    ['\u0001', 'a raw control character'],
    ['"', 'a quote that ends the string early'],
    ['é😀', 'non-ASCII text'],
    ['日本語のテキスト', 'a run of non-ASCII text'],
    ['é\\n', 'non-ASCII text, then an escape'],
    ['\\n\\t\\"', 'escapes side by side'],
    ['\\\\\\\\', 'two escaped backslashes'],
  ];
  // The document with `piece` at `offset` of a 200-character sourcesContent string, or at
  // its end; the string is of `fill` (`n` may follow a backslash, `x` may not).
  const documentWith = (piece: string, offset: number, atEnd: boolean, fill: string) => {
    const filler = fill.repeat(200);
    const content = atEnd ? filler.slice(0, offset) + piece : filler.slice(0, offset) + piece + filler.slice(offset);
    return JSON.stringify({ ...base, sourcesContent: ['@'] }).replace('"@"', `"${content}"`);
  };
  it.each(pieces)('%s (%s)', (piece) => {
    for (const fill of ['x', 'n']) {
      for (let offset = 0; offset <= 140; offset++) {
        same(documentWith(piece, offset, false, fill));
        same(documentWith(piece, offset, true, fill));
      }
    }
  });
});

describe('lazy sourcesContent', () => {
  it('parses sourcesContent only when it is asked for', () => {
    const map = new SourceMap(bytesOf(JSON.stringify({ version: 3, sources: ['a.js'], sourcesContent: ['hello'], mappings: 'AAAA' })));
    expect(map.sourceContentFor('a.js')).toBe('hello');
    expect(map.sourcesContent).toEqual(['hello']);
  });
});

describe('the caller keeps its bytes', () => {
  // A server may read each .map file into the same buffer: what the map keeps unparsed
  // (sourcesContent, names) must be its own copy, from a Buffer (whose slice() is a view) too.
  it.each([
    ['a Uint8Array', (text: string) => bytesOf(text)],
    ['a Node Buffer', (text: string) => Buffer.from(text)],
  ])('answers the same after the caller overwrites %s', (_, make) => {
    const bytes = make(JSON.stringify({ version: 3, sources: ['a.js', 'b.js'], sourcesContent: ['hello', 'world'], names: ['first', 'second'], mappings: 'AAAAA,CAAAC' }));
    const map = new SourceMap(bytes);
    bytes.fill(0x20);
    // In this order: a lookup's name and a source's text are read from the unparsed arrays by
    // offset, which on bytes overwritten would not fail fast.
    expect(map.sourceContentFor('b.js')).toBe('world');
    expect(map.sourceContentFor('a.js')).toBe('hello');
    expect(map.nameAt(1)).toBe('second');
    expect(map.names).toEqual(['first', 'second']);
    expect(map.originalPositionFor({ line: 1, column: 1 }).name).toBe('second');
  });
});
