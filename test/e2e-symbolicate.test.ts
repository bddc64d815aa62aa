// End to end: a small multi-file TypeScript app is bundled and minified by esbuild, run by
// Node until it throws, and its real error.stack is symbolicated from the build output on
// disk (DirectoryStore). Every app frame must point at the right original file, line, column
// and function, with the right context lines; Node's own frames stay unresolved, with a reason.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Format } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Symbolicator, type SymbolicatedStack } from '../src/symbolicate/index.js';
import { DirectoryStore } from '../src/node/index.js';
import { APP_FRAMES, APP_SOURCES, expectFrame, type ExpectedFrame } from './throwing-app.js';

// The app. `|` marks, in EXPECTED's `at`, the column V8 reports for each frame: the `new` of a
// throw, the callee's name of a call (the property of a method call), the `await` of an async frame.
const SOURCES: Record<string, string> = {
  ...APP_SOURCES,
  'pipeline.ts': `import { EventEmitter } from 'node:events';
import { RecordLoader } from './loader';
import type { Entry } from './validate';

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

export async function runPipeline(input: string): Promise<number[]> {
  await pause();
  const entries: Entry[] = JSON.parse(input);
  const loader = new RecordLoader();
  const events = new EventEmitter();
  let totals: number[] = [];
  events.on('batch', (batch: Entry[]) => {
    totals = loader.loadAll(batch);
  });
  events.emit('batch', entries);
  return totals;
}
`,
  'main.ts': `import { runPipeline } from './pipeline';

async function main(): Promise<void> {
  const totals = await runPipeline('[{"id":1,"amount":5},{"id":2,"amount":-3}]');
  console.log(totals);
}

main().catch((error: Error) => {
  process.stdout.write(\`\${error.stack}\\n\`);
});
`,
};

const EXPECTED: ExpectedFrame[] = [
  ...APP_FRAMES,
  { file: 'pipeline.ts', at: 'totals = loader.|loadAll(batch)', fn: 'EventEmitter.<anonymous>' },
  { file: null, reason: 'source_not_found', raw: /^at EventEmitter\.emit \(node:events:\d+:\d+\)$/ },
  { file: 'pipeline.ts', at: 'events.|emit(', fn: 'runPipeline' },
  { file: 'main.ts', at: '|await runPipeline(', fn: 'main' }, // an async frame: V8 reports the await
];

let temp: string;

beforeAll(() => {
  temp = realpathSync(mkdtempSync(join(tmpdir(), 'sourcemap-wasm-e2e-')));
  mkdirSync(join(temp, 'src'));
  for (const [name, text] of Object.entries(SOURCES)) writeFileSync(join(temp, 'src', name), text);
});

afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface Variant {
  format: Format;
  outfile: string;
  sourcesContent: boolean;
  /** The store the stack's URLs are looked up in. */
  store: () => DirectoryStore;
  /** How V8 prints the bundle's location in this format. */
  location: (outfile: string) => string;
}

const VARIANTS: Record<string, Variant> = {
  // ESM: V8 prints file: URLs. The store serves the build output at the output directory's file: URL.
  'ESM (file: URLs), context from sourcesContent': {
    format: 'esm',
    outfile: 'out-esm/app.mjs',
    sourcesContent: true,
    store: () => new DirectoryStore({ root: join(temp, 'out-esm'), urlPrefix: pathToFileURL(join(temp, 'out-esm')).href }),
    location: (outfile) => pathToFileURL(outfile).href,
  },
  // CommonJS: V8 prints paths, tried as file: URLs and then as ~/path. The store serves the
  // whole project at ~/<its path>, so the original sources (no sourcesContent) are found too.
  'CommonJS (paths), context from the uploaded sources': {
    format: 'cjs',
    outfile: 'out-cjs/app.cjs',
    sourcesContent: false,
    store: () => new DirectoryStore({ root: temp, urlPrefix: `~${pathToFileURL(temp).pathname}` }),
    location: (outfile) => outfile,
  },
};

describe.each(Object.entries(VARIANTS))('%s', (_, variant) => {
  let stack: string;
  let result: SymbolicatedStack;
  let outfile: string;

  beforeAll(async () => {
    outfile = join(temp, variant.outfile);
    await build({
      entryPoints: [join(temp, 'src', 'main.ts')],
      outfile,
      bundle: true,
      minify: true,
      sourcemap: 'linked',
      sourcesContent: variant.sourcesContent,
      platform: 'node',
      format: variant.format,
      target: 'node20',
      logLevel: 'silent',
    });
    stack = execFileSync(process.execPath, [outfile], { encoding: 'utf8', timeout: 20_000 });
    result = await new Symbolicator({ store: variant.store() }).symbolicate(stack);
  });

  it('runs a minified bundle that throws a real error', () => {
    expect(stack).toMatch(/^ValidationError: amount must not be negative, got -3\n {4}at /);
    expect(stack).toContain(`${variant.location(outfile)}:1:`);
    expect(result.message).toBe('ValidationError: amount must not be negative, got -3');
    expect(result.format).toBe('v8');
    expect(result.frames).toHaveLength(EXPECTED.length);
  });

  it.each(EXPECTED.map((expected, i) => [i, expected] as const))('frame %i', (i, expected) => {
    const resolved = expectFrame(result.frames[i], expected, SOURCES, (file) => pathToFileURL(join(temp, 'src', file)).href);
    if (resolved === null || expected.file === null) return;
    expect(resolved.filename).toBe(`../src/${expected.file}`);
    expect(resolved.in_app).toBe(true);
    expect(resolved.generated.abs_path).toBe(variant.location(outfile));
    expect(resolved.generated.lineno).toBe(1);
    expect(resolved.sourcemap).toBe(pathToFileURL(`${outfile}.map`).href);
    expect(resolved.context_from).toBe(variant.sourcesContent ? 'sourcesContent' : 'store');
    expect(resolved.context_line).toContain(expected.at.replace('|', ''));
  });
});
