// The page's side of bench/browser.mjs, bundled by esbuild with the peers' browser builds and
// run in Chromium: the decode, cold and lookup figures of bench/run.mjs, taken the same way
// (the same adapters, tinybench settings and position lists), for one map at a time.

import { Bench } from 'tinybench';
import * as codec from '@jridgewell/sourcemap-codec';
import * as traceMapping from '@jridgewell/trace-mapping';
import sourceMap07 from 'source-map';
import sourceMap08 from 'source-map-08';
import sourceMapJs from 'source-map-js';
import { SourceMap } from '../dist/index.js';
import { decodeTask, fromBytesTask, jsonOfBytes, load, lookupLoop, makeLibraries } from './adapters.mjs';
import { randomPositions } from './positions.mjs';

let ours;
let LIBRARIES;
let sink = 0;

/** Makes the adapters; source-map 0.7 and 0.8 fetch their wasm from the given URLs. Returns the user agent. */
export function setUp(versions, ourPackage, wasmUrls) {
  sourceMap07.SourceMapConsumer.initialize({ 'lib/mappings.wasm': wasmUrls['source-map'] });
  sourceMap08.SourceMapConsumer.initialize({ 'lib/mappings.wasm': wasmUrls['source-map-08'] });
  ({ ours, LIBRARIES } = makeLibraries({ SourceMap, codec, traceMapping, sourceMap07, sourceMap08, sourceMapJs }, versions, ourPackage));
  return navigator.userAgent;
}

function newBench(config) {
  return new Bench({
    time: config.time,
    iterations: config.minIterations,
    warmupTime: config.warmupTime,
    warmupIterations: 1,
    throws: true,
    setup: () => globalThis.gc(),
  });
}

async function run(bench, divisor = 1) {
  await bench.run();
  const out = {};
  for (const task of bench.tasks) {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}${r.error ? `: ${r.error.message}` : ''}`);
    out[task.name] = { mean: r.latency.mean / divisor, rme: r.latency.rme, n: r.latency.samplesCount };
  }
  return out;
}

/** The figures of the map at /maps/`name`, and how far each library's answers agree with ours. */
export async function benchMap(name, config) {
  const bytes = new Uint8Array(await (await fetch(`/maps/${name}`)).arrayBuffer());
  const json = jsonOfBytes(bytes);
  const decoded = codec.decode(json.mappings);
  const lastColumn = decoded.map((line) => line.reduce((last, segment) => Math.max(last, segment[0]), 0));
  const segments = decoded.reduce((n, line) => n + line.length, 0);
  const needle = { line: 1, column: 0 };
  const randomNeedles = randomPositions(lastColumn, config.positions);
  const sortedNeedles = [...randomNeedles].sort((a, b) => a.line - b.line || a.column - b.column).map(({ line, column }) => ({ line, column }));
  const lookupLibraries = LIBRARIES.filter((lib) => !lib.decodeOnly);

  // Agreement with ours on the random positions: line and column (sources are spelled each
  // library's way), -1 for null. Kept as numbers, not answers: 100,000 answer objects kept
  // through collections make V8 pretenure the allocation site, and the timed lookups below
  // would then allocate in the old generation (see run.mjs's sanity check).
  const answersOf = async (lib) => {
    const h = await load(lib, json, needle);
    const lines = new Int32Array(randomNeedles.length);
    const columns = new Int32Array(randomNeedles.length);
    randomNeedles.forEach((n, i) => {
      const a = lib.original(h, n);
      lines[i] = a.line ?? -1;
      columns[i] = a.column ?? -1;
    });
    lib.release(h);
    return { lines, columns };
  };
  const expected = await answersOf(ours);
  const agree = {};
  for (const lib of lookupLibraries) {
    const { lines, columns } = await answersOf(lib);
    agree[lib.id] = lines.filter((line, i) => line === expected.lines[i] && columns[i] === expected.columns[i]).length;
  }

  const decode = newBench(config);
  for (const lib of LIBRARIES) decode.add(lib.id, ...decodeTask(lib, json, needle));

  const cold = newBench(config);
  cold.add('JSON.parse', () => { sink += jsonOfBytes(bytes).version; });
  for (const lib of lookupLibraries) cold.add(lib.id, ...fromBytesTask(lib, bytes, (l, h) => { sink += l.original(h, needle).column ?? 0; }));

  const lookup = {};
  for (const lib of lookupLibraries) {
    const h = await load(lib, json, needle);
    const bench = newBench(config);
    for (const [task, needles] of [['random', randomNeedles], ['sorted', sortedNeedles]]) {
      const loop = lookupLoop(lib.original, h, needles);
      bench.add(task, () => { sink += loop(); });
    }
    lookup[lib.id] = await run(bench, config.positions);
    lib.release(h);
  }

  return { mappingsLength: json.mappings.length, segments, agree, decode: await run(decode), cold: await run(cold), lookup, sink: sink > 0 };
}
