// A JSON string's escapes undone in wasm (assembly/unescape.ts, src/wasm.ts
// unescapeJsonString): the string must be exactly the one JSON.parse gives, for every escape
// JSON allows, at every offset of the 64-byte blocks, and a lone surrogate escape, which
// UTF-8 cannot hold, must be left to JSON.parse.
import { describe, expect, it } from 'vitest';
import { SourceMap } from '../src/index.js';
import { unescapeJsonString } from '../src/wasm.js';
import { random } from './vlq.js';

const encoder = new TextEncoder();
// The bytes between the quotes of a JSON string literal.
const inner = (literal: string) => encoder.encode(literal.slice(1, -1));
const expectUnescaped = (literal: string) => expect(unescapeJsonString(inner(literal))).toBe(JSON.parse(literal));

describe('unescapeJsonString', () => {
  it.each([
    ['no escape', '"plain text"'],
    ['empty', '""'],
    ['the short escapes', '"\\" \\\\ \\/ \\b \\f \\n \\r \\t"'],
    ['only an escape', '"\\n"'],
    ['escapes side by side', '"\\n\\n\\t\\\\\\""'],
    ['\\u of one, two and three UTF-8 bytes', '"\\u0041 \\u00e9 \\u20AC \\uFFFF \\u0000 \\u001f"'],
    ['hex digits in either case', '"\\u00E9\\u00e9\\uAbCd\\uaBcD"'],
    ['a surrogate pair', '"\\ud83d\\ude00 and \\uD83D\\uDE00"'],
    ['a BOM, escaped and not', '"\\ufeffa\uFEFFb"'],
    ['raw UTF-8 beside escapes', '"é\\né😀\\u00e9日本\\t語"'],
    ['U+2028 and U+2029', '"\u2028\\u2028\u2029\\u2029"'],
  ])('%s', (_, literal) => expectUnescaped(literal));

  it.each([
    ['a lone high surrogate', '"a\\ud800b"'],
    ['a lone high surrogate at the end', '"a\\ud800"'],
    ['a lone low surrogate', '"\\udc00"'],
    ['a high surrogate before a short escape', '"\\ud800\\n"'],
    ['two high surrogates', '"\\ud800\\ud800"'],
    ['a high surrogate before a non-surrogate \\u', '"\\ud800\\u0041"'],
    ['a surrogate pair in the wrong order', '"\\udc00\\ud800"'],
  ])('leaves %s to JSON.parse', (_, literal) => {
    expect(unescapeJsonString(inner(literal))).toBeUndefined();
  });

  it('escapes and raw bytes at every offset of the 64-byte blocks', () => {
    const pieces = ['\\n', '\\"', '\\\\', '\\u00e9', '\\ud83d\\ude00', 'é', '😀', '\\u20ac'];
    for (const piece of pieces) {
      for (let offset = 0; offset < 140; offset++) {
        for (const after of [0, 1, 15, 16, 17, 63, 64, 65]) expectUnescaped(`"${'x'.repeat(offset)}${piece}${'y'.repeat(after)}"`);
        expectUnescaped(`"${`${'z'.repeat(offset)}${piece}`.repeat(5)}"`);
      }
    }
  });

  it('agrees with JSON.parse on thousands of random strings, escaped every way JSON allows', () => {
    const next = random(2028);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const hex = (code: number) => code.toString(16).padStart(4, '0');
    const chars = [...'abc "\\/é€😀\n\t\r\b\f\u0000\u001f\u2028', '\ud83d\ude00', '\ufeff'];
    // One character as JSON may spell it: raw where it may be, a short escape, or \u.
    const spell = (char: string): string => {
      const code = char.charCodeAt(0);
      const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f' };
      const way = next();
      if (char.length === 2) return way < 0.5 ? char : `\\u${hex(code)}\\u${hex(char.charCodeAt(1))}`;
      if (way < 0.3 || (code >= 0x20 && char !== '"' && char !== '\\' && way < 0.6)) {
        const u = `\\u${hex(code)}`;
        return next() < 0.5 ? u : u.toUpperCase().replace('\\U', '\\u');
      }
      if (short[char]) return short[char];
      return code < 0x20 ? `\\u${hex(code)}` : char;
    };
    for (let i = 0; i < 3000; i++) {
      const length = Math.floor(next() * (i % 10 === 0 ? 400 : 40));
      const literal = `"${Array.from({ length }, () => spell(pick(chars))).join('')}"`;
      expectUnescaped(literal);
    }
  });

  it('is how a big escaped source is read from bytes', () => {
    const source = `${'let a = "x";\n'.repeat(5000)}é\u2028😀\\end`;
    const text = JSON.stringify({ version: 3, sources: ['a.js', 'b.js'], sourcesContent: [source, 'b'], mappings: 'AAAA' });
    expect(new SourceMap(encoder.encode(text)).sourceContentAt(0)).toBe(source);
    const lone = text.replace('\\\\end', '\\ud800end');
    expect(new SourceMap(encoder.encode(lone)).sourceContentAt(0)).toBe(JSON.parse(lone).sourcesContent[0]);
  });
});
