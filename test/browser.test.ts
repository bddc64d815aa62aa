// In a real browser: headless Chromium (Debian's `chromium` package, driven by playwright-core)
// loads the package from a local server and must give the answers Node gives.
// - dist/ as native ES modules, as shipped: the wasm compiled synchronously on the page's main
//   thread, maps from bytes, text and objects, every lookup, errors, and the next map after one;
// - the same entries bundled for the browser by esbuild (a bundler's view of the package);
// - a minified app that throws in the page, its real Chrome `error.stack` symbolicated in the
//   page by the Symbolicator over HttpStore, as a devtools panel would.
// Without Chromium (CHROMIUM_PATH, else /usr/bin/chromium) the tests skip and say so.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_MAPS, hasBenchMaps } from './helpers.js';
import { exercise, exerciseError, type ErrorSummary, type Summary } from './browser/exercise.js';
import type { OriginalPosition } from '../src/index.js';
import { APP_FRAMES, APP_SOURCES, expectFrame, type ExpectedFrame } from './throwing-app.js';
import type { SymbolicatedStack } from '../src/symbolicate/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`no Chromium at ${CHROMIUM}: the browser tests are skipped (Debian: apt-get install chromium; or set CHROMIUM_PATH).`);
}
// The flags a closed network needs: without them Chromium keeps trying to reach Google's hosts.
const CHROMIUM_ARGS = [
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const FIXTURE = 'fixtures/example/app.min.js.map';
// The bench maps run too when ../shared is there: a small one with sourcesContent (preact), a
// large one-line map (babel.min), one with many sources and their text (angular), one with 63k
// generated lines (pdfjs).
const BENCH = ['preact.js.map', 'babel.min.js.map', 'angular-debug_node-chunk.mjs.map', 'pdfjs-pdf.worker.mjs.map'];
const maps: Record<string, string> = {
  'example.map': join(ROOT, FIXTURE),
  ...(hasBenchMaps ? Object.fromEntries(BENCH.map((name) => [name, join(BENCH_MAPS, name)])) : {}),
};

// The app that throws in the page: the e2e test's, with an entry that uses no Node module.
const APP: Record<string, string> = {
  ...APP_SOURCES,
  'main.ts': `import { RecordLoader } from './loader';

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

async function runPipeline(input: string): Promise<number[]> {
  await pause();
  return new RecordLoader().loadAll(JSON.parse(input));
}

(globalThis as { appStack?: Promise<string> }).appStack = runPipeline('[{"id":1,"amount":5},{"id":2,"amount":-3}]')
  .then(() => 'no error', (error: Error) => String(error.stack));
`,
};

const EXPECTED: ExpectedFrame[] = [
  ...APP_FRAMES,
  { file: 'main.ts', at: 'new RecordLoader().|loadAll(', fn: 'runPipeline' },
];

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.html': 'text/html' };
const BLANK = '<!doctype html><meta charset="utf-8"><title>sourcemap-wasm</title>';

describe.skipIf(!hasChromium)('in Chromium', () => {
  let temp: string;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const served = new Map<string, { body: Uint8Array | string; type: string }>();

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    temp = realpathSync(mkdtempSync(join(tmpdir(), 'sourcemap-wasm-browser-')));
    mkdirSync(join(temp, 'src'));
    for (const [name, text] of Object.entries(APP)) writeFileSync(join(temp, 'src', name), text);
    await build({
      entryPoints: [join(temp, 'src', 'main.ts')],
      outfile: join(temp, 'app', 'app.min.js'),
      bundle: true,
      minify: true,
      sourcemap: 'linked',
      sourcesContent: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      logLevel: 'silent',
    });
    served.set('/', { body: BLANK, type: 'text/html' });
    served.set('/app/', { body: `${BLANK}<script type="module" src="app.min.js"></script>`, type: 'text/html' });

    // The entries bundled for the browser, as an app's bundler would take them from the package.
    const bundles = await build({
      entryPoints: { core: join(DIST, 'index.js'), symbolicate: join(DIST, 'symbolicate', 'index.js') },
      outdir: '/bundle',
      bundle: true,
      minify: true,
      splitting: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    for (const file of bundles.outputFiles) served.set(file.path, { body: file.contents, type: 'text/javascript' });
    for (const name of ['exercise', 'page']) {
      const ts = readFileSync(join(ROOT, 'test', 'browser', `${name}.ts`), 'utf8');
      served.set(`/${name}.js`, { body: (await transform(ts, { loader: 'ts', format: 'esm', target: 'es2022' })).code, type: 'text/javascript' });
    }

    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const file = fileFor(path);
      const found = served.get(path) ?? (file ? { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream' } : undefined);
      if (found) response.writeHead(200, { 'content-type': found.type }).end(found.body);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(`${origin}/`);
  });

  // /dist/ from the build, /app/ from the app's build, /maps/ the maps above; nothing outside them.
  function fileFor(path: string): string | undefined {
    if (path.startsWith('/maps/')) return Object.hasOwn(maps, path.slice('/maps/'.length)) ? maps[path.slice('/maps/'.length)] : undefined;
    const root = path.startsWith('/dist/') ? DIST : path.startsWith('/app/') ? join(temp, 'app') : undefined;
    if (root === undefined) return undefined;
    const file = join(root, path.slice(path.indexOf('/', 1)));
    return file.startsWith(`${root}/`) && existsSync(file) ? file : undefined;
  }

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  // Calls a function of test/browser/page.ts in the page. (A string: vitest would rewrite the
  // dynamic imports of a function given to page.evaluate.)
  const inPage = <T>(name: keyof typeof import('./browser/page.js'), ...args: unknown[]) =>
    page.evaluate(`import('/page.js').then((page) => page.${name}(...${JSON.stringify(args)}))`) as Promise<T>;

  const inNode = async (name: string): Promise<Summary> =>
    exercise(await import('../src/index.js'), new Uint8Array(readFileSync(maps[name])), `${origin}/maps/${name}`);

  describe.each(Object.keys(maps))('%s', (name) => {
    let node: Summary;

    beforeAll(async () => {
      node = await inNode(name);
    });

    it('dist/ as native modules: the answers Node gives', async () => {
      const summary = await inPage<Summary>('summaryOf', '/dist/index.js', name);
      expect(summary.segmentCount).toBeGreaterThan(1000);
      expect(summary.mappingsSeen).toBe(summary.segmentCount);
      expect(summary.batchAgrees).toBe(true);
      expect(summary.inputsAgree).toBe(true);
      expect(summary.reverse.length).toBeGreaterThan(100);
      expect(summary).toEqual(node);
    });

    it('an esbuild bundle of the package for the browser: the same answers', async () => {
      expect(await inPage<Summary>('summaryOf', '/bundle/core.js', name)).toEqual(node);
    });
  });

  it('the shipped example answers as the README says', async () => {
    const answer = await inPage<OriginalPosition>('exampleAnswer');
    expect(answer).toMatchObject({ source: '../example-src/app.ts', line: 13, column: 21 });
  });

  it('throws a SourceMapError for a bad map, and the next map still answers', async () => {
    const [error, after] = await inPage<[ErrorSummary, OriginalPosition]>('errorThenNext');
    expect(error).toEqual(exerciseError(await import('../src/index.js')));
    expect(error).toMatchObject({ name: 'SourceMapError', code: 'INVALID_BASE64', isSourceMapError: true, offset: 5 });
    expect(after).toEqual({ source: 'a.js', line: 1, column: 1, name: 'n' });
  });

  it('symbolicates the page\'s own error.stack in the page, over HttpStore', async () => {
    await page.goto(`${origin}/app/`);
    const { stack, result } = await inPage<{ stack: string; result: SymbolicatedStack }>('symbolicateOwnStack');
    const script = `${origin}/app/app.min.js`;
    expect(stack).toMatch(/^ValidationError: amount must not be negative, got -3\n {4}at /);
    expect(stack).toContain(`${script}:1:`);
    expect(result.format).toBe('v8');
    expect(result.frames.map((frame) => frame.raw)).toHaveLength(EXPECTED.length);
    EXPECTED.forEach((expected, i) => {
      const resolved = expectFrame(result.frames[i], expected, APP, (file) => `${origin}/src/${file}`);
      if (resolved === null) return;
      expect(resolved.generated.abs_path).toBe(script);
      expect(resolved.sourcemap).toBe(`${script}.map`);
      expect(resolved.context_from).toBe('sourcesContent');
    });
  });
});
