// The decode figure in instructions, not seconds: valgrind's cachegrind counts what each
// library executes to decode a map, and the count is the same whatever else the machine is
// doing (the timed benches move by up to 3x here when the host is busy).
//
//   npm run bench:instructions
//   node bench/instructions.mjs --maps typescript,babel.min --libs ours,c
//
// A library's figure is the count of a process that decodes the map WARM + RUNS times minus
// that of one that decodes it WARM times, over RUNS x segments: start-up, reading the JSON
// and the warm-up cancel out. A decode is the bench's: from the parsed object, the
// constructor plus one originalPositionFor (which makes source-map parse its mappings); for
// the C yardstick, one pass of its loop. Node runs with --no-liftoff and
// --no-concurrent-recompilation, so that under valgrind, which runs one thread at a time, the
// decodes counted run optimized code as they do outside it. Our count moves by a few per cent
// from one invocation to the next (the garbage collector's threads), the times by 10-30%.
// Mispredicts are cachegrind's model of a branch predictor, not this CPU's: a guide to how
// branchy a loop is. Needs valgrind (Debian: valgrind); without it says so and exits 0.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIBRARIES, ROOT, load } from './libraries.mjs';
import * as fmt from './format.mjs';
import { Report } from './format.mjs';

const MAPS = ['babel.min.js.map', 'pdfjs-pdf.worker.mjs.map', 'typescript.esbuild-min.js.map', 'babel-standalone.js.map'];
// The JS peers are not counted: their decodes allocate arrays per segment, and under valgrind
// the garbage collector's and the JIT's work in the two processes differs by more than a
// decode (their figures came out negative).
const LIBS = ['ours', 'source-map-07', 'source-map-08', 'c'];
const WARM = 4;
const RUNS = 4;
const MAPS_DIR = join(ROOT, '..', 'shared', 'bench-maps');
const NODE_FLAGS = ['--no-liftoff', '--no-concurrent-recompilation'];
const SELF = fileURLToPath(import.meta.url);

function parseArgs(argv) {
  const options = { maps: MAPS, libs: LIBS };
  const list = (text) => text.split(',').map((p) => p.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const [arg, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (arg === '--maps') {
      const prefixes = list(value());
      options.maps = MAPS.filter((m) => prefixes.some((p) => m.startsWith(p)));
    }
    else if (arg === '--libs') options.libs = list(value());
    else throw new Error(`unknown argument ${argv[i]} (--maps a,b --libs ${LIBS.join(',')})`);
  }
  const unknown = options.libs.filter((id) => !LIBS.includes(id));
  if (unknown.length > 0) throw new Error(`unknown library ${unknown.join(', ')}: one of ${LIBS.join(', ')}`);
  return options;
}

// In a child under valgrind: decode the map `count` times.
async function child(id, mapName, count) {
  const lib = LIBRARIES.find((l) => l.id === id);
  const json = JSON.parse(readFileSync(join(MAPS_DIR, mapName), 'utf8'));
  const needle = { line: 1, column: 0 };
  for (let i = 0; i < count; i++) lib.release(await load(lib, json, needle));
}

// Instructions and simulated mispredicts of one command under cachegrind.
function countOf(command, args) {
  const run = spawnSync('valgrind', [
    '--tool=cachegrind', '--cache-sim=no', '--branch-sim=yes', '--smc-check=all-non-file',
    '--cachegrind-out-file=/dev/null', command, ...args,
  ], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const number = (label) => Number(new RegExp(`${label}:\\s+([\\d,]+)`).exec(run.stderr)?.[1].replaceAll(',', ''));
  const counts = { instructions: number('I\\s+refs'), mispredicts: number('Mispredicts') };
  if (run.status !== 0 || !(counts.instructions > 0)) throw new Error(`${command} ${args.join(' ')} under valgrind:\n${run.stderr.slice(-2000)}`);
  return counts;
}

// Per decode and segment: the difference between `base + RUNS` decodes and `base`.
function perSegment(command, argsFor, base, segments) {
  const few = countOf(command, argsFor(base));
  const more = countOf(command, argsFor(base + RUNS));
  const per = (key) => (more[key] - few[key]) / RUNS / segments;
  return { instructions: per('instructions'), mispredicts: per('mispredicts') };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const valgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (valgrind.status !== 0) {
    console.log('No valgrind: the instruction counts are skipped. Install it (Debian: valgrind).');
    return;
  }
  const missing = options.maps.filter((name) => !existsSync(join(MAPS_DIR, name)));
  if (options.maps.length === 0 || missing.length > 0) {
    console.log(`No maps to run: ${options.maps.length === 0 ? '--maps matched none of ' + MAPS.join(', ') : 'missing ' + missing.join(', ') + ' in ' + MAPS_DIR}.`);
    return;
  }
  const cc = process.env.CC ?? 'cc';
  const withC = options.libs.includes('c') && spawnSync(cc, ['--version']).status === 0;
  if (options.libs.includes('c') && !withC) console.error(`No C compiler (${cc}): the C yardstick is skipped.`);
  const dir = mkdtempSync(join(os.tmpdir(), 'sourcemap-wasm-instructions-'));
  try {
    const binary = join(dir, 'decode');
    if (withC) {
      const compile = spawnSync(cc, ['-O3', '-o', binary, join(ROOT, 'bench/c-yardstick/decode.c')], { encoding: 'utf8' });
      if (compile.status !== 0) throw new Error(`${cc} -O3 failed:\n${compile.stderr}`);
    }
    const report = new Report()
      .heading('decode: instructions and simulated branch mispredicts per segment (valgrind cachegrind)', 3)
      .para(`${valgrind.stdout.trim()}; Node ${process.version} ${NODE_FLAGS.join(' ')}; ${RUNS} decodes counted after ${WARM}.`);
    for (const name of options.maps) {
      const json = JSON.parse(readFileSync(join(MAPS_DIR, name), 'utf8'));
      const mappings = join(dir, 'mappings');
      writeFileSync(mappings, json.mappings, 'latin1');
      const segments = json.mappings.split(/[,;]/).filter(Boolean).length;
      const figures = [];
      for (const id of options.libs) {
        if (id === 'c') {
          if (withC) figures.push({ name: `C yardstick (${cc} -O3)`, ...perSegment(binary, (n) => [mappings, String(n)], 1, segments) });
          continue;
        }
        const lib = LIBRARIES.find((l) => l.id === id);
        const args = (n) => [...NODE_FLAGS, SELF, '--child', id, name, String(n)];
        figures.push({ name: `${lib.name} ${lib.version}`, ...perSegment(process.execPath, args, WARM, segments) });
        console.error(`${name}: ${id} counted`);
      }
      const ours = figures.find((f) => f.name.includes('(ours)'));
      report.heading(`${name}: ${fmt.integer(segments)} segments`, 4).table(
        ['library', 'instructions/segment', 'ours vs it', 'mispredicts/segment'],
        figures.map((f) => [
          f.name, f.instructions.toFixed(0),
          ours && f !== ours ? fmt.ratio(ours.instructions, f.instructions, 'fewer', 'more') : '',
          f.mispredicts.toFixed(2),
        ]),
      );
    }
    console.log(report.text());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], Number(process.argv[5]));
else await main();
