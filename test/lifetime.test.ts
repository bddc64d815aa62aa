// Memory: a decoded map costs a few bytes per segment and is reclaimed when the SourceMap
// is collected; no map pins another's memory. Runs with --expose-gc (vitest.config.ts).
import { expect, it } from 'vitest';
import { SourceMap } from '../src/index.js';
import { resetScratch } from '../src/wasm.js';

const collect = globalThis.gc as (() => void) | undefined;
const external = () => {
  collect!();
  collect!();
  return process.memoryUsage().external;
};
const json = { version: 3, sources: ['a.js'], names: [], mappings: Array.from({ length: 2000 }, () => 'AAAA,CAAC,EAAE,GAAG').join(';') };

it.skipIf(!collect)('reclaims a map\'s wasm memory when the SourceMap is collected', () => {
  const before = external();
  let live: SourceMap[] | undefined = Array.from({ length: 200 }, () => new SourceMap(json));
  const held = external() - before;
  expect(held).toBeGreaterThan(200 * 8000 * 20); // 8000 segments of 20 bytes each, at least
  expect(live[199].segmentCount).toBe(8000);
  live = undefined;
  const after = external() - before;
  expect(after).toBeLessThan(held / 10);
});

it.skipIf(!collect)('keeps memory flat over many maps made and dropped', () => {
  const before = external();
  for (let i = 0; i < 3000; i++) new SourceMap(json).originalPositionFor({ line: 1, column: 0 });
  expect(external() - before).toBeLessThan(16 * 1024 * 1024);
});

it.skipIf(!collect)('does not keep one map alive through another', () => {
  const big = { ...json, mappings: Array.from({ length: 50000 }, () => 'AAAA,CAAC,EAAE,GAAG').join(';') };
  const before = external();
  const small = new SourceMap(json);
  let large: SourceMap | undefined = new SourceMap(big);
  const second = new SourceMap(json);
  expect(large.segmentCount).toBe(200000);
  large = undefined;
  // The 4 MB of the large map's rows go; the maps made before and after it stay usable.
  // (The scratch memory the large map was decoded in is not a map's: it is kept for the
  // next decode, up to 32 MB. Dropped here so that it does not count.)
  resetScratch();
  expect(external() - before).toBeLessThan(1024 * 1024);
  const expected = new SourceMap(json).originalPositionFor({ line: 2000, column: 6 });
  expect(expected).toEqual({ source: 'a.js', line: 1, column: 12000, name: null }); // the original column grows by 6 a line
  expect(small.originalPositionFor({ line: 2000, column: 6 })).toEqual(expected);
  expect(second.originalPositionFor({ line: 2000, column: 6 })).toEqual(expected);
});
