// The decode figure beside a plain scalar C decoder (bench/c-yardstick/decode.c, cc -O3) on
// the same `mappings`, on this machine: the yardstick the performance issue names for decode.
//
//   npm run bench:c                        # build, then the large maps
//   node --expose-gc bench/c-yardstick.mjs --maps typescript,babel.min --runs 41
//
// Both sides are medians of --runs decodes of one map, alternating C and ours for --rounds
// rounds; each keeps its arrays from one decode to the next (C grows them once, ours disposes
// each map so that the next reuses its memory), so neither pays page faults in the figure.
// Ours is the bench's decode: a parsed map object to decoded and ready, constructor plus one
// originalPositionFor. Needs a C compiler (`cc`); without one it says so and exits 0.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, ours } from './libraries.mjs';
import * as fmt from './format.mjs';
import { Report } from './format.mjs';

const LARGE_MAPS = ['babel.min.js.map', 'pdfjs-pdf.worker.mjs.map', 'typescript.esbuild-min.js.map', 'babel-standalone.js.map'];

function parseArgs(argv) {
  const options = { maps: LARGE_MAPS, runs: 41, rounds: 3 };
  for (let i = 0; i < argv.length; i++) {
    const [arg, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (arg === '--maps') {
      const prefixes = value().split(',').map((p) => p.trim()).filter(Boolean);
      options.maps = LARGE_MAPS.filter((m) => prefixes.some((p) => m.startsWith(p)));
    }
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--rounds') options.rounds = Number(value());
    else throw new Error(`unknown argument ${argv[i]} (--maps a,b --runs N --rounds N)`);
  }
  if (!(options.runs >= 1 && options.rounds >= 1)) throw new Error('--runs and --rounds take positive numbers');
  return options;
}

const options = parseArgs(process.argv.slice(2));
if (typeof globalThis.gc !== 'function') {
  console.error('Run with --expose-gc (node --expose-gc bench/c-yardstick.mjs).');
  process.exit(1);
}
const MAPS_DIR = join(ROOT, '..', 'shared', 'bench-maps');
const missing = options.maps.filter((name) => !existsSync(join(MAPS_DIR, name)));
if (options.maps.length === 0 || missing.length > 0) {
  console.log(`No maps to run: ${options.maps.length === 0 ? '--maps matched none of ' + LARGE_MAPS.join(', ') : 'missing ' + missing.join(', ') + ' in ' + MAPS_DIR}.`);
  process.exit(0);
}
const cc = process.env.CC ?? 'cc';
const version = spawnSync(cc, ['--version'], { encoding: 'utf8' });
if (version.status !== 0) {
  console.log(`No C compiler (${cc}): the C yardstick is skipped. Install one (Debian: gcc) or set CC.`);
  process.exit(0);
}

const dir = mkdtempSync(join(os.tmpdir(), 'sourcemap-wasm-c-'));
try {
  const binary = join(dir, 'decode');
  const compile = spawnSync(cc, ['-O3', '-o', binary, join(ROOT, 'bench/c-yardstick/decode.c')], { encoding: 'utf8' });
  if (compile.status !== 0) throw new Error(`${cc} -O3 failed:\n${compile.stderr}`);

  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const rows = [];
  for (const name of options.maps) {
    const json = JSON.parse(readFileSync(join(MAPS_DIR, name), 'utf8'));
    const input = join(dir, 'mappings');
    writeFileSync(input, json.mappings, 'latin1');
    const needle = { line: 1, column: 0 };
    const c = [];
    const wasm = [];
    let segments;
    for (let round = 0; round < options.rounds; round++) {
      globalThis.gc();
      const run = spawnSync(binary, [input, String(options.runs)], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`C decoder on ${name}: ${run.stderr || run.status}`);
      const [count, , medianMs] = run.stdout.trim().split(' ').map(Number);
      segments = count;
      c.push(medianMs);
      globalThis.gc();
      const times = [];
      for (let r = 0; r < options.runs; r++) {
        const t0 = performance.now();
        const h = ours.construct(json);
        ours.force(h, needle);
        times.push(performance.now() - t0);
        if (ours.segments(h) !== segments) throw new Error(`${name}: ours decoded ${ours.segments(h)} segments, C ${segments}`);
        ours.release(h);
      }
      wasm.push(median(times));
    }
    // The best round's median for each: the machine is shared, and the quieter round is the
    // closer to what each can do.
    const cMs = Math.min(...c);
    const oursMs = Math.min(...wasm);
    const mb = (ms) => json.mappings.length / 1e6 / (ms / 1000);
    rows.push([name, fmt.time(oursMs), fmt.number(mb(oursMs)), fmt.time(cMs), fmt.number(mb(cMs)), fmt.ratio(oursMs, cMs)]);
    console.error(`${name}: ours ${fmt.time(oursMs)}, C ${fmt.time(cMs)}`);
  }
  const report = new Report()
    .heading('decode: ours (wasm) beside a plain scalar C decoder at -O3, same mappings', 3)
    .para(`${version.stdout.split('\n')[0]}; Node ${process.version}; median of ${options.runs} decodes, best of ${options.rounds} rounds.`)
    .table(['map', 'ours', 'ours MB/s', 'C -O3', 'C MB/s', 'ours vs C'], rows);
  console.log(report.text());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
