// Robustness: every scanner runs in linear time. Each is fed inputs built to trigger
// catastrophic regex backtracking or quadratic rescans (100k-long runs of the characters the
// scanners look for, and 100k lines of them), and must finish well under a second.
import { describe, expect, it } from 'vitest';
import { decodeDataUrl } from '../src/symbolicate/data-url.js';
import { findDebugId, findSourceMappingURL, findSourceURL, findWasmSourceMappingURL } from '../src/symbolicate/locate.js';
import { normalizeFrames, parseStackTrace } from '../src/symbolicate/stack-trace.js';

const N = 100_000;
/** Generous: a linear scan of these inputs takes a few milliseconds; a quadratic one, minutes. */
const LIMIT_MS = 1000;

const runs: Record<string, string> = {
  'slashes': '/'.repeat(N),
  'at signs': '@'.repeat(N),
  'spaces': ' '.repeat(N),
  'open parentheses': '('.repeat(N),
  'close parentheses': ')'.repeat(N),
  'colons': ':'.repeat(N),
  'digits': '1'.repeat(N),
  'stars': '*'.repeat(N),
  'hashes': '#'.repeat(N),
  'sourceMappingURL annotations': '//# sourceMappingURL='.repeat(N),
  'annotations with spaces': '//# sourceMappingURL= '.repeat(N),
  'sourceURL annotations': '//@ sourceURL=x '.repeat(N),
  'debugId prefixes': '//# debugId='.repeat(N),
  '"at " repeated': 'at '.repeat(N),
  'unclosed /*': '/*'.repeat(N),
  'unclosed /* then an annotation': `${'/*'.repeat(N)}//# sourceMappingURL=x`,
  '"/*#" openers': '/*# sourceMappingURL=a'.repeat(N),
  'eval origins': `at f (${'eval at f ('.repeat(N)}`,
  'closed eval origins': `at eval (${'eval at f ('.repeat(N)}x.js:1:2${')'.repeat(N)}, <anonymous>:1:1)`,
  'nested parentheses': `at f ${'('.repeat(N)}x${')'.repeat(N)}`,
  'colon digits': ':1'.repeat(N),
  'colon digit runs': `x${':123456789012345678'.repeat(N / 10)}`,
  'wasm-function runs': ':wasm-function[1]:0x'.repeat(N / 10),
  'gecko eval arrows': `f@x${' line 1 > eval'.repeat(N / 10)}`,
  'arrows without lines': `f@x${' > '.repeat(N)}`,
  'at signs and colons': '@:'.repeat(N),
  'async stars': `${'async*'.repeat(N)}f@x:1:1`,
  'data: semicolons': `data:${';'.repeat(N)},x`,
  'data: parameters': `data:a/b${';x=y'.repeat(N)},x`,
  'data: quoted backslashes': `data:a/b;p="${'\\'.repeat(N)},x`,
  'data: base64 runs': `data:;base64,${'A'.repeat(4 * N + 1)}`,
  'data: base64 spaces': `data:${' '.repeat(N)};${' '.repeat(N)}base64,${' A'.repeat(N)}`,
  'data: percents': `data:,${'%'.repeat(N)}`,
  'data: percent escapes': `data:,${'%41'.repeat(N)}`,
  'data: hashes and commas': `data:${'#,'.repeat(N)}`,
  'data: no comma': `data:${'a'.repeat(N)}`,
};

const lines: Record<string, string> = {
  'lines of unclosed /*': '/*\n'.repeat(N),
  'lines of /* then a late */': `${'/* x\n'.repeat(N)}*/`,
  'lines of annotations then code': `${'//# sourceMappingURL=a.map\n'.repeat(N)}f();`,
  'lines of whitespace': ' \t\n'.repeat(N),
  'CR lines': '\r'.repeat(N),
  'CRLF lines': '\r\n'.repeat(N),
  'U+2028 lines': '\u2028'.repeat(N),
  'lines of "at ("': 'at (\n'.repeat(N),
  'lines of "at x ("': '    at x (\n'.repeat(N),
  'lines of "@"': 'x@y\n'.repeat(N),
  'lines of " > "': 'f@x > \n'.repeat(N),
  'lines of "line 1 >"': 'f@x line 1 >\n'.repeat(N),
  'lines of frames': '    at f (file:///a.js:1:2)\n'.repeat(N),
  'lines of gecko frames': 'f@https://x.example/a.js:1:2\n'.repeat(N),
  'lines of message': 'Error: x\n'.repeat(N),
  'lines of eval origins': 'at eval (eval at f (\n'.repeat(N),
  'lines of debugId prefixes': '//# debugId=\n'.repeat(N),
};

const inputs = { ...runs, ...lines };

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const scanners: Record<string, (input: string) => unknown> = {
  'findSourceMappingURL (js)': (input) => findSourceMappingURL(input),
  'findSourceMappingURL (css)': (input) => findSourceMappingURL(input, 'css'),
  findSourceURL,
  findDebugId,
  decodeDataUrl,
  parseStackTrace,
  normalizeFrames: (input) => normalizeFrames([{ abs_path: input, function: input, lineno: input, colno: input, raw: input }]),
};

describe.each(Object.entries(scanners))('%s', (_, scan) => {
  it.each(Object.keys(inputs))('finishes quickly on %s', (key) => {
    const input = inputs[key];
    scan(input); // warm up, so the measurement is of the algorithm rather than the JIT
    const ms = time(() => scan(input));
    expect(ms, `${key}: ${ms.toFixed(1)} ms`).toBeLessThan(LIMIT_MS);
  });
});

describe('large structured input', () => {
  it('normalizes 100k frames quickly', () => {
    const frames = Array.from({ length: N }, (_, i) => ({ abs_path: `https://x.example/${i}.js`, lineno: i + 1, colno: '7', function: 'f' }));
    const ms = time(() => normalizeFrames(frames));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(normalizeFrames(frames)).toHaveLength(N);
  });

  it('finds the section in a module with 100k custom sections quickly', () => {
    const section = [0x00, 0x02, 0x01, 0x78]; // custom section "x", empty content
    const url = [...new TextEncoder().encode('sourceMappingURL')];
    const last = [0x00, 1 + url.length + 2, url.length, ...url, 0x01, 0x61];
    const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...Array.from({ length: N }, () => section).flat(), ...last]);
    let result: string | null = null;
    const ms = time(() => {
      result = findWasmSourceMappingURL(bytes);
    });
    expect(result).toBe('a');
    expect(ms).toBeLessThan(LIMIT_MS);
  });

  it('parses a trace of 100k frames, and one line of 1M characters, quickly', () => {
    const trace = `Error: big\n${'    at f (file:///a.js:1:2)\n'.repeat(N)}`;
    let count = 0;
    const ms = time(() => {
      count = parseStackTrace(trace).frames.length;
    });
    expect(count).toBe(N);
    expect(ms).toBeLessThan(LIMIT_MS);
    const long = `    at f (file:///${'a'.repeat(10 * N)}.js:1:2)`;
    expect(time(() => parseStackTrace(long))).toBeLessThan(LIMIT_MS);
  });
});
