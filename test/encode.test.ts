// The VLQ encoder (assembly/encode.ts): encoding decoded rows gives back the mappings that
// sourcemap-codec's encoder writes, and toJSON() round-trips, index maps flattened.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encode } from '@jridgewell/sourcemap-codec';
import { SourceMap } from '../src/index.js';
import { BENCH_MAPS, hasBenchMaps } from './helpers.js';
import { encodeMappings, random } from './vlq.js';

describe.skipIf(!hasBenchMaps)('encodedMappings on the bench maps', () => {
  for (const name of readdirSync(BENCH_MAPS).filter((file) => file.endsWith('.map'))) {
    it(name, () => {
      const map = new SourceMap(new Uint8Array(readFileSync(`${BENCH_MAPS}${name}`)));
      const decoded = map.decodedMappings();
      const encoded = map.encodedMappings();
      expect(encoded).toBe(encode(decoded));
      expect(new SourceMap(map.toJSON()).decodedMappings()).toEqual(decoded);
    });
  }
});

describe('encodedMappings', () => {
  it('encodes the 32-bit extremes and every segment shape', () => {
    const mappings = encodeMappings([[[0], [5, 0, 0, 0], [2147483647, 1, 2147483647, 2147483647, 1]], [], [[3, 1, 0, 0, 0]]]);
    const map = new SourceMap({ version: 3, sources: ['a', 'b'], names: ['x', 'y'], mappings });
    expect(map.encodedMappings()).toBe(mappings);
  });

  it('round-trips random maps (lines sorted as the decoder sorts them)', () => {
    const next = random(99);
    for (let round = 0; round < 200; round++) {
      const lines = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        Array.from({ length: Math.floor(next() * 8) }, () => {
          const shape = next();
          const column = Math.floor(next() * (next() < 0.1 ? 2147483647 : 300));
          if (shape < 0.2) return [column];
          const segment = [column, Math.floor(next() * 3), Math.floor(next() * 5000), Math.floor(next() * 100)];
          return shape < 0.6 ? segment : [...segment, Math.floor(next() * 4)];
        }).sort((a, b) => a[0] - b[0]));
      const map = new SourceMap({ version: 3, sources: ['a', 'b', 'c'], names: ['w', 'x', 'y', 'z'], mappings: encodeMappings(lines) });
      expect(map.encodedMappings()).toBe(encode(map.decodedMappings() as never));
      expect(new SourceMap(map.toJSON()).decodedMappings()).toEqual(map.decodedMappings());
    }
  });

  it('flattens an index map into a regular map with the same answers', () => {
    const part = (source: string, mappings: string) => ({ version: 3, sources: [source], sourcesContent: [`// ${source}`], names: ['n'], mappings });
    const index = new SourceMap({
      version: 3,
      file: 'bundle.js',
      sections: [
        { offset: { line: 0, column: 0 }, map: part('a.js', 'AAAAA,EAAE;AACA') },
        { offset: { line: 1, column: 10 }, map: part('b.js', 'AAAA,CAACA;AAAA') },
      ],
    });
    const flat = index.toJSON();
    expect(flat).toMatchObject({ version: 3, file: 'bundle.js', sources: ['a.js', 'b.js'], sourcesContent: ['// a.js', '// b.js'], names: ['n', 'n'] });
    const regular = new SourceMap(flat);
    for (let line = 1; line <= 4; line++) {
      for (let column = 0; column < 15; column++) {
        expect(regular.originalPositionFor({ line, column })).toEqual(index.originalPositionFor({ line, column }));
      }
    }
  });
});
