// generatedPositionFor on one map: the first call (which builds each library's
// original-order index) and the steady cost per lookup, each library in fresh processes
// (median of 3), so that no library inherits another's heap. The first call is taken twice:
// on the process's first map, where the library's code has not run yet (source-map's wasm
// sorts in V8's baseline code then: one call never switches to optimised code), and on its
// fourth map of the same JSON (each disposed or destroyed before the next), warm, as in a
// server or a page that has opened maps before. On that fourth map, the first call in another
// source is timed too: source-map sorts each source's mappings on their first use, and ours
// indexes each source's rows on its first call there (the whole map at once where sources
// interleave). Each timed call follows a full garbage collection (children run with
// --expose-gc).
//   node bench/reverse.mjs [map name, default babel-standalone.js.map]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const map = process.argv[2] ?? 'babel-standalone.js.map';
const child = process.argv[3];
const root = fileURLToPath(new URL('../', import.meta.url));

if (child) {
  const { readFileSync } = await import('node:fs');
  const json = JSON.parse(readFileSync(`${root}../shared/bench-maps/${map}`, 'utf8'));
  const { decode } = await import('@jridgewell/sourcemap-codec');
  // Needles: original positions of the map's own segments, shuffled (seeded), all sources.
  // The decoded segments they come from are dropped, and collected before each timed call
  // (gc() below): a full collection of that heap, owed by the bench, would otherwise land in
  // whichever library's first call grows memory next.
  const needles = (() => {
    const picked = [];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const all = decode(json.mappings).flat().filter((s) => s.length >= 4);
    for (let i = 0; i < 100_000; i++) {
      const s = all[Math.floor(random() * all.length)];
      picked.push({ source: json.sources[s[1]], line: s[2] + 1, column: s[3] + (random() < 0.5 ? 0 : 1) });
    }
    return picked;
  })();
  // A map, decoded, and its generatedPositionFor and release.
  let open;
  if (child === 'ours') {
    const { SourceMap } = await import('../dist/index.js');
    open = () => {
      const m = new SourceMap(json);
      return { lookup: (n) => m.generatedPositionFor(n), release: () => m.dispose() };
    };
  } else if (child === 'trace-mapping') {
    const tm = await import('@jridgewell/trace-mapping');
    open = () => {
      const m = new tm.TraceMap(json);
      tm.originalPositionFor(m, { line: 1, column: 0 });
      return { lookup: (n) => tm.generatedPositionFor(m, n), release: () => {} };
    };
  } else {
    const { SourceMapConsumer } = await import(child);
    open = async () => {
      const m = await new SourceMapConsumer(json);
      m.originalPositionFor({ line: 1, column: 0 });
      return { lookup: (n) => m.generatedPositionFor(n), release: () => m.destroy() };
    };
  }
  const firstCalls = [];
  const otherSource = needles.find((n) => n.source !== needles[0].source);
  let lookup;
  let secondSource = NaN;
  for (let copy = 0; copy < 4; copy++) {
    const m = await open();
    gc();
    let t = performance.now();
    m.lookup(needles[0]);
    firstCalls.push(performance.now() - t);
    if (copy < 3) {
      m.release();
      continue;
    }
    lookup = m.lookup;
    if (otherSource) {
      gc();
      t = performance.now();
      m.lookup(otherSource);
      secondSource = performance.now() - t;
    }
  }
  const [first] = firstCalls;
  const warmFirst = firstCalls[3];
  let t;
  // Steady: the best of three passes over the needles (the first pass also warms the JIT).
  let found = 0;
  let steady = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    found = 0;
    t = performance.now();
    for (const n of needles) if (lookup(n).line !== null) found++;
    steady = Math.min(steady, ((performance.now() - t) * 1e6) / needles.length);
  }
  console.log(JSON.stringify({ first, warmFirst, secondSource, steady, found }));
} else {
  console.log(`generatedPositionFor on ${map}: first call (index build) on a fresh process's first map and on its fourth (warm), then on the fourth the first call in another source, and steady ns per lookup (best of 3 passes over 100,000 needles), median of 3 fresh processes`);
  const median = (xs) => xs.sort((a, b) => a - b)[1];
  const rows = [];
  for (const lib of ['ours', 'trace-mapping', 'source-map', 'source-map-08']) {
    const runs = [0, 1, 2].map(() => JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), map, lib], { encoding: 'utf8', maxBuffer: 1 << 24 })));
    rows.push({ lib, first: median(runs.map((r) => r.first)), warmFirst: median(runs.map((r) => r.warmFirst)), secondSource: median(runs.map((r) => r.secondSource ?? NaN)), steady: median(runs.map((r) => r.steady)), found: runs[0].found });
  }
  const ours = rows[0];
  for (const r of rows) {
    const times = (a, b) => `${(a / b).toFixed(2)}x`;
    const vs = r === ours ? '' : `   ours / it: first ${times(ours.first, r.first)}, warm first ${times(ours.warmFirst, r.warmFirst)}, another source ${times(ours.secondSource, r.secondSource)}, steady ${times(ours.steady, r.steady)}`;
    const second = Number.isNaN(r.secondSource) ? '     n/a' : `${r.secondSource.toFixed(1).padStart(8)} ms`;
    console.log(`${r.lib.padEnd(14)} first call ${r.first.toFixed(1).padStart(8)} ms   warm first call ${r.warmFirst.toFixed(1).padStart(8)} ms   then another source ${second}   steady ${r.steady.toFixed(0).padStart(6)} ns/lookup   (${r.found} found)${vs}`);
  }
}
