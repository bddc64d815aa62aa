// Limits: maps far bigger than usual are decoded correctly or refused with a clear error, in
// bounded memory; maxMappingsBytes and maxSegments refuse early; and the lifetime of many
// maps: made and dropped, disposed, or alive together.
//
// LIMITS_MAPPINGS_MB sets the size of the big map (default 100). LIMITS_HUGE=1 adds the
// default-maxSegments refusal, which needs about 1.5 GB of wasm memory.
// Runs with --expose-gc (vitest.config.ts): memory is measured as process.memoryUsage().external
// (wasm memories count there) after two gc() calls.
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_MAPPINGS_BYTES, DEFAULT_MAX_SEGMENTS, LEAST_UPPER_BOUND, SourceMap, SourceMapError,
  type SourceMapOptions, releaseMemory,
} from '../src/index.js';
import { pooledMemoryBytes } from '../src/wasm.js';
import { encodeMappings, random } from './vlq.js';
import { caught } from './helpers.js';

const collect = globalThis.gc as (() => void) | undefined;
const MAPPINGS_MB = Number(process.env.LIMITS_MAPPINGS_MB ?? 100);
const HUGE = process.env.LIMITS_HUGE === '1';
const MB = 1024 * 1024;

const figures: string[] = [];
const note = (line: string) => figures.push(line);
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

function external(): number {
  collect?.();
  collect?.();
  return process.memoryUsage().external;
}

function timed<T>(label: string, action: () => T): T {
  const start = performance.now();
  const result = action();
  note(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
  return result;
}

const map = (mappings: string, options?: SourceMapOptions, fields: Record<string, unknown> = {}) =>
  new SourceMap({ version: 3, sources: ['a.js'], names: ['n'], mappings, ...fields }, options);

// After a refusal, the next map decodes and answers correctly.
function checkNextMap(): void {
  const m = map('AAAA;CACAA,CAAC');
  expect(m.originalPositionFor({ line: 2, column: 1 })).toEqual({ source: 'a.js', line: 2, column: 0, name: 'n' });
  expect(m.originalPositionFor({ line: 2, column: 2 })).toEqual({ source: 'a.js', line: 2, column: 1, name: null });
}

// A line of 200 segments: columns 0..199; the original column goes up by one per segment
// over the whole map, so segment s of line l (0-based) maps to original column l * 199 + s.
const LINE = ['AAAA', ...Array(199).fill('CAAC')].join(',');
const originalColumn = (line: number, column: number) => line * 199 + column;

describe('big maps', () => {
  it(`decodes ${MAPPINGS_MB} MB of mappings`, () => {
    const lines = Math.ceil((MAPPINGS_MB * 1e6) / (LINE.length + 1));
    const mappings = `${LINE};`.repeat(lines - 1) + LINE;
    const before = external();
    let m: SourceMap | undefined = timed(`${MAPPINGS_MB} MB of mappings (${lines * 200} segments, ${lines} lines): decode`, () => map(mappings));
    const held = external() - before;
    note(`${MAPPINGS_MB} MB of mappings: the map holds ${mb(held)} (20 bytes a segment: ${mb(lines * 200 * 20)}); peak RSS so far ${mb(process.resourceUsage().maxRSS * 1024)}`);
    expect(m.segmentCount).toBe(lines * 200);
    expect(m.lineCount).toBe(lines);
    // Memory: the rows and the line index, and little else (the scratch memory is dropped).
    expect(held).toBeLessThan(lines * 200 * 20 + (lines + 1) * 4 + 40 * MB);
    expect(held).toBeGreaterThan(lines * 200 * 20);
    for (const [line, column] of [[0, 0], [0, 199], [1, 0], [lines >> 1, 77], [lines - 1, 0], [lines - 1, 199]]) {
      expect(m.originalPositionFor({ line: line + 1, column })).toEqual({ source: 'a.js', line: 1, column: originalColumn(line, column), name: null });
    }
    expect(m.originalPositionFor({ line: lines, column: 5000 }).column).toBe(originalColumn(lines - 1, 199));
    expect(m.originalPositionFor({ line: lines, column: 5000, bias: LEAST_UPPER_BOUND }).source).toBeNull();
    expect(m.originalPositionFor({ line: lines + 1, column: 0 }).source).toBeNull();
    // 100,000 random positions in one batch.
    const next = random(7);
    const positions = new Int32Array(200_000);
    for (let i = 0; i < positions.length; i += 2) {
      positions[i] = 1 + Math.floor(next() * lines);
      positions[i + 1] = Math.floor(next() * 200);
    }
    const results = timed(`${MAPPINGS_MB} MB of mappings: 100,000 batch lookups`, () => m!.originalPositionsFor(positions));
    for (let i = 0; i < positions.length / 2; i++) {
      if (results[i * 4 + 2] !== originalColumn(positions[i * 2] - 1, positions[i * 2 + 1])) {
        expect([positions[i * 2], positions[i * 2 + 1], results[i * 4 + 2]]).toEqual('the right original column');
      }
    }
    m.dispose();
    m = undefined;
    const after = external() - before;
    note(`${MAPPINGS_MB} MB of mappings: after dispose() and gc(): ${mb(after)} above the start`);
    expect(after).toBeLessThan(40 * MB);
    checkNextMap();
  });

  it('decodes a single line of 5,000,000 segments, in order and in reverse order', () => {
    const count = 5_000_000;
    const before = external();
    const sorted = timed('5,000,000 segments on one line: decode', () => map(`AAAA${',CAAC'.repeat(count - 1)}`));
    expect([sorted.segmentCount, sorted.lineCount]).toEqual([count, 1]);
    for (const column of [0, 1, 2_500_000, count - 1]) expect(sorted.segmentFor({ line: 1, column })).toEqual([column, 0, 0, column]);
    expect(sorted.segmentFor({ line: 1, column: count + 10 })).toEqual([count - 1, 0, 0, count - 1]);
    sorted.dispose();
    // Columns count down (5M - 1 .. 0), the original column up: the line must be sorted
    // (a merge sort over 100 MB of rows, with 100 MB of temporary memory).
    const reversed = timed('5,000,000 segments on one line, in reverse order: decode and sort', () => map(`${encodeMappings([[[count - 1, 0, 0, 0]]])}${',DAAC'.repeat(count - 1)}`));
    expect(reversed.segmentCount).toBe(count);
    for (const column of [0, 1, 2_500_000, count - 1]) expect(reversed.segmentFor({ line: 1, column })).toEqual([column, 0, 0, count - 1 - column]);
    note(`5,000,000 segments on one line: the map holds ${mb(external() - before)}`);
    reversed.dispose();
    expect(external() - before).toBeLessThan(40 * MB);
    checkNextMap();
  });

  it('decodes 1,000,000 empty lines followed by a mapping', () => {
    const m = timed('1,000,000 empty lines, then a mapping: decode', () => map(`${';'.repeat(1_000_000)}AAAA`));
    expect([m.segmentCount, m.lineCount]).toEqual([1, 1_000_001]);
    expect(m.originalPositionFor({ line: 1_000_001, column: 9 })).toEqual({ source: 'a.js', line: 1, column: 0, name: null });
    expect(m.originalPositionFor({ line: 1_000_000, column: 0 }).source).toBeNull();
    expect(m.originalPositionFor({ line: 1, column: 0, bias: LEAST_UPPER_BOUND }).source).toBeNull();
    expect(m.generatedPositionFor({ source: 'a.js', line: 1, column: 0 })).toEqual({ line: 1_000_001, column: 0, lastColumn: Infinity });
    // The same in an index map: a section starting at line 1,000,000.
    const index = new SourceMap({ version: 3, sections: [{ offset: { line: 1_000_000, column: 5 }, map: { version: 3, sources: ['b.js'], mappings: 'AAAA' } }] });
    expect(index.originalPositionFor({ line: 1_000_001, column: 5 })).toEqual({ source: 'b.js', line: 1, column: 0, name: null });
    expect(index.lineCount).toBe(1_000_001);
  });

  it('decodes a map with 100,000 sources and names', () => {
    const count = 100_000;
    const sources = Array.from({ length: count }, (_, i) => `src/file${i}.js`);
    const names = Array.from({ length: count }, (_, i) => `name${i}`);
    const mappings = `AAAAA${',CCAAC'.repeat(count - 1)}`;
    const m = timed('100,000 sources and names: decode', () => new SourceMap({ version: 3, sources, names, sourcesContent: sources.map((s) => `// ${s}`), mappings }));
    expect(m.sources.length).toBe(count);
    for (const i of [0, 1, 54_321, count - 1]) {
      expect(m.originalPositionFor({ line: 1, column: i })).toEqual({ source: `src/file${i}.js`, line: 1, column: 0, name: `name${i}` });
    }
    expect(m.sourceIndex(`src/file${count - 1}.js`)).toBe(count - 1);
    expect(m.sourceContentFor('src/file77777.js')).toBe('// src/file77777.js');
    expect(m.generatedPositionFor({ source: 'src/file54321.js', line: 1, column: 0 })).toEqual({ line: 1, column: 54_321, lastColumn: 54_321 });
    const resolved = timed('100,000 sources resolved against a URL: decode', () => new SourceMap({ version: 3, sources, names, mappings }, { url: 'https://cdn.example.com/js/app.js.map' }));
    expect(resolved.sources[count - 1]).toBe(`https://cdn.example.com/js/src/file${count - 1}.js`);
    expect(caught(() => new SourceMap({ version: 3, sources, names, mappings: `${mappings},CCAAC` }))).toMatchObject({ code: 'SOURCE_OUT_OF_RANGE', segment: count });
    checkNextMap();
  });
});

describe('maxMappingsBytes and maxSegments', () => {
  it('exports the defaults', () => {
    expect(DEFAULT_MAX_MAPPINGS_BYTES).toBe(256 * 1024 * 1024);
    expect(DEFAULT_MAX_SEGMENTS).toBe(64 * 1024 * 1024);
  });

  it('refuses mappings longer than maxMappingsBytes before decoding them', () => {
    const mappings = `${LINE};`.repeat(Math.ceil((MAPPINGS_MB * 1e6) / (LINE.length + 1)));
    const start = performance.now();
    const error = caught(() => map(mappings, { maxMappingsBytes: 1_000_000 }));
    const elapsed = performance.now() - start;
    note(`maxMappingsBytes 1,000,000 on ${MAPPINGS_MB} MB of mappings: refused in ${elapsed.toFixed(1)} ms`);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'maxMappingsBytes' });
    expect(error.message).toContain(`The map's mappings are ${mappings.length} bytes, more than maxMappingsBytes (1000000)`);
    expect(elapsed).toBeLessThan(100);
    checkNextMap();
  });

  it('counts maxMappingsBytes exactly, over all sections', () => {
    expect(map('AAAA,CAAC', { maxMappingsBytes: 9 }).segmentCount).toBe(2);
    expect(caught(() => map('AAAA,CAAC;', { maxMappingsBytes: 9 }))).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'maxMappingsBytes' });
    expect(map('', { maxMappingsBytes: 0 }).segmentCount).toBe(0);
    expect(caught(() => map(';', { maxMappingsBytes: 0 })).code).toBe('LIMIT_EXCEEDED');
    const section = (line: number) => ({ offset: { line, column: 0 }, map: { version: 3, sources: ['a.js'], mappings: 'AAAA,CAAC' } });
    const index = { version: 3, sections: [section(0), section(1)] };
    expect(new SourceMap(index, { maxMappingsBytes: 18 }).segmentCount).toBe(4);
    expect(caught(() => new SourceMap(index, { maxMappingsBytes: 17 }))).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'maxMappingsBytes', message: expect.stringContaining('18 bytes') });
    // Lenient mode does not skip it: a limit is not a problem in the map.
    expect(caught(() => new SourceMap(index, { maxMappingsBytes: 17, strict: false })).code).toBe('LIMIT_EXCEEDED');
    checkNextMap();
  });

  it('refuses more segments than maxSegments, early and in bounded memory', () => {
    const lines = Math.ceil((MAPPINGS_MB * 1e6) / (LINE.length + 1));
    const mappings = `${LINE};`.repeat(lines - 1) + LINE;
    const before = external();
    const start = performance.now();
    const error = caught(() => map(mappings, { maxSegments: 1000 }));
    const elapsed = performance.now() - start;
    const after = external() - before;
    note(`maxSegments 1,000 on ${MAPPINGS_MB} MB of mappings (${lines * 200} segments): refused in ${elapsed.toFixed(0)} ms; ${mb(after)} held afterwards`);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'maxSegments' });
    expect(error.message).toContain('more than maxSegments (1000) segments');
    expect(after).toBeLessThan(40 * MB);
    checkNextMap();
  });

  it('counts maxSegments exactly, over all sections', () => {
    expect(map('AAAA,CAAC;;CAAC', { maxSegments: 3 }).segmentCount).toBe(3);
    expect(caught(() => map('AAAA,CAAC;;CAAC,C', { maxSegments: 3 }))).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'maxSegments' });
    expect(map(';;;;', { maxSegments: 0 }).lineCount).toBe(5);
    expect(caught(() => map('A', { maxSegments: 0 })).code).toBe('LIMIT_EXCEEDED');
    const section = (line: number) => ({ offset: { line, column: 0 }, map: { version: 3, sources: ['a.js'], mappings: 'AAAA,CAAC' } });
    const index = { version: 3, sections: [section(0), section(1), section(2)] };
    expect(new SourceMap(index, { maxSegments: 6 }).segmentCount).toBe(6);
    expect(caught(() => new SourceMap(index, { maxSegments: 5 })).code).toBe('LIMIT_EXCEEDED');
    expect(caught(() => new SourceMap(index, { maxSegments: 5, strict: false })).code).toBe('LIMIT_EXCEEDED');
    // Lenient mode: skipped segments do not count.
    expect(map('AA,AA,AAAA', { maxSegments: 1, strict: false }).segmentCount).toBe(1);
    checkNextMap();
  });

  it('refuses, by default, mappings longer than DEFAULT_MAX_MAPPINGS_BYTES', () => {
    const mappings = 'A'.repeat(DEFAULT_MAX_MAPPINGS_BYTES + 1);
    const error = timed('DEFAULT_MAX_MAPPINGS_BYTES + 1 bytes: refused', () => caught(() => map(mappings)));
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'maxMappingsBytes' });
    expect(error.message).toContain(`${DEFAULT_MAX_MAPPINGS_BYTES + 1} bytes, more than maxMappingsBytes (${DEFAULT_MAX_MAPPINGS_BYTES})`);
    checkNextMap();
  });

  it.runIf(HUGE)('refuses, by default, more than DEFAULT_MAX_SEGMENTS segments (LIMITS_HUGE=1)', () => {
    const mappings = `${'A,'.repeat(DEFAULT_MAX_SEGMENTS)}A`;
    const error = timed('DEFAULT_MAX_SEGMENTS + 1 segments: refused', () => caught(() => map(mappings)));
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'maxSegments' });
    checkNextMap();
  });
});

describe('lifetime', () => {
  const json = { version: 3, sources: ['a.js'], names: [], mappings: Array.from({ length: 250 }, () => 'AAAA,CAAC,EAAE,GAAG').join(';') };

  it.skipIf(!collect)('keeps memory flat over 10,000 maps made and dropped (and errors between them)', () => {
    // Warm up: the scratch instance and the compiled module exist before measuring.
    new SourceMap(json).originalPositionFor({ line: 1, column: 0 });
    const before = external();
    const rssBefore = process.memoryUsage().rss;
    timed('10,000 maps made and dropped', () => {
      for (let i = 0; i < 10_000; i++) {
        const m = new SourceMap(json);
        expect(m.originalPositionFor({ line: 250, column: 6 }).column).toBe(249 * 6 + 6);
        if (i % 10 === 0) expect(() => new SourceMap({ ...json, mappings: `${json.mappings};AA=A` })).toThrow(SourceMapError);
      }
    });
    const after = external();
    const rssAfter = process.memoryUsage().rss;
    note(`10,000 maps made and dropped: external ${mb(before)} before, ${mb(after)} after; RSS ${mb(rssBefore)} before, ${mb(rssAfter)} after`);
    expect(after - before).toBeLessThan(16 * MB);
  });

  it('dispose() twice is fine, and every lookup after it is DISPOSED', () => {
    const m = new SourceMap({ version: 3, sources: ['a.js'], names: ['n'], mappings: 'AAAAA,CAAC' });
    m.dispose();
    m.dispose();
    const lookups: [string, () => unknown][] = [
      ['originalPositionFor', () => m.originalPositionFor({ line: 1, column: 0 })],
      ['segmentFor', () => m.segmentFor({ line: 1, column: 0 })],
      ['generatedPositionFor', () => m.generatedPositionFor({ source: 'a.js', line: 1, column: 0 })],
      ['allGeneratedPositionsFor', () => m.allGeneratedPositionsFor({ source: 'a.js', line: 1 })],
      ['eachMapping', () => m.eachMapping(() => {})],
      ['eachMapping (original order)', () => m.eachMapping(() => {}, { order: 'original' })],
      ['decodedMappings', () => m.decodedMappings()],
      ['originalPositionsFor', () => m.originalPositionsFor(new Int32Array([1, 0]))],
      ['segmentCount', () => m.segmentCount],
      ['lineCount', () => m.lineCount],
    ];
    for (const [name, lookup] of lookups) {
      const error = caught(lookup);
      expect(error.code, name).toBe('DISPOSED');
      expect(error.message).toContain('was disposed');
    }
    // What the JSON said is still there.
    expect(m.sources).toEqual(['a.js']);
    expect(m.sourceIndex('a.js')).toBe(0);
    expect(m.sourceContentFor('a.js')).toBeNull();
    // Symbol.dispose (for `using`), where the runtime has it.
    const dispose = (Symbol as { dispose?: symbol }).dispose;
    if (dispose) {
      const other = new SourceMap({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA' });
      (other as unknown as Record<symbol, () => void>)[dispose]();
      expect(caught(() => other.originalPositionFor({ line: 1, column: 0 })).code).toBe('DISPOSED');
    }
    checkNextMap();
  });

  it.skipIf(!collect)('dispose() hands the memory to the next map, and releaseMemory() frees it, while the SourceMap is still referenced', () => {
    const mappings = Array.from({ length: 5000 }, () => LINE).join(';'); // 1,000,000 segments: 20 MB of rows
    const make = () => {
      const m = new SourceMap({ version: 3, sources: ['a.js'], names: [], mappings });
      m.originalPositionsFor(new Int32Array([1, 0]));
      m.generatedPositionFor({ source: 'a.js', line: 1, column: 0 });
      return m;
    };
    releaseMemory();
    const before = external();
    const m = make();
    const held = external() - before; // the map's memory and the scratch's
    m.dispose();
    expect(pooledMemoryBytes()).toBeGreaterThan(20_000_000);
    const pooled = external() - before;
    // The next map of that size takes the disposed one's memory: nothing new is allocated
    // for it but its scratch work.
    const next = make();
    const withNext = external() - before;
    expect(pooledMemoryBytes()).toBe(0);
    next.dispose();
    releaseMemory();
    const after = external() - before;
    note(`dispose() of a map of 1,000,000 segments: ${mb(held)} held, ${mb(pooled)} kept for reuse after dispose(), ${mb(withNext)} with the next map of that size, ${mb(after)} after releaseMemory() and gc() (the SourceMaps still referenced)`);
    expect(held).toBeGreaterThan(20_000_000); // the rows alone
    expect(withNext).toBeLessThan(held * 1.1);
    expect(after).toBeLessThan(held / 10);
    expect(m.sources).toEqual(['a.js']); // keeps them alive until here
    expect(next.sources).toEqual(['a.js']);
  });

  it('keeps at most 64 MiB of disposed maps for reuse, and none past that size', () => {
    releaseMemory();
    const big = new SourceMap({ version: 3, sources: ['a.js'], names: [], mappings: Array.from({ length: 18_000 }, () => LINE).join(';') });
    big.dispose(); // 3.6M segments, 72 MB: not kept
    expect(pooledMemoryBytes()).toBe(0);
    for (let i = 0; i < 8; i++) new SourceMap({ version: 3, sources: ['a.js'], names: [], mappings: Array.from({ length: 5000 }, () => LINE).join(';') }).dispose();
    expect(pooledMemoryBytes()).toBeGreaterThan(20_000_000);
    expect(pooledMemoryBytes()).toBeLessThanOrEqual(64 * 1024 * 1024);
    releaseMemory();
    expect(pooledMemoryBytes()).toBe(0);
  });

  it('a map disposed inside its own eachMapping() is not reused while the loop still reads it', () => {
    const mappings = 'AAAA,CAAC;AACA';
    const expected: number[] = [];
    new SourceMap({ version: 3, sources: ['a.js'], names: [], mappings }).eachMapping((mapping) => expected.push(mapping.generatedColumn, mapping.originalLine ?? -1));
    const m = new SourceMap({ version: 3, sources: ['a.js'], names: [], mappings });
    const seen: number[] = [];
    m.eachMapping((mapping) => {
      if (seen.length === 0) {
        m.dispose();
        // Another map decoded now must not take the memory the loop is reading.
        new SourceMap({ version: 3, sources: ['b.js'], names: [], mappings: 'GAGG,GAAG;GAAG' });
      }
      seen.push(mapping.generatedColumn, mapping.originalLine ?? -1);
    });
    expect(seen).toEqual(expected);
  });

  it('answers interleaved lookups on 1,000 live maps correctly', () => {
    const count = 1000;
    const next = random(1234);
    // Map i: its own sources, names and mappings, so that any mix-up shows.
    const specs = Array.from({ length: count }, (_, i) => {
      const lines = [
        [[0, 0, i, 0, 0], [1 + (i % 50), 1, i + 1, 7]],
        [],
        [[3, 0, i + 2, i], [9, 1, 0, i % 13, 0]],
      ];
      return { i, lines, json: { version: 3, sources: [`m${i}/a.js`, `m${i}/b.js`], names: [`name${i}`], mappings: encodeMappings(lines) } };
    });
    const maps = timed('1,000 live maps: decode', () => specs.map((spec) => new SourceMap(spec.json)));
    let lookups = 0;
    timed('1,000 live maps: 50,000 interleaved lookups (each kind)', () => {
      for (let k = 0; k < 50_000; k++) {
        const { i, lines } = specs[Math.floor(next() * count)];
        const m = maps[i];
        const line = Math.floor(next() * 3);
        const segments = lines[line];
        switch (k % 4) {
          case 0: { // originalPositionFor at a segment's column
            if (segments.length === 0) {
              expect(m.originalPositionFor({ line: line + 1, column: 0 }).source).toBeNull();
              break;
            }
            const s = segments[Math.floor(next() * segments.length)];
            expect(m.originalPositionFor({ line: line + 1, column: s[0] })).toEqual({
              source: `m${i}/${s[1] === 0 ? 'a' : 'b'}.js`, line: s[2] + 1, column: s[3], name: s.length === 5 ? `name${i}` : null,
            });
            break;
          }
          case 1: // the batch lookup
            expect([...m.originalPositionsFor(new Int32Array([3, 9]))]).toEqual([1, 1, i % 13, 0]);
            break;
          case 2: // reverse lookups: the original-order index, built on first use, interleaved
            expect(m.generatedPositionFor({ source: `m${i}/a.js`, line: i + 3, column: i })).toEqual({ line: 3, column: 3, lastColumn: 8 });
            break;
          default:
            expect(m.segmentFor({ line: 1, column: 1 + (i % 50) })).toEqual([1 + (i % 50), 1, i + 1, 7]);
        }
        lookups++;
      }
    });
    expect(lookups).toBe(50_000);
    // Dispose every other map: the rest still answer, the disposed ones say so.
    maps.forEach((m, i) => { if (i % 2) m.dispose(); });
    for (let i = 0; i < count; i++) {
      if (i % 2) expect(caught(() => maps[i].segmentFor({ line: 1, column: 0 })).code).toBe('DISPOSED');
      else expect(maps[i].segmentFor({ line: 1, column: 0 })).toEqual([0, 0, i, 0, 0]);
    }
  });

  it('refuses a new map with OUT_OF_MEMORY when too many are alive (wasm address space), then recovers', () => {
    // Each wasm memory reserves about 10 GiB of address space in V8: a process runs out at about
    // 13,000 live maps. The error must be a clear SourceMapError, and the next map must work
    // once maps are dropped.
    const live: SourceMap[] = [];
    let error: unknown;
    const start = performance.now();
    try {
      for (let i = 0; i < 20_000; i++) live.push(new SourceMap({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA,CAAC' }));
    } catch (e) {
      error = e;
    }
    note(`live maps until the address space runs out: ${live.length} (${error ? (error as SourceMapError).code : 'no error'}) in ${(performance.now() - start).toFixed(0)} ms`);
    if (error) {
      expect(error).toBeInstanceOf(SourceMapError);
      expect(error).toMatchObject({ code: 'OUT_OF_MEMORY', message: expect.stringContaining('dispose() the maps no longer needed') });
      expect(live.length).toBeGreaterThan(1000);
    }
    expect(live[live.length - 1].originalPositionFor({ line: 1, column: 1 }).column).toBe(1);
    for (const m of live) m.dispose();
    live.length = 0;
    collect?.();
    checkNextMap();
  });
});

afterAll(() => {
  process.stderr.write(`limits.test.ts figures:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
});
