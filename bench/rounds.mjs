// How every bench script times its tasks: tinybench set up one way, and rounds. Shared by
// bench/run.mjs (Node, Deno, Bun) and bench/browser-page.mjs (Chromium); it names no Node API.
//
// `config`: { time, minIterations, warmupTime, warmupIterations, rounds }.

import { Bench } from 'tinybench';

export function newBench(config) {
  return new Bench({
    time: config.time,
    iterations: config.minIterations,
    warmupTime: config.warmupTime,
    warmupIterations: config.warmupIterations,
    throws: true,
    // tinybench warms up every task first, then times them in turn: without a collection
    // here, each task would start in a heap full of what the others left (the peers' decoded
    // maps from the warm-up), and pay for collecting it. Whichever task runs first paid most:
    // ours on babel-standalone went from 31 ms alone to a 42 ms median and 65 ms mean.
    setup: () => globalThis.gc(),
  });
}

/** A finished task's figures: its mean and median latency (ms) over `divisor`, ± and samples. */
export function statsOf(task, divisor = 1) {
  const r = task.result;
  if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}${r.error ? `: ${r.error.message}` : ''}`);
  return {
    mean: r.latency.mean / divisor,
    p50: r.latency.p50 / divisor,
    rme: r.latency.rme,
    n: r.latency.samplesCount,
  };
}

/** Runs a bench; its tasks by name. */
export async function runBench(bench) {
  await bench.run();
  const out = {};
  for (const task of bench.tasks) out[task.name] = task;
  return out;
}

/**
 * Runs the tasks ([name, fn, options]) config.rounds times, in the opposite order every other
 * round, and gives each the median of its rounds' means (and of their medians): figures set
 * against each other (cold, the batch's speedup) are then taken at the same times, and a
 * burst of load on a shared host during one task's turn moves one round, not the figure.
 */
export async function runRounds(tasks, config, divisor = 1) {
  const rounds = new Map(tasks.map(([name]) => [name, []]));
  for (let round = 0; round < config.rounds; round++) {
    const bench = newBench(config);
    for (const [name, fn, opts] of round % 2 ? [...tasks].reverse() : tasks) bench.add(name, fn, opts);
    const ran = await runBench(bench);
    for (const [name] of tasks) rounds.get(name).push(statsOf(ran[name], divisor));
  }
  return Object.fromEntries([...rounds].map(([name, list]) => [name, medianOfRounds(list)]));
}

/**
 * Tasks that need a library's decoded map, one library at a time (one map alive at a time:
 * the biggest take GBs in the JS peers): config.rounds rounds of every library in turn, in
 * the opposite order every other round. `open(lib)` gives a handle, `close(lib, h)` frees it,
 * `tasks(lib, h)` the [name, fn, divisor] to time on it. Each figure is the median of its
 * rounds, by library id and task name.
 */
export async function libraryRounds(libs, config, { open, close, tasks }) {
  const rounds = new Map(libs.map((lib) => [lib.id, new Map()]));
  for (let round = 0; round < config.rounds; round++) {
    for (const lib of round % 2 ? [...libs].reverse() : libs) {
      const h = await open(lib);
      try {
        const list = tasks(lib, h);
        const bench = newBench(config);
        for (const [name, fn] of list) bench.add(name, fn);
        const ran = await runBench(bench);
        const byTask = rounds.get(lib.id);
        for (const [name, , divisor] of list) {
          if (!byTask.has(name)) byTask.set(name, []);
          byTask.get(name).push(statsOf(ran[name], divisor));
        }
      } finally {
        close(lib, h);
      }
    }
  }
  return Object.fromEntries([...rounds].map(([id, byTask]) => [id, Object.fromEntries([...byTask].map(([name, list]) => [name, medianOfRounds(list)]))]));
}

/** One figure from a task's rounds (statsOf each): the median of their means and of their medians. */
export function medianOfRounds(list) {
  const median = (values) => values.sort((a, b) => a - b)[(values.length - 1) >> 1];
  return {
    mean: median(list.map((s) => s.mean)),
    p50: median(list.map((s) => s.p50)),
    rme: Math.max(...list.map((s) => s.rme)),
    n: list.reduce((sum, s) => sum + s.n, 0),
    rounds: list.map((s) => s.mean),
  };
}
