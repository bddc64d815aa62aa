// The public surface: inputs, fields, source resolution, content, ignore list, index maps.
import { describe, expect, it } from 'vitest';
import { AnyMap, originalPositionFor as traceOriginal, GREATEST_LOWER_BOUND as TRACE_GLB, LEAST_UPPER_BOUND as TRACE_LUB } from '@jridgewell/trace-mapping';
import { SourceMap, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND } from '../src/index.js';
import { encodeMappings, random } from './vlq.js';

const basic = {
  version: 3,
  file: 'app.min.js',
  sourceRoot: 'src',
  sources: ['a.ts', 'lib/b.ts', null, 'https://cdn.example.com/c.js'],
  sourcesContent: ['let a = 1;', null],
  names: ['a', 'b'],
  mappings: 'AAAAA,EAAE,ECAAC,EEAA',
  debugId: '85314830-023F-4CF1-A267-535F4E37BB17',
  ignoreList: [1],
};

describe('inputs', () => {
  const json = JSON.stringify(basic);
  it.each([
    ['a string', json],
    ['a parsed object', basic],
    ['UTF-8 bytes', new TextEncoder().encode(json)],
    ['a string with a byte-order mark', `\uFEFF${json}`],
    ['bytes with a byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(json)])],
    ['a string behind the )]}\' XSSI guard', `)]}'\n${json}`],
  ])('accepts %s', (_, input) => {
    const map = new SourceMap(input);
    expect(map.originalPositionFor({ line: 1, column: 2 })).toEqual({ source: 'src/a.ts', line: 1, column: 2, name: null });
  });

  it('does not modify a parsed object it is given', () => {
    const copy = structuredClone(basic);
    new SourceMap(copy, { url: 'https://example.com/x.map' });
    expect(copy).toEqual(basic);
  });

  it('reads only own properties, so a polluted prototype changes nothing', () => {
    const json = JSON.parse('{"version":3,"sources":["a.js"],"mappings":"AAAA","__proto__":{"names":["evil"]}}');
    expect(new SourceMap(json).names).toEqual([]);
    expect(({} as Record<string, unknown>).names).toBeUndefined();
  });
});

describe('fields', () => {
  const map = new SourceMap(basic);
  it('exposes the map fields', () => {
    expect(map.version).toBe(3);
    expect(map.file).toBe('app.min.js');
    expect(map.sourceRoot).toBe('src');
    expect(map.names).toEqual(['a', 'b']);
    expect(map.debugId).toBe('85314830-023F-4CF1-A267-535F4E37BB17');
    expect(map.segmentCount).toBe(4);
    expect(map.lineCount).toBe(1);
    expect(map.warnings).toEqual([]);
  });

  it('resolves sources: sourceRoot joined with "/", no URL: kept relative, null stays null', () => {
    expect(map.rawSources).toEqual(['a.ts', 'lib/b.ts', null, 'https://cdn.example.com/c.js']);
    expect(map.sources).toEqual(['src/a.ts', 'src/lib/b.ts', null, 'src/https://cdn.example.com/c.js']);
  });

  it('resolves sources against the map URL as WHATWG URLs', () => {
    const m = new SourceMap(basic, { url: 'https://cdn.example.com/js/app.min.js.map' });
    expect(m.sources).toEqual([
      'https://cdn.example.com/js/src/a.ts',
      'https://cdn.example.com/js/src/lib/b.ts',
      null,
      'https://cdn.example.com/js/src/https://cdn.example.com/c.js',
    ]);
    const noRoot = new SourceMap({ ...basic, sourceRoot: undefined }, { url: 'https://cdn.example.com/js/app.min.js.map' });
    expect(noRoot.sources).toEqual(['https://cdn.example.com/js/a.ts', 'https://cdn.example.com/js/lib/b.ts', null, 'https://cdn.example.com/c.js']);
    const rooted = new SourceMap({ version: 3, sources: ['/abs.js', '../up.js', 'webpack:///./src/x.js'], sourceRoot: '', mappings: '' }, { url: 'https://h.example/a/b/m.map' });
    expect(rooted.sources).toEqual(['https://h.example/abs.js', 'https://h.example/a/up.js', 'webpack:///src/x.js']);
  });

  it('resolves against a relative map URL and keeps the result relative', () => {
    const m = new SourceMap({ version: 3, sources: ['../src/a.ts', 'b.ts'], mappings: '' }, { url: 'dist/js/app.js.map' });
    expect(m.sources).toEqual(['dist/src/a.ts', 'dist/js/b.ts']);
    const rooted = new SourceMap({ version: 3, sources: ['../src/a.ts'], mappings: '' }, { url: '/static/js/app.js.map' });
    expect(rooted.sources).toEqual(['/static/src/a.ts']);
  });

  it('finds content and ignore status by resolved or raw source name', () => {
    const m = new SourceMap(basic, { url: 'https://cdn.example.com/js/app.min.js.map' });
    expect(m.sourceContentFor('https://cdn.example.com/js/src/a.ts')).toBe('let a = 1;');
    expect(m.sourceContentFor('a.ts')).toBe('let a = 1;');
    expect(m.sourceContentFor('lib/b.ts')).toBeNull();
    expect(m.sourceContentFor('missing.ts')).toBeNull();
    expect(m.isIgnored('lib/b.ts')).toBe(true);
    expect(m.isIgnored('https://cdn.example.com/js/src/lib/b.ts')).toBe(true);
    expect(m.isIgnored('a.ts')).toBe(false);
    expect(m.isIgnored('missing.ts')).toBe(false);
    expect(m.ignoreList).toEqual([1]);
  });

  it('falls back to x_google_ignoreList when there is no ignoreList', () => {
    const m = new SourceMap({ ...basic, ignoreList: undefined, x_google_ignoreList: [0, 3] });
    expect(m.ignoreList).toEqual([0, 3]);
    const both = new SourceMap({ ...basic, ignoreList: [2], x_google_ignoreList: [0] });
    expect(both.ignoreList).toEqual([2]);
  });

  it('returns names and null names', () => {
    expect(map.originalPositionFor({ line: 1, column: 0 })).toEqual({ source: 'src/a.ts', line: 1, column: 0, name: 'a' });
    expect(map.originalPositionFor({ line: 1, column: 4 })).toEqual({ source: 'src/lib/b.ts', line: 1, column: 2, name: 'b' });
    expect(map.originalPositionFor({ line: 1, column: 5, bias: LEAST_UPPER_BOUND })).toEqual({ source: 'src/https://cdn.example.com/c.js', line: 1, column: 2, name: null });
    expect(map.originalPositionFor({ line: 1, column: 7, bias: LEAST_UPPER_BOUND }).source).toBeNull();
    expect(map.originalPositionFor({ line: 1, column: 1000, bias: GREATEST_LOWER_BOUND })).toMatchObject({ column: 2, source: 'src/https://cdn.example.com/c.js' });
    expect(map.originalPositionFor({ line: 1, column: 1000, bias: LEAST_UPPER_BOUND }).source).toBeNull();
    expect(map.originalPositionFor({ line: 99, column: 0 }).source).toBeNull();
  });
});

describe('lifetime', () => {
  it('dispose() is idempotent and makes lookups fail clearly; Symbol.dispose does the same', () => {
    const m = new SourceMap(basic);
    m.dispose();
    m.dispose();
    expect(() => m.segmentCount).toThrow(/disposed/);
    const n = new SourceMap(basic);
    const dispose = (n as unknown as Record<symbol, () => void>)[Symbol.dispose];
    expect(typeof dispose).toBe('function');
    dispose.call(n);
    expect(() => n.originalPositionFor({ line: 1, column: 0 })).toThrow(/disposed/);
  });

  it('keeps many live maps independent', () => {
    const maps = Array.from({ length: 300 }, (_, i) => new SourceMap({ version: 3, sources: [`s${i}.js`], mappings: `${'A'.repeat(1)}A${'A'}A;AACA` }));
    maps.forEach((m, i) => {
      expect(m.originalPositionFor({ line: 1, column: 0 })).toEqual({ source: `s${i}.js`, line: 1, column: 0, name: null });
      expect(m.originalPositionFor({ line: 2, column: 0 })).toEqual({ source: `s${i}.js`, line: 2, column: 0, name: null });
    });
  });
});

describe('index maps', () => {
  const part = (sources: string[], names: string[], mappings: string, sourcesContent?: (string | null)[]) =>
    ({ version: 3, sources, names, mappings, ...(sourcesContent ? { sourcesContent } : {}) });

  it('flattens sections: line offset, column offset on the first line only, sources and names appended', () => {
    const m = new SourceMap({
      version: 3,
      file: 'bundle.js',
      sections: [
        { offset: { line: 0, column: 0 }, map: part(['a.js'], ['x'], 'AAAAA;AACA', ['A']) },
        { offset: { line: 1, column: 20 }, map: { ...part(['b.js'], ['y'], 'EAAAA;EACA', ['B']), ignoreList: [0] } },
      ],
    }, { url: 'https://example.com/bundle.js.map' });
    expect(m.sources).toEqual(['https://example.com/a.js', 'https://example.com/b.js']);
    expect(m.names).toEqual(['x', 'y']);
    expect(m.file).toBe('bundle.js');
    expect(m.originalPositionFor({ line: 1, column: 0 })).toEqual({ source: 'https://example.com/a.js', line: 1, column: 0, name: 'x' });
    expect(m.originalPositionFor({ line: 2, column: 19 })).toMatchObject({ source: 'https://example.com/a.js', line: 2 });
    expect(m.originalPositionFor({ line: 2, column: 22 })).toEqual({ source: 'https://example.com/b.js', line: 1, column: 0, name: 'y' });
    expect(m.originalPositionFor({ line: 3, column: 2 })).toEqual({ source: 'https://example.com/b.js', line: 2, column: 0, name: null });
    expect(m.originalPositionFor({ line: 3, column: 1 }).source).toBeNull();
    expect(m.sourceContentFor('b.js')).toBe('B');
    expect(m.isIgnored('b.js')).toBe(true);
    expect(m.isIgnored('a.js')).toBe(false);
  });

  it('answers as trace-mapping\'s flattening on random multi-section maps', () => {
    const next = random(7);
    for (let round = 0; round < 20; round++) {
      const sections = [];
      let line = 0;
      let column = 0;
      for (let s = 0; s < 5; s++) {
        const lines: number[][][] = [];
        const lineCount = 1 + Math.floor(next() * 4);
        for (let l = 0; l < lineCount; l++) {
          let c = 0;
          lines.push(Array.from({ length: Math.floor(next() * 6) }, () => [c += Math.floor(next() * 5), 0, Math.floor(next() * 9), Math.floor(next() * 9)]));
        }
        sections.push({ offset: { line, column }, map: part([`s${s}.js`], [], encodeMappings(lines)) });
        // The next section starts after this one's last mapping: later on its last line, or on a later line.
        const lastLine = line + lineCount - 1;
        const last = lines[lineCount - 1];
        const lastColumn = last.length ? last[last.length - 1][0] + (lineCount === 1 ? column : 0) : column - 1;
        if (next() < 0.5) {
          line = lastLine + 1;
          column = Math.floor(next() * 3);
        } else {
          line = lastLine;
          column = lastColumn + 1 + Math.floor(next() * 3);
        }
      }
      const raw = { version: 3, sections };
      const ours = new SourceMap(raw);
      const trace = new AnyMap(raw as never);
      for (let l = 1; l <= line + 2; l++) {
        for (let c = 0; c < 60; c++) {
          for (const [bias, traceBias] of [[GREATEST_LOWER_BOUND, TRACE_GLB], [LEAST_UPPER_BOUND, TRACE_LUB]] as const) {
            expect(ours.originalPositionFor({ line: l, column: c, bias }), `round ${round} ${l}:${c} ${bias}`)
              .toEqual(traceOriginal(trace, { line: l, column: c, bias: traceBias }));
          }
        }
      }
    }
  });

  it('lets a section\'s empty trailing lines reach past the next section\'s start', () => {
    // Once the next section's rows landed on a later line, out of order.
    const raw = { version: 3, sections: [
      { offset: { line: 0, column: 0 }, map: part(['a.js'], [], 'AAAA,KAAK;AACA;;;;') },
      { offset: { line: 1, column: 5 }, map: part(['b.js'], [], 'AAAA,CAAC;AACA;') },
      { offset: { line: 2, column: 3 }, map: part(['c.js'], [], 'AAAA') },
    ] };
    const ours = new SourceMap(raw);
    expect(ours.decodedMappings()).toEqual([[[0, 0, 0, 0], [5, 0, 0, 5]], [[0, 0, 1, 5], [5, 1, 0, 0], [6, 1, 0, 1]], [[0, 1, 1, 1], [3, 2, 0, 0]]]);
    const trace = new AnyMap(raw as never);
    for (let line = 1; line <= 4; line++) {
      for (let column = 0; column < 10; column++) {
        for (const [bias, traceBias] of [[GREATEST_LOWER_BOUND, TRACE_GLB], [LEAST_UPPER_BOUND, TRACE_LUB]] as const) {
          expect(ours.originalPositionFor({ line, column, bias })).toEqual(traceOriginal(trace, { line, column, bias: traceBias }));
        }
      }
    }
  });

  it('reads a top-level debugId only', () => {
    const m = new SourceMap({ version: 3, debugId: '85314830-023f-4cf1-a267-535f4e37bb17', sections: [{ offset: { line: 0, column: 0 }, map: { ...part([], [], ''), debugId: '00000000-0000-0000-0000-000000000000' } }] });
    expect(m.debugId).toBe('85314830-023f-4cf1-a267-535f4e37bb17');
    expect(m.segmentCount).toBe(0);
  });
});
