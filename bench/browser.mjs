// The bench in a real browser: headless Chromium (Debian's `chromium`, driven by
// playwright-core) times ours and the peers on every map, in one page, as bench/run.mjs does
// in Node (bench/browser-page.mjs: decode, cold and lookups; no memory, frame or batch rows),
// and writes bench/RESULTS-chromium.md.
//
//   npm run bench:chromium
//   node bench/browser.mjs --maps babel.min,typescript --quick
//
// Options: --maps a,b (map file names starting so), --quick (100 ms a task, 2 iterations).
// Chromium: /usr/bin/chromium, or the path in CHROMIUM_PATH.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { LIBRARIES, OUR_PACKAGE, ROOT, VERSIONS } from './libraries.mjs';
import * as fmt from './format.mjs';
import { Report } from './format.mjs';

const started = performance.now();
const startedAt = new Date();
const loadAtStart = os.loadavg();
const log = (message) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

const args = process.argv.slice(2);
let QUICK = false;
let wanted = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--quick') QUICK = true;
  else if (args[i] === '--maps' && i + 1 < args.length) wanted = args[++i].split(',');
  else if (args[i].startsWith('--maps=')) wanted = args[i].slice('--maps='.length).split(',');
  else throw new Error(`unknown argument ${args[i]} (--maps a,b --quick)`);
}
const CONFIG = { time: QUICK ? 100 : 500, minIterations: QUICK ? 2 : 5, warmupTime: QUICK ? 30 : 100, positions: 100_000 };

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
  response.writeHead(200, { 'content-type': found.type }).end(found.body ?? readFileSync(found.path));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// The flags a closed network needs, and gc() for the tasks' setup.
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
});
const page = await browser.newPage();
await page.goto(`${origin}/`);
const call = (fn, ...params) => page.evaluate(`import('/page.js').then((page) => page.${fn}(...${JSON.stringify(params)}))`);
const userAgent = await call('setUp', VERSIONS, OUR_PACKAGE, { 'source-map': `${origin}/source-map.wasm`, 'source-map-08': `${origin}/source-map-08.wasm` });

const results = [];
for (const map of maps) {
  log(`${map.name}`);
  results.push({ map, r: await call('benchMap', map.name, CONFIG) });
}
await browser.close();
server.close();

const label = (lib) => `${lib.name} ${lib.version}`;
const lookups = LIBRARIES.filter((lib) => !lib.decodeOnly);
const peers = LIBRARIES.filter((lib) => lib.id !== 'ours');
const mb = (r, ms) => r.mappingsLength / (ms * 1000);
const rep = new Report();
rep.heading('sourcemap-wasm benchmark in Chromium', 1);
rep.list([
  `date: ${startedAt.toISOString()}`,
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${os.platform()} ${os.arch()} (load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')})`,
  `browser: Chromium ${browser.version()}, headless (${userAgent})`,
  `command: \`node bench/browser.mjs ${args.join(' ')}\``.replace(/ `$/, '`'),
  `settings: ${CONFIG.time} ms and at least ${CONFIG.minIterations} iterations per task (tinybench), warm-up ${CONFIG.warmupTime} ms; figures are means of one round, every task after gc()`,
]);
rep.para('The page bundles each library\'s browser build with esbuild and times it as bench/run.mjs does in Node (see bench/RESULTS.md for what each figure is). **decode**: parsed object to ready for lookup. **cold**: the file\'s bytes to the first answer (peers through `JSON.parse`). **lookup**: originalPositionFor over 100,000 positions, random and ascending. Before timing, every library\'s line and column at the random positions are compared with ours.');
rep.heading('decode, MB/s of `mappings`, and ours vs each peer', 2);
rep.table(['map', ...LIBRARIES.map(label)], results.map(({ map, r }) => [map.name, ...LIBRARIES.map((lib) => {
  const value = fmt.number(mb(r, r.decode[lib.id].mean));
  return lib.id === 'ours' ? value : `${value} (${fmt.ratio(r.decode.ours.mean, r.decode[lib.id].mean)})`;
})]));
rep.heading('cold: bytes -> first lookup', 2);
rep.table(['map', 'JSON.parse alone', ...lookups.map(label)], results.map(({ map, r }) => [map.name, fmt.time(r.cold['JSON.parse'].mean), ...lookups.map((lib) => {
  const value = fmt.time(r.cold[lib.id].mean);
  return lib.id === 'ours' ? value : `${value} (${fmt.ratio(r.cold.ours.mean, r.cold[lib.id].mean)})`;
})]));
for (const [key, title] of [['random', 'random'], ['sorted', 'ascending']]) {
  rep.heading(`lookup, ns per originalPositionFor, ${title} positions`, 2);
  rep.table(['map', ...lookups.map(label)], results.map(({ map, r }) => [map.name, ...lookups.map((lib) => {
    const value = fmt.ns(r.lookup[lib.id][key].mean * 1e6);
    return lib.id === 'ours' ? value : `${value} (${fmt.ratio(r.lookup.ours[key].mean, r.lookup[lib.id][key].mean)})`;
  })]));
}
rep.heading('sanity', 2);
rep.list(results.map(({ map, r }) => `${map.name}: ${fmt.integer(r.segments)} segments; line and column equal to ours at ${peers.filter((lib) => !lib.decodeOnly).map((lib) => `${fmt.integer(r.agree[lib.id])} (${lib.id})`).join(', ')} of ${fmt.integer(CONFIG.positions)} random positions`));
rep.para(`Total run time ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
console.log(rep.text());
const out = join(ROOT, 'bench/RESULTS-chromium.md');
writeFileSync(out, `${rep.markdown().replace(/^\n+/, '')}\n`);
log('wrote bench/RESULTS-chromium.md');
