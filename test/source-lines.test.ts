// A source's lines (src/source-lines.ts): from bytes, found in the escaped JSON of a
// `sourcesContent` item (assembly/line-index.ts) and unescaped only as asked; from text, sliced
// from the string. Either way the lines must be exactly splitLines() of the source's text, and
// any range of them that range of splitLines()'s list.
import { describe, expect, it, vi } from 'vitest';
import { SourceMap, SourceMapError } from '../src/index.js';
import { linesOfEscaped, linesOfText, type SourceLines } from '../src/source-lines.js';
import { splitLines } from '../src/symbolicate/index.js';
import { unescapeJsonString } from '../src/wasm.js';
import { random } from './vlq.js';

// The real unescapeJsonString, watched: from bytes it sees only the lines asked for.
vi.mock('../src/wasm.js', async (importOriginal) => {
  const wasm = await importOriginal<typeof import('../src/wasm.js')>();
  return { ...wasm, unescapeJsonString: vi.fn(wasm.unescapeJsonString) };
});

const encoder = new TextEncoder();

// The JSON text between the quotes of `text` as JSON.stringify writes it, and then with each
// `\n` and `\r` written as a `\u` escape where `unicode` says (`\u000a`, `\u000D` ...).
function escapedOf(text: string, unicode: () => boolean = () => false): Uint8Array {
  const json = JSON.stringify(text).slice(1, -1);
  return encoder.encode(json.replace(/(?<!\\)((?:\\\\)*)\\([nr])/g, (whole, run: string, letter: string) =>
    unicode() ? `${run}\\u000${letter === 'n' ? (unicode() ? 'a' : 'A') : (unicode() ? 'd' : 'D')}` : whole));
}

// Every range [first, last] of `lines` against splitLines()'s list, and each line alone.
function expectLines(lines: SourceLines, text: string): void {
  const want = splitLines(text);
  expect(lines.lineCount).toBe(want.length);
  for (let first = 1; first <= want.length + 1; first++) {
    for (let last = first - 1; last <= want.length + 2; last++) {
      if (last >= 1) expect(lines.lines(first, last)).toEqual(want.slice(first - 1, last));
    }
    expect(lines.line(first)).toBe(want[first - 1]);
  }
}

function expectBothWays(text: string, unicode?: () => boolean): void {
  expectLines(linesOfText(text), text);
  expectLines(linesOfEscaped(escapedOf(text, unicode)) as SourceLines, text);
}

describe('lines of a text, and of its escaped JSON', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['one line', 'abc'],
    ['a final line feed ends the last line', 'a\nb\n'],
    ['a line feed alone', '\n'],
    ['empty lines', '\n\n\na\n\n'],
    ['CRLF', 'a\r\nb\r\n\r\nc'],
    ['CR alone', 'a\rb\r\rc\r'],
    ['LF CR is two breaks', 'a\n\rb'],
    ['CR then CRLF', 'a\r\r\nb'],
    ['U+2028 and U+2029 do not end a line', 'a\u2028b\u2029c\nd'],
    ['escapes that are not breaks', '"q" \\ / \t \b \f \\n \\\n \\r'],
    ['non-ASCII and surrogate pairs', 'é\n😀 日本\r\n\u0000\n'],
    ['a lone surrogate (JSON.parse reads that part)', 'a\n\ud800\nb\udc00\r\nc'],
  ];
  it.each(cases)('%s', (_, text) => {
    expectBothWays(text);
    expectBothWays(text, () => true);
  });

  it('line breaks and backslashes at every offset of the 64-byte blocks', () => {
    for (let pad = 0; pad < 140; pad++) {
      const text = `${'x'.repeat(pad)}\n${'\\'.repeat(pad % 5)}\r\n${'y'.repeat(pad % 67)}\r${'"'.repeat(pad % 3)}\n`;
      expectLines(linesOfEscaped(escapedOf(text)) as SourceLines, text);
    }
  });

  it('more lines than one every 16 bytes (the second pass, with room for all)', () => {
    const text = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? '' : String(i % 10))).join('\n');
    const lines = linesOfEscaped(escapedOf(text)) as SourceLines;
    expect(lines.lineCount).toBe(5000);
    expect(lines.lines(1, 5000)).toEqual(splitLines(text));
    expect(lines.lines(4990, 6000)).toEqual(splitLines(text).slice(4989));
  });

  it('agrees with splitLines on thousands of random texts, escaped both ways', () => {
    const next = random(2611);
    const alphabet = ['a', 'b', ' ', '\n', '\n', '\r', '\r\n', '\\', '"', 'é', '😀', '\t', '\u2028', '\u0000', 'n', 'r', 'u'];
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(next() * 60) }, () => pick(alphabet)).join('');
      expectBothWays(text, () => next() < 0.3);
    }
  });

  it('lines() and line() refuse a line that is not an integer >= 1', () => {
    const lines = linesOfText('a\nb');
    const bad: [() => unknown, string][] = [
      [() => lines.lines(0, 1), 'first must be an integer >= 1 (lines are 1-based), not number 0'],
      [() => lines.lines(1.5, 2), 'first must be an integer >= 1 (lines are 1-based), not number 1.5'],
      [() => lines.lines(1, Number.NaN), 'last must be an integer >= 1 (lines are 1-based), not number NaN'],
      [() => lines.lines(1, Infinity), 'last must be an integer >= 1 (lines are 1-based), not number Infinity'],
      [() => lines.line(-1), 'line must be an integer >= 1 (lines are 1-based), not number -1'],
      [() => lines.line('2' as unknown as number), 'line must be an integer >= 1 (lines are 1-based), not the string "2"'],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(SourceMapError);
      expect(call).toThrow(expect.objectContaining({ code: 'INVALID_POSITION', message }));
    }
    expect(lines.lines(2, 1)).toEqual([]);
    expect(lines.lines(3, 9)).toEqual([]);
    expect(lines.line(3)).toBeUndefined();
  });
});

describe('map.sourceLinesAt and map.sourceLinesFor', () => {
  const sources = ['a.js', 'b.js', 'c.js', 'd.js'];
  const content = ['one\ntwo\r\nthree\n', null, 'x "quoted"\n\\n\n'.repeat(40), ''];
  const json = JSON.stringify({ version: 3, sourceRoot: 'src', sources, sourcesContent: content, mappings: 'AAAA' });
  const inputs: [string, () => SourceMap][] = [
    ['bytes', () => new SourceMap(encoder.encode(json), { url: 'https://x.test/app.js.map' })],
    ['text', () => new SourceMap(json, { url: 'https://x.test/app.js.map' })],
    ['object', () => new SourceMap(JSON.parse(json), { url: 'https://x.test/app.js.map' })],
  ];

  it.each(inputs)('from %s: each source\'s lines, by index and by name', (_, make) => {
    const map = make();
    content.forEach((text, i) => {
      const lines = map.sourceLinesAt(i);
      if (text === null) return expect(lines).toBeNull();
      expect(lines?.lines(1, 1000)).toEqual(splitLines(text));
      expect(map.sourceLinesFor(sources[i])).toBe(lines); // kept: the same object
      expect(map.sourceLinesFor(map.sources[i] as string)).toBe(lines);
    });
    expect([...map.sourcesContent]).toEqual(content);
  });

  it('null for an index or a name that is no source', () => {
    for (const [, make] of inputs) {
      const map = make();
      for (const index of [-1, 4, 1.5, Number.NaN, Infinity]) expect(map.sourceLinesAt(index)).toBeNull();
      expect(map.sourceLinesFor('nope.js')).toBeNull();
    }
  });

  it('from bytes, after sourcesContent parsed the whole array', () => {
    const map = inputs[0][1]();
    expect(map.sourcesContent[2]).toBe(content[2]);
    expect(map.sourceLinesAt(2)?.lines(2, 3)).toEqual(['\\n', 'x "quoted"']);
  });

  it('from bytes, unescapes only the lines asked for', () => {
    const map = inputs[0][1]();
    const unescape = vi.mocked(unescapeJsonString);
    unescape.mockClear();
    const lines = map.sourceLinesAt(2) as SourceLines;
    expect(lines.lineCount).toBe(80);
    expect(lines.lines(79, 80)).toEqual(['x "quoted"', '\\n']);
    // Two lines' JSON text: `x \"quoted\"\n\\n\n`, 19 bytes, not the item's 760.
    expect(unescape.mock.calls.map(([bytes]) => bytes.length)).toEqual([19]);
  });

  it('each section of an index map', () => {
    const section = (line: number, names: string[], text?: (string | null)[]) =>
      ({ offset: { line, column: 0 }, map: { version: 3, sources: names, mappings: 'AAAA', ...(text ? { sourcesContent: text } : {}) } });
    const text = JSON.stringify({ version: 3, sections: [section(0, ['s0.js'], ['A\nB']), section(1, ['s1.js']), section(2, ['s2.js', 's3.js'], [null, 'C\r\nD'])] });
    for (const map of [new SourceMap(encoder.encode(text)), new SourceMap(text)]) {
      expect([0, 1, 2, 3].map((i) => map.sourceLinesAt(i)?.lines(1, 9) ?? null)).toEqual([['A', 'B'], null, null, ['C', 'D']]);
    }
  });
});
