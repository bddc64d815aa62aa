// The page's side of bench/browser.mjs, bundled by esbuild with the peers' browser builds and
// run in Chromium: the figures of bench/run.mjs, taken the same way (the same adapters, task
// factories, tinybench settings, rounds and position lists), for one map at a time; and, on a
// page of its own (`?memory`), one library's copies of one map for the memory figures.

import { countingMemories, wasmMemoryBytes } from './wasm-memories.mjs';
import * as codec from '@jridgewell/sourcemap-codec';
import * as traceMapping from '@jridgewell/trace-mapping';
import sourceMap07 from 'source-map';
import sourceMap08 from 'source-map-08';
import sourceMapJs from 'source-map-js';
import { SourceMap } from '../dist/index.js';
import { releasePool } from '../dist/wasm.js';
import {
  FRESH, batchPositions, batchTasks, contextOf, decodeTask, freshDecodeTask, fromBytesTask, generatedNeedles, jsonOfBytes, load, lookupLoop, makeLibraries, originalTargets,
} from './adapters.mjs';
import { probeOf, randomPositions } from './positions.mjs';
import { libraryRounds, newBench, runBench, runRounds, statsOf } from './rounds.mjs';

let ours;
let LIBRARIES;
let sink = 0;
const consume = (value) => { sink += value; };

/** Makes the adapters; source-map 0.7 and 0.8 fetch their wasm from the given URLs. Returns the user agent. */
export function setUp(versions, ourPackage, wasmUrls) {
  sourceMap07.SourceMapConsumer.initialize({ 'lib/mappings.wasm': wasmUrls['source-map'] });
  sourceMap08.SourceMapConsumer.initialize({ 'lib/mappings.wasm': wasmUrls['source-map-08'] });
  ({ ours, LIBRARIES } = makeLibraries({ SourceMap, codec, traceMapping, sourceMap07, sourceMap08, sourceMapJs }, versions, ourPackage));
  return navigator.userAgent;
}

async function fetchMap(name) {
  const bytes = new Uint8Array(await (await fetch(`/maps/${name}`)).arrayBuffer());
  return { bytes, json: jsonOfBytes(bytes) };
}

// A task that adds what a loop over `needles` computes to the sink.
const lookupTask = (call, h, needles, field) => {
  const loop = lookupLoop(call, h, needles, field);
  return () => { sink += loop(); };
};

/** The figures of the map at /maps/`name`, and how far each library's answers agree with ours. */
export async function benchMap(name, config) {
  const { bytes, json } = await fetchMap(name);
  const decoded = codec.decode(json.mappings);
  const lastColumn = decoded.map((line) => line.reduce((last, segment) => Math.max(last, segment[0]), 0));
  const segments = decoded.reduce((n, line) => n + line.length, 0);
  const probe = probeOf(decoded, segments);
  if (!probe) throw new Error(`${name}: no mapped segment to probe`);
  const { needle } = probe;
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
  const decodeRan = await runBench(decode);
  // Ours again, each map in a fresh memory (see run.mjs's benchDecode).
  const fresh = newBench(config);
  fresh.add(FRESH, ...freshDecodeTask(ours, releasePool, json, needle));
  decodeRan[FRESH] = (await runBench(fresh))[FRESH];

  const fromBytes = (finish) => lookupLibraries.map((lib) => [lib.id, ...fromBytesTask(lib, bytes, finish)]);
  const cold = await runRounds([
    ['JSON.parse', () => { sink += jsonOfBytes(bytes).version; }],
    ...fromBytes((lib, h) => { sink += lib.original(h, needle).line; }),
  ], config);
  const frame = await runRounds(fromBytes((lib, h) => {
    const answer = lib.original(h, needle);
    sink += contextOf(lib, h, answer.source, answer.line)?.length ?? -1;
  }), config);

  const open = (lib) => load(lib, json, needle);
  const close = (lib, h) => lib.release(h);
  const lookup = await libraryRounds(lookupLibraries, config, {
    open,
    close,
    tasks: (lib, h) => [
      ['random', lookupTask(lib.original, h, randomNeedles), randomNeedles.length],
      ['sorted', lookupTask(lib.original, h, sortedNeedles), sortedNeedles.length],
    ],
  });

  const oursMap = await open(ours);
  const targets = originalTargets(ours, oursMap, randomNeedles);
  const batch = await runRounds(batchTasks(ours, oursMap, randomNeedles, batchPositions(randomNeedles), consume), config, randomNeedles.length);
  close(ours, oursMap);
  const generated = await libraryRounds(lookupLibraries.filter((lib) => lib.generated), config, {
    open,
    close,
    tasks: (lib, h) => {
      const needles = generatedNeedles(lib, h, targets);
      return [['generated', lookupTask(lib.generated, h, needles, 'line'), needles.length]];
    },
  });

  const decodeStats = Object.fromEntries(Object.entries(decodeRan).map(([id, task]) => [id, statsOf(task)]));
  return { needle, mappingsLength: json.mappings.length, segments, agree, decode: decodeStats, cold, frame, lookup, batch, generated, sink: sink > 0 };
}

// The memory page: one library, one map (memoryStart), its copies (memoryBuild), then each
// copy's reverse index (memoryReverse); bench/browser.mjs reads the heap between the steps.
let memoryLib;
let memoryJson;
let memoryNeedle;
const kept = [];

/** A full collection; then the bytes of the live wasm memories. */
export function settle() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return wasmMemoryBytes();
}

/**
 * Loads the map and warms the library up on a tiny map, which does not grow source-map's
 * wasm memory (it never shrinks: a warm-up on this map would leave room the first copy then
 * reuses). Ours' scratch memory is sized on this map first and its disposed memory dropped,
 * so that each copy pays for its own. As bench/memory-child.mjs does in Node.
 */
export async function memoryStart(name, id, needle) {
  if (!countingMemories) throw new Error('the memory figures need the page opened with ?memory');
  memoryLib = LIBRARIES.find((lib) => lib.id === id);
  ({ json: memoryJson } = await fetchMap(name));
  memoryNeedle = needle;
  const tiny = { version: 3, sources: ['a.js'], names: ['n'], mappings: 'AAAAA,CAAC' };
  for (let i = 0; i < 3; i++) memoryLib.release(await load(memoryLib, tiny, { line: 1, column: 0 }));
  if (memoryLib === ours) {
    const warm = await load(ours, memoryJson, memoryNeedle);
    reverseLookups(warm); // the scratch grows most for this
    ours.release(warm);
    releasePool();
  }
}

export async function memoryBuild(copies) {
  for (let i = 0; i < copies; i++) kept.push(await load(memoryLib, memoryJson, memoryNeedle));
}

// One needle in each source of the map, in the order the map lists them.
const reverseNeedles = (h) => [...new Set(memoryLib.sources(h))].filter((s) => s !== null).map((source) => ({ source, line: 1, column: 0 }));

// One lookup in each source: source-map sorts a source's mappings on its first lookup there,
// and ours indexes a source's rows on its first lookup there (or the whole map at once, where
// sources interleave); trace-mapping indexes every source on the first. As bench/memory-child.mjs.
function reverseLookups(h) {
  for (const needle of reverseNeedles(h)) sink += memoryLib.generated(h, needle).line ?? 0;
}

/**
 * Builds each copy's reverse index with a generatedPositionFor in each source; the ms the first
 * call took, and the first in a second source (NaN for a map of one source).
 */
export function memoryReverse() {
  if (!memoryLib.generated) return null;
  const timed = (h, needle) => {
    const start = performance.now();
    sink += memoryLib.generated(h, needle).line ?? 0;
    return performance.now() - start;
  };
  return kept.map((h) => {
    const [first, second] = reverseNeedles(h);
    const times = { first: timed(h, first), second: second ? timed(h, second) : NaN };
    reverseLookups(h);
    return times;
  });
}
