// Differential fuzzing of the `mappings` decoder against test/reference-decoder.ts.
//
// Under `npm test`: a seeded run of FUZZ_CASES cases (default 100,000, small ones), and a
// replay of every input in test/fuzz-corpus/. (Most cases are `mappings` against the
// reference decoder; some are whole documents, read from bytes and from text: see fuzz.ts.)
// Under scripts/fuzz.mjs (FUZZ_MINUTES set): a time-bounded run from FUZZ_SEED (random when
// unset) that saves every failing input, shrunk, to test/fuzz-corpus/<hash>.json.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkCase, checkSentinel, fuzz, shrink, type Failure, type FuzzCase, type FuzzStats, type Mismatch } from './fuzz.js';
import { referenceDecode } from './reference-decoder.js';

const CORPUS = fileURLToPath(new URL('./fuzz-corpus/', import.meta.url));
const MINUTES = Number(process.env.FUZZ_MINUTES ?? 0);
const SEEDED_CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const SEED = process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== ''
  ? Number(process.env.FUZZ_SEED) >>> 0
  : MINUTES > 0 ? (Math.random() * 2 ** 32) >>> 0 : 20251123;

/** A corpus entry: a case, why it is there, and (for library bugs) what is wrong. */
interface CorpusEntry extends FuzzCase {
  description: string;
  /** Set for an input the library gets wrong: the test is then `it.fails`, marked BUG. */
  bug?: string;
  mismatch?: Mismatch;
  /** For hand-picked inputs: what the reference decoder must say (pins its semantics). */
  expected?: object;
}

function readCorpus(): [string, CorpusEntry][] {
  if (!existsSync(CORPUS)) return [];
  return readdirSync(CORPUS)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [file, JSON.parse(readFileSync(CORPUS + file, 'utf8')) as CorpusEntry]);
}

function summary(stats: FuzzStats): string {
  const codes = Object.entries(stats.codes).sort().map(([code, n]) => `${code} ${n}`).join(', ');
  const kinds = Object.entries(stats.kinds).sort().map(([kind, n]) => `${kind} ${n} (${((stats.kindMs[kind] ?? 0) / 1000).toFixed(1)} s)`).join(', ');
  return `${stats.cases} cases in ${(stats.milliseconds / 1000).toFixed(1)} s (${stats.valid} valid, ${stats.invalid} invalid mappings, ${stats.documents} documents, ` +
    `${stats.sentinels} checks after errors), ${stats.failures.length} failures, known bugs ${JSON.stringify(stats.knownBugs)}\n  errors: ${codes}\n  generators: ${kinds}`;
}

function report(failure: Failure): string {
  const { case: c, mismatch } = failure;
  const text = c.mappings.length > 300 ? `${c.mappings.slice(0, 300)}... (${c.mappings.length} chars)` : c.mappings;
  const short = (value: unknown) => {
    const json = JSON.stringify(value);
    return json !== undefined && json.length > 400 ? `${json.slice(0, 400)}...` : json;
  };
  const what = c.document !== undefined
    ? `  document ${JSON.stringify(preview(c.document).slice(0, 300))}${c.lenient ? ' (lenient)' : ''}\n`
    : `  mappings ${JSON.stringify(text)}, ${c.sources} sources, ${c.names} names\n`;
  return `case ${failure.index} of seed ${failure.seed} (${c.kind}, ${c.input ?? 'object'}): ${mismatch.problem}\n${what}` +
    `  expected ${short(mismatch.expected)}\n  actual   ${short(mismatch.actual)}`;
}

/** A document's bytes as text, for people (invalid UTF-8 shows as U+FFFD). */
function preview(document: string): string {
  return Buffer.from(document, 'base64').toString('utf8');
}

// Progress goes to stderr at once (vitest buffers console output) and, for scripts/fuzz.mjs,
// to the file FUZZ_PROGRESS_FILE, which it follows.
function progress(line: string): void {
  process.stderr.write(line.split('\n').map((part) => `[fuzz] ${part}\n`).join(''));
  if (process.env.FUZZ_PROGRESS_FILE) appendFileSync(process.env.FUZZ_PROGRESS_FILE, `${line}\n`);
}

// A failing input, shrunk, saved as test/fuzz-corpus/<hash>.json: a regression test from then on.
function save(failure: Failure): string {
  const kindOf = (m: Mismatch | undefined) => m?.problem.replace(/[:(].*/, '');
  const problem = kindOf(failure.mismatch);
  const start = failure.mismatch.lookup ? { ...failure.case, lookups: [failure.mismatch.lookup] } : failure.case;
  const small = shrink(start, (c) => kindOf(checkCase(c)) === problem);
  const mismatch = checkCase(small) ?? failure.mismatch;
  const { mappings, sources, names, input, kind, lookups, document, lenient } = small;
  const key = JSON.stringify({ mappings, sources, names, input, lookups, document, lenient });
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  const entry = {
    description: `Found by the fuzzer (seed ${failure.seed}, case ${failure.index}, ${kind}): ${mismatch.problem}`,
    mappings, sources, names, ...(input ? { input } : {}), ...(lookups ? { lookups } : {}),
    ...(document !== undefined ? { document, preview: preview(document).slice(0, 2000), lenient } : {}),
    mismatch,
    ...(small.mappings !== failure.case.mappings ? { unshrunk: failure.case.mappings.slice(0, 10_000) } : {}),
  };
  mkdirSync(CORPUS, { recursive: true });
  const file = `${CORPUS}${hash}.json`;
  if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(entry, null, 2)}\n`);
  return file;
}

describe('fuzz corpus (regression inputs)', () => {
  const entries = readCorpus();
  it('has inputs', () => {
    expect(entries.length).toBeGreaterThan(0);
  });
  for (const [file, entry] of entries) {
    if (entry.bug) {
      // A known library bug: documented here until it is fixed (then drop `bug` from the file).
      it.fails(`BUG ${file}: ${entry.bug}`, () => {
        expect(checkCase(entry)).toBeUndefined();
      });
    } else {
      it(`${file}: ${entry.description}`, () => {
        const mismatch = checkCase(entry);
        expect(mismatch, mismatch && JSON.stringify(mismatch)).toBeUndefined();
        if (entry.expected) expect(referenceDecode(entry.mappings, entry.sources, entry.names)).toMatchObject(entry.expected);
        expect(checkSentinel()).toBeUndefined();
      });
    }
  }
});

describe.runIf(MINUTES === 0)('seeded differential fuzz', () => {
  it(`agrees with the reference decoder on ${SEEDED_CASES} cases (seed ${SEED})`, () => {
    const stats = fuzz({ seed: SEED, cases: SEEDED_CASES, maxFailures: 10 });
    progress(summary(stats));
    expect(stats.failures.map(report).join('\n\n')).toBe('');
    if (SEEDED_CASES >= 100_000) {
      // The generators reach every error and plenty of valid maps.
      for (const code of ['INVALID_BASE64', 'VLQ_UNTERMINATED', 'VLQ_OVERFLOW', 'INVALID_SEGMENT', 'NEGATIVE_VALUE', 'VALUE_OVERFLOW', 'SOURCE_OUT_OF_RANGE', 'NAME_OUT_OF_RANGE']) {
        expect(stats.codes[code] ?? 0, code).toBeGreaterThan(200);
      }
      expect(stats.valid).toBeGreaterThan(SEEDED_CASES / 4);
    }
  });
});

describe.runIf(MINUTES > 0)('time-bounded differential fuzz', () => {
  it(`fuzzes for ${MINUTES} minutes (seed ${SEED})`, { timeout: MINUTES * 60_000 + 600_000 }, () => {
    progress(`seed ${SEED}, ${MINUTES} minutes`);
    const saved: string[] = [];
    const stats = fuzz({
      seed: SEED,
      until: Date.now() + MINUTES * 60_000,
      maxFailures: 100,
      progressMs: Number(process.env.FUZZ_PROGRESS_SECONDS ?? 30) * 1000,
      onProgress: (s) => progress(`${s.cases} cases, ${(s.milliseconds / 1000).toFixed(0)} s, ${s.failures.length} failures`),
      onFailure: (failure) => {
        const file = save(failure);
        saved.push(file);
        progress(`FAILURE ${report(failure)}\n  saved as ${file}`);
      },
    });
    progress(`done: ${summary(stats)}`);
    progress(`RESULT ${JSON.stringify({ seed: SEED, cases: stats.cases, valid: stats.valid, invalid: stats.invalid, failures: stats.failures.length, saved })}`);
    expect(stats.failures.map(report).join('\n\n')).toBe('');
  });
});
