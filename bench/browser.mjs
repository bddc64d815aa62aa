// The bench in a real browser: headless Chromium (Debian's `chromium`, driven by
// playwright-core) times ours and the peers on every map, in one page, as bench/run.mjs does
// in Node (bench/browser-page.mjs: decode, cold, frame, lookups, generatedPositionFor, batch);
// then measures each library's memory on each map in a fresh page of its own; and writes
// bench/RESULTS-chromium.md.
//
//   npm run bench:chromium
//   node bench/browser.mjs --maps babel.min,typescript --quick
//
// Options: --maps a,b (map file names starting so), --quick (100 ms a task, 2 iterations, one
// round, fewer copies), --no-memory (skip the memory figures).
// Chromium: /usr/bin/chromium, or the path in CHROMIUM_PATH.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { FRESH, LIBRARIES, OUR_PACKAGE, ROOT, VERSIONS, memoryCopies } from './libraries.mjs';
import * as fmt from './format.mjs';
import { Report } from './format.mjs';

const started = performance.now();
const startedAt = new Date();
const loadAtStart = os.loadavg();
const log = (message) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

const args = process.argv.slice(2);
let QUICK = false;
let MEMORY = true;
let wanted = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--quick') QUICK = true;
  else if (args[i] === '--no-memory') MEMORY = false;
  else if (args[i] === '--maps' && i + 1 < args.length) wanted = args[++i].split(',');
  else if (args[i].startsWith('--maps=')) wanted = args[i].slice('--maps='.length).split(',');
  else throw new Error(`unknown argument ${args[i]} (--maps a,b --quick --no-memory)`);
}
// As bench/run.mjs's.
const CONFIG = { time: QUICK ? 100 : 500, minIterations: QUICK ? 2 : 5, warmupTime: QUICK ? 30 : 100, warmupIterations: 1, positions: 100_000, rounds: QUICK ? 1 : 3 };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH)`);
  process.exit(1);
}
const MAP_DIR = join(ROOT, '../shared/bench-maps');
const FIXTURE = join(ROOT, 'fixtures/example/app.min.js.map');
const maps = [
  ...(existsSync(MAP_DIR) ? readdirSync(MAP_DIR).filter((file) => file.endsWith('.map')).map((file) => ({ name: file, path: join(MAP_DIR, file) })) : []),
  { name: 'app.min.js.map', path: FIXTURE },
].filter((map) => !wanted || wanted.some((prefix) => map.name.startsWith(prefix)))
  .sort((a, b) => statSync(a.path).size - statSync(b.path).size);

const bundle = await build({
  entryPoints: [join(ROOT, 'bench/browser-page.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  // source-map's lib/url.js requires 'url' only where there is no global URL.
  external: ['url'],
  logLevel: 'warning',
});
const served = new Map([
  ['/', { body: '<!doctype html><meta charset="utf-8"><title>sourcemap-wasm bench</title>', type: 'text/html' }],
  ['/page.js', { body: bundle.outputFiles[0].contents, type: 'text/javascript' }],
  ['/source-map.wasm', { body: readFileSync(join(ROOT, 'node_modules/source-map/lib/mappings.wasm')), type: 'application/wasm' }],
  ['/source-map-08.wasm', { body: readFileSync(join(ROOT, 'node_modules/source-map-08/lib/mappings.wasm')), type: 'application/wasm' }],
]);
for (const map of maps) served.set(`/maps/${map.name}`, { path: map.path, type: 'application/json' });
const server = createServer((request, response) => {
  const found = served.get(new URL(request.url ?? '/', 'http://localhost').pathname);
  if (!found) return response.writeHead(404).end();
  // Cross-origin isolated: performance.now() is then precise to 5 µs, not 100 µs.
  response.writeHead(200, {
    'content-type': found.type,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  }).end(found.body ?? readFileSync(found.path));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// The flags a closed network needs, and gc() for the tasks' setup.
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
});
// A page with the bundle set up: `call(fn, ...params)` runs one of browser-page.mjs's exports.
async function openPage(context, query = '') {
  const page = await context.newPage();
  await page.goto(`${origin}/${query}`);
  const call = (fn, ...params) => page.evaluate(`import('/page.js').then((page) => page.${fn}(...${JSON.stringify(params)}))`);
  const userAgent = await call('setUp', VERSIONS, OUR_PACKAGE, { 'source-map': `${origin}/source-map.wasm`, 'source-map-08': `${origin}/source-map-08.wasm` });
  return { page, call, userAgent };
}

// One library's memory on one map, in a browser context of its own (a renderer process, and
// so a heap, of its own): the JS heap and ArrayBuffers as the DevTools protocol reports them,
// plus the live wasm memories the page counted (bench/wasm-memories.mjs), after a collection,
// before and after building `copies` copies, then after each copy's reverse index.
async function measureMemory(map, lib, needle, copies) {
  const context = await browser.newContext();
  try {
    const { page, call } = await openPage(context, '?memory');
    const cdp = await context.newCDPSession(page);
    const usage = async () => {
      const wasm = await call('settle');
      const { usedSize, backingStorageSize } = await cdp.send('Runtime.getHeapUsage');
      return { heap: usedSize, buffers: backingStorageSize, wasm, total: usedSize + backingStorageSize + wasm };
    };
    await call('memoryStart', map.name, lib.id, needle);
    const before = await usage();
    await call('memoryBuild', copies);
    const after = await usage();
    const firstCalls = await call('memoryReverse');
    const reverse = firstCalls ? await usage() : undefined;
    const perCopy = (key, to = after) => (to[key] - before[key]) / copies;
    return {
      perCopy: perCopy('total'),
      perCopyWithReverse: reverse && perCopy('total', reverse),
      heapPerCopy: perCopy('heap'),
      wasmPerCopy: perCopy('wasm') + perCopy('buffers'),
      firstCall: firstCalls && median(firstCalls.map((t) => t.first)),
      secondSource: firstCalls && median(firstCalls.map((t) => t.second)),
    };
  } catch (error) {
    return { error: String(error.message ?? error).split('\n')[0] };
  } finally {
    await context.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];

const { call, userAgent } = await openPage(browser);
const results = [];
for (const map of maps) {
  log(`${map.name}`);
  const r = await call('benchMap', map.name, CONFIG);
  results.push({ map, r });
}
if (MEMORY) {
  for (const { map, r } of results) {
    const copies = memoryCopies(r.segments, QUICK);
    log(`${map.name}: memory, ${copies} copies per library`);
    r.memory = { copies, libs: {} };
    for (const lib of LIBRARIES) r.memory.libs[lib.id] = await measureMemory(map, lib, r.needle, copies);
  }
}
await browser.close();
server.close();

const label = (lib) => `${lib.name} ${lib.version}`;
const lookups = LIBRARIES.filter((lib) => !lib.decodeOnly);
const reversing = lookups.filter((lib) => lib.generated);
const peers = LIBRARIES.filter((lib) => lib.id !== 'ours');
const mb = (r, ms) => r.mappingsLength / (ms * 1000);
// A cell: ours' figure, or a peer's with ours against it.
const versus = (lib, value, oursValue, peerValue, better, worse) => (lib.id === 'ours' ? value : `${value} (${fmt.ratio(oursValue, peerValue, better, worse)})`);
const rep = new Report();
rep.heading('sourcemap-wasm benchmark in Chromium', 1);
rep.list([
  `date: ${startedAt.toISOString()}`,
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${os.platform()} ${os.arch()} (load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')})`,
  `browser: Chromium ${browser.version()}, headless (${userAgent})`,
  `command: \`node bench/browser.mjs ${args.join(' ')}\``.replace(/ `$/, '`'),
  `settings: ${CONFIG.time} ms and at least ${CONFIG.minIterations} iterations per task (tinybench), warm-up ${CONFIG.warmupTime} ms; figures are means, every task after gc(), and for all but decode the median of ${CONFIG.rounds} rounds' means (each round times every library once, in alternate order)`,
]);
rep.para('The page bundles each library\'s browser build with esbuild and times it as bench/run.mjs does in Node, with the same tasks (see bench/RESULTS.md for what each figure is); the page is cross-origin isolated, so its clock is precise to 5 µs. **decode**: parsed object to ready for lookup. **cold**: the file\'s bytes to the first answer (peers through `JSON.parse`). **frame**: cold, then the 11 context lines around the answer. **lookup**: originalPositionFor over 100,000 positions, random and ascending. **generatedPositionFor**: steady, on original positions that exist; and the first call, which builds each library\'s reverse index. **memory**: retained bytes per segment of live copies, each library on each map in a fresh renderer. Before timing, every library\'s line and column at the random positions are compared with ours.');
rep.heading('decode, MB/s of `mappings`, and ours vs each peer', 2);
rep.table(['map', ...LIBRARIES.map(label), 'ours, no memory reuse'], results.map(({ map, r }) => [map.name, ...LIBRARIES.map((lib) => (
  versus(lib, fmt.number(mb(r, r.decode[lib.id].mean)), r.decode.ours.mean, r.decode[lib.id].mean)
)), fmt.number(mb(r, r.decode[FRESH].mean))]));
rep.para('Ours disposes each map after the lookup, so the next decode reuses its memory; the last column gives every map a fresh memory, as when maps are left to the garbage collector.');
for (const [key, title, extra] of [['cold', 'cold: bytes -> first lookup', true], ['frame', 'frame: bytes -> first lookup + its context lines', false]]) {
  rep.heading(title, 2);
  rep.table(['map', ...(extra ? ['JSON.parse alone'] : []), ...lookups.map(label)], results.map(({ map, r }) => [
    map.name,
    ...(extra ? [fmt.time(r.cold['JSON.parse'].mean)] : []),
    ...lookups.map((lib) => versus(lib, fmt.time(r[key][lib.id].mean), r[key].ours.mean, r[key][lib.id].mean)),
  ]));
}
for (const [key, title] of [['random', 'random'], ['sorted', 'ascending']]) {
  rep.heading(`lookup, ns per originalPositionFor, ${title} positions`, 2);
  rep.table(['map', ...lookups.map(label)], results.map(({ map, r }) => [map.name, ...lookups.map((lib) => (
    versus(lib, fmt.ns(r.lookup[lib.id][key].mean * 1e6), r.lookup.ours[key].mean, r.lookup[lib.id][key].mean)
  ))]));
}
rep.heading('batch originalPositionsFor vs one call per position, random positions, ns per position', 2);
const speedup = (single, batch) => `${fmt.number(single.mean / batch.mean)}x`;
rep.table(['map', 'originalPositionFor', 'originalPositionsFor (new array)', 'speedup', 'originalPositionsFor (into a kept array)', 'speedup'], results.map(({ map, r }) => {
  const { single, batch, into } = r.batch;
  return [map.name, fmt.ns(single.mean * 1e6), fmt.ns(batch.mean * 1e6), speedup(single, batch), fmt.ns(into.mean * 1e6), speedup(single, into)];
}));
rep.heading('generatedPositionFor, ns per call (index built)', 2);
rep.table(['map', ...reversing.map(label)], results.map(({ map, r }) => [map.name, ...reversing.map((lib) => (
  versus(lib, fmt.ns(r.generated[lib.id].generated.mean * 1e6), r.generated.ours.generated.mean, r.generated[lib.id].generated.mean)
))]));
if (MEMORY) {
  const memoryOf = (r, lib) => r.memory.libs[lib.id];
  const failed = (m) => !m || m.error;
  rep.heading('generatedPositionFor, first call (builds the reverse index), median over the memory copies', 2);
  rep.table(['map', ...reversing.map(label)], results.map(({ map, r }) => [map.name, ...reversing.map((lib) => {
    const m = memoryOf(r, lib);
    if (failed(m)) return m?.error ?? fmt.NA;
    return versus(lib, fmt.time(m.firstCall), r.memory.libs.ours.firstCall, m.firstCall);
  })]));
  rep.para('The memory pages time it: each copy\'s first call, the first copy\'s in code that has not run yet, the others warm; the median is a warm one. source-map-js sorts its mappings by original position when it decodes them, so its first call builds nothing (its decode figure includes that sort).');
  rep.heading('generatedPositionFor, first call in a second source, median over the memory copies', 2);
  rep.table(['map', ...reversing.map(label)], results.map(({ map, r }) => [map.name, ...reversing.map((lib) => {
    const m = memoryOf(r, lib);
    if (failed(m)) return m?.error ?? fmt.NA;
    if (Number.isNaN(m.secondSource)) return 'one source';
    return versus(lib, fmt.time(m.secondSource), r.memory.libs.ours.secondSource, m.secondSource);
  })]));
  rep.para('Right after the first call, on the same copy: source-map sorts that source\'s mappings then, and ours indexes that source\'s rows (or the whole map, where sources interleave); trace-mapping built every source\'s at the first call. Memory with the reverse index is measured after a call in every source.');
  for (const [key, title, libs] of [['perCopy', 'memory, retained bytes per segment', LIBRARIES], ['perCopyWithReverse', 'memory, retained bytes per segment with the reverse index built', reversing]]) {
    rep.heading(title, 2);
    rep.table(['map', 'copies', ...libs.map(label)], results.map(({ map, r }) => [map.name, r.memory.copies, ...libs.map((lib) => {
      const m = memoryOf(r, lib);
      if (failed(m)) return m?.error ?? fmt.NA;
      return versus(lib, fmt.number(m[key] / r.segments), r.memory.libs.ours[key], m[key], 'smaller', 'larger');
    })]));
  }
  rep.para('Per copy: the growth of the JS heap (the DevTools protocol\'s `Runtime.getHeapUsage`, `usedSize`), of ArrayBuffers (`backingStorageSize`) and of the live WebAssembly memories (which that protocol does not count: the page wraps the wasm constructors to find them), after a full collection, divided by the copies. source-map\'s wasm memory never shrinks, so its figure is the growth of its linear memory. The map\'s parsed JSON stays alive throughout, so what a library shares with it is not counted.');
  rep.list(results.map(({ map, r }) => `${map.name}: JS heap / wasm and ArrayBuffers per segment: ${LIBRARIES.map((lib) => {
    const m = memoryOf(r, lib);
    return `${lib.id} ${failed(m) ? 'n/a' : `${fmt.number(m.heapPerCopy / r.segments)} / ${fmt.number(m.wasmPerCopy / r.segments)}`}`;
  }).join(', ')}`));
}
rep.heading('sanity', 2);
rep.list(results.map(({ map, r }) => `${map.name}: ${fmt.integer(r.segments)} segments; line and column equal to ours at ${peers.filter((lib) => !lib.decodeOnly).map((lib) => `${fmt.integer(r.agree[lib.id])} (${lib.id})`).join(', ')} of ${fmt.integer(CONFIG.positions)} random positions`));
rep.para(`Total run time ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
console.log(rep.text());
const out = join(ROOT, 'bench/RESULTS-chromium.md');
writeFileSync(out, `${rep.markdown().replace(/^\n+/, '')}\n`);
log('wrote bench/RESULTS-chromium.md');
