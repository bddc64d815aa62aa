// Retained memory of one library on one map, in a process of its own so that nothing another
// library (or an earlier map) left behind is counted: run.mjs starts it as
//
//   node --expose-gc bench/memory-child.mjs '{"lib":"ours","path":"/…/x.map","copies":5}'
//
// and reads one line of JSON from stdout.
//
// What is counted: process.memoryUsage() heapUsed + external. A WebAssembly.Memory is counted
// in `external` only (not in `arrayBuffers`), while an ArrayBuffer is counted in both
// `external` and `arrayBuffers`, so adding `arrayBuffers` would count ArrayBuffers twice
// (checked on Node 20: a 64 MiB Memory moves external by 64 MiB and arrayBuffers by 0; a
// 64 MiB ArrayBuffer moves both by 64 MiB). `arrayBuffers` is reported on its own, for
// information.
//
// The map JSON is parsed once and kept alive through both measurements, so strings the
// libraries share with it (sourcesContent, names, the mappings string trace-mapping keeps) are
// not counted: the figure is what decoding adds.

import { readFileSync } from 'node:fs';
import { LIBRARIES, load } from './libraries.mjs';

if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

const { lib: id, path, copies, needle } = JSON.parse(process.argv[2]);
const lib = LIBRARIES.find((l) => l.id === id);
if (!lib) throw new Error(`unknown library ${id}`);

function settle() {
  for (let i = 0; i < 4; i++) gc();
}

function usage() {
  settle();
  const m = process.memoryUsage();
  return { total: m.heapUsed + m.external, heap: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

const json = JSON.parse(readFileSync(path, 'utf8'));
const tiny = { version: 3, sources: ['a.js'], names: ['n'], mappings: 'AAAAA,CAAC' };
const tinyNeedle = { line: 1, column: 0 };

// Module set-up (source-map instantiates its wasm on first use) and JIT, on a tiny map: that
// does not grow source-map's wasm memory, which never shrinks (a warm-up on the same map
// would leave room the first copy then reuses, hiding one copy).
for (let i = 0; i < 3; i++) lib.release(await load(lib, tiny, tinyNeedle));

// One lookup in each source: source-map sorts a source's mappings on its first lookup there,
// and ours indexes a source's rows on its first lookup there (or the whole map at once, where
// sources interleave); trace-mapping indexes every source on the first.
const reverseLookups = (h) => {
  for (const source of new Set(lib.sources(h))) if (source !== null) lib.generated(h, { source, line: 1, column: 0 });
};

// Ours keeps one scratch memory per process for decoding (kept up to 32 MiB); size it on
// this map first so that it is not counted as part of the copies, and report it apart. The
// disposed map's memory, which the next map would reuse, is dropped: each copy must pay for
// its own.
let scratch;
if (lib.id === 'ours') {
  const { releasePool } = await import('../dist/wasm.js');
  const before = usage();
  const warm = await load(lib, json, needle);
  if (lib.generated) reverseLookups(warm); // the scratch grows most for this
  lib.release(warm);
  releasePool();
  scratch = usage().total - before.total;
}

const before = usage();
const kept = [];
for (let i = 0; i < copies; i++) kept.push(await load(lib, json, needle));
const after = usage();

// Then with each copy's reverse index (generatedPositionFor's), built for every source.
let reverse;
if (lib.generated) {
  for (const h of kept) reverseLookups(h);
  reverse = usage();
}

const perCopy = (key) => (after[key] - before[key]) / copies;
process.stdout.write(JSON.stringify({
  lib: id,
  copies: kept.length,
  perCopy: perCopy('total'),
  perCopyWithReverse: reverse ? (reverse.total - before.total) / copies : undefined,
  heapPerCopy: perCopy('heap'),
  externalPerCopy: perCopy('external'),
  arrayBuffersPerCopy: perCopy('arrayBuffers'),
  scratch,
}) + '\n');
for (const h of kept) lib.release(h);
