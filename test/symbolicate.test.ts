// The Symbolicator on hand-made minified files and maps: how the map is found (header,
// comment, data: URL, debug ID), original positions and names, context lines, in_app, and
// every reason a frame is left unresolved.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore, type Artifact, type ArtifactKind, type ArtifactStore } from '../src/symbolicate/artifacts.js';
import {
  Symbolicator, recoverFunctionName, lineStartsOf, splitLines, type InputFrame, type ResolvedFrame, type SymbolicatedFrame, type UnresolvedFrame,
} from '../src/symbolicate/symbolicate.js';
import type { StackFrame as ParsedFrame } from '../src/symbolicate/stack-trace.js';

// Frames as plain objects (StackFrame's `constructor` flag clashes with Object's in literals).
type StackFrame = ParsedFrame;
import { SourceMap } from '../src/index.js';
import { encodeMappings } from './vlq.js';

// Two original modules, bundled and minified into one line.
const MATH = [
  'export function divide(a: number, b: number) {',
  '  if (b === 0) {',
  "    throw new Error('division by zero');",
  '  }',
  '  return a / b;',
  '}',
  '',
].join('\n');
const MAIN = [
  "import { divide } from './math';",
  '',
  'export function main() {',
  '  return divide(1, 0);',
  '}',
  '',
  'main();',
  '',
].join('\n');
const CODE = 'function n(r,t){if(t===0)throw new Error("division by zero");return r/t}function m(){return n(1,0)}m();';
const col = (needle: string) => {
  const at = CODE.indexOf(needle);
  if (at < 0) throw new Error(`not in CODE: ${needle}`);
  return at;
};
const NAMES = ['divide', 'main', 'a', 'b'];
// [generated column, source, original line, original column, name?], all 0-based.
const SEGMENTS = [
  [col('function n'), 0, 0, 7],
  [col('n(r,t)'), 0, 0, 16, 0],
  [col('r,t)'), 0, 0, 23, 2],
  [col('t){'), 0, 0, 34, 3],
  [col('if('), 0, 1, 2],
  [col('throw'), 0, 2, 4],
  [col('new Error'), 0, 2, 10],
  [col('return r/t'), 0, 4, 2],
  [col('function m'), 1, 2, 7],
  [col('m(){'), 1, 2, 16, 1],
  [col('return n(1'), 1, 3, 2],
  [col('n(1,0)'), 1, 3, 9, 0],
  [col('m();'), 1, 6, 0, 1],
];
const mapJson = (extra: Record<string, unknown> = {}) => ({
  version: 3,
  file: 'app.min.js',
  sources: ['../src/math.ts', '../src/main.ts'],
  sourcesContent: [MATH, MAIN],
  names: NAMES,
  mappings: encodeMappings([SEGMENTS]),
  ...extra,
});
const MAP = JSON.stringify(mapJson());
const APP = 'https://example.com/static/app.min.js';
const withComment = (url: string) => `${CODE}\n//# sourceMappingURL=${url}\n`;

// Frames at the throw, the call of divide() in main(), and the top-level call of main().
const frame = (column: string, fn: string | null, url = APP): StackFrame => ({ function: fn, abs_path: url, lineno: 1, colno: col(column) + 1 });
const FRAMES: StackFrame[] = [frame('new Error', 'n'), frame('n(1,0)', 'm'), frame('m();', null)];

function resolved(result: SymbolicatedFrame): ResolvedFrame {
  if (result.unresolved) throw new Error(`unresolved: ${result.unresolved.reason}: ${result.unresolved.detail}`);
  return result;
}

function unresolved(result: SymbolicatedFrame): UnresolvedFrame {
  if (!result.unresolved) throw new Error(`resolved to ${result.abs_path}:${result.lineno}:${result.colno}`);
  return result;
}

// A store that counts what is asked of it.
class CountingStore implements ArtifactStore {
  readonly gets: string[] = [];
  constructor(readonly inner: MemoryStore) {}
  get(url: string): Promise<Artifact | null> {
    this.gets.push(url);
    return this.inner.get(url);
  }
  getByDebugId(debugId: string, kind: ArtifactKind): Promise<Artifact | null> {
    return this.inner.getByDebugId(debugId, kind);
  }
}

describe('original positions, names and context', () => {
  const store = new MemoryStore().add(APP, withComment('app.min.js.map')).add(`${APP}.map`, MAP);

  it('maps each frame to its original file, line, column and function', async () => {
    const frames = (await new Symbolicator({ store }).symbolicate(FRAMES)).map(resolved);
    expect(frames.map(({ abs_path, filename, lineno, colno, function: fn }) => ({ abs_path, filename, lineno, colno, fn }))).toEqual([
      { abs_path: 'https://example.com/src/math.ts', filename: '../src/math.ts', lineno: 3, colno: 11, fn: 'divide' },
      { abs_path: 'https://example.com/src/main.ts', filename: '../src/main.ts', lineno: 4, colno: 10, fn: 'main' },
      { abs_path: 'https://example.com/src/main.ts', filename: '../src/main.ts', lineno: 7, colno: 1, fn: null },
    ]);
    expect(frames[0].generated).toEqual({ abs_path: APP, lineno: 1, colno: col('new Error') + 1, function: 'n' });
    expect(frames[0].sourcemap).toBe(`${APP}.map`);
    expect(frames.every((f) => f.in_app)).toBe(true);
  });

  it("names a frame after its function's declaration, not the name at the call (that is the callee's)", async () => {
    // At m's position (the call `n(1,0)`), the map's name is "divide": the function called.
    const map = new SourceMap(MAP);
    expect(map.originalPositionFor({ line: 1, column: col('n(1,0)') }).name).toBe('divide');
    const [, second] = (await new Symbolicator({ store }).symbolicate(FRAMES)).map(resolved);
    expect(second.function).toBe('main');
    const keep = (await new Symbolicator({ store, recoverFunctionNames: false }).symbolicate(FRAMES)).map(resolved);
    expect(keep.map((f) => f.function)).toEqual(['n', 'm', null]);
  });

  it('gives 5 lines of context before and after from sourcesContent', async () => {
    const [first, , third] = (await new Symbolicator({ store }).symbolicate(FRAMES)).map(resolved);
    expect(first.context_from).toBe('sourcesContent');
    expect(first.pre_context).toEqual(['export function divide(a: number, b: number) {', '  if (b === 0) {']);
    expect(first.context_line).toBe("    throw new Error('division by zero');");
    expect(first.post_context).toEqual(['  }', '  return a / b;', '}']); // the final newline ends the last line
    expect(third.pre_context).toEqual(MAIN.split('\n').slice(1, 6));
    expect(third.context_line).toBe('main();');
    expect(third.post_context).toEqual([]);
    const two = (await new Symbolicator({ store, contextLines: 1 }).symbolicate(FRAMES)).map(resolved);
    expect(two[2].pre_context).toEqual(['']);
  });

  it('reads context from the uploaded original source when the map has no sourcesContent', async () => {
    const noContent = JSON.stringify(mapJson({ sourcesContent: undefined }));
    const uploads = new MemoryStore()
      .add(APP, withComment('app.min.js.map'))
      .add(`${APP}.map`, noContent)
      .add('~/src/math.ts', MATH.replace('division by zero', 'uploaded'));
    const [first, second] = (await new Symbolicator({ store: uploads }).symbolicate(FRAMES)).map(resolved);
    expect(first.context_from).toBe('store');
    expect(first.context_line).toBe("    throw new Error('uploaded');");
    // main.ts was not uploaded: the frame is resolved, without context.
    expect(second.lineno).toBe(4);
    expect(second.context_line).toBeUndefined();
    expect(second.pre_context).toBeUndefined();
  });

  it('prefers sourcesContent over an uploaded source', async () => {
    const both = new MemoryStore().add(APP, withComment('app.min.js.map')).add(`${APP}.map`, MAP).add('~/src/math.ts', 'other\ntext\nentirely\n');
    const [first] = (await new Symbolicator({ store: both }).symbolicate(FRAMES)).map(resolved);
    expect(first.context_line).toBe("    throw new Error('division by zero');");
  });

  it('cuts long context lines around the column', async () => {
    const long = `${'x'.repeat(400)}throw new Error('here');${'y'.repeat(400)}`;
    const map = { version: 3, sources: ['long.ts'], sourcesContent: [long], names: [], mappings: encodeMappings([[[0, 0, 0, 400]]]) };
    const longStore = new MemoryStore().add('https://example.com/long.js', 'x()\n//# sourceMappingURL=long.js.map').add('https://example.com/long.js.map', JSON.stringify(map));
    const [result] = (await new Symbolicator({ store: longStore, maxContextLineLength: 100 }).symbolicate([
      { function: null, abs_path: 'https://example.com/long.js', lineno: 1, colno: 1 },
    ])).map(resolved);
    expect(result.context_line).toBe(`{snip} ${'x'.repeat(50)}throw new Error('here');${'y'.repeat(26)} {snip}`);
  });

  it('symbolicates error.stack text, keeping the message and the frame order', async () => {
    const stack = [
      'Error: division by zero',
      `    at n (${APP}:1:${col('new Error') + 1})`,
      `    at m (${APP}?v=42:1:${col('n(1,0)') + 1})`,
      `    at ${APP}#top:1:${col('m();') + 1}`,
      '    at node:internal/main/run_main_module:28:49',
    ].join('\n');
    const result = await new Symbolicator({ store }).symbolicate(stack);
    expect(result.message).toBe('Error: division by zero');
    expect(result.format).toBe('v8');
    expect(result.frames.map((f) => (f.unresolved ? f.unresolved.reason : `${f.abs_path}:${f.lineno}:${f.colno} ${f.function}`))).toEqual([
      'https://example.com/src/math.ts:3:11 divide',
      'https://example.com/src/main.ts:4:10 main',
      'https://example.com/src/main.ts:7:1 null',
      'source_not_found',
    ]);
  });

  it('accepts Sentry-shaped frames (filename, outermost first) and keeps their order and fields', async () => {
    const sentry = [
      { filename: APP, lineno: 1, colno: col('m();') + 1, function: '?', platform: 'javascript' },
      { abs_path: APP, lineno: 1, colno: col('new Error') + 1, function: 'n', vars: { x: 1 } },
      { filename: 'https://example.com/missing.js', lineno: 1, colno: 1, function: 'q', in_app: true },
    ];
    const frames = await new Symbolicator({ store }).symbolicate(sentry);
    expect(frames.map((f) => f.lineno)).toEqual([7, 3, 1]);
    expect(frames[0]).toMatchObject({ platform: 'javascript', function: '?' });
    expect(frames[1]).toMatchObject({ vars: { x: 1 }, function: 'divide' });
    expect(frames[2]).toMatchObject({ in_app: true, abs_path: 'https://example.com/missing.js', unresolved: { reason: 'source_not_found' } });
  });
});

describe('finding the map', () => {
  const other = JSON.stringify(mapJson({ sources: ['../wrong/math.ts', '../wrong/main.ts'] }));

  it('uses the sourceMappingURL comment, resolved against the frame URL', async () => {
    const store = new MemoryStore().add(APP, withComment('maps/app.js.map')).add('https://example.com/static/maps/app.js.map', MAP);
    const [first] = (await new Symbolicator({ store }).symbolicate(FRAMES)).map(resolved);
    expect(first.sourcemap).toBe('https://example.com/static/maps/app.js.map');
    expect(first.abs_path).toBe('https://example.com/static/src/math.ts');
  });

  it('finds a map uploaded under ~/ and resolves its sources against the full URL', async () => {
    const store = new MemoryStore().add('~/static/app.min.js', withComment('app.min.js.map')).add('~/static/app.min.js.map', MAP);
    const [first] = (await new Symbolicator({ store }).symbolicate([frame('new Error', 'n', 'https://cdn.example.org/static/app.min.js?v=2#x')])).map(resolved);
    expect(first.sourcemap).toBe('https://cdn.example.org/static/app.min.js.map');
    expect(first.abs_path).toBe('https://cdn.example.org/src/math.ts');
  });

  it('prefers the SourceMap header over the comment', async () => {
    const store = new MemoryStore()
      .add(APP, withComment('wrong.js.map'), { SourceMap: '/maps/right.js.map' })
      .add('https://example.com/static/wrong.js.map', other)
      .add('https://example.com/maps/right.js.map', MAP);
    const [first] = (await new Symbolicator({ store }).symbolicate(FRAMES)).map(resolved);
    expect(first.sourcemap).toBe('https://example.com/maps/right.js.map');
    expect(first.abs_path).toBe('https://example.com/src/math.ts');
  });

  it('reads the deprecated X-SourceMap header', async () => {
    const store = new MemoryStore().add(APP, CODE, { 'X-SourceMap': 'app.min.js.map' }).add(`${APP}.map`, MAP);
    expect(resolved((await new Symbolicator({ store }).symbolicate(FRAMES))[0]).lineno).toBe(3);
  });

  it.each([
    ['base64', `data:application/json;charset=utf-8;base64,${Buffer.from(MAP).toString('base64')}`],
    ['percent-encoded', `data:application/json,${encodeURIComponent(MAP)}`],
  ])('reads an inline data: URL map (%s); sources resolve against the file', async (_, url) => {
    const store = new MemoryStore().add(APP, withComment(url));
    const frames = (await new Symbolicator({ store }).symbolicate(FRAMES)).map(resolved);
    expect(frames.map((f) => f.lineno)).toEqual([3, 4, 7]);
    expect(frames[0].sourcemap).toBe(APP);
    expect(frames[0].abs_path).toBe('https://example.com/src/math.ts');
  });

  it('reads the sourceMappingURL section of a WebAssembly module (columns are byte offsets)', async () => {
    const encoder = new TextEncoder();
    const field = (text: string) => [encoder.encode(text).length, ...encoder.encode(text)];
    const content = [...field('sourceMappingURL'), ...field('maps/app.wasm.map')];
    const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, content.length, ...content]);
    const map = { version: 3, sources: ['../src/lib.rs'], sourcesContent: ['fn a() {}\nfn divide() {\n    panic!("zero");\n}\n'], names: [], mappings: encodeMappings([[[0x10, 0, 2, 4]]]) };
    const store = new MemoryStore().add('https://example.com/static/app.wasm', wasm).add('https://example.com/static/maps/app.wasm.map', JSON.stringify(map));
    const result = await new Symbolicator({ store }).symbolicate('Error: zero\n    at divide (https://example.com/static/app.wasm:wasm-function[3]:0x10)');
    const [frame] = result.frames.map(resolved);
    expect(frame).toMatchObject({ abs_path: 'https://example.com/static/src/lib.rs', lineno: 3, colno: 5, function: 'divide', context_line: '    panic!("zero");' });
  });

  it('reports maps over the configured limits as invalid', async () => {
    const store = new MemoryStore().add(APP, withComment('app.min.js.map')).add(`${APP}.map`, MAP);
    const [first] = await new Symbolicator({ store, mapLimits: { maxSegments: 3 } }).symbolicate(FRAMES);
    expect(unresolved(first).unresolved).toMatchObject({ reason: 'invalid_map', detail: expect.stringContaining('LIMIT_EXCEEDED') });
  });

  it('caches decoded maps between calls, and drops the least recently used', async () => {
    const inner = new MemoryStore().add(APP, withComment('app.min.js.map')).add(`${APP}.map`, MAP)
      .add('https://example.com/b.js', withComment('b.js.map')).add('https://example.com/b.js.map', MAP);
    const store = new CountingStore(inner);
    const symbolicator = new Symbolicator({ store, maxCachedMaps: 1 });
    const mapGets = () => store.gets.filter((url) => url.endsWith('.map')).length;
    await symbolicator.symbolicate(FRAMES);
    await symbolicator.symbolicate(FRAMES);
    expect(mapGets()).toBe(1); // one fetch for three frames and two calls
    await symbolicator.symbolicate([frame('new Error', 'n', 'https://example.com/b.js')]);
    await symbolicator.symbolicate(FRAMES);
    expect(mapGets()).toBe(3); // b.js.map pushed app's map out
    symbolicator.clearCache();
    await symbolicator.symbolicate(FRAMES);
    expect(mapGets()).toBe(4);
  });
});

describe('splitLines', () => {
  it('splits at \\n, \\r\\n and \\r, not at U+2028, and drops the empty line after a final line break', () => {
    const cases: [string, string[]][] = [
      ['', ['']],
      ['a', ['a']],
      ['a\nb\n', ['a', 'b']],
      ['a\n\nb', ['a', '', 'b']],
      ['\n', ['']],
      ['\n\n', ['', '']],
      ['a\r\nb\rc\nd', ['a', 'b', 'c', 'd']],
      ['a\r\n', ['a']],
      ['a\r\rb', ['a', '', 'b']],
      ['a\n\r\nb\r', ['a', '', 'b']],
      ['a\u2028b\u2029c', ['a\u2028b\u2029c']],
    ];
    for (const [text, lines] of cases) expect(splitLines(text), JSON.stringify(text)).toEqual(lines);
  });
});

// A store whose answers for some URLs wait until open() is called.
class GatedStore implements ArtifactStore {
  readonly #gate: Promise<void>;
  open!: () => void;
  constructor(readonly inner: MemoryStore, readonly gated: (url: string) => boolean) {
    this.#gate = new Promise((resolve) => { this.open = resolve; });
  }
  async get(url: string): Promise<Artifact | null> {
    if (this.gated(url)) await this.#gate;
    return this.inner.get(url);
  }
}

describe('the memory of the maps the cache drops', () => {
  const B = 'https://example.com/b.js';
  const twoApps = () => new MemoryStore().add(APP, withComment('app.min.js.map')).add(`${APP}.map`, MAP)
    .add(B, withComment('b.js.map')).add(`${B}.map`, MAP);
  const positions = (frames: SymbolicatedFrame[]) => frames.map(resolved).map((f) => `${f.abs_path}:${f.lineno}:${f.colno} ${f.function}`);
  const spyDispose = () => vi.spyOn(SourceMap.prototype, 'dispose');
  afterEach(() => { vi.restoreAllMocks(); });

  it('disposes a map the cache drops, so that the next map decoded takes its memory', async () => {
    const expected = positions(await new Symbolicator({ store: twoApps() }).symbolicate(FRAMES));
    const symbolicator = new Symbolicator({ store: twoApps(), maxCachedMaps: 1 });
    const dispose = spyDispose();
    expect(positions(await symbolicator.symbolicate(FRAMES))).toEqual(expected);
    expect(dispose).not.toHaveBeenCalled(); // cached
    await symbolicator.symbolicate([frame('new Error', 'n', B)]); // b.js.map pushes app's map out
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(positions(await symbolicator.symbolicate(FRAMES))).toEqual(expected); // decoded again
    expect(dispose).toHaveBeenCalledTimes(2);
    symbolicator.clearCache();
    await Promise.resolve();
    expect(dispose).toHaveBeenCalledTimes(3);
  });

  it('does not dispose a dropped map while a call still holds it', async () => {
    const expected = positions(await new Symbolicator({ store: twoApps() }).symbolicate(FRAMES));
    // The first call waits for app's map while the second call's map pushes it out of the cache.
    const store = new GatedStore(twoApps(), (url) => url === `${APP}.map`);
    const symbolicator = new Symbolicator({ store, maxCachedMaps: 1 });
    const dispose = spyDispose();
    const first = symbolicator.symbolicate(FRAMES);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await symbolicator.symbolicate([frame('new Error', 'n', B)]);
    expect(dispose).not.toHaveBeenCalled();
    store.open();
    expect(positions(await first)).toEqual(expected);
    expect(dispose).toHaveBeenCalledTimes(1); // app's, once the first call ended
    // Two calls at once on one map that a third pushes out: disposed after both end.
    const both = [symbolicator.symbolicate(FRAMES), symbolicator.symbolicate(FRAMES)];
    await symbolicator.symbolicate([frame('new Error', 'n', B)]);
    const [a, b] = await Promise.all(both);
    expect(positions(a)).toEqual(expected);
    expect(positions(b)).toEqual(expected);
    await Promise.resolve();
    expect(dispose).toHaveBeenCalledTimes(3); // b's map (pushed out by app's), then app's
  });

  it('with no cache, and for data: URL maps, disposes the maps of a call when it ends', async () => {
    const inline = `data:application/json;charset=utf-8;base64,${Buffer.from(MAP).toString('base64')}`;
    const store = twoApps().add('https://example.com/inline.js', withComment(inline));
    const expected = positions(await new Symbolicator({ store }).symbolicate(FRAMES));
    const dispose = spyDispose();
    const uncached = new Symbolicator({ store, maxCachedMaps: 0 });
    for (let i = 0; i < 3; i++) expect(positions(await uncached.symbolicate(FRAMES))).toEqual(expected);
    await Promise.resolve();
    expect(dispose).toHaveBeenCalledTimes(3); // one map a call, shared by its three frames
    const inlineFrames = FRAMES.map((f) => ({ ...f, abs_path: 'https://example.com/inline.js' }));
    // The same map inline: its sources resolve to the same URLs from inline.js.
    for (let i = 0; i < 2; i++) {
      expect(positions(await new Symbolicator({ store }).symbolicate(inlineFrames))).toEqual(expected);
      expect(dispose).toHaveBeenCalledTimes(4 + i);
    }
  });
});

describe('debug IDs', () => {
  const ID = 'a1b2c3d4-0000-4000-8000-00000000abcd';
  const idMap = JSON.stringify(mapJson({ debugId: ID, sources: ['../by-id/math.ts', '../by-id/main.ts'] }));
  const urlMap = JSON.stringify(mapJson({ sources: ['../by-url/math.ts', '../by-url/main.ts'] }));

  it('finds the map by the debug ID in the minified file, before its sourceMappingURL', async () => {
    const store = new MemoryStore()
      .add(APP, `${CODE}\n//# debugId=${ID}\n//# sourceMappingURL=app.min.js.map\n`)
      .add(`${APP}.map`, urlMap)
      .add('~/uploads/any-name.js.map', idMap);
    const [first] = (await new Symbolicator({ store }).symbolicate(FRAMES)).map(resolved);
    expect(first.sourcemap).toBe('~/uploads/any-name.js.map');
    expect(first.filename).toBe('../by-id/math.ts');
    expect(first.lineno).toBe(3);
  });

  it('falls back to the sourceMappingURL when no map has the debug ID', async () => {
    const store = new MemoryStore().add(APP, `${CODE}\n//# debugId=${ID}\n//# sourceMappingURL=app.min.js.map\n`).add(`${APP}.map`, urlMap);
    expect(resolved((await new Symbolicator({ store }).symbolicate(FRAMES))[0]).filename).toBe('../by-url/math.ts');
  });

  it('matches a frame that carries a debug ID without the minified file', async () => {
    const store = new MemoryStore().addByDebugId(ID, 'sourcemap', idMap);
    const frames: (StackFrame & Pick<InputFrame, 'debug_id'>)[] = FRAMES.map((f) => ({ ...f, abs_path: 'https://elsewhere.example/x.js', debug_id: ID.toUpperCase() }));
    const results = (await new Symbolicator({ store }).symbolicate(frames)).map(resolved);
    expect(results.map((f) => `${f.filename}:${f.lineno}:${f.colno}`)).toEqual(['../by-id/math.ts:3:11', '../by-id/main.ts:4:10', '../by-id/main.ts:7:1']);
    // Without the minified file, names stay minified.
    expect(results.map((f) => f.function)).toEqual(['n', 'm', null]);
    // With it (by debug ID too), they are recovered.
    store.addByDebugId(ID, 'source', CODE);
    expect((await new Symbolicator({ store }).symbolicate(frames)).map((f) => f.function)).toEqual(['divide', 'main', null]);
  });

  it('says which debug ID was missing when neither it nor the file is found', async () => {
    const [result] = await new Symbolicator({ store: new MemoryStore() }).symbolicate([{ ...FRAMES[0], debug_id: ID }]);
    expect(unresolved(result).unresolved).toMatchObject({ reason: 'source_not_found', detail: expect.stringContaining(`no map in the store has debug ID ${ID}`) });
  });

  it('takes debug IDs per file from the call (debug_meta), over the URL', async () => {
    const store = new MemoryStore().add(APP, withComment('app.min.js.map')).add(`${APP}.map`, urlMap).add('~/id.js.map', idMap);
    const [first] = (await new Symbolicator({ store }).symbolicate(FRAMES, { debugIds: { [APP]: ID } })).map(resolved);
    expect(first.filename).toBe('../by-id/math.ts');
  });
});

describe('in_app', () => {
  const sources = [
    'webpack://app/./src/app.ts',
    'webpack://app/./node_modules/react-dom/cjs/react-dom.production.js',
    'webpack://app/webpack/runtime/jsonp chunk loading',
    'webpack://app/webpack/bootstrap',
    '\u0000commonjsHelpers.js',
    'vendor/ignored.js',
    'node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/lodash.js',
    '../../vite/preload-helper.js',
  ];
  const segments = sources.map((_, i) => [i * 4, i, 0, 0]);
  const map = JSON.stringify({ version: 3, sources, names: [], mappings: encodeMappings([segments]), ignoreList: [5] });
  const store = new MemoryStore().add(APP, withComment('app.min.js.map')).add(`${APP}.map`, map);
  const frames = sources.map((_, i): StackFrame => ({ function: null, abs_path: APP, lineno: 1, colno: i * 4 + 1 }));

  it('is false for ignoreList sources, node_modules and bundler runtime code', async () => {
    const results = (await new Symbolicator({ store }).symbolicate(frames)).map(resolved);
    expect(results.map((f) => [f.filename, f.in_app])).toEqual([
      [sources[0], true],
      [sources[1], false],
      [sources[2], false],
      [sources[3], false],
      [sources[4], false],
      [sources[5], false],
      [sources[6], false],
      [sources[7], false],
    ]);
  });

  it('can be decided by the caller', async () => {
    const inApp = ({ source, ignored }: { source: string; ignored: boolean }) => (ignored ? undefined : !source.includes('react'));
    const results = (await new Symbolicator({ store, inApp }).symbolicate(frames)).map(resolved);
    expect(results.map((f) => f.in_app)).toEqual([true, false, true, true, true, false, true, true]);
  });
});

describe('unresolved frames', () => {
  const store = new MemoryStore()
    .add(APP, withComment('app.min.js.map'))
    .add(`${APP}.map`, MAP)
    .add('https://example.com/no-map.js', CODE)
    .add('https://example.com/lost-map.js', withComment('lost.js.map'))
    .add('https://example.com/bad-json.js', withComment('bad-json.js.map'))
    .add('https://example.com/bad-json.js.map', '{"version": 3, "sources": [')
    .add('https://example.com/bad-mappings.js', withComment('bad-mappings.js.map'))
    .add('https://example.com/bad-mappings.js.map', JSON.stringify({ version: 3, sources: ['a.js'], names: [], mappings: '!!!' }))
    .add('https://example.com/bad-data.js', withComment('data:application/json;base64,%%%'));

  const cases: [string, StackFrame, UnresolvedFrame['unresolved']['reason'], RegExp][] = [
    ['a file not in the store', { function: 'x', abs_path: 'https://example.com/missing.js', lineno: 1, colno: 5 }, 'source_not_found', /missing\.js is not in the store \(tried .*~\/missing\.js\)/],
    ['a frame without a file', { function: 'x', abs_path: null, lineno: null, colno: null }, 'source_not_found', /names no file/],
    ['native code', { function: 'Array.map', abs_path: null, lineno: null, colno: null, native: true }, 'source_not_found', /native code/],
    ['a Node.js built-in', { function: 'process.processTicksAndRejections', abs_path: 'node:internal/process/task_queues', lineno: 95, colno: 5 }, 'source_not_found', /runtime built-in/],
    ['a file without a map', { function: 'n', abs_path: 'https://example.com/no-map.js', lineno: 1, colno: 5 }, 'no_map', /no SourceMap header and no sourceMappingURL/],
    ['a map not in the store', { function: 'n', abs_path: 'https://example.com/lost-map.js', lineno: 1, colno: 5 }, 'map_not_found', /names the map https:\/\/example\.com\/lost\.js\.map/],
    ['a map that is not JSON', { function: 'n', abs_path: 'https://example.com/bad-json.js', lineno: 1, colno: 5 }, 'invalid_map', /INVALID_JSON/],
    ['a map with broken mappings', { function: 'n', abs_path: 'https://example.com/bad-mappings.js', lineno: 1, colno: 5 }, 'invalid_map', /INVALID_BASE64/],
    ['an undecodable data: URL', { function: 'n', abs_path: 'https://example.com/bad-data.js', lineno: 1, colno: 5 }, 'invalid_map', /data: URL/],
    ['a position the map does not cover', { function: 'n', abs_path: APP, lineno: 2, colno: 1 }, 'unmapped', /maps nothing at line 2, column 1/],
    ['a frame without a column', { function: 'n', abs_path: APP, lineno: 1, colno: null }, 'unmapped', /no column/],
    ['a frame without a line', { function: 'n', abs_path: APP, lineno: null, colno: null }, 'unmapped', /no line/],
  ];

  it.each(cases)('%s', async (_, input, reason, detail) => {
    const [result] = await new Symbolicator({ store }).symbolicate([input]);
    const frame = unresolved(result);
    expect(frame.unresolved.reason).toBe(reason);
    expect(frame.unresolved.detail).toMatch(detail);
    // Returned as it came, plus the reason.
    const { unresolved: _reason, ...rest } = frame;
    expect(rest).toEqual({ ...input });
  });

  it('keeps every frame, in order, whatever happens to each', async () => {
    const inputs = [...cases.map(([, input]) => input), ...FRAMES];
    const results = await new Symbolicator({ store }).symbolicate(inputs);
    expect(results).toHaveLength(inputs.length);
    expect(results.map((f) => f.unresolved?.reason ?? 'ok')).toEqual([...cases.map(([, , reason]) => reason), 'ok', 'ok', 'ok']);
  });

  it('reports store failures in the detail', async () => {
    const failing: ArtifactStore = { get: async (url) => { throw new Error(`store down for ${url}`); } };
    const [result] = await new Symbolicator({ store: failing }).symbolicate(FRAMES.slice(0, 1));
    expect(unresolved(result).unresolved).toMatchObject({ reason: 'source_not_found', detail: expect.stringContaining('store down for https://example.com/static/app.min.js') });
  });

  it('needs a store', () => {
    expect(() => new Symbolicator({} as never)).toThrow(/store/);
  });

  it('needs contextLines to be an integer >= 0', async () => {
    for (const contextLines of [-1, 2.5, Number.NaN, '3' as unknown as number]) {
      expect(() => new Symbolicator({ store, contextLines })).toThrow(new TypeError(`contextLines must be an integer >= 0, not ${String(contextLines)}`));
    }
    const [first] = (await new Symbolicator({ store, contextLines: 0 }).symbolicate(FRAMES)).map(resolved);
    expect([first.pre_context, first.context_line, first.post_context]).toEqual([[], "    throw new Error('division by zero');", []]);
  });
});

describe('recoverFunctionName', () => {
  // class Loader { load() {...} }, bundled as `var o=class{load(n){...}}`; V8 says `o.load`.
  const code = 'var o=class{load(n){return s(n)}},s=(e)=>{throw e},u={run:function(){return new o().load(1)}};';
  const names = ['Loader', 'load', 'parse', 'api', 'run'];
  const at = (needle: string) => code.indexOf(needle);
  const map = new SourceMap({
    version: 3, sources: ['a.ts'], names,
    mappings: encodeMappings([[
      [at('o=class'), 0, 0, 6, 0], [at('load(n)'), 0, 1, 2], [at('return s'), 0, 2, 4], [at('s(n)'), 0, 2, 11, 2],
      [at('s=(e)'), 0, 5, 6, 2], [at('throw e'), 0, 5, 20], [at('run:'), 0, 8, 2, 4], [at('return new'), 0, 9, 4],
    ]]),
  });
  const starts = lineStartsOf(code);
  const name = (minified: string, position: string) => recoverFunctionName(map, code, starts, 1, at(position), minified);

  it('recovers class names, arrow functions and object methods', () => {
    expect(name('o.load', 'return s')).toBe('Loader.load');
    expect(name('s', 'throw e')).toBe('parse');
    expect(name('new o', 'return s')).toBe('new Loader');
    expect(name('Object.run', 'return new')).toBe('Object.run');
    expect(name('u.run', 'return new')).toBe('u.run');
  });

  it("takes the function's own declaration only from the frame's original source", () => {
    const two = 'function n(){return 1}function m(){throw n}';
    const mapFor = (frameSource: number) => new SourceMap({
      version: 3, sources: ['helper.ts', 'main.ts'], names: ['helper'],
      mappings: encodeMappings([[[two.indexOf('n('), 0, 0, 9, 0], [two.indexOf('throw'), frameSource, 4, 2]]]),
    });
    const column = two.indexOf('throw');
    expect(recoverFunctionName(mapFor(0), two, lineStartsOf(two), 1, column, 'n')).toBe('helper');
    expect(recoverFunctionName(mapFor(1), two, lineStartsOf(two), 1, column, 'n')).toBe('n');
  });

  it('keeps names it cannot find', () => {
    expect(name('zz', 'throw e')).toBe('zz');
    expect(name('<anonymous>', 'throw e')).toBe('<anonymous>');
    expect(name('s', 'o=class')).toBe('s'); // declared after the position
  });
});
