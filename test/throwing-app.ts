// The app the end-to-end tests bundle, minify and run until it throws: a validation error
// raised three calls deep, through an Array.map callback. test/e2e-symbolicate.test.ts runs it
// in Node and test/browser.test.ts in Chromium, each from an entry file of its own.
import { expect } from 'vitest';

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
