#!/usr/bin/env node
// Long differential fuzzing runs of the `mappings` decoder against test/reference-decoder.ts.
//
//   node scripts/fuzz.mjs --minutes N [--seed S] [--jobs J]
//
// The fuzz logic is TypeScript (test/fuzz.ts), so this runs it through vitest: it spawns
// `vitest run test/fuzz.test.ts` with FUZZ_MINUTES and FUZZ_SEED set, which switches that
// file to a time-bounded run (from a random seed unless --seed is given). Each job prints
// its progress (cases tried, failures) every 30 s. A failing input is shrunk and saved to
// test/fuzz-corpus/<hash>.json, where `npm test` replays it from then on. With --jobs J,
// J runs go side by side with seeds S, S + 1, ...
// Exit status: 0 when no case failed, 1 when one did, 2 on a usage error.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function usage(message) {
  if (message) console.error(`fuzz: ${message}`);
  console.error('usage: node scripts/fuzz.mjs --minutes N [--seed S] [--jobs J]');
  process.exit(2);
}

const args = process.argv.slice(2);
const options = { minutes: undefined, seed: undefined, jobs: 1 };
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--help' || arg === '-h') usage();
  const [key, inline] = arg.startsWith('--') ? arg.slice(2).split('=', 2) : [undefined];
  if (!key || !(key in options)) usage(`unknown argument ${arg}`);
  const value = inline ?? args[++i];
  const number = Number(value);
  if (value === undefined || !Number.isFinite(number) || number < 0) usage(`--${key} needs a number`);
  options[key] = number;
}
if (!(options.minutes > 0)) usage('--minutes is required and must be above 0');
if (!Number.isInteger(options.jobs) || options.jobs < 1) usage('--jobs must be an integer >= 1');
const seed = options.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : options.seed >>> 0;

const scratch = mkdtempSync(join(tmpdir(), 'sourcemap-wasm-fuzz-'));
console.log(`fuzz: ${options.minutes} minutes, ${options.jobs} job(s), seed ${seed}${options.jobs > 1 ? ` to ${(seed + options.jobs - 1) >>> 0}` : ''}`);

function run(job) {
  const jobSeed = (seed + job) >>> 0;
  const progressFile = join(scratch, `progress-${job}.log`);
  const prefix = options.jobs > 1 ? `[job ${job}] ` : '';
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', 'test/fuzz.test.ts', '--reporter=default'], {
      cwd: root,
      env: { ...process.env, FUZZ_MINUTES: String(options.minutes), FUZZ_SEED: String(jobSeed), FUZZ_PROGRESS_FILE: progressFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let result;
    // The test writes its progress lines ([fuzz] ...) to stderr as it goes.
    const forward = (chunk) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) {
        const at = line.indexOf('[fuzz] ');
        if (at < 0) continue;
        const text = line.slice(at + 7);
        if (text.startsWith('RESULT ')) result = JSON.parse(text.slice(7));
        else console.log(`${prefix}${text}`);
      }
    };
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', forward);
    child.on('close', (code) => {
      if (!result) {
        // No result line: vitest itself failed (a build or load error). Show why.
        try { console.log(readFileSync(progressFile, 'utf8')); } catch { /* none written */ }
        console.log(output.slice(-6000));
      } else if (code !== 0) {
        console.log(output.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => /FAIL|✗|×|Error/.test(l)).slice(0, 40).join('\n'));
      }
      resolve({ job, seed: jobSeed, code, result });
    });
  });
}

const results = await Promise.all(Array.from({ length: options.jobs }, (_, job) => run(job)));
rmSync(scratch, { recursive: true, force: true });

let cases = 0;
let failures = 0;
const saved = [];
let broken = false;
for (const { seed: jobSeed, code, result } of results) {
  if (!result) {
    broken = true;
    console.log(`seed ${jobSeed}: no result (vitest exited with ${code})`);
    continue;
  }
  cases += result.cases;
  failures += result.failures;
  for (const file of result.saved) if (!saved.includes(file)) saved.push(file);
  if (code !== 0 && result.failures === 0) {
    broken = true; // the corpus replay failed, for instance
    console.log(`seed ${jobSeed}: vitest exited with ${code} (see above)`);
  }
}
console.log(`fuzz: ${cases} cases tried, ${failures} failures${saved.length ? `; saved:\n  ${saved.join('\n  ')}` : ''}`);
process.exit(failures > 0 || broken ? 1 : 0);
