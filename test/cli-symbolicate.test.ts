// `sourcemap-wasm symbolicate`, run as a user would (the built dist/cli.js). A small app (and a
// dependency in node_modules) is bundled and minified by esbuild with linked source maps, run
// by Node until it throws, and the stack Node prints on stderr is piped into the CLI: from the
// build directory (--dir), and from a local HTTP server (--fetch). `npm run build` must have run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from './throwing-app.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');

interface Result { status: number | null; stdout: string; stderr: string }

// Asynchronous: the HTTP server the CLI fetches from runs in this process.
function run(args: string[], options: { input?: string; cwd?: string } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

function runNode(file: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const SOURCES: Record<string, string> = {
  'src/util.ts': `export function parseAmount(text: string): number {
  const value = Number(text);
  if (Number.isNaN(value)) {
    throw new TypeError(\`not a number: \${text}\`);
  }
  return value;
}
`,
  'src/ledger.ts': `import { each } from 'tiny-each';
import { parseAmount } from './util';

export class Ledger {
  total = 0;

  addAll(items: string[]): void {
    each(items, (item: string) => {
      this.total += parseAmount(item);
    });
  }
}
`,
  'src/main.ts': `import { Ledger } from './ledger';

const ledger = new Ledger();
ledger.addAll(['1', '2', 'three']);
console.log(ledger.total);
`,
  'node_modules/tiny-each/package.json': '{"name":"tiny-each","version":"1.0.0","type":"module","main":"index.js"}\n',
  'node_modules/tiny-each/index.js': `export function each(items, callback) {
  for (let i = 0; i < items.length; i++) {
    callback(items[i], i);
  }
}
`,
};

// The app's frames, innermost first: the original file, the text at the column V8 reports
// (`|` marks it), the function name recovered, and whether it is the app's own code.
const EXPECTED = [
  { file: 'src/util.ts', at: 'throw |new TypeError', fn: 'parseAmount', inApp: true },
  { file: 'src/ledger.ts', at: 'this.total += |parseAmount(item)', fn: null, inApp: true },
  { file: 'node_modules/tiny-each/index.js', at: '|callback(items[i], i)', fn: 'each', inApp: false },
  { file: 'src/ledger.ts', at: '|each(items,', fn: 'Ledger.addAll', inApp: true },
  { file: 'src/main.ts', at: 'ledger.|addAll(', fn: null, inApp: true },
];

const positionIn = (file: string, at: string) => positionOf(SOURCES[file], at);

const contextLine = (file: string, line: number) => SOURCES[file].split('\n')[line - 1];

/** The lines the CLI prints for an app frame: location and function, then the context line. */
function humanLines(expected: (typeof EXPECTED)[number], show: (file: string) => string): string[] {
  const { line, column } = positionIn(expected.file, expected.at);
  const fn = expected.fn ? ` in ${expected.fn}` : '';
  const tag = expected.inApp ? '' : '  [not in app]';
  // The line numbers are right-aligned to the widest among the frames.
  const width = Math.max(...EXPECTED.map((frame) => String(positionIn(frame.file, frame.at).line).length));
  return [`  ${show(expected.file)}:${line}:${column}${fn}${tag}`, `      ${String(line).padStart(width)} | ${contextLine(expected.file, line)}`];
}

let temp: string;
let dist: string;
let stderr: string; // what Node printed for the uncaught error
let distUrl: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the tests`);
  temp = realpathSync(mkdtempSync(join(tmpdir(), 'sourcemap-wasm-cli-symbolicate-')));
  for (const [name, text] of Object.entries(SOURCES)) {
    mkdirSync(join(temp, name, '..'), { recursive: true });
    writeFileSync(join(temp, name), text);
  }
  dist = join(temp, 'dist');
  distUrl = pathToFileURL(dist).href;
  await build({
    entryPoints: [join(temp, 'src/main.ts')],
    outfile: join(dist, 'js/app.mjs'),
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  const result = await runNode(join(dist, 'js/app.mjs'));
  expect(result.status).toBe(1);
  stderr = result.stderr;
});

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('symbolicate --dir', () => {
  it('reads the stack Node printed for the uncaught error (code excerpt first)', () => {
    // Node prints the location, the minified line and a ^ marker above the stack.
    expect(stderr).toMatch(new RegExp(`^${distUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/js/app\\.mjs:1\\n`));
    expect(stderr).toContain('\nTypeError: not a number: three\n    at ');
  });

  it('prints one line per frame with the context line, marking third-party and unresolved frames', async () => {
    const { status, stdout, stderr: errors } = await run(['symbolicate', '--dir', dist, '--url-prefix', distUrl], { input: stderr, cwd: temp });
    expect(errors).toBe('');
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('TypeError: not a number: three');
    const want = EXPECTED.flatMap((expected) => humanLines(expected, (file) => file));
    expect(lines.slice(1, 1 + want.length)).toEqual(want);
    // Node's own frames follow: marked, with the reason, not counted as failures.
    const rest = lines.slice(1 + want.length);
    expect(rest.length).toBeGreaterThan(0);
    for (const line of rest) expect(line).toMatch(/^! node:internal\/\S+:\d+:\d+ in .+ {2}\[unresolved: source_not_found, a runtime built-in\]$/);
  });

  it('prints the Symbolicator result with --json: frames at the right original files and lines', async () => {
    const { status, stdout } = await run(['symbolicate', '-', '--dir', dist, '--url-prefix', distUrl, '--json'], { input: stderr });
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.message).toBe('TypeError: not a number: three');
    expect(result.format).toBe('v8');
    EXPECTED.forEach((expected, i) => {
      const frame = result.frames[i];
      const { line, column } = positionIn(expected.file, expected.at);
      expect(frame.unresolved, frame.raw).toBeUndefined();
      expect(frame).toMatchObject({
        abs_path: pathToFileURL(join(temp, expected.file)).href,
        filename: `../../${expected.file}`,
        lineno: line,
        colno: column,
        function: expected.fn,
        in_app: expected.inApp,
        context_line: contextLine(expected.file, line),
        context_from: 'sourcesContent',
        sourcemap: `${distUrl}/js/app.mjs.map`,
      });
      expect(frame.generated.abs_path).toBe(`${distUrl}/js/app.mjs`);
      expect(frame.pre_context).toEqual(SOURCES[expected.file].split('\n').slice(Math.max(0, line - 6), line - 1));
    });
    for (const frame of result.frames.slice(EXPECTED.length)) {
      expect(frame.abs_path).toMatch(/^node:/);
      expect(frame.unresolved.reason).toBe('source_not_found');
    }
  });

  it('reads a CommonJS bundle\'s trace, where Node prints paths, with a ~/ prefix of that path', async () => {
    const cjs = join(temp, 'dist-cjs');
    await build({
      entryPoints: [join(temp, 'src/main.ts')],
      outfile: join(cjs, 'app.cjs'),
      bundle: true,
      minify: true,
      sourcemap: 'linked',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    });
    const crash = await runNode(join(cjs, 'app.cjs'));
    expect(crash.stderr.startsWith(`${join(cjs, 'app.cjs')}:1\n`)).toBe(true);
    const { status, stdout } = await run(['symbolicate', '--dir', cjs, '--url-prefix', `~${pathToFileURL(cjs).pathname}`], { input: crash.stderr, cwd: temp });
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('TypeError: not a number: three');
    expect(lines.slice(1, 7)).toEqual(EXPECTED.slice(0, 3).flatMap((expected) => humanLines(expected, (file) => file)));
  });

  it('reads the trace from a file, and matches a ~/ prefix as an uploader does', async () => {
    // The trace as a browser would print it for the build served at https://example.com/static/.
    const trace = stderr.replaceAll(distUrl, 'https://example.com/static');
    const file = join(temp, 'trace.txt');
    writeFileSync(file, trace);
    const { status, stdout } = await run(['symbolicate', file, '--dir', dist, '--url-prefix', '~/static'], { cwd: temp });
    expect(status).toBe(0);
    // Sources resolve against the map's URL: shown as URLs.
    const want = EXPECTED.flatMap((expected) => humanLines(expected, (name) => new URL(name, 'https://example.com/').href));
    expect(stdout.split('\n').slice(1, 1 + want.length)).toEqual(want);
  });

  it('accepts Sentry-style frames with --frames-json (outermost first, order kept)', async () => {
    const { stdout } = await run(['symbolicate', '--dir', dist, '--url-prefix', distUrl, '--json'], { input: stderr });
    const generated = JSON.parse(stdout).frames.slice(0, EXPECTED.length).map((frame: { generated: { abs_path: string; lineno: number; colno: number; function: string | null } }) => ({
      abs_path: frame.generated.abs_path,
      lineno: frame.generated.lineno,
      colno: frame.generated.colno,
      function: frame.generated.function,
      platform: 'javascript',
    }));
    const sentry = [{ abs_path: 'node:internal/modules/run_main', lineno: 1, colno: 1, function: 'run' }, ...generated.reverse()];
    const frames = await run(['symbolicate', '--frames-json', '--json', '--dir', dist, '--url-prefix', distUrl], { input: JSON.stringify(sentry) });
    expect(frames.status).toBe(0);
    const result = JSON.parse(frames.stdout);
    expect(Array.isArray(result)).toBe(true);
    expect(result).toHaveLength(sentry.length);
    expect(result[0].unresolved.reason).toBe('source_not_found');
    [...EXPECTED].reverse().forEach((expected, i) => {
      const frame = result[i + 1];
      const { line, column } = positionIn(expected.file, expected.at);
      expect(frame).toMatchObject({ abs_path: pathToFileURL(join(temp, expected.file)).href, lineno: line, colno: column, platform: 'javascript' });
    });

    // Wrapped as Sentry's stacktrace interface: {"frames": [...]} in, {"frames": [...]} out.
    const wrapped = await run(['symbolicate', '--frames-json', '--json', '--dir', dist, '--url-prefix', distUrl], { input: JSON.stringify({ frames: sentry }) });
    expect(wrapped.status).toBe(0);
    expect(JSON.parse(wrapped.stdout)).toEqual({ frames: result });

    // Human output for frames: no message line.
    const human = await run(['symbolicate', '--frames-json', '--dir', dist, '--url-prefix', distUrl], { input: JSON.stringify(sentry), cwd: temp });
    expect(human.stdout.split('\n')[0]).toBe('! node:internal/modules/run_main:1:1 in run  [unresolved: source_not_found, a runtime built-in]');
    expect(human.stdout.split('\n').slice(1, 3)).toEqual(humanLines(EXPECTED[EXPECTED.length - 1], (file) => file));
  });

  it('exits 1 with the frames marked unresolved, and a hint, when the prefix does not match', async () => {
    const { status, stdout, stderr: errors } = await run(['symbolicate', '--dir', dist, '--url-prefix', '~/static'], { input: stderr, cwd: temp });
    expect(status).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[1]).toMatch(/^! dist\/js\/app\.mjs:1:\d+ in \S+ {2}\[unresolved: source_not_found\]$/);
    expect(lines[2]).toContain(`${distUrl}/js/app.mjs is not in the store (tried ${distUrl}/js/app.mjs, ~${new URL(distUrl).pathname}/js/app.mjs)`);
    expect(errors).toContain(`${EXPECTED.length} of `);
    expect(errors).toContain('frames stayed unresolved');
    expect(errors).toContain(`try --url-prefix ${distUrl}`);
  });

  it('reports a map that is missing as map_not_found', async () => {
    const copy = join(temp, 'dist-no-map');
    mkdirSync(join(copy, 'js'), { recursive: true });
    writeFileSync(join(copy, 'js/app.mjs'), readFileSync(join(dist, 'js/app.mjs')));
    const { status, stdout } = await run(['symbolicate', '--json', '--dir', copy, '--url-prefix', distUrl], { input: stderr });
    expect(status).toBe(1);
    const { frames } = JSON.parse(stdout);
    expect(frames[0].unresolved.reason).toBe('map_not_found');
    expect(frames[0].unresolved.detail).toContain('app.mjs.map');
  });
});

describe('symbolicate --fetch', () => {
  const TOKEN = 's3cret-token';
  let server: Server;
  let origin: string;
  const requests: { url: string; token: string | undefined }[] = [];

  beforeAll(async () => {
    // Serves dist/ at /static/, only to requests with the token.
    server = createServer((request, response) => {
      const token = request.headers['x-sentry-token'];
      requests.push({ url: request.url ?? '', token: typeof token === 'string' ? token : undefined });
      if (token !== TOKEN) {
        response.writeHead(403).end('forbidden');
        return;
      }
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const file = normalize(join(dist, decodeURIComponent(path.replace(/^\/static\//, ''))));
      if (!path.startsWith('/static/') || !file.startsWith(`${dist}/`) || !existsSync(file)) {
        response.writeHead(404).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': file.endsWith('.map') ? 'application/json' : 'text/javascript' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // The same trace, as if the bundle had been loaded from the server.
  const trace = () => stderr.replaceAll(distUrl, `${origin}/static`);

  it('fetches the files and maps from an allowed origin, with the token header', async () => {
    requests.length = 0;
    const { status, stdout, stderr: errors } = await run(
      ['symbolicate', '--fetch', '--allow-origin', origin, '--header', `X-Sentry-Token: ${TOKEN}`, '--timeout', '5000', '--max-bytes', '1000000', '--json'],
      { input: trace() },
    );
    expect(errors).toBe('');
    expect(status).toBe(0);
    const { frames } = JSON.parse(stdout);
    EXPECTED.forEach((expected, i) => {
      const { line, column } = positionIn(expected.file, expected.at);
      expect(frames[i].unresolved, frames[i].raw).toBeUndefined();
      expect(frames[i]).toMatchObject({
        abs_path: `${origin}/${expected.file}`,
        lineno: line,
        colno: column,
        function: expected.fn,
        in_app: expected.inApp,
        sourcemap: `${origin}/static/js/app.mjs.map`,
      });
    });
    // Each file fetched once, always with the token.
    expect(requests.map((request) => request.url).sort()).toEqual(['/static/js/app.mjs', '/static/js/app.mjs.map']);
    expect(requests.every((request) => request.token === TOKEN)).toBe(true);
  });

  it('prints the human output for fetched frames', async () => {
    const { status, stdout } = await run(['symbolicate', '--fetch', '--allow-origin', origin, '--header', `X-Sentry-Token:${TOKEN}`], { input: trace() });
    expect(status).toBe(0);
    const want = EXPECTED.flatMap((expected) => humanLines(expected, (file) => `${origin}/${file}`));
    expect(stdout.split('\n').slice(1, 1 + want.length)).toEqual(want);
  });

  it('leaves the frames unresolved, with the reason, when the server refuses (no token)', async () => {
    const { status, stdout } = await run(['symbolicate', '--fetch', '--allow-origin', origin, '--json'], { input: trace() });
    expect(status).toBe(1);
    const { frames } = JSON.parse(stdout);
    for (const frame of frames.slice(0, EXPECTED.length)) {
      expect(frame.unresolved.reason).toBe('source_not_found');
      expect(frame.unresolved.detail).toContain('HTTP 403');
    }
  });

  it('fetches nothing from an origin that is not allowed: the frames say why', async () => {
    requests.length = 0;
    const { status, stdout, stderr: errors } = await run(
      ['symbolicate', '--fetch', '--allow-origin', 'https://cdn.example.com', '--header', `X-Sentry-Token: ${TOKEN}`],
      { input: trace() },
    );
    expect(status).toBe(1);
    expect(requests).toEqual([]);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('TypeError: not a number: three');
    for (let i = 0; i < EXPECTED.length; i++) {
      expect(lines[1 + 2 * i]).toMatch(new RegExp(`^! ${origin.replace(/[.]/g, '\\.')}/static/js/app\\.mjs:1:\\d+.* {2}\\[unresolved: source_not_found\\]$`));
      expect(lines[2 + 2 * i]).toContain(`${origin} is not an allowed origin (allowOrigins: https://cdn.example.com)`);
    }
    expect(errors).toContain(`${EXPECTED.length} of `);
  });

  it('asks --dir first, then fetches what it lacks', async () => {
    requests.length = 0;
    const mixed = stderr; // file: URLs, all in --dir
    const { status } = await run(['symbolicate', '--dir', dist, '--url-prefix', distUrl, '--fetch', '--allow-origin', origin], { input: mixed });
    expect(status).toBe(0);
    expect(requests).toEqual([]);
  });
});

describe('symbolicate: usage and input errors', () => {
  it.each([
    [[], 'symbolicate needs artifacts'],
    [['--fetch'], '--fetch needs at least one --allow-origin'],
    [['--dir', '.', '--allow-origin', 'https://a.example'], 'go with --fetch'],
    [['--url-prefix', '~/static', '--fetch', '--allow-origin', 'https://a.example'], '--url-prefix goes with --dir'],
    [['--fetch', '--allow-origin', 'ftp://a.example'], '--allow-origin must be an http(s) origin'],
    [['--fetch', '--allow-origin', 'https://a.example/assets'], '--allow-origin must be an http(s) origin'],
    [['--fetch', '--allow-origin', 'https://a.example', '--header', 'no colon'], "--header must be 'Name: value'"],
    [['--fetch', '--allow-origin', 'https://a.example', '--timeout', 'soon'], '--timeout must be a positive integer'],
    [['--dir', '.', '--frob'], "'--frob'"],
    [['a.txt', 'b.txt', '--dir', '.'], 'one stack trace'],
  ])('exits 2 for %j', async (args, message) => {
    const { status, stdout, stderr: errors } = await run(['symbolicate', ...args], { input: 'Error: x\n    at f (file:///a.js:1:1)\n' });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(errors).toContain(message);
    expect(errors).toContain("sourcemap-wasm symbolicate --help");
  });

  it('exits 2 for an unreadable trace file or --dir', async () => {
    const missing = await run(['symbolicate', join(temp, 'missing.txt'), '--dir', dist]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const dir = await run(['symbolicate', '--dir', join(temp, 'no-such-dir')], { input: stderr });
    expect(dir.status).toBe(2);
    expect(dir.stderr).toContain('cannot read --dir');
  });

  it('exits 1 for input without frames, and for --frames-json input that is not frames', async () => {
    const none = await run(['symbolicate', '--dir', dist], { input: 'just some text\n' });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no stack frames found');
    const notJson = await run(['symbolicate', '--frames-json', '--dir', dist], { input: stderr });
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toContain('the input is not JSON');
    const notFrames = await run(['symbolicate', '--frames-json', '--dir', dist], { input: '{"a":1}' });
    expect(notFrames.status).toBe(1);
    expect(notFrames.stderr).toContain('an array of frames');
  });

  it('prints its help with --help and help symbolicate', async () => {
    for (const args of [['symbolicate', '--help'], ['help', 'symbolicate'], ['--help', 'symbolicate']]) {
      const { status, stdout } = await run(args);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^Usage: sourcemap-wasm symbolicate \[file\|-\]/);
      for (const option of ['--dir <build dir>', '--url-prefix <prefix>', '--fetch', '--allow-origin <origin>', "--header 'Name: value'", '--timeout <ms>', '--max-bytes <n>', '--frames-json', '--json', 'Exit status:']) {
        expect(stdout).toContain(option);
      }
    }
  });
});
