// The drop-in adapters, sourcemap-wasm/source-map and sourcemap-wasm/trace-mapping, against
// the packages they stand in for (source-map 0.7.6 and @jridgewell/trace-mapping 0.3.31):
//
//   1. the peers' README examples, run through both, and their documented behaviour (bias
//      constants, null answers, allGeneratedPositionsFor without a column, index maps,
//      SourceMapConsumer.with, destroy(), errors);
//   2. a differential sweep of every method, on production maps, on maps esbuild and terser
//      make here, on one with equal-column ties and unsorted lines, and on index maps made of
//      real maps (each section starting at a non-zero column on the previous one's last
//      line): every answer must be the peer's, 0 differences;
//   3. the documented divergences (README, "Migrating from source-map and trace-mapping"),
//      all on input the spec calls invalid or on undefined behaviour: each shown as it is.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SourceMapConsumer as RealConsumer, SourceMapGenerator } from 'source-map';
import * as realTrace from '@jridgewell/trace-mapping';
import * as sm from '../src/adapters/source-map.js';
import * as tm from '../src/adapters/trace-mapping.js';
import { BENCH_MAPS, hasBenchMaps } from './helpers.js';
import { realMap, withTiesAndDisorder } from './real-maps.js';

// source-map 0.7 exports its two consumer classes only from lib/.
const realClasses = createRequire(import.meta.url)('source-map/lib/source-map-consumer.js') as {
  BasicSourceMapConsumer: abstract new (...args: never[]) => unknown;
  IndexedSourceMapConsumer: abstract new (...args: never[]) => unknown;
};

const MAP_URL = 'https://example.com/dist/app.js.map';

// ---------------------------------------------------------------------------------------------
// Comparing answers: values made plain (class instances to objects; Infinity, NaN, undefined
// spelled out; trace-mapping's private `_` fields dropped), errors by class and message.

type Outcome = { value: unknown } | { error: string };

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value === undefined ? '(undefined)' : value, (key, v: unknown) => {
    if (key.startsWith('_')) return undefined;
    if (v === undefined) return '(undefined)';
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    return v;
  }));
}

function outcome(f: () => unknown): Outcome {
  try {
    return { value: plain(f()) };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

async function outcomeAsync(f: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: plain(await f()) };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

/** Counts differences between a peer's answers and ours, keeping the first few. */
class Differences {
  count = 0;
  checks = 0;
  readonly examples: string[] = [];

  constructor(readonly label: string) {}

  check(what: string, peer: Outcome, ours: Outcome): void {
    this.checks++;
    if (JSON.stringify(peer) === JSON.stringify(ours)) return;
    this.count++;
    if (this.examples.length < 5) this.examples.push(`${what}: peer ${JSON.stringify(peer).slice(0, 400)} / ours ${JSON.stringify(ours).slice(0, 400)}`);
  }

  /** Two lists (of eachMapping's mappings), item by item. */
  checkList(what: string, peer: unknown[], ours: unknown[]): void {
    this.check(`${what}: length`, { value: peer.length }, { value: ours.length });
    for (let i = 0; i < Math.min(peer.length, ours.length); i++) this.check(`${what}[${i}]`, { value: plain(peer[i]) }, { value: plain(ours[i]) });
  }

  expectNone(): void {
    expect(this.checks).toBeGreaterThan(0);
    expect(this.count, `${this.label}: ${this.count} of ${this.checks} answers differ; first:\n${this.examples.join('\n')}`).toBe(0);
  }
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs: the README examples, real maps, index maps built from real maps.

/** source-map's README, "Consuming a source map". */
const MOZILLA_EXAMPLE = {
  version: 3,
  file: 'min.js',
  names: ['bar', 'baz', 'n'],
  sources: ['one.js', 'two.js'],
  sourceRoot: 'http://example.com/www/js/',
  mappings: 'CAAC,IAAI,IAAM,SAAUA,GAClB,OAAOC,IAAID;CCDb,IAAI,IAAM,SAAUE,GAClB,OAAOA',
};

/** trace-mapping's README, "Usage". */
const TRACE_EXAMPLE = {
  version: 3 as const,
  sources: ['input.js'],
  sourcesContent: ['content of input.js'],
  names: ['foo'],
  mappings: 'KAyCIA',
  ignoreList: [],
};

/** trace-mapping's README, "SectionedSourceMaps". */
const SECTIONED_EXAMPLE = {
  version: 3 as const,
  sections: [
    { offset: { line: 0, column: 0 }, map: { version: 3 as const, sources: ['foo.js'], names: ['foo'], mappings: 'AAAAA' } },
    { offset: { line: 1, column: 0 }, map: { version: 3 as const, sources: ['bar.js'], names: ['bar'], mappings: 'AAAAA' } },
  ],
};

/** A small map with what real ones have: names, sourcesContent (one missing), a null source, an ignore list, an empty line. */
const SMALL = {
  version: 3,
  file: 'x.js',
  names: ['a'],
  sources: ['./src/a.js', null, 'b c.js'],
  sourcesContent: ['A', null],
  mappings: 'AAAA,EAAE,CCAC;AACA,CCAAA;;AAAA',
  x_google_ignoreList: [1],
};

/**
 * An index map of `raws` (regular maps, as JSON text): each section starts on the last line
 * of the previous one, `gap` columns after its last segment, so each after the first shares a
 * line with the one before and starts at a non-zero column there. `trailing` appends empty
 * lines to every section's mappings (the core mishandled those; the adapters work around it).
 */
function indexMapOf(raws: string[], gap = 7, trailing = false): string {
  const sections: { offset: { line: number; column: number }; map: { mappings: string } }[] = [];
  let line = 0;
  let column = 0;
  for (const raw of raws) {
    const map = JSON.parse(raw) as { mappings: string };
    const trace = new realTrace.TraceMap(raw);
    const decoded = realTrace.decodedMappings(trace);
    let last = decoded.length - 1;
    while (last > 0 && decoded[last].length === 0) last--;
    const lastColumn = Math.max(0, ...decoded[last].map((segment) => segment[0]));
    sections.push({ offset: { line, column }, map: trailing ? { ...map, mappings: `${map.mappings};;` } : map });
    column = (last === 0 ? column : 0) + lastColumn + gap;
    line += last;
  }
  return JSON.stringify({ version: 3, file: 'index.js', sections });
}

const bench = (file: string) => readFileSync(`${BENCH_MAPS}${file}`, 'utf8');

// ---------------------------------------------------------------------------------------------
// The sweeps: every method of each adapter against its peer, at every kind of position.

/** What the sweep calls on either mozilla consumer (the real one's types are looser). */
interface Consumer {
  readonly sources: string[];
  file?: unknown;
  sourceRoot?: unknown;
  sourcesContent?: unknown;
  x_google_ignoreList?: unknown;
  originalPositionFor(args: object): unknown;
  generatedPositionFor(args: object): unknown;
  allGeneratedPositionsFor(args: object): unknown;
  hasContentsOfAllSources(): boolean;
  sourceContentFor(source: string, nullOnMissing?: boolean): unknown;
  eachMapping(callback: (mapping: { generatedLine: number; generatedColumn: number; source: string | null; originalLine: number | null; originalColumn: number | null }) => void, context?: unknown, order?: number): void;
  computeColumnSpans(): void;
  destroy(): void;
}

interface SweepOptions {
  /** Lookups of each kind. */
  positions?: number;
}

async function sweepMozilla(label: string, raw: string, url: string | undefined, { positions = 800 }: SweepOptions = {}): Promise<Differences> {
  const d = new Differences(`source-map ${label}${url ? ' (url)' : ''}`);
  const real = await new RealConsumer(raw, url) as unknown as Consumer;
  const ours = sm.SourceMapConsumer.sync(raw, url) as unknown as Consumer;
  const both = (what: string, f: (c: Consumer) => unknown) => d.check(what, outcome(() => f(real)), outcome(() => f(ours)));
  const all = (c: Consumer, order?: number) => {
    const list: object[] = [];
    c.eachMapping((m) => list.push({ ...m }), null, order);
    return list;
  };

  both('sources', (c) => c.sources);
  both('fields', (c) => [c.file, c.sourceRoot, c.sourcesContent, c.x_google_ignoreList, c.hasContentsOfAllSources()]);
  both('class', (c) => [c instanceof realClasses.BasicSourceMapConsumer || c instanceof sm.BasicSourceMapConsumer,
    c instanceof realClasses.IndexedSourceMapConsumer || c instanceof sm.IndexedSourceMapConsumer]);
  // In generated order, before any reverse lookup: lastGeneratedColumn is null throughout.
  const mappings = all(real) as { generatedLine: number; generatedColumn: number; source: string | null; originalLine: number | null; originalColumn: number | null }[];
  d.checkList('eachMapping (generated order, first)', mappings, all(ours));

  const json = JSON.parse(raw) as { sources?: string[]; sections?: { map: { sources: string[] } }[] };
  const rawSources = json.sections ? json.sections.flatMap((s) => s.map.sources) : json.sources ?? [];
  const absolute = real.sources;
  const mapped = mappings.filter((m) => m.source !== null);
  const next = random(positions + mappings.length);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];

  // Generated positions: on a segment, beside one, between, far past the last.
  for (let i = 0; i < positions && mappings.length > 0; i++) {
    const m = pick(mappings);
    const column = Math.max(0, m.generatedColumn + [0, 0, -1, 1, 3, 100_000][i % 6]);
    const line = m.generatedLine + (i % 17 === 0 ? 1 : 0);
    for (const bias of [undefined, sm.GREATEST_LOWER_BOUND, sm.LEAST_UPPER_BOUND]) {
      both(`originalPositionFor ${line}:${column} bias ${bias}`, (c) => c.originalPositionFor({ line, column, bias }));
    }
  }
  // Original positions: on a segment's, beside, on the next line; sources resolved or as the map spells them.
  for (let i = 0; i < positions && mapped.length > 0; i++) {
    const m = pick(mapped);
    const index = absolute.indexOf(m.source as string);
    const source = i % 3 === 0 && index >= 0 ? String(rawSources[index]) : m.source as string;
    const line = (m.originalLine as number) + (i % 11 === 0 ? 1 : 0);
    const column = Math.max(0, (m.originalColumn as number) + [0, 0, -1, 1, 7][i % 5]);
    for (const bias of [undefined, sm.GREATEST_LOWER_BOUND, sm.LEAST_UPPER_BOUND]) {
      both(`generatedPositionFor ${source} ${line}:${column} bias ${bias}`, (c) => c.generatedPositionFor({ source, line, column, bias }));
    }
    both(`allGeneratedPositionsFor ${source} ${line}:${column}`, (c) => c.allGeneratedPositionsFor({ source, line, column }));
    if (i % 4 === 0) both(`allGeneratedPositionsFor ${source} ${line}`, (c) => c.allGeneratedPositionsFor({ source, line }));
  }
  both('generatedPositionFor unknown source', (c) => c.generatedPositionFor({ source: 'not/a/source.js', line: 1, column: 0 }));

  // After reverse lookups (spans computed in mozilla's wasm), in original order, then after computeColumnSpans().
  d.checkList('eachMapping (generated order, after lookups)', all(real), all(ours));
  d.checkList('eachMapping (original order)', all(real, sm.ORIGINAL_ORDER), all(ours, sm.ORIGINAL_ORDER));
  real.computeColumnSpans();
  ours.computeColumnSpans();
  for (let i = 0; i < positions / 8 && mapped.length > 0; i++) {
    const m = pick(mapped);
    const args = { source: m.source as string, line: m.originalLine as number, column: m.originalColumn as number };
    both(`generatedPositionFor (spans) ${args.line}:${args.column}`, (c) => c.generatedPositionFor(args));
    both(`allGeneratedPositionsFor (spans) ${args.line}`, (c) => c.allGeneratedPositionsFor({ source: args.source, line: args.line }));
  }
  d.checkList('eachMapping (after computeColumnSpans)', all(real), all(ours));

  for (let i = 0; i < absolute.length && i < 40; i++) {
    both(`sourceContentFor ${absolute[i]}`, (c) => c.sourceContentFor(absolute[i]));
    both(`sourceContentFor ${rawSources[i]}`, (c) => c.sourceContentFor(String(rawSources[i]), true));
  }
  both('sourceContentFor missing', (c) => c.sourceContentFor('not/a/source.js'));
  both('sourceContentFor missing, null', (c) => c.sourceContentFor('not/a/source.js', true));

  // destroy(): mozilla decodes again on the next lookup (without computed spans); ours keeps working too.
  real.destroy();
  ours.destroy();
  for (let i = 0; i < positions / 8 && mappings.length > 0; i++) {
    const m = pick(mappings);
    both(`originalPositionFor after destroy ${m.generatedLine}:${m.generatedColumn}`, (c) => c.originalPositionFor({ line: m.generatedLine, column: m.generatedColumn }));
  }
  d.checkList('eachMapping (after destroy)', all(real), all(ours));
  return d;
}

function sweepTraceMapping(label: string, raw: string, url: string | undefined, { positions = 800 }: SweepOptions = {}, flatten = false): Differences {
  const d = new Differences(`trace-mapping ${label}${url ? ' (url)' : ''}`);
  type Library = Pick<typeof realTrace, 'originalPositionFor' | 'generatedPositionFor' | 'allGeneratedPositionsFor' | 'traceSegment' | 'decodedMappings'
    | 'encodedMappings' | 'decodedMap' | 'encodedMap' | 'eachMapping' | 'sourceContentFor' | 'isIgnored'>;
  const real = flatten ? realTrace.FlattenMap(raw, url) : new realTrace.TraceMap(raw, url);
  const ours = flatten ? tm.FlattenMap(raw, url) : new tm.TraceMap(raw, url);
  // Each lookup on both, as trace-mapping's functions take it (our TraceMap has the same shape).
  const both = (what: string, f: (map: realTrace.TraceMap, library: Library) => unknown) =>
    d.check(what, outcome(() => f(real, realTrace)), outcome(() => f(ours as unknown as realTrace.TraceMap, tm as unknown as Library)));

  both('fields', (map) => ({ ...map }));
  const decoded = realTrace.decodedMappings(real);
  const generated: [number, number][] = [];
  const original: [number, number, number][] = [];
  decoded.forEach((line, l) => line.forEach((segment) => {
    generated.push([l + 1, segment[0]]);
    if (segment.length !== 1) original.push([segment[1], segment[2] + 1, segment[3]]);
  }));
  const next = random(positions + generated.length);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  for (let i = 0; i < positions && generated.length > 0; i++) {
    const [l, c] = pick(generated);
    const column = Math.max(0, c + [0, 0, -1, 1, 3, 100_000][i % 6]);
    const line = l + (i % 17 === 0 ? 1 : 0);
    for (const bias of [undefined, tm.GREATEST_LOWER_BOUND, tm.LEAST_UPPER_BOUND] as const) {
      both(`originalPositionFor ${line}:${column} bias ${bias}`, (map, L) => L.originalPositionFor(map, { line, column, bias }));
    }
    both(`traceSegment ${line - 1}:${column}`, (map, L) => L.traceSegment(map, line - 1, column));
  }
  for (let i = 0; i < positions && original.length > 0; i++) {
    const [s, l, c] = pick(original);
    const source = i % 3 === 0 ? String(real.sources[s]) : real.resolvedSources[s];
    const line = l + (i % 11 === 0 ? 1 : 0);
    const column = Math.max(0, c + [0, 0, -1, 1, 7][i % 5]);
    for (const bias of [undefined, tm.GREATEST_LOWER_BOUND, tm.LEAST_UPPER_BOUND] as const) {
      both(`generatedPositionFor ${source} ${line}:${column} bias ${bias}`, (map, L) => L.generatedPositionFor(map, { source, line, column, bias }));
      both(`allGeneratedPositionsFor ${source} ${line}:${column} bias ${bias}`, (map, L) => L.allGeneratedPositionsFor(map, { source, line, column, bias }));
    }
  }
  both('decodedMappings', (map, L) => L.decodedMappings(map));
  both('encodedMappings', (map, L) => L.encodedMappings(map));
  both('decodedMap', (map, L) => L.decodedMap(map));
  both('encodedMap', (map, L) => L.encodedMap(map));
  both('eachMapping', (map, L) => {
    const list: object[] = [];
    L.eachMapping(map, (m) => list.push(m));
    return list;
  });
  for (let i = 0; i < real.sources.length && i < 40; i++) {
    for (const source of [String(real.sources[i]), real.resolvedSources[i]]) {
      both(`sourceContentFor, isIgnored ${source}`, (map, L) => [L.sourceContentFor(map, source), L.isIgnored(map, source)]);
    }
  }
  both('sourceContentFor missing', (map, L) => [L.sourceContentFor(map, 'not/a/source.js'), L.isIgnored(map, 'not/a/source.js')]);
  return d;
}

// ---------------------------------------------------------------------------------------------

describe('sourcemap-wasm/source-map: source-map 0.7 README and documented behaviour', () => {
  it('Consuming a source map (the README example, through SourceMapConsumer.with)', async () => {
    const run = (Consumer: typeof RealConsumer | typeof sm.SourceMapConsumer) => Consumer.with(MOZILLA_EXAMPLE, null, (consumer) => {
      const mappings: object[] = [];
      consumer.eachMapping((m) => mappings.push({ ...m }));
      return plain({
        sources: consumer.sources,
        original: consumer.originalPositionFor({ line: 2, column: 28 }),
        generated: consumer.generatedPositionFor({ source: 'http://example.com/www/js/two.js', line: 2, column: 10 }),
        mappings,
      });
    });
    const ours = await run(sm.SourceMapConsumer);
    expect(ours).toEqual(await run(RealConsumer));
    expect(ours).toMatchObject({
      sources: ['http://example.com/www/js/one.js', 'http://example.com/www/js/two.js'],
      original: { source: 'http://example.com/www/js/two.js', line: 2, column: 10, name: 'n' },
      generated: { line: 2, column: 28 },
    });
  });

  it('new SourceMapConsumer() gives a Promise; SourceMapConsumer.sync() the consumer itself', async () => {
    const promise = new sm.SourceMapConsumer(MOZILLA_EXAMPLE);
    expect(promise).toBeInstanceOf(Promise);
    const consumer = await promise;
    expect(consumer).toBeInstanceOf(sm.SourceMapConsumer);
    expect(consumer).toBeInstanceOf(sm.BasicSourceMapConsumer);
    const now = sm.SourceMapConsumer.sync(MOZILLA_EXAMPLE);
    expect(now.originalPositionFor({ line: 2, column: 28 })).toEqual(consumer.originalPositionFor({ line: 2, column: 28 }));
    // As in mozilla: text that is not JSON throws at once, anything else rejects.
    expect(() => new sm.SourceMapConsumer('{not json')).toThrow(SyntaxError);
    expect(() => new RealConsumer('{not json')).toThrow(SyntaxError);
    await expect(new sm.SourceMapConsumer({ ...MOZILLA_EXAMPLE, version: 2 })).rejects.toThrow('Unsupported version: 2');
    await expect(new RealConsumer({ ...MOZILLA_EXAMPLE, version: 2 })).rejects.toThrow('Unsupported version: 2');
    expect(() => sm.SourceMapConsumer.sync({ ...MOZILLA_EXAMPLE, version: 2 })).toThrow('Unsupported version: 2');
  });

  it('constants, static and exported: GREATEST_LOWER_BOUND 1, LEAST_UPPER_BOUND 2, GENERATED_ORDER 1, ORIGINAL_ORDER 2', () => {
    expect([sm.GREATEST_LOWER_BOUND, sm.LEAST_UPPER_BOUND, sm.GENERATED_ORDER, sm.ORIGINAL_ORDER]).toEqual([1, 2, 1, 2]);
    for (const Consumer of [sm.SourceMapConsumer, sm.BasicSourceMapConsumer, sm.IndexedSourceMapConsumer]) {
      expect([Consumer.GREATEST_LOWER_BOUND, Consumer.LEAST_UPPER_BOUND, Consumer.GENERATED_ORDER, Consumer.ORIGINAL_ORDER])
        .toEqual([RealConsumer.GREATEST_LOWER_BOUND, RealConsumer.LEAST_UPPER_BOUND, RealConsumer.GENERATED_ORDER, RealConsumer.ORIGINAL_ORDER]);
    }
  });

  it('bias: LEAST_UPPER_BOUND (2) looks right, GREATEST_LOWER_BOUND left; nothing there gives nulls; other values abort as mozilla\'s wasm does', async () => {
    const real = await new RealConsumer(MOZILLA_EXAMPLE);
    const ours = await new sm.SourceMapConsumer(MOZILLA_EXAMPLE);
    const cases = [
      { line: 1, column: 3 }, { line: 1, column: 3, bias: sm.LEAST_UPPER_BOUND }, { line: 1, column: 3, bias: sm.GREATEST_LOWER_BOUND },
      { line: 1, column: 0 }, { line: 1, column: 0, bias: sm.LEAST_UPPER_BOUND }, { line: 2, column: 999, bias: sm.LEAST_UPPER_BOUND },
      { line: 3, column: 0 }, { line: 99999999999999999, column: 999999999999999 }, { line: 1, column: 3, bias: 0 }, { line: 1, column: 3, bias: -1 },
    ];
    for (const args of cases) expect(outcome(() => ours.originalPositionFor(args)), JSON.stringify(args)).toEqual(outcome(() => real.originalPositionFor(args)));
    expect(ours.originalPositionFor({ line: 1, column: 3, bias: sm.LEAST_UPPER_BOUND })).toEqual({ source: 'http://example.com/www/js/one.js', line: 1, column: 5, name: null });
    expect(ours.originalPositionFor({ line: 1, column: 0 })).toEqual({ source: null, line: null, column: null, name: null });
    expect(() => ours.originalPositionFor({ line: 1, column: 3, bias: -1 })).toThrow(WebAssembly.RuntimeError);
  });

  it('invalid arguments throw mozilla\'s errors, in mozilla\'s order', async () => {
    const real = await new RealConsumer(MOZILLA_EXAMPLE);
    const ours = await new sm.SourceMapConsumer(MOZILLA_EXAMPLE);
    const source = 'http://example.com/www/js/one.js';
    const calls: [string, (c: Consumer) => unknown][] = [
      ['line 0', (c) => c.originalPositionFor({ line: 0, column: 0 })],
      ['column -1', (c) => c.originalPositionFor({ line: 1, column: -1 })],
      ['no column', (c) => c.originalPositionFor({ line: 1 })],
      ['generated, line 0', (c) => c.generatedPositionFor({ source, line: 0, column: 0 })],
      ['generated, no column', (c) => c.generatedPositionFor({ source, line: 1 })],
      ['generated, unknown source, line 0 (no error: the source is looked up first)', (c) => c.generatedPositionFor({ source: 'x', line: 0, column: 0 })],
      ['all, line 0', (c) => c.allGeneratedPositionsFor({ source, line: 0 })],
      ['all, column -1', (c) => c.allGeneratedPositionsFor({ source, line: 1, column: -1 })],
      ['eachMapping, unknown order', (c) => c.eachMapping(() => {}, null, 3)],
    ];
    for (const [what, call] of calls) {
      expect(outcome(() => call(ours as unknown as Consumer)), what).toEqual(outcome(() => call(real as unknown as Consumer)));
    }
    expect(() => ours.originalPositionFor({ line: 0, column: 0 })).toThrow('Line numbers must be >= 1');
  });

  it('allGeneratedPositionsFor without a column: the line asked, or the next line that has mappings', async () => {
    const map = { version: 3, sources: ['a.js'], names: [], mappings: 'AAAA,KAAK;AAEA,KAAK,KAAA' }; // a.js lines 1 and 3
    const real = await new RealConsumer(map as never) as unknown as Consumer;
    const ours = await new sm.SourceMapConsumer(map);
    for (const args of [{ line: 1 }, { line: 2 }, { line: 3 }, { line: 4 }, { line: 2, column: 0 }, { line: 3, column: 1 }, { line: 3, column: 6 }]) {
      expect(outcome(() => ours.allGeneratedPositionsFor({ source: 'a.js', ...args })), JSON.stringify(args))
        .toEqual(outcome(() => real.allGeneratedPositionsFor({ source: 'a.js', ...args })));
    }
    // Line 2 has no mappings: line 3's, by original column.
    expect(ours.allGeneratedPositionsFor({ source: 'a.js', line: 2 })).toEqual([
      { line: 2, column: 0, lastColumn: 4 }, { line: 2, column: 5, lastColumn: 9 }, { line: 2, column: 10, lastColumn: null },
    ]);
  });

  it('computeColumnSpans(): lastColumn is null, a number, then Infinity at the end of a line, as in mozilla', async () => {
    const map = { version: 3, sources: ['foo.coffee'], names: [], mappings: ';CACA,SAAC,UAAC' };
    const real = await new RealConsumer(map as never);
    const ours = await new sm.SourceMapConsumer(map);
    const state = (c: Consumer) => {
      const mappings: object[] = [];
      c.eachMapping((m) => mappings.push({ ...m }));
      return plain([mappings, c.allGeneratedPositionsFor({ line: 2, source: 'foo.coffee' })]);
    };
    expect(state(ours as unknown as Consumer)).toEqual(state(real as unknown as Consumer)); // before any reverse lookup: null spans in eachMapping
    expect(state(ours as unknown as Consumer)).toEqual(state(real as unknown as Consumer)); // after one: numbers, null at a line's end
    real.computeColumnSpans();
    ours.computeColumnSpans();
    expect(state(ours as unknown as Consumer)).toEqual(state(real as unknown as Consumer));
    expect(ours.allGeneratedPositionsFor({ line: 2, source: 'foo.coffee' })).toEqual([
      { line: 2, column: 1, lastColumn: 9 }, { line: 2, column: 10, lastColumn: 19 }, { line: 2, column: 20, lastColumn: Infinity },
    ]);
  });

  it('sourceContentFor, hasContentsOfAllSources, eachMapping\'s context and orders, fields', async () => {
    const real = await new RealConsumer(SMALL as never);
    const ours = await new sm.SourceMapConsumer(SMALL as never);
    const probe = (c: Consumer) => {
      const seen: unknown[] = [];
      c.eachMapping(function (this: unknown, m) { seen.push([this, { ...m }]); }, { context: true });
      c.eachMapping((m) => seen.push({ ...m }), null, sm.ORIGINAL_ORDER);
      return [c.sources, c.file, c.sourceRoot, c.sourcesContent, c.x_google_ignoreList, c.hasContentsOfAllSources(), seen,
        ...['src/a.js', './src/a.js', 'b c.js', 'b%20c.js', 'null'].map((s) => outcome(() => c.sourceContentFor(s))),
        outcome(() => c.sourceContentFor('this is not in the source map')), c.sourceContentFor('this is not in the source map', true)];
    };
    expect(plain(probe(ours as unknown as Consumer))).toEqual(plain(probe(real as unknown as Consumer)));
    expect(() => ours.sourceContentFor('this is not in the source map')).toThrow('"this is not in the source map" is not in the SourceMap.');
    expect(ours.sourceContentFor('this is not in the source map', true)).toBeNull();
  });

  it('index maps give an IndexedSourceMapConsumer, a regular map a BasicSourceMapConsumer; both are SourceMapConsumers', async () => {
    const index = { version: 3, file: 'i.js', sections: [{ offset: { line: 0, column: 0 }, map: MOZILLA_EXAMPLE }, { offset: { line: 1, column: 40 }, map: SMALL }] };
    const ours = await new sm.SourceMapConsumer(index as never);
    const real = await new RealConsumer(index as never);
    expect([ours instanceof sm.SourceMapConsumer, ours instanceof sm.IndexedSourceMapConsumer, ours instanceof sm.BasicSourceMapConsumer]).toEqual([true, true, false]);
    expect([real instanceof RealConsumer, real instanceof realClasses.IndexedSourceMapConsumer, real instanceof realClasses.BasicSourceMapConsumer]).toEqual([true, true, false]);
    const basic = sm.SourceMapConsumer.sync(MOZILLA_EXAMPLE);
    expect([basic instanceof sm.SourceMapConsumer, basic instanceof sm.BasicSourceMapConsumer, basic instanceof sm.IndexedSourceMapConsumer]).toEqual([true, true, false]);
    expect(ours.sources).toEqual(real.sources);
    for (const column of [0, 20, 39, 40, 41, 45, 60]) {
      for (const bias of [1, 2]) expect(ours.originalPositionFor({ line: 2, column, bias }), `2:${column}`).toEqual(real.originalPositionFor({ line: 2, column, bias }));
    }
    expect(await new sm.IndexedSourceMapConsumer(index as never)).toBeInstanceOf(sm.IndexedSourceMapConsumer);
    await expect(new sm.IndexedSourceMapConsumer(MOZILLA_EXAMPLE as never)).rejects.toThrow('"sections" is a required argument.');
  });

  it('SourceMapConsumer.with destroys the consumer after the callback, and returns its value; destroy() is harmless', async () => {
    let seen: sm.BasicSourceMapConsumer | sm.IndexedSourceMapConsumer | undefined;
    let destroyed = 0;
    const value = await sm.SourceMapConsumer.with(MOZILLA_EXAMPLE, null, async (consumer) => {
      seen = consumer;
      const destroy = consumer.destroy.bind(consumer);
      consumer.destroy = () => { destroyed++; destroy(); };
      return 6 * 7;
    });
    expect(value).toBe(42);
    expect(destroyed).toBe(1);
    // Used after destroy(), as mozilla allows (it decodes again): same answers.
    expect(seen?.originalPositionFor({ line: 2, column: 28 })).toEqual({ source: 'http://example.com/www/js/two.js', line: 2, column: 10, name: 'n' });
    await expect(sm.SourceMapConsumer.with(MOZILLA_EXAMPLE, null, () => { throw new Error('inside'); })).rejects.toThrow('inside');
  });

  it('fromSourceMap takes a SourceMapGenerator (and ignores the URL, as mozilla does)', async () => {
    const generator = new SourceMapGenerator({ file: 'g.js' });
    generator.addMapping({ generated: { line: 1, column: 2 }, original: { line: 3, column: 4 }, source: 'g.ts', name: 'q' });
    const ours = await sm.SourceMapConsumer.fromSourceMap(generator, 'https://example.com/x.map');
    const real = await RealConsumer.fromSourceMap(generator, 'https://example.com/x.map');
    expect([ours.sources, ours.originalPositionFor({ line: 1, column: 2 })]).toEqual([real.sources, real.originalPositionFor({ line: 1, column: 2 })]);
    expect(ours).toBeInstanceOf(sm.BasicSourceMapConsumer);
  });

  it('sources as mozilla spells them: normalised paths, sourceRoot joined as a directory, the map URL\'s directory', async () => {
    const roots = [undefined, '', 'src', 'src/', '/abs', 'http://h.com/r', '../up', './dot'];
    const names = ['a.js', './a.js', '../a.js', '/r.js', 'http://o.com/x.js', 'webpack:///./x.js', '', 'a b.js', 'a\\b.js'];
    for (const url of [undefined, MAP_URL, 'maps/app.js.map', '/maps/app.js.map']) {
      for (const sourceRoot of roots) {
        const map = { version: 3, sources: names, names: [], mappings: 'AAAA,CCAA,CCAA,CCAA,CCAA,CCAA,CCAA,CCAA,CCAA', ...(sourceRoot === undefined ? {} : { sourceRoot }) };
        const ours = sm.SourceMapConsumer.sync(map, url);
        const real = await new RealConsumer(map as never, url);
        const answers = (c: Consumer) => [c.sources, names.map((source, i) => [c.originalPositionFor({ line: 1, column: i }), c.generatedPositionFor({ source, line: 1, column: 0 })])];
        expect(plain(answers(ours as unknown as Consumer)), `${url} ${sourceRoot}`).toEqual(plain(answers(real as unknown as Consumer)));
      }
    }
  });
});

describe('sourcemap-wasm/trace-mapping: trace-mapping README and documented behaviour', () => {
  it('Usage (the README example)', () => {
    const run = (library: typeof tm | typeof realTrace) => {
      const tracer = new library.TraceMap(TRACE_EXAMPLE);
      const traced = library.originalPositionFor(tracer as never, { line: 1, column: 5 });
      return {
        traced,
        content: library.sourceContentFor(tracer as never, traced.source as string),
        generated: library.generatedPositionFor(tracer as never, { source: 'input.js', line: 42, column: 4 }),
        ignored: library.isIgnored(tracer as never, 'input.js'),
        segment: library.traceSegment(tracer as never, 0, 5),
      };
    };
    const ours = run(tm);
    expect(ours).toEqual(run(realTrace));
    expect(ours).toEqual({
      traced: { source: 'input.js', line: 42, column: 4, name: 'foo' },
      content: 'content of input.js',
      generated: { line: 1, column: 5 },
      ignored: false,
      segment: [5, 0, 41, 4, 0],
    });
  });

  it('SectionedSourceMaps: AnyMap (and FlattenMap, with or without new) give a TraceMap', () => {
    for (const make of [(m: typeof SECTIONED_EXAMPLE) => tm.AnyMap(m), (m: typeof SECTIONED_EXAMPLE) => new tm.FlattenMap(m)]) {
      const sectioned = make(SECTIONED_EXAMPLE);
      expect(sectioned).toBeInstanceOf(tm.TraceMap);
      expect(tm.originalPositionFor(sectioned, { line: 2, column: 0 })).toEqual({ source: 'bar.js', line: 1, column: 0, name: 'bar' });
      const real = realTrace.AnyMap(SECTIONED_EXAMPLE);
      expect(plain({ ...sectioned })).toEqual(plain({ ...real }));
      expect(tm.decodedMappings(sectioned)).toEqual(realTrace.decodedMappings(real));
    }
  });

  it('constants GREATEST_LOWER_BOUND 1 and LEAST_UPPER_BOUND -1; null answers; errors', () => {
    expect([tm.GREATEST_LOWER_BOUND, tm.LEAST_UPPER_BOUND]).toEqual([realTrace.GREATEST_LOWER_BOUND, realTrace.LEAST_UPPER_BOUND]);
    expect([tm.GREATEST_LOWER_BOUND, tm.LEAST_UPPER_BOUND]).toEqual([1, -1]);
    const raw = JSON.stringify(SMALL);
    const calls: [string, (map: realTrace.TraceMap, library: typeof realTrace) => unknown][] = [
      ['left of everything', (map, L) => L.originalPositionFor(map, { line: 1, column: 0, bias: L.LEAST_UPPER_BOUND })],
      ['between, LUB', (map, L) => L.originalPositionFor(map, { line: 1, column: 1, bias: L.LEAST_UPPER_BOUND })],
      ['between, GLB', (map, L) => L.originalPositionFor(map, { line: 1, column: 1 })],
      ['right of everything, LUB', (map, L) => L.originalPositionFor(map, { line: 1, column: 9, bias: L.LEAST_UPPER_BOUND })],
      ['an empty line', (map, L) => L.originalPositionFor(map, { line: 3, column: 0 })],
      ['past the last line', (map, L) => L.originalPositionFor(map, { line: 9, column: 0 })],
      ['line 0', (map, L) => L.originalPositionFor(map, { line: 0, column: 0 })],
      ['column -1', (map, L) => L.originalPositionFor(map, { line: 1, column: -1 })],
      ['generated, line 0', (map, L) => L.generatedPositionFor(map, { source: 'x', line: 0, column: 0 })],
      ['generated, unknown source', (map, L) => L.generatedPositionFor(map, { source: 'x', line: 1, column: 0 })],
      ['generated, a line without mappings', (map, L) => L.generatedPositionFor(map, { source: './src/a.js', line: 9, column: 0 })],
      ['traceSegment past the end', (map, L) => L.traceSegment(map, 9, 0)],
    ];
    for (const [what, call] of calls) {
      expect(outcome(() => call(new tm.TraceMap(raw) as unknown as realTrace.TraceMap, tm as unknown as typeof realTrace)), what)
        .toEqual(outcome(() => call(new realTrace.TraceMap(raw), realTrace)));
    }
    expect(() => tm.originalPositionFor(new tm.TraceMap(raw), { line: 0, column: 0 })).toThrow('`line` must be greater than 0 (lines start at line 1)');
  });

  it('reverse lookups stay on the original line asked; allGeneratedPositionsFor defaults to LEAST_UPPER_BOUND and takes a bias', () => {
    // a.js line 1: columns 0 (twice), 4; line 2: column 2; line 3: columns 1, 1, 6.
    const map = { version: 3 as const, sources: ['a.js'], names: [], mappings: 'AAAA,EAAA,EAAI,EACF,EACD,EAAA,EAAK' };
    const ours = new tm.TraceMap(map);
    const real = new realTrace.TraceMap(map);
    for (let line = 1; line <= 4; line++) {
      for (let column = 0; column <= 7; column++) {
        for (const bias of [undefined, 1, -1] as const) {
          const needle = { source: 'a.js', line, column, bias };
          expect(tm.generatedPositionFor(ours, needle), JSON.stringify(needle)).toEqual(realTrace.generatedPositionFor(real, needle));
          expect(tm.allGeneratedPositionsFor(ours, needle), JSON.stringify(needle)).toEqual(realTrace.allGeneratedPositionsFor(real, needle));
        }
      }
    }
    expect(tm.generatedPositionFor(ours, { source: 'a.js', line: 2, column: 0 })).toEqual({ line: null, column: null }); // nothing left of column 2 on line 2
    expect(tm.allGeneratedPositionsFor(ours, { source: 'a.js', line: 1, column: 1 })).toEqual([{ line: 1, column: 4 }]);
    expect(tm.allGeneratedPositionsFor(ours, { source: 'a.js', line: 1, column: 0 })).toEqual([{ line: 1, column: 0 }, { line: 1, column: 2 }]);
  });

  it('TraceMap: from a string, an object, decoded mappings (sorted as trace-mapping sorts them), itself; presortedDecodedMap', () => {
    const decodedInput = { ...SMALL, mappings: [[[4, 0, 0, 0], [2, 0, 0, 2], [0, 1, 0, 1]], [], [[0, 0, 1, 0, 0]]] };
    for (const input of [JSON.stringify(SMALL), SMALL, decodedInput]) {
      const ours = new tm.TraceMap(input as never);
      const real = new realTrace.TraceMap(input as never);
      expect(plain({ ...ours })).toEqual(plain({ ...real }));
      expect([tm.decodedMappings(ours), tm.encodedMappings(ours), tm.decodedMap(ours), tm.encodedMap(ours)])
        .toEqual([realTrace.decodedMappings(real), realTrace.encodedMappings(real), realTrace.decodedMap(real), realTrace.encodedMap(real)]);
      expect(tm.decodedMappings(ours)).toBe(tm.decodedMappings(ours));
      expect(new tm.TraceMap(ours)).toBe(ours);
    }
    expect(tm.encodedMappings(new tm.TraceMap({ ...TRACE_EXAMPLE, mappings: 'KAyCIA;;' }))).toBe('KAyCIA;;'); // the string as given
    const presorted = { ...TRACE_EXAMPLE, mappings: [[[5, 0, 41, 4, 0] as [number, number, number, number, number]]] };
    const ours = tm.presortedDecodedMap(presorted);
    expect(tm.decodedMappings(ours)).toBe(presorted.mappings);
    expect(tm.originalPositionFor(ours, { line: 1, column: 5 })).toEqual(realTrace.originalPositionFor(realTrace.presortedDecodedMap(presorted), { line: 1, column: 5 }));
    expect(() => new tm.TraceMap(SECTIONED_EXAMPLE as never)).toThrow(TypeError); // as trace-mapping: it reads `sources` first
  });

  it('resolvedSources as trace-mapping resolves them (resolve-uri, not WHATWG)', () => {
    const roots = [undefined, '', 'src', 'src/', '/abs', 'http://h.com/r', '../up', './dot'];
    const names = ['a.js', './a.js', '../a.js', '/r.js', 'http://o.com/x.js', 'webpack:///./x.js', '', 'a b.js', '?q', '#h'];
    for (const url of [undefined, MAP_URL, 'maps/app.js.map', '/maps/app.js.map', './app.js.map']) {
      for (const sourceRoot of roots) {
        const map = { version: 3 as const, sources: names, names: [], mappings: 'AAAA', ...(sourceRoot === undefined ? {} : { sourceRoot }) };
        expect(new tm.TraceMap(map, url).resolvedSources, `${url} ${sourceRoot}`).toEqual(new realTrace.TraceMap(map, url).resolvedSources);
      }
    }
  });

  it('columns that are not whole numbers, or past any column, fall between two columns as in trace-mapping', () => {
    const raw = JSON.stringify(SMALL);
    for (const column of [0.5, 1.5, 2.5, 1e12, Number.MAX_SAFE_INTEGER]) {
      for (const bias of [1, -1] as const) {
        // A fresh map each time: trace-mapping's memo of the last search would otherwise carry over.
        expect(tm.originalPositionFor(new tm.TraceMap(raw), { line: 1, column, bias }), `${column} ${bias}`)
          .toEqual(realTrace.originalPositionFor(new realTrace.TraceMap(raw), { line: 1, column, bias }));
        for (const source of ['./src/a.js', 'b c.js']) {
          const needle = { source, line: 1, column, bias };
          expect(tm.generatedPositionFor(new tm.TraceMap(raw), needle)).toEqual(realTrace.generatedPositionFor(new realTrace.TraceMap(raw), needle));
          expect(tm.allGeneratedPositionsFor(new tm.TraceMap(raw), needle)).toEqual(realTrace.allGeneratedPositionsFor(new realTrace.TraceMap(raw), needle));
        }
      }
      expect(tm.traceSegment(new tm.TraceMap(raw), 0, column)).toEqual(realTrace.traceSegment(new realTrace.TraceMap(raw), 0, column));
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe.skipIf(!hasBenchMaps)('differential sweep: every adapter method against its peer on production maps (../shared/bench-maps)', () => {
  const cases: [string, string | undefined, number][] = [
    ['preact.js.map', undefined, 1000],
    ['preact.js.map', MAP_URL, 400],
    ['amp.js.map', MAP_URL, 600],
    ['angular-debug_node-chunk.mjs.map', undefined, 600],
  ];
  for (const [file, url, positions] of cases) {
    it(`${file}${url ? ' (with a map URL)' : ''}`, async () => {
      const raw = bench(file);
      (await sweepMozilla(file, raw, url, { positions })).expectNone();
      sweepTraceMapping(file, raw, url, { positions }).expectNone();
    });
  }
  it('an index map of preact.js.map and react.js.map, the second at a non-zero column on the first one\'s line', async () => {
    const raw = indexMapOf([bench('preact.js.map'), bench('react.js.map')]);
    (await sweepMozilla('index(preact, react)', raw, MAP_URL, { positions: 600 })).expectNone();
    sweepTraceMapping('index(preact, react)', raw, MAP_URL, { positions: 600 }, true).expectNone();
  });
});

describe('differential sweep: every adapter method against its peer on maps made by esbuild and terser', () => {
  it('esbuild, not minified, through input maps, with sourceRoot and sourcesContent (with and without a URL)', async () => {
    const raw = await realMap('esbuild-readable-trace-mapping').generate();
    for (const url of [undefined, MAP_URL]) {
      (await sweepMozilla('esbuild-readable-trace-mapping', raw, url, { positions: 500 })).expectNone();
      sweepTraceMapping('esbuild-readable-trace-mapping', raw, url, { positions: 500 }).expectNone();
    }
  });

  it('terser, an absolute sourceRoot, sourcesContent', async () => {
    const raw = await realMap('terser-source-map-consumer').generate();
    (await sweepMozilla('terser-source-map-consumer', raw, MAP_URL, { positions: 500 })).expectNone();
    sweepTraceMapping('terser-source-map-consumer', raw, MAP_URL, { positions: 500 }).expectNone();
  });

  it('the esbuild map with equal-column ties and unsorted lines added (the paths the core alone cannot answer)', async () => {
    const raw = withTiesAndDisorder(await realMap('esbuild-readable-trace-mapping').generate(), 3);
    (await sweepMozilla('esbuild-readable-trace-mapping + ties + disorder', raw, undefined, { positions: 700 })).expectNone();
    sweepTraceMapping('esbuild-readable-trace-mapping + ties + disorder', raw, undefined, { positions: 700 }).expectNone();
  });

  it('index maps of real maps, each section at a non-zero column on the previous one\'s last line (also with empty trailing lines)', async () => {
    const parts = [await realMap('terser-one-line').generate(), await realMap('esbuild-readable-trace-mapping').generate()];
    for (const trailing of [false, true]) {
      const raw = indexMapOf([...parts, parts[0]], 7, trailing);
      (await sweepMozilla(`index(terser, esbuild, terser)${trailing ? ' + empty lines' : ''}`, raw, MAP_URL, { positions: 500 })).expectNone();
      sweepTraceMapping(`index(terser, esbuild, terser)${trailing ? ' + empty lines' : ''}`, raw, MAP_URL, { positions: 500 }, true).expectNone();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The documented divergences (README, "Migrating from source-map and trace-mapping"). Each is on
// input ECMA-426 calls invalid, or on behaviour the peers leave undefined or broken; each is
// shown here as it is, next to the peer's.

describe('documented divergences', () => {
  it('invalid mappings: decoded leniently when the map is made (bad segments skipped, an unknown source index unmapped), or a SourceMapError', async () => {
    const twoFields = { version: 3 as const, sources: ['a.js'], names: [], mappings: 'AA,EAAA' };
    // mozilla rejects it at the first lookup, trace-mapping decodes it into nonsense, we skip the 2-field segment.
    await expect((async () => (await new RealConsumer(twoFields as never)).originalPositionFor({ line: 1, column: 2 }))()).rejects.toThrow('Error parsing mappings');
    expect(realTrace.decodedMappings(new realTrace.TraceMap(twoFields))).toEqual([[[0, 0, 0, 2, 0], [0]]]);
    expect(sm.SourceMapConsumer.sync(twoFields).originalPositionFor({ line: 1, column: 2 })).toEqual({ source: 'a.js', line: 1, column: 0, name: null });
    expect(tm.decodedMappings(new tm.TraceMap(twoFields))).toEqual([[[2, 0, 0, 0]]]);
    // A source index past `sources`: mozilla throws at the lookup, trace-mapping answers an undefined source, we leave it unmapped.
    const outOfRange = { version: 3 as const, sources: ['a.js'], names: [], mappings: 'AAAA,ECAA' };
    expect(tm.originalPositionFor(new tm.TraceMap(outOfRange), { line: 1, column: 2 })).toEqual({ source: null, line: null, column: null, name: null });
    expect(realTrace.originalPositionFor(new realTrace.TraceMap(outOfRange), { line: 1, column: 2 }).line).toBe(1);
    // Characters outside base64: a SourceMapError when the map is made (mozilla: at the first lookup; trace-mapping decodes around them).
    const badBase64 = { version: 3 as const, sources: ['a.js'], names: [], mappings: 'AA!A' };
    expect(() => sm.SourceMapConsumer.sync(badBase64)).toThrow(/outside the base64 alphabet/);
    expect(() => new tm.TraceMap(badBase64)).toThrow(/outside the base64 alphabet/);
  });

  it('index maps: overlapping sections are cut where the next one starts; nested index maps are refused by the source-map adapter', async () => {
    // Section 0 has a segment at column 10, past where section 1 starts (column 5).
    const overlap = {
      version: 3,
      sections: [
        { offset: { line: 0, column: 0 }, map: { version: 3, sources: ['a.js'], names: [], mappings: 'AAAA,UAAE' } },
        { offset: { line: 0, column: 5 }, map: { version: 3, sources: ['b.js'], names: [], mappings: 'EAAA' } },
      ],
    };
    const needle = { line: 1, column: 3, bias: sm.LEAST_UPPER_BOUND };
    expect((await new RealConsumer(overlap as never)).originalPositionFor(needle)).toEqual({ source: 'a.js', line: 1, column: 2, name: null });
    expect(sm.SourceMapConsumer.sync(overlap as never).originalPositionFor(needle)).toEqual({ source: null, line: null, column: null, name: null });
    // trace-mapping cuts them too: same answers.
    expect(tm.decodedMappings(tm.FlattenMap(overlap as never))).toEqual(realTrace.decodedMappings(realTrace.FlattenMap(overlap as never)));
    // Nested: mozilla builds them but its reverse lookups then throw a TypeError; we refuse them.
    const nested = { version: 3, sections: [{ offset: { line: 0, column: 0 }, map: overlap }] };
    await expect((async () => (await new RealConsumer(nested as never)).generatedPositionFor({ source: 'a.js', line: 1, column: 0 }))()).rejects.toThrow(TypeError);
    expect(() => sm.SourceMapConsumer.sync(nested as never)).toThrow(/nested index maps/);
    // trace-mapping flattens nested maps; so does ours.
    expect(tm.decodedMappings(tm.FlattenMap(nested as never))).toEqual(realTrace.decodedMappings(realTrace.FlattenMap(nested as never)));
  });

  it('trace-mapping: out-of-order sections keep their sources but not their mappings', () => {
    const unordered = {
      version: 3,
      sections: [
        { offset: { line: 1, column: 0 }, map: { version: 3, sources: ['a.js'], names: [], mappings: 'AAAA' } },
        { offset: { line: 0, column: 0 }, map: { version: 3, sources: ['b.js'], names: [], mappings: 'AAAA;AACA' } },
      ],
    };
    const ours = tm.FlattenMap(unordered as never);
    const real = realTrace.FlattenMap(unordered as never);
    expect(ours.sources).toEqual(real.sources);
    expect(realTrace.decodedMappings(real)).toEqual([[[0, 1, 0, 0]], [[0, 1, 1, 0]]]); // the first section cut to nothing, the second whole
    expect(tm.decodedMappings(ours)).toEqual([[]]); // the second dropped
  });

  it('trace-mapping: each lookup stands alone (trace-mapping\'s memo of the last search goes wrong after a NaN column)', () => {
    const raw = JSON.stringify(SMALL);
    const real = new realTrace.TraceMap(raw);
    realTrace.originalPositionFor(real, { line: 1, column: Number.NaN, bias: realTrace.LEAST_UPPER_BOUND });
    expect(realTrace.originalPositionFor(real, { line: 1, column: 5 })).toEqual({ source: null, line: null, column: null, name: null });
    const ours = new tm.TraceMap(raw);
    tm.originalPositionFor(ours, { line: 1, column: Number.NaN, bias: tm.LEAST_UPPER_BOUND });
    expect(tm.originalPositionFor(ours, { line: 1, column: 5 })).toEqual(realTrace.originalPositionFor(new realTrace.TraceMap(raw), { line: 1, column: 5 }));
  });

  it('trace-mapping: a line that is not a whole number, or traceSegment below line 0, is a TypeError with a message of its own', () => {
    const raw = JSON.stringify(SMALL);
    expect(() => realTrace.originalPositionFor(new realTrace.TraceMap(raw), { line: 1.5, column: 0 })).toThrow(TypeError);
    expect(() => tm.originalPositionFor(new tm.TraceMap(raw), { line: 1.5, column: 0 })).toThrow(new TypeError('There is no generated line 1.5'));
    expect(() => realTrace.traceSegment(new realTrace.TraceMap(raw), -1, 0)).toThrow(TypeError);
    expect(() => tm.traceSegment(new tm.TraceMap(raw), -1, 0)).toThrow(TypeError);
  });

  it('trace-mapping: traceSegment returns an equal segment, not the very array inside decodedMappings', () => {
    const ours = new tm.TraceMap(TRACE_EXAMPLE);
    expect(tm.traceSegment(ours, 0, 5)).toEqual(tm.decodedMappings(ours)[0][0]);
    expect(tm.traceSegment(ours, 0, 5)).not.toBe(tm.decodedMappings(ours)[0][0]);
  });
});
