// Benchmarks sourcemap-wasm against its peers on real source maps, in one process, map by map
// (for each map, every library in turn), and writes bench/RESULTS.md.
//
//   npm run bench                         # build, then a full run (~13 min on a busy 2-core machine)
//   node --expose-gc bench/run.mjs --quick
//   npm run bench:deno, npm run bench:bun # the same in Deno (a newer V8) and Bun (JavaScriptCore),
//                                         # into bench/RESULTS-deno.md and RESULTS-bun.md
//   node --expose-gc bench/run.mjs --maps babel.min.js.map,amp --time 2000
//
// Options:
//   --maps a,b     only the maps whose file name starts with one of these
//   --quick        short run: less time per task, fewer iterations and memory copies
//   --time <ms>    time budget per task (default 500, quick 100)
//   --warmup <ms>  warm-up time per task (default 100, quick 30)
//   --no-memory    skip the memory figures (they run in child processes)
//   --force-generated  benchmark the peers' generatedPositionFor even while ours lacks it
//
// Figures (per map):
//   decode  parsed JSON object -> decoded and ready for lookup (construct + one lookup, which
//           is what forces the lazy peers); MB/s of the `mappings` string, ns per segment
//   cold    the .map file's bytes in memory -> first answered originalPositionFor
//   frame   cold, then the answer's context lines (the 11 around it in its source's text): a
//           symbolicated frame, from nothing decoded
//   lookup  originalPositionFor over 100k precomputed positions, random and ascending
//   memory  retained bytes per segment of a decoded map (see memory-child.mjs)

import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decode } from '@jridgewell/sourcemap-codec';
import {
  CONTEXT_LINES, FRESH, LIBRARIES, ROOT, batchPositions, batchTasks, contextOf, contextOfText, decodeTask, freshDecodeTask, fromBytesTask, generatedNeedles, jsonOfBytes, load,
  lookupLoop, memoryCopies, originalTargets, ours,
} from './libraries.mjs';
import { releasePool } from '../dist/wasm.js';
import * as fmt from './format.mjs';
import { probeOf, randomPositions } from './positions.mjs';
import { libraryRounds, newBench, runBench, runRounds, statsOf } from './rounds.mjs';
import { NA, Report } from './format.mjs';

const started = performance.now();

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const options = { maps: null, quick: false, time: undefined, warmup: undefined, memory: true, forceGenerated: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-memory') options.memory = false;
    else if (arg === '--force-generated') options.forceGenerated = true;
    else if (arg.startsWith('--maps')) options.maps = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (arg.startsWith('--time')) {
      options.time = Number(value());
      if (!(options.time > 0)) throw new Error('--time takes a positive number of milliseconds');
    } else if (arg.startsWith('--warmup')) {
      options.warmup = Number(value());
      if (!(options.warmup >= 0)) throw new Error('--warmup takes a number of milliseconds');
    } else if (arg === '--help' || arg === '-h') {
      console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(0, 23).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (see --help)`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));

// Node is the runtime of record (RESULTS.md, results.json, the chart, the README). Deno and Bun
// run the same script into a file of their own, without the memory figures: those are taken
// in Node child processes with Node's flags.
const RUNTIME = globalThis.Deno
  ? { id: 'deno', label: `Deno ${globalThis.Deno.version.deno} (V8 ${globalThis.Deno.version.v8})` }
  : process.versions.bun
    ? { id: 'bun', label: `Bun ${process.versions.bun} (JavaScriptCore)` }
    : { id: 'node', label: `Node ${process.version} (V8 ${process.versions.v8})` };
if (RUNTIME.id !== 'node') options.memory = false;
// Bun has no --expose-gc; Bun.gc(true) is its full collection.
if (typeof globalThis.gc !== 'function' && globalThis.Bun) globalThis.gc = () => globalThis.Bun.gc(true);
const QUICK = options.quick;
const CONFIG = {
  time: options.time ?? (QUICK ? 100 : 500), // per task, ms
  minIterations: QUICK ? 2 : 5, // a task runs until both its time and this many iterations are done
  warmupTime: options.warmup ?? (QUICK ? 30 : 100),
  warmupIterations: 1,
  positions: 100_000, // lookups per iteration of a lookup task
  checkPositions: 100_000, // positions every library's answers are compared with ours on
  // A library whose single pass over the positions takes longer than this is not benchmarked
  // for lookups on that map (its agreement check still runs): only the slowest peer on the
  // biggest map comes near it.
  lookupSkipMs: QUICK ? 1000 : 3000,
  rounds: QUICK ? 1 : 3, // of the cold, frame, lookup, generatedPositionFor and batch tasks
};

if (typeof globalThis.gc !== 'function') {
  console.error('Run with --expose-gc (node --expose-gc bench/run.mjs; deno run --v8-flags=--expose-gc): every task starts after a full collection.');
  process.exit(1);
}

const log = (message) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Maps

const MAP_DIR = join(ROOT, '../shared/bench-maps');
const FIXTURE = join(ROOT, 'fixtures/example/app.min.js.map');

function findMaps() {
  const maps = [];
  if (existsSync(MAP_DIR)) {
    for (const file of readdirSync(MAP_DIR)) if (file.endsWith('.map')) maps.push({ name: file, path: join(MAP_DIR, file) });
  } else {
    console.error(`note: ${MAP_DIR} not found; only the fixture map is benchmarked`);
  }
  if (existsSync(FIXTURE)) maps.push({ name: 'app.min.js.map', label: 'app.min.js.map (fixture)', path: FIXTURE });
  for (const map of maps) map.size = statSync(map.path).size;
  maps.sort((a, b) => a.size - b.size);
  if (!options.maps) return maps;
  const chosen = maps.filter((m) => options.maps.some((want) => m.name.startsWith(want)));
  if (!chosen.length) throw new Error(`no map matches --maps ${options.maps.join(',')}; there are: ${maps.map((m) => m.name).join(', ')}`);
  return chosen;
}

// What we know of a map independently of every library under test but the codec (the
// reference decoder): lines, segments, the last column of each line, and one mapped position
// with its expected answer.
function describeMap(map) {
  const bytes = new Uint8Array(readFileSync(map.path));
  const json = jsonOfBytes(bytes);
  if (typeof json.mappings !== 'string') throw new Error(`${map.name}: not a regular source map (no mappings string); index maps are not benchmarked`);
  const decoded = decode(json.mappings);
  let segments = 0;
  const lastColumn = decoded.map((line) => {
    segments += line.length;
    let last = 0;
    for (const segment of line) if (segment[0] > last) last = segment[0];
    return last;
  });

  const probe = probeOf(decoded, segments);
  if (!probe) throw new Error(`${map.name}: no mapped segment to probe`);

  const randomNeedles = randomPositions(lastColumn, CONFIG.positions);
  // New objects, allocated in ascending order: reusing the random list's objects would make the
  // ascending pass read them scattered across the heap (measured: 2-3x slower for every library).
  const sortedNeedles = [...randomNeedles]
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map(({ line, column }) => ({ line, column }));
  // For a batch API (see libraries.mjs): the same random positions as (line, column) pairs.
  const batch = batchPositions(randomNeedles);

  return {
    ...map,
    bytes,
    json,
    mappingsLength: json.mappings.length,
    segments,
    lines: decoded.length,
    sourceCount: (json.sources ?? []).length,
    nameCount: (json.names ?? []).length,
    probe,
    randomNeedles,
    sortedNeedles,
    batch,
  };
}

// ---------------------------------------------------------------------------------------------
// Running tasks

let sink = 0; // what the loops compute goes here, so that no call is optimised away

// ---------------------------------------------------------------------------------------------
// Sanity: every library decodes the whole map and answers like ours (and like the codec on
// the probe), so that no figure measures a no-op.

function sourceIndexer(list) {
  const index = new Map();
  list.forEach((s, i) => { if (!index.has(s)) index.set(s, i); });
  return (s) => (s === null || s === undefined ? -1 : index.get(s) ?? -2);
}

function nameIndexer(names) {
  return sourceIndexer(names);
}

async function checkLibraries(map) {
  const checks = {};
  const needles = map.randomNeedles.slice(0, CONFIG.checkPositions);
  let reference; // ours: [source index, line, column, name index] per needle
  for (const lib of LIBRARIES) {
    const check = { problems: [] };
    checks[lib.id] = check;
    let h;
    try {
      h = await load(lib, map.json, map.probe.needle);
      check.segments = lib.segments?.(h);
      if (check.segments !== undefined && check.segments !== map.segments) {
        check.problems.push(`decoded ${check.segments} segments, the codec ${map.segments}`);
      }
      if (lib.lines) {
        check.lines = lib.lines(h);
        if (check.lines !== map.lines) check.problems.push(`reports ${check.lines} generated lines, the codec ${map.lines}`);
      }
      if (lib.decodeOnly) continue;

      const src = sourceIndexer(lib.sources(h));
      const nameOf = nameIndexer(map.json.names ?? []);
      const p = map.probe;
      const answer = lib.original(h, p.needle);
      check.probe = answer;
      const got = [src(answer.source), answer.line, answer.column, nameOf(answer.name)];
      const want = [p.source, p.line, p.column, p.name];
      if (answer.source === null || answer.source === undefined) check.problems.push(`null answer at the probe ${p.needle.line}:${p.needle.column}`);
      else if (got.some((v, i) => v !== want[i])) check.problems.push(`probe ${p.needle.line}:${p.needle.column}: got ${JSON.stringify(answer)}, the codec says source #${p.source} ${p.line}:${p.column} name #${p.name}`);
      // The frame task's second half: the context lines around the probe's answer in its
      // source, the same from every library.
      const text = lib.content(h, answer.source);
      check.contentLength = text?.length ?? null;
      const expected = (map.json.sourcesContent ?? [])[p.source] ?? null;
      if (text !== expected) check.problems.push(`sourceContentFor(${JSON.stringify(answer.source)}) gave ${text === null ? 'null' : `${text.length} characters`}, sourcesContent[${p.source}] is ${expected === null ? 'null' : `${expected.length} characters`}`);
      const context = contextOf(lib, h, answer.source, answer.line);
      const expectedContext = contextOfText(expected, p.line);
      if (JSON.stringify(context) !== JSON.stringify(expectedContext)) check.problems.push(`context lines around ${answer.line} differ from sourcesContent[${p.source}]'s`);

      // The library's answers are turned into rows one at a time, never kept: 100,000 answer
      // objects alive through collections make V8 pretenure the library's allocation site
      // (allocate its answers in the old generation from then on), and the lookup figures
      // below would then measure that, for some libraries in some processes.
      const t0 = performance.now();
      let sum = 0;
      for (const n of needles) sum += lib.original(h, n).column ?? 0;
      check.passMs = performance.now() - t0;
      sink += sum;
      const rows = needles.map((n) => {
        const a = lib.original(h, n);
        return [src(a.source), a.line ?? null, a.column ?? null, nameOf(a.name ?? null)];
      });
      check.mapped = rows.filter((r) => r[0] >= 0).length;
      if (lib === ours) {
        reference = rows;
      } else if (reference) {
        const fields = ['source', 'line', 'column', 'name'];
        const mismatches = { source: 0, line: 0, column: 0, name: 0 };
        let differing = 0;
        for (let i = 0; i < rows.length; i++) {
          let differs = false;
          fields.forEach((f, k) => {
            if (rows[i][k] !== reference[i][k]) { mismatches[f]++; differs = true; }
          });
          if (differs && differing++ === 0) {
            check.example = `at ${needles[i].line}:${needles[i].column} ours ${JSON.stringify(reference[i])}, ${lib.name} ${JSON.stringify(rows[i])} ([source #, line, column, name #])`;
          }
        }
        check.agree = rows.length - differing;
        check.mismatches = mismatches;
      }
      const spelled = lib.sources(h);
      if (lib !== ours) {
        const oursSources = checks.ours.sourcesList ?? [];
        check.sourcesSpelledDifferently = spelled.filter((s, i) => s !== oursSources[i]).length;
      } else {
        check.sourcesList = [...spelled];
      }
    } catch (error) {
      check.problems.push(`threw: ${error.stack ?? error}`);
    } finally {
      if (h !== undefined) lib.release(h);
    }
  }
  delete checks.ours?.sourcesList;
  return checks;
}

// ---------------------------------------------------------------------------------------------
// The figures of one map

async function benchDecode(map) {
  const bench = newBench(CONFIG);
  const { json } = map;
  const needle = map.probe.needle;
  for (const lib of LIBRARIES) bench.add(lib.id, ...decodeTask(lib, json, needle));
  const tasks = await runBench(bench);
  // Ours again, without reusing the disposed map's memory: each map in a fresh memory, as when
  // maps are dropped to the garbage collector instead of disposed. In a bench of its own:
  // tinybench warms every task up before it times any, and this one's warm-up emptied the
  // pool that ours had just warmed, so ours' first timed decode had a fresh memory (on
  // babel-standalone one 70 ms decode among 16 of 26 ms: mean 32 ms, median 26).
  const fresh = newBench(CONFIG);
  fresh.add(FRESH, ...freshDecodeTask(ours, releasePool, json, needle));
  tasks[FRESH] = (await runBench(fresh))[FRESH];
  return Object.fromEntries([...LIBRARIES.map((lib) => lib.id), FRESH].map((id) => [id, statsOf(tasks[id])]));
}

// Each library from the file's bytes to `finish(lib, handle)` (the first answer, or more),
// as runRounds tasks: ours reads the bytes, the peers JSON.parse them first.
function fromBytesTasks(map, finish) {
  const tasks = [];
  for (const lib of LIBRARIES) if (!lib.decodeOnly) tasks.push([lib.id, ...fromBytesTask(lib, map.bytes, finish)]);
  return tasks;
}

async function benchCold(map) {
  const needle = map.probe.needle;
  return runRounds([
    ['JSON.parse', () => { sink += jsonOfBytes(map.bytes).version; }],
    ...fromBytesTasks(map, (lib, h) => { sink += lib.original(h, needle).line; }),
  ], CONFIG);
}

// Cold, then the context lines around the answer: what a symbolicated frame costs from the
// file's bytes. Timed like cold, in rounds of its own.
async function benchFrame(map) {
  const needle = map.probe.needle;
  return runRounds(fromBytesTasks(map, (lib, h) => {
    const answer = lib.original(h, needle);
    sink += contextOf(lib, h, answer.source, answer.line)?.length ?? -1;
  }), CONFIG);
}

// The lookups of a list of positions, as a task: what they compute goes to the sink.
const lookupTask = (call, h, needles, field) => {
  const loop = lookupLoop(call, h, needles, field);
  return () => { sink += loop(); };
};

// Random then sorted positions, each library on its own, in rounds (libraryRounds): the
// ratios set figures of the same times against each other (as runRounds does).
async function benchLookups(map, checks) {
  const out = {};
  const libs = [];
  for (const lib of LIBRARIES.filter((l) => !l.decodeOnly)) {
    const pass = checks[lib.id]?.passMs;
    if (pass > CONFIG.lookupSkipMs) {
      out[lib.id] = { skipped: `skipped: one pass over ${CONFIG.checkPositions.toLocaleString('en-US')} positions took ${fmt.time(pass)} (> ${fmt.time(CONFIG.lookupSkipMs)})` };
      log(`  lookup: ${lib.name} skipped (${fmt.time(pass)} per pass)`);
    } else {
      libs.push(lib);
    }
  }
  return Object.assign(out, await libraryRounds(libs, CONFIG, {
    open: (lib) => load(lib, map.json, map.probe.needle),
    close: (lib, h) => lib.release(h),
    // Per lookup: the task's latency is for the whole list of positions.
    tasks: (lib, h) => [
      ['random', lookupTask(lib.original, h, map.randomNeedles), map.randomNeedles.length],
      ['sorted', lookupTask(lib.original, h, map.sortedNeedles), map.sortedNeedles.length],
    ],
  }));
}

// generatedPositionFor: only once ours has it (or with --force-generated, to try the rows).
async function benchGenerated(map) {
  if (!ours.generated && !options.forceGenerated) return null;
  const oursMap = ours.construct(map.json);
  const targets = originalTargets(ours, oursMap, map.randomNeedles);
  ours.release(oursMap);
  const found = {};
  const figures = await libraryRounds(LIBRARIES.filter((lib) => lib.generated), CONFIG, {
    open: (lib) => load(lib, map.json, map.probe.needle),
    close: (lib, h) => lib.release(h),
    tasks: (lib, h) => {
      const needles = generatedNeedles(lib, h, targets);
      found[lib.id] ??= needles.slice(0, 1000).filter((n) => lib.generated(h, n).line !== null).length;
      return [['generated', lookupTask(lib.generated, h, needles, 'line'), needles.length]];
    },
  });
  const of = Math.min(1000, targets.length);
  return Object.fromEntries(Object.entries(figures).map(([id, { generated }]) => [id, { stats: generated, found: found[id], of }]));
}

async function benchBatch(map) {
  if (!ours.originalBatch) return null;
  const h = ours.construct(map.json);
  try {
    const tasks = batchTasks(ours, h, map.randomNeedles, map.batch, (value) => { sink += value; });
    const stats = await runRounds(tasks, CONFIG, map.randomNeedles.length);
    return { single: stats.single, ours: stats.batch, into: stats.into };
  } finally {
    ours.release(h);
  }
}

function copiesFor(map) {
  return memoryCopies(map.segments, QUICK);
}

function measureMemory(map) {
  const out = {};
  const copies = copiesFor(map);
  for (const lib of LIBRARIES) {
    const arg = JSON.stringify({ lib: lib.id, path: map.path, copies, needle: map.probe.needle });
    const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', join(ROOT, 'bench/memory-child.mjs'), arg], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      timeout: 10 * 60 * 1000,
    });
    if (child.status !== 0) {
      out[lib.id] = { error: `child exited ${child.status ?? child.signal}: ${(child.stderr || '').trim().split('\n').slice(-3).join(' / ')}` };
      continue;
    }
    const result = JSON.parse(child.stdout.trim().split('\n').pop());
    out[lib.id] = {
      ...result,
      perSegment: result.perCopy / map.segments,
      perSegmentWithReverse: result.perCopyWithReverse === undefined ? undefined : result.perCopyWithReverse / map.segments,
    };
  }
  return { copies, libs: out };
}

// ---------------------------------------------------------------------------------------------
// Reporting

const label = (lib) => `${lib.name} ${lib.version}`;
const mb = (map, ms) => map.mappingsLength / 1e6 / (ms / 1000);

function mapSection(map, r) {
  const rep = new Report();
  rep.heading(`${map.label ?? map.name}`, 2);
  rep.para(`${fmt.bytes(map.size)} file, \`mappings\` ${map.mappingsLength.toLocaleString('en-US')} chars, ${map.segments.toLocaleString('en-US')} segments, ${map.lines.toLocaleString('en-US')} generated lines, ${map.sourceCount} sources, ${map.nameCount} names.`);

  // decode
  rep.heading('decode (parsed JSON -> ready for lookup)', 3);
  const ourDecode = r.decode.ours.mean;
  rep.table(
    ['library', 'time', '±', 'median', 'n', 'MB/s', 'ns/segment', 'ours vs it'],
    LIBRARIES.map((lib) => {
      const s = r.decode[lib.id];
      return [label(lib), fmt.time(s.mean), fmt.percent(s.rme), fmt.time(s.p50), s.n, fmt.number(mb(map, s.mean)), fmt.number((s.mean * 1e6) / map.segments),
        lib === ours ? '' : fmt.ratio(ourDecode, s.mean)];
    }).concat(r.decode[FRESH] ? [[
      `${label(ours)}, no memory reuse`, fmt.time(r.decode[FRESH].mean), fmt.percent(r.decode[FRESH].rme), fmt.time(r.decode[FRESH].p50), r.decode[FRESH].n,
      fmt.number(mb(map, r.decode[FRESH].mean)), fmt.number((r.decode[FRESH].mean * 1e6) / map.segments), '',
    ]] : []),
  );
  rep.para('Ours disposes each map after the lookup, so the next decode reuses its memory (see README, Memory and lifetime); the "no memory reuse" row gives every map a fresh memory, as when maps are left to the garbage collector.');

  // cold
  rep.heading('cold (file bytes -> first originalPositionFor)', 3);
  const ourCold = r.cold.ours.mean;
  rep.table(
    ['library', 'time', '±', 'median', 'n', 'ours vs it'],
    [
      ['(yardstick) JSON.parse(TextDecoder.decode(bytes))', fmt.time(r.cold['JSON.parse'].mean), fmt.percent(r.cold['JSON.parse'].rme), fmt.time(r.cold['JSON.parse'].p50), r.cold['JSON.parse'].n, ''],
      ...LIBRARIES.map((lib) => {
        const s = r.cold[lib.id];
        if (!s) return [label(lib), NA, '', '', '', lib.decodeOnly ? 'decode only' : ''];
        return [label(lib), fmt.time(s.mean), fmt.percent(s.rme), fmt.time(s.p50), s.n, lib === ours ? '' : fmt.ratio(ourCold, s.mean)];
      }),
    ],
  );

  // frame
  rep.heading('frame (file bytes -> first originalPositionFor + the context lines around it)', 3);
  rep.table(
    ['library', 'time', '±', 'median', 'n', 'ours vs it'],
    LIBRARIES.map((lib) => {
      const s = r.frame[lib.id];
      if (!s) return [label(lib), NA, '', '', '', lib.decodeOnly ? 'decode only' : ''];
      return [label(lib), fmt.time(s.mean), fmt.percent(s.rme), fmt.time(s.p50), s.n, lib === ours ? '' : fmt.ratio(r.frame.ours.mean, s.mean)];
    }),
  );

  // lookups
  rep.heading(`lookup: originalPositionFor, ns per call over ${CONFIG.positions.toLocaleString('en-US')} positions (decoded map)`, 3);
  const ol = r.lookup.ours;
  const notes = [];
  rep.table(
    ['library', 'random', '±', 'ascending', '±', 'ours vs it (random)', 'ours vs it (ascending)'],
    LIBRARIES.filter((lib) => !lib.decodeOnly).map((lib) => {
      const s = r.lookup[lib.id];
      if (!s || s.skipped) {
        if (s?.skipped) notes.push(`${label(lib)}: ${s.skipped}.`);
        return [label(lib), NA, '', NA, '', s?.skipped ? 'skipped' : NA, ''];
      }
      return [label(lib), fmt.ns(s.random.mean * 1e6), fmt.percent(s.random.rme), fmt.ns(s.sorted.mean * 1e6), fmt.percent(s.sorted.rme),
        lib === ours ? '' : fmt.ratio(ol?.random?.mean, s.random.mean), lib === ours ? '' : fmt.ratio(ol?.sorted?.mean, s.sorted.mean)];
    }),
  );
  rep.list(notes);

  // rows waiting for API
  rep.heading('generatedPositionFor and batch lookups', 3);
  const genRows = LIBRARIES.filter((lib) => !lib.decodeOnly).map((lib) => {
    const g = r.generated?.[lib.id];
    const gen = g ? `${fmt.ns(g.stats.mean * 1e6)} (${g.found}/${g.of} found)` : NA;
    const genRatio = g && lib !== ours && r.generated?.ours ? fmt.ratio(r.generated.ours.stats.mean, g.stats.mean) : '';
    const batch = lib === ours && r.batch?.ours ? fmt.ns(r.batch.ours.mean * 1e6) : NA;
    const into = lib === ours && r.batch?.into ? fmt.ns(r.batch.into.mean * 1e6) : NA;
    return [label(lib), gen, genRatio, batch, into];
  });
  rep.table(['library', 'generatedPositionFor ns/call', 'ours vs it', 'batch originalPositionsFor ns/position (new array)', 'batch, into a kept array'], genRows);
  if (!ours.generated || !ours.originalBatch) {
    rep.para(`n/a: ${[!ours.generated && '`generatedPositionFor`', !ours.originalBatch && '`originalPositionsFor`'].filter(Boolean).join(' and ')} not in our library yet (the rows fill in once it has them; see bench/libraries.mjs).`);
  }

  // memory
  if (r.memory) {
    rep.heading(`memory retained by a decoded map (${r.memory.copies} live copies, heapUsed + external)`, 3);
    const om = r.memory.libs.ours;
    rep.table(
      ['library', 'per copy', 'B/segment', 'JS heap', 'external', 'ours vs it', 'B/segment with reverse index', 'ours vs it'],
      LIBRARIES.map((lib) => {
        const m = r.memory.libs[lib.id];
        if (!m || m.error) return [label(lib), m?.error ?? NA, '', '', '', '', '', ''];
        const reverse = m.perSegmentWithReverse === undefined ? NA : fmt.number(m.perSegmentWithReverse);
        return [label(lib), fmt.bytes(m.perCopy), fmt.number(m.perSegment), fmt.bytes(m.heapPerCopy), fmt.bytes(m.externalPerCopy),
          lib === ours ? '' : fmt.ratio(om?.perCopy, m.perCopy, 'smaller', 'larger'),
          reverse, lib === ours || m.perCopyWithReverse === undefined ? '' : fmt.ratio(om?.perCopyWithReverse, m.perCopyWithReverse, 'smaller', 'larger')];
      }),
    );
    if (om?.scratch !== undefined) {
      rep.para(`Ours also keeps one scratch memory per process for decoding (not per map, not counted above): ${fmt.bytes(Math.max(0, om.scratch))} after decoding this map (≈ 0 means it grew past 32 MiB for this map and was dropped, so every decode of this map allocates it afresh).`);
    }
  }

  // sanity
  rep.heading('sanity', 3);
  const items = [];
  items.push(`probe position ${map.probe.needle.line}:${map.probe.needle.column} -> the codec says source #${map.probe.source} ${map.probe.line}:${map.probe.column}${map.probe.name >= 0 ? ` name #${map.probe.name}` : ''}`);
  for (const lib of LIBRARIES) {
    const c = r.checks[lib.id];
    const parts = [];
    if (c.segments !== undefined) parts.push(`${c.segments.toLocaleString('en-US')} segments`);
    if (!lib.decodeOnly && c.probe) parts.push(`probe ${c.probe.source === null ? 'null' : 'ok'}`);
    if (c.mapped !== undefined) parts.push(`${c.mapped.toLocaleString('en-US')}/${CONFIG.checkPositions.toLocaleString('en-US')} random positions mapped`);
    if (c.agree !== undefined) {
      const mis = Object.entries(c.mismatches).filter(([, n]) => n).map(([f, n]) => `${f} ${n}`).join(', ');
      parts.push(`agrees with ours on ${c.agree.toLocaleString('en-US')}/${CONFIG.checkPositions.toLocaleString('en-US')}${mis ? ` (differs: ${mis}; e.g. ${c.example})` : ''}`);
    }
    if (c.sourcesSpelledDifferently) parts.push(`${c.sourcesSpelledDifferently} of ${map.sourceCount} sources spelled differently from ours`);
    for (const p of c.problems) parts.push(`PROBLEM: ${p}`);
    items.push(`${label(lib)}: ${parts.join('; ')}`);
  }
  rep.list(items);
  return rep;
}

const contentSize = (length) => (length === null || length === undefined ? 'null' : `${fmt.number(length / 1e3)}k chars`);

function summary(results) {
  const rep = new Report();
  rep.heading('Summary', 2);
  const peers = LIBRARIES.filter((l) => l !== ours);

  rep.heading('decode throughput, MB/s of `mappings` (higher is better)', 3);
  rep.table(
    ['map', ...LIBRARIES.map(label)],
    results.map(({ map, r }) => [map.name, ...LIBRARIES.map((lib) => fmt.number(mb(map, r.decode[lib.id].mean)))]),
  );
  rep.heading('decode: ours vs each peer', 3);
  rep.table(
    ['map', ...peers.map(label)],
    results.map(({ r, map }) => [map.name, ...peers.map((lib) => fmt.ratio(r.decode.ours.mean, r.decode[lib.id].mean))]),
  );

  rep.heading('cold: bytes -> first lookup (lower is better)', 3);
  rep.table(
    ['map', 'JSON.parse alone', ...LIBRARIES.filter((l) => !l.decodeOnly).map(label)],
    results.map(({ map, r }) => [map.name, fmt.time(r.cold['JSON.parse'].mean), ...LIBRARIES.filter((l) => !l.decodeOnly).map((lib) => {
      const s = r.cold[lib.id];
      return lib === ours ? fmt.time(s.mean) : `${fmt.time(s.mean)} (${fmt.ratio(r.cold.ours.mean, s.mean)})`;
    })]),
  );

  rep.heading('frame: bytes -> first lookup + its context lines (lower is better)', 3);
  rep.table(
    ['map', 'source text', ...LIBRARIES.filter((l) => !l.decodeOnly).map(label)],
    results.map(({ map, r }) => [map.name, contentSize(r.checks.ours.contentLength), ...LIBRARIES.filter((l) => !l.decodeOnly).map((lib) => {
      const s = r.frame[lib.id];
      return lib === ours ? fmt.time(s.mean) : `${fmt.time(s.mean)} (${fmt.ratio(r.frame.ours.mean, s.mean)})`;
    })]),
  );

  for (const [key, title] of [['random', 'random positions'], ['sorted', 'ascending positions']]) {
    rep.heading(`lookup, ns per originalPositionFor, ${title} (lower is better)`, 3);
    rep.table(
      ['map', ...LIBRARIES.filter((l) => !l.decodeOnly).map(label)],
      results.map(({ map, r }) => [map.name, ...LIBRARIES.filter((l) => !l.decodeOnly).map((lib) => {
        const s = r.lookup[lib.id];
        if (!s || s.skipped) return s?.skipped ? 'skipped' : NA;
        const v = fmt.ns(s[key].mean * 1e6);
        return lib === ours ? v : `${v} (${fmt.ratio(r.lookup.ours?.[key]?.mean, s[key].mean)})`;
      })]),
    );
  }

  if (results.some(({ r }) => r.batch?.ours)) {
    rep.heading('batch originalPositionsFor vs one call per position, random positions, ns per position', 3);
    rep.para('The one-call-per-position figure here is timed beside the batch, round by round (runRounds), not taken from the lookup table: a ratio of two timings taken minutes apart on a shared host measured the host.');
    const speedup = (single, batch) => `${fmt.number(single.mean / batch.mean)}x`;
    rep.table(
      ['map', 'originalPositionFor', 'originalPositionsFor (new array)', 'speedup', 'originalPositionsFor (into a kept array)', 'speedup'],
      results.filter(({ r }) => r.batch?.ours).map(({ map, r }) => {
        const { single } = r.batch;
        return [map.name, fmt.ns(single.mean * 1e6), fmt.ns(r.batch.ours.mean * 1e6), speedup(single, r.batch.ours), fmt.ns(r.batch.into.mean * 1e6), speedup(single, r.batch.into)];
      }),
    );
  }

  if (results.some(({ r }) => r.memory)) {
    rep.heading('memory, retained bytes per segment with the reverse index (generatedPositionFor\'s) built', 3);
    rep.table(
      ['map', ...LIBRARIES.filter((l) => l.generated).map(label)],
      results.filter(({ r }) => r.memory).map(({ map, r }) => [map.name, ...LIBRARIES.filter((l) => l.generated).map((lib) => {
        const m = r.memory.libs[lib.id];
        if (!m || m.error || m.perSegmentWithReverse === undefined) return NA;
        const v = fmt.number(m.perSegmentWithReverse);
        return lib === ours ? v : `${v} (${fmt.ratio(r.memory.libs.ours?.perCopyWithReverse, m.perCopyWithReverse, 'smaller', 'larger')})`;
      })]),
    );
    rep.heading('memory, retained bytes per segment (lower is better)', 3);
    rep.table(
      ['map', ...LIBRARIES.map(label)],
      results.filter(({ r }) => r.memory).map(({ map, r }) => [map.name, ...LIBRARIES.map((lib) => {
        const m = r.memory.libs[lib.id];
        if (!m || m.error) return 'error';
        const v = fmt.number(m.perSegment);
        return lib === ours ? v : `${v} (${fmt.ratio(r.memory.libs.ours?.perCopy, m.perCopy, 'smaller', 'larger')})`;
      })]),
    );
  }

  const problems = [];
  for (const { map, r } of results) {
    for (const lib of LIBRARIES) {
      for (const p of r.checks[lib.id].problems) problems.push(`${map.name}, ${label(lib)}: ${p}`);
      const c = r.checks[lib.id];
      if (c.agree !== undefined && c.agree !== CONFIG.checkPositions) {
        problems.push(`${map.name}, ${label(lib)}: answers differ from ours on ${CONFIG.checkPositions - c.agree} of ${CONFIG.checkPositions} random positions (${Object.entries(c.mismatches).filter(([, n]) => n).map(([f, n]) => `${f} ${n}`).join(', ')})`);
      }
    }
  }
  rep.heading('sanity', 3);
  rep.para(problems.length ? 'Found (details under each map):' : 'Every library decoded every map completely, answered the probe position like the codec, and agreed with ours on every random position.');
  rep.list(problems);
  return rep;
}

function sizes() {
  const rep = new Report();
  rep.heading('Sizes', 2);
  const rows = [];
  return import('../dist/wasm.js').then(async ({ wasmByteLength }) => {
    const wasmBytes = typeof wasmByteLength === 'function' ? wasmByteLength() : wasmByteLength;
    let gz;
    try {
      const { WASM_BASE64 } = await import('../dist/wasm-bytes.js');
      gz = gzipSync(Buffer.from(WASM_BASE64, 'base64'), { level: 9 }).length;
    } catch { /* no gzip figure */ }
    rows.push(['wasm module', `${wasmBytes.toLocaleString('en-US')} B`, gz ? `${gz.toLocaleString('en-US')} B gzip -9` : '']);
    try {
      const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const [pack] = JSON.parse(out);
      rows.push(['npm package (packed .tgz)', `${pack.size.toLocaleString('en-US')} B`, `${pack.entryCount} files`]);
      rows.push(['npm package (unpacked)', `${pack.unpackedSize.toLocaleString('en-US')} B`, '']);
    } catch (error) {
      rows.push(['npm package', `npm pack --dry-run failed: ${error.message.split('\n')[0]}`, '']);
    }
    rep.table(['what', 'size', ''], rows);
    rep.para('`npm pack --dry-run --json --ignore-scripts` over the current dist/ (what `npm publish` would ship after `npm run build`).');
    return rep;
  });
}

function header(maps) {
  const rep = new Report();
  const cpus = os.cpus();
  const command = `${RUNTIME.id} ${process.execArgv.join(' ')} ${relative(ROOT, process.argv[1])} ${process.argv.slice(2).join(' ')}`.replace(/\s+/g, ' ').trim();
  rep.heading('sourcemap-wasm benchmark', 1);
  rep.list([
    `date: ${new Date().toISOString()}`,
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${fmt.bytes(os.totalmem())} RAM, ${os.platform()} ${os.arch()} (load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`,
    RUNTIME.label,
    `command: \`${command}\`${process.env.npm_lifecycle_event?.startsWith('bench') ? ` (via \`npm run ${process.env.npm_lifecycle_event}\`, after \`npm run build\`)` : ''}`,
    `settings: ${QUICK ? 'quick, ' : ''}${CONFIG.time} ms and at least ${CONFIG.minIterations} iterations per task (tinybench ${readPackageVersion('tinybench')}), warm-up ${CONFIG.warmupTime} ms / ${CONFIG.warmupIterations} iteration; figures are means, and for all but decode the median of ${CONFIG.rounds} rounds' means (each round times every library once, in alternate order)`,
    `maps: ${maps.map((m) => m.name).join(', ')}`,
    `libraries: ${LIBRARIES.map(label).join(', ')}`,
  ]);
  if (sameMozillaWasm()) {
    rep.para('Note: source-map 0.8.0 is not a pure-JS rewrite: it ships the same `lib/mappings.wasm` as 0.7.6 (byte-identical) and the same async API; expect the two to measure alike.');
  }
  rep.para('How: all libraries run in this one process, map by map (for each map, every library in turn, ours first); tinybench warms every task up, then times each after a full garbage collection, so that none pays for what the others left; times are tinybench means (± is the relative margin of error at 95%).');
  rep.list([
    '**decode**: from the parsed JSON object to decoded and ready for lookup: the constructor plus one originalPositionFor, which is what makes the lazy peers (trace-mapping, source-map, source-map-js) decode everything; for the codec, `decode(mappings)`. MB/s counts the characters of `mappings` (10^6 per MB); ns/segment divides by the segment count. source-map 0.7/0.8 consumers are destroyed after each iteration, outside the timed part; ours are disposed, outside the timed part, which lets the next map reuse the memory (a "no memory reuse" row shows ours with a fresh memory for every map).',
    '**cold**: from the .map file\'s bytes in memory (a Uint8Array) to the first answer: ours `new SourceMap(bytes)`, peers `JSON.parse(new TextDecoder().decode(bytes))` then the constructor and one originalPositionFor. `JSON.parse` alone is the yardstick.',
    `**frame**: cold, then the ${2 * CONTEXT_LINES + 1} lines around the answer in the source it names: a symbolicated frame with its context lines, from the bytes. Ours \`sourceLinesFor(source).lines(line - ${CONTEXT_LINES}, line + ${CONTEXT_LINES})\`, which unescapes only those lines; the peers \`sourceContentFor\`, then the text split into lines as the Symbolicator splits it. Each library\'s text and lines are checked against \`sourcesContent\` first. (Up to run 33 this row timed \`sourceContentFor\` alone, for ours too.)`,
    `**lookup**: originalPositionFor on an already decoded map, over ${CONFIG.positions.toLocaleString('en-US')} positions precomputed once per map (random generated lines, columns up to the line's last segment column + 20; the same list for every library), in random and in ascending order.`,
    '**memory**: (heapUsed + external) after − before building N live copies from the same parsed JSON, then again after one generatedPositionFor in each source of each copy (which builds each library\'s whole reverse index: trace-mapping\'s at the first call, source-map\'s and ours source by source, or ours at once where sources interleave), each library in a fresh child process, divided by N × segments. WebAssembly memories count in `external` (not in `arrayBuffers`, which is itself part of `external`), so `arrayBuffers` is not added. source-map\'s wasm memory never shrinks, so its figure is the growth of its linear memory (a high-water mark).',
    '**sanity**: before timing, every library decodes the map, its segment count is compared with the codec\'s, its answer at a mapped probe position with the codec\'s segment, and its answers at all the random positions with ours (sources compared by index in each library\'s own list). The answers are compared one at a time, none kept: 100,000 answer objects kept through collections make V8 pretenure the library\'s allocation site, and its lookups below would then be timed allocating in the old generation.',
  ]);
  return rep;
}

function sameMozillaWasm() {
  try {
    const a = readFileSync(join(ROOT, 'node_modules/source-map/lib/mappings.wasm'));
    const b = readFileSync(join(ROOT, 'node_modules/source-map-08/lib/mappings.wasm'));
    return a.equals(b);
  } catch {
    return false;
  }
}

function readPackageVersion(name) {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

// ---------------------------------------------------------------------------------------------
// Main

const maps = findMaps();
const head = header(maps);
console.log(head.text());
const results = [];
const skippedNotes = [];

for (const entry of maps) {
  log(`${entry.name} (${fmt.bytes(entry.size)}): preparing`);
  const map = describeMap(entry);
  const r = {};
  log(`  checking answers`);
  r.checks = await checkLibraries(map);
  log(`  decode`);
  r.decode = await benchDecode(map);
  log(`  cold`);
  r.cold = await benchCold(map);
  log(`  frame`);
  r.frame = await benchFrame(map);
  log(`  lookup`);
  r.lookup = await benchLookups(map, r.checks);
  for (const [id, s] of Object.entries(r.lookup)) {
    if (s.skipped) skippedNotes.push(`${map.name}: ${LIBRARIES.find((l) => l.id === id).name} lookups ${s.skipped}`);
  }
  r.generated = await benchGenerated(map);
  r.batch = await benchBatch(map);
  if (options.memory) {
    log(`  memory (${copiesFor(map)} copies per library, child processes)`);
    r.memory = measureMemory(map);
  }
  if (map.json.mappings.length !== map.mappingsLength) throw new Error(`${map.name}: a library changed the shared JSON's mappings`);
  const section = mapSection(map, r);
  console.log(section.text());
  results.push({ map, r, section });
  // Let the next map start from a clean heap.
  map.json = map.bytes = map.randomNeedles = map.sortedNeedles = map.batch = null;
  globalThis.gc();
}

const sum = summary(results);
const sizeRep = await sizes();
if (skippedNotes.length) sum.para('Skipped (to keep a full run near 10 minutes):').list(skippedNotes);
console.log(sum.text());
console.log(sizeRep.text());

const elapsed = (performance.now() - started) / 1000;
const footer = new Report().para(`Total run time ${elapsed.toFixed(0)} s; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}. (sink ${sink > 0 ? 'ok' : sink})`);
console.log(footer.text());

const md = new Report().append(head).append(sum).append(sizeRep).heading('Per map', 2);
for (const { section } of results) {
  for (const block of section.blocks) md.blocks.push(block.type === 'heading' ? { ...block, level: block.level + 1 } : block);
}
md.append(footer);
const outPath = join(ROOT, RUNTIME.id === 'node' ? 'bench/RESULTS.md' : `bench/RESULTS-${RUNTIME.id}.md`);
writeFileSync(outPath, md.markdown().replace(/^\n+/, '') + '\n');
log(`wrote ${relative(process.cwd(), outPath) || outPath}`);
// The chart and its figures are Node's.
if (RUNTIME.id === 'node') {
  // The figures the chart shows (bench/chart.mjs), machine-readable.
  const figures = {
    date: new Date().toISOString(),
    node: process.version,
    libraries: LIBRARIES.map((lib) => ({ id: lib.id, name: lib.version && !lib.name.includes(lib.version) ? `${lib.name} ${lib.version}` : lib.name })),
    maps: results.map(({ map, r }) => ({
      name: map.name,
      decodeMBps: Object.fromEntries(LIBRARIES.map((lib) => [lib.id, mb(map, r.decode[lib.id].mean)])),
      coldMs: Object.fromEntries(Object.entries(r.cold).map(([id, s]) => [id, s.mean])),
      frameMs: Object.fromEntries(Object.entries(r.frame).map(([id, s]) => [id, s.mean])),
    })),
  };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(figures, null, 2)}\n`);
  await import('./chart.mjs');
}
