// The app the end-to-end tests bundle, minify and run until it throws: a validation error
// raised three calls deep, through an Array.map callback. test/e2e-symbolicate.test.ts runs it
// in Node and test/browser.test.ts in Chromium, each from an entry file of its own.
import { expect } from 'vitest';
import type { ResolvedFrame, SymbolicatedFrame } from '../src/symbolicate/index.js';

export const APP_SOURCES: Record<string, string> = {
  'errors.ts': `export class ValidationError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}
`,
  'validate.ts': `import { ValidationError } from './errors';

export interface Entry {
  id: number;
  amount: number;
}

export function validate(entry: Entry): number {
  function checkField(name: string, value: number): number {
    if (value < 0) {
      throw new ValidationError(name, \`\${name} must not be negative, got \${value}\`);
    }
    return value;
  }
  const id = checkField('id', entry.id);
  return id + checkField('amount', entry.amount);
}
`,
  'loader.ts': `import { validate, type Entry } from './validate';

export class RecordLoader {
  private readonly seen = new Set<number>();

  loadAll(entries: Entry[]): number[] {
    return entries.map((entry) => this.parseRecord(entry));
  }

  parseRecord(entry: Entry): number {
    this.seen.add(entry.id);
    return validate(entry);
  }
}
`,
};

/**
 * A frame expected, innermost first: the original file, the text at the column V8 reports
 * (`|` marks it: the `new` of a throw, the callee's name of a call, the `await` of an async
 * frame) and the function name recovered. `null` file: a frame that stays unresolved.
 */
export type ExpectedFrame = { file: string; at: string; fn: string | null } | { file: null; reason: string; raw: RegExp };

/** The frames in APP_SOURCES, innermost first: the same in Node and in Chromium. */
export const APP_FRAMES: ExpectedFrame[] = [
  { file: 'validate.ts', at: 'throw |new ValidationError(name', fn: 'checkField' },
  { file: 'validate.ts', at: 'return id + |checkField(', fn: 'validate' },
  { file: 'loader.ts', at: 'return |validate(entry)', fn: 'RecordLoader.parseRecord' },
  { file: 'loader.ts', at: 'this.|parseRecord(entry)', fn: null },
  { file: null, reason: 'source_not_found', raw: /^at Array\.map \(<anonymous>\)$/ },
  { file: 'loader.ts', at: 'entries.|map(', fn: 'RecordLoader.loadAll' },
];

/** The 1-based line and column of the `|` in `at`, whose text must occur once in `text`. */
export function positionOf(text: string, at: string): { line: number; column: number } {
  const needle = at.replace('|', '');
  const offset = text.indexOf(needle);
  expect(offset, `${at} in the text`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(needle, offset + 1), `${at} is unique in the text`).toBe(-1);
  const before = text.slice(0, offset + at.indexOf('|')).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Checks a symbolicated frame against the frame expected: an unresolved one's reason, or a
 * resolved one's original URL (`urlOf` its file), line, column, function and context lines,
 * from the original text in `sources`. Returns the resolved frame, for the caller's own checks.
 */
export function expectFrame(frame: SymbolicatedFrame, expected: ExpectedFrame, sources: Record<string, string>, urlOf: (file: string) => string): ResolvedFrame | null {
  if (expected.file === null) {
    expect(frame.unresolved?.reason, frame.raw).toBe(expected.reason);
    expect(frame.raw).toMatch(expected.raw);
    return null;
  }
  expect(frame.unresolved, `${frame.raw}: ${frame.unresolved?.detail}`).toBeUndefined();
  const resolved = frame as ResolvedFrame;
  const { line, column } = positionOf(sources[expected.file], expected.at);
  expect({ abs_path: resolved.abs_path, lineno: resolved.lineno, colno: resolved.colno, function: resolved.function }, expected.at).toEqual({
    abs_path: urlOf(expected.file),
    lineno: line,
    colno: column,
    function: expected.fn,
  });
  const lines = sources[expected.file].replace(/\n$/, '').split('\n');
  expect(resolved.context_line).toBe(lines[line - 1]);
  expect(resolved.pre_context).toEqual(lines.slice(Math.max(0, line - 6), line - 1));
  expect(resolved.post_context).toEqual(lines.slice(line, line + 5));
  return resolved;
}
