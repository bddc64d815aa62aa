// Where the batch's time goes on one map: originalPositionsFor (into a kept array) beside one
// originalPositionFor per position, over the bench's random positions (run.mjs), split by how
// many rows the position's line has; then what one load costs over as many bytes as the map's
// rows, in a chain of loads each waiting on the last (as a halving does), and in eight or
// sixteen such chains side by side (as the batch's lanes are), against the same over 1 MiB.
//
//   npm run bench:batch                          # babel-standalone.js.map
//   node --expose-gc bench/batch-lines.mjs pdfjs-pdf.worker.mjs.map
import { existsSync, readFileSync } from 'node:fs';
import { decode } from '@jridgewell/sourcemap-codec';
import { ROOT, batchPositions } from './libraries.mjs';
import { SourceMap } from '../dist/index.js';
import * as fmt from './format.mjs';
import { random, randomPositions } from './positions.mjs';
import { Report } from './format.mjs';

const mapName = process.argv[2] ?? 'babel-standalone.js.map';
const path = `${ROOT}../shared/bench-maps/${mapName}`;
if (!existsSync(path)) {
  console.error(`${path} not found: this script reads the maps of ../shared/bench-maps/`);
  process.exit(1);
}
const POSITIONS = 100_000;
const ROUNDS = 5;
const CLASSES = [
  { label: '0-1 rows', min: 0, max: 1 },
  { label: '2-16 rows', min: 2, max: 16 },
  { label: '17-256 rows', min: 17, max: 256 },
  { label: '257+ rows', min: 257, max: Infinity },
];

// The bench's positions (positions.mjs), as plain { line, column } objects as in the bench
// (one more property made the single calls several times slower), and the row count of each
// one's line. From the codec's lines, which are then dropped: hundreds of MB of arrays that
// every gc() would mark again while the batch runs.
function positionsAndRows(json) {
  const lines = decode(json.mappings);
  const lastColumn = lines.map((line) => line.reduce((last, segment) => Math.max(last, segment[0]), 0));
  const positions = randomPositions(lastColumn, POSITIONS);
  return { positions, rows: positions.map((p) => lines[p.line - 1].length) };
}

const json = JSON.parse(readFileSync(path, 'utf8'));
const { positions: all, rows: rowsOf } = positionsAndRows(json);
const map = new SourceMap(json);
let sink = 0;

// Each time is the mean of REPEATS calls in a row after one untimed call, as in the bench's
// tinybench tasks: a batch right after a loop of single calls runs slower than the next one.
const REPEATS = 3;

function timeBatch(positions, into) {
  map.originalPositionsFor(positions, 1, into);
  const t0 = performance.now();
  for (let k = 0; k < REPEATS; k++) map.originalPositionsFor(positions, 1, into);
  sink += into[0];
  return ((performance.now() - t0) * 1e6) / (REPEATS * (positions.length / 2));
}

function singles(needles) {
  for (const needle of needles) sink += map.originalPositionFor(needle).line ?? 0;
}

function timeSingle(needles) {
  singles(needles);
  const t0 = performance.now();
  for (let k = 0; k < REPEATS; k++) singles(needles);
  return ((performance.now() - t0) * 1e6) / (REPEATS * needles.length);
}

const share100 = (fraction) => `${(fraction * 100).toFixed(1)}%`;
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** Median ns a position over ROUNDS rounds, batch and single calls alternating. */
function measure(needles) {
  const positions = batchPositions(needles);
  const into = new Float64Array(needles.length * 4);
  const batch = [];
  const single = [];
  for (let r = 0; r < ROUNDS; r++) {
    globalThis.gc?.();
    batch.push(timeBatch(positions, into));
    single.push(timeSingle(needles));
  }
  return { batch: median(batch), single: median(single) };
}

const report = new Report();
report.heading(`${mapName}: ${map.segmentCount.toLocaleString('en-US')} rows (${fmt.bytes(map.segmentCount * 20)}), ${map.lineCount.toLocaleString('en-US')} lines; Node ${process.version}`, 2);
report.heading(`batch vs one call per position, ${POSITIONS.toLocaleString('en-US')} random positions, by the rows of their line (median of ${ROUNDS} rounds)`, 3);
const whole = measure(all);
const rows = [['all', '100%', fmt.ns(whole.batch), fmt.ns(whole.single), fmt.ratio(whole.batch, whole.single)]];
for (const c of CLASSES) {
  const needles = all.filter((_, i) => rowsOf[i] >= c.min && rowsOf[i] <= c.max);
  if (!needles.length) continue;
  const share = needles.length / all.length;
  const m = measure(needles);
  rows.push([c.label, share100(share), fmt.ns(m.batch), fmt.ns(m.single), fmt.ratio(m.batch, m.single)]);
}
report.table(['line', 'positions', 'batch', 'single', 'batch vs single'], rows);

// A random cycle over the 64-byte lines of `bytes` bytes, followed by 1, 8 or 16 chains of
// loads side by side; ns a load, median of 5.
function chase(bytes, chains) {
  const slots = Math.max(64, Math.floor(bytes / 64));
  const order = Array.from({ length: slots }, (_, i) => i);
  const shuffle = random(7);
  for (let i = slots - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const next = new Int32Array(slots * 16);
  for (let i = 0; i < slots; i++) next[order[i] * 16] = order[(i + 1) % slots] * 16;
  const p = Array.from({ length: 16 }, (_, k) => order[Math.floor((k * slots) / 16)] * 16);
  const steps = 2_000_000 / chains;
  const times = [];
  for (let r = 0; r < 5; r++) {
    let [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15] = p;
    const t0 = performance.now();
    if (chains === 1) {
      for (let s = 0; s < steps; s++) p0 = next[p0];
    } else if (chains === 8) {
      for (let s = 0; s < steps; s++) {
        p0 = next[p0]; p1 = next[p1]; p2 = next[p2]; p3 = next[p3];
        p4 = next[p4]; p5 = next[p5]; p6 = next[p6]; p7 = next[p7];
      }
    } else {
      for (let s = 0; s < steps; s++) {
        p0 = next[p0]; p1 = next[p1]; p2 = next[p2]; p3 = next[p3];
        p4 = next[p4]; p5 = next[p5]; p6 = next[p6]; p7 = next[p7];
        p8 = next[p8]; p9 = next[p9]; p10 = next[p10]; p11 = next[p11];
        p12 = next[p12]; p13 = next[p13]; p14 = next[p14]; p15 = next[p15];
      }
    }
    times.push(((performance.now() - t0) * 1e6) / (steps * chains));
    sink += p0 + p1 + p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9 + p10 + p11 + p12 + p13 + p14 + p15;
  }
  return median(times);
}

report.heading('one load, ns: chains of loads each waiting on the last, side by side', 3);
const rowBytes = map.segmentCount * 20;
report.table(['over', 'one chain', 'eight', 'sixteen'], [1 << 20, rowBytes].map((bytes) => [
  bytes === rowBytes ? `${fmt.bytes(bytes)} (as many as the map's rows)` : `${fmt.bytes(bytes)} (in the caches)`,
  ...[1, 8, 16].map((chains) => fmt.ns(chase(bytes, chains))),
]));
process.stdout.write(report.text());
if (sink === 0.5) console.log(sink); // keeps `sink`, and so the work, alive
map.dispose();
