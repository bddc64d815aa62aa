// Deno and Bun (their npm packages, devDependencies) run the package's dist/ on the same maps
// as test/browser.test.ts, through the same exercise(), and must give the answers Node gives.
// A runtime whose binary is not installed for this platform is skipped, and says so.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import { BENCH_MAPS, hasBenchMaps } from './helpers.js';
import { exercise, exerciseError, type ErrorSummary, type Summary } from './browser/exercise.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNNER = join(ROOT, 'test', 'runtimes', 'summaries.ts');
const URL_BASE = 'https://cdn.example.com/maps/';
const MAPS = [
  join(ROOT, 'fixtures', 'example', 'app.min.js.map'),
  ...(hasBenchMaps ? ['preact.js.map', 'babel.min.js.map', 'angular-debug_node-chunk.mjs.map'].map((name) => join(BENCH_MAPS, name)) : []),
];

// No update checks or telemetry: the network is closed here and in CI.
const ENV = { ...process.env, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', DO_NOT_TRACK: '1' };
const RUNTIMES: Record<string, { bin: string; args: string[] }> = {
  Deno: { bin: join(ROOT, 'node_modules', '.bin', 'deno'), args: ['run', '--quiet', '--no-config', '--no-lock', '--allow-read', RUNNER] },
  Bun: { bin: join(ROOT, 'node_modules', '.bin', 'bun'), args: [RUNNER] },
};

function versionOf(bin: string): string | null {
  if (!existsSync(bin)) return null;
  try {
    return execFileSync(bin, ['--version'], { env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 }).split('\n')[0].trim();
  } catch {
    return null; // the package is there, its binary for this platform is not
  }
}

describe.each(Object.entries(RUNTIMES))('%s', (name, { bin, args }) => {
  const version = versionOf(bin);
  if (version === null) console.warn(`${name} is not installed for this platform (${bin}): its tests are skipped.`);

  describe.skipIf(version === null)(version ?? 'not installed', () => {
    let ran: { summaries: Record<string, Summary>; error: ErrorSummary };

    beforeAll(() => {
      const out = execFileSync(bin, [...args, URL_BASE, ...MAPS], { cwd: ROOT, env: ENV, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 240_000 });
      ran = JSON.parse(out) as typeof ran;
    });

    it.each(MAPS.map((file) => [basename(file), file]))('%s: the answers Node gives', (base, file) => {
      const summary = ran.summaries[base];
      expect(summary.segmentCount).toBeGreaterThan(1000);
      expect(summary.batchAgrees).toBe(true);
      expect(summary.inputsAgree).toBe(true);
      expect(summary).toEqual(exercise(lib, new Uint8Array(readFileSync(file)), `${URL_BASE}${base}`));
    });

    it('throws the SourceMapError Node throws for a bad map', () => {
      expect(ran.error).toEqual(exerciseError(lib));
      expect(ran.error).toMatchObject({ code: 'INVALID_BASE64', isSourceMapError: true });
    });
  });
});
