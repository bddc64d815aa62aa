// Stack traces: real V8 traces (thrown in a Node child process, so nothing rewrites them),
// including async, `new`, eval, anonymous, native and WebAssembly frames; SpiderMonkey and
// JavaScriptCore traces in the formats Firefox and Safari print; and structured frames.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceMap } from '../src/index.js';
import { normalizeFrames, parseStackTrace, type StackFrame } from '../src/symbolicate/stack-trace.js';

const ASC = fileURLToPath(new URL('../node_modules/assemblyscript/bin/asc.js', import.meta.url));

// The script thrown from. Markers in it give the expected lines and columns.
const SCRIPT = `import { readFileSync } from 'node:fs';
Error.stackTraceLimit = 50;
const stacks = {};
function capture(name, fn) { try { fn(); } catch (e) { stacks[name] = e.stack; } }
async function captureAsync(name, fn) { try { await fn(); } catch (e) { stacks[name] = e.stack; } }

class Widget {
  constructor() { throw new Error('ctor'); }
}
function build() { return new Widget(); }
capture('ctor', () => build());

capture('anonymous', () => [1].map(() => { throw new Error('anon'); }));
capture('native', () => JSON.parse('{'));
capture('eval', () => eval("throw new Error('in eval')"));
capture('nestedEval', () => eval("eval(\\"throw new Error('nested')\\")"));
capture('function', () => new Function('a', "throw new Error('in Function')")(1));
capture('sourceURL', () => eval("throw new Error('named')\\n//# sourceURL=named-eval.js"));

const target = { method() { throw new Error('method'); } };
const holder = { alias: target.method };
capture('alias', () => holder.alias());
capture('multiline', () => { throw new TypeError('line one\\nline two'); });

async function inner() { await null; throw new Error('async'); }
async function middle() { await inner(); }
async function outer() { await Promise.all([middle()]); }
await captureAsync('async', () => outer());

const wasm = await WebAssembly.instantiate(readFileSync(process.argv[2]), {});
capture('wasm', () => wasm.instance.exports.boom(1));

process.stdout.write(JSON.stringify(stacks));
`;

const CJS_SCRIPT = `Error.stackTraceLimit = 50;
function fail() { throw new RangeError('cjs'); }
try { fail(); } catch (e) { process.stdout.write(JSON.stringify(e.stack)); }
`;

const WASM_SOURCE = `export function add(a: i32, b: i32): i32 {
  return a + b;
}

export function boom(x: i32): i32 {
  if (x > 0) unreachable();
  return x;
}
`;

/** 1-based line and column of the first `marker` in `text` (plus `offset` columns). */
function positionOf(text: string, marker: string, offset = 0): { lineno: number; colno: number } {
  const index = text.indexOf(marker);
  if (index < 0) throw new Error(`marker not found: ${marker}`);
  const before = text.slice(0, index).split('\n');
  return { lineno: before.length, colno: before[before.length - 1].length + 1 + offset };
}

const frameAt = (frames: StackFrame[], fn: string | null): StackFrame => {
  const found = frames.find((frame) => frame.function === fn);
  if (!found) throw new Error(`no frame for ${fn}: ${JSON.stringify(frames)}`);
  return found;
};

describe('V8 traces, thrown for real', () => {
  let dir: string;
  let scriptUrl: string;
  let stacks: Record<string, string>;
  let cjsPath: string;
  let cjsStack: string;
  let wasmMap: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-trace-'));
    writeFileSync(join(dir, 'z.ts'), WASM_SOURCE);
    execFileSync(process.execPath, [ASC, 'z.ts', '--outFile', 'z.wasm', '--sourceMap', '--debug', '--use', 'abort='], { cwd: dir, stdio: 'pipe' });
    wasmMap = readFileSync(join(dir, 'z.wasm.map'), 'utf8');
    const script = join(dir, 'throw.mjs');
    writeFileSync(script, SCRIPT);
    scriptUrl = pathToFileURL(script).href;
    stacks = JSON.parse(execFileSync(process.execPath, [script, join(dir, 'z.wasm')], { encoding: 'utf8' })) as Record<string, string>;
    cjsPath = join(dir, 'throw.cjs');
    writeFileSync(cjsPath, CJS_SCRIPT);
    cjsStack = JSON.parse(execFileSync(process.execPath, [cjsPath], { encoding: 'utf8' })) as string;
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the message, named frames, `new` and anonymous frames', () => {
    const parsed = parseStackTrace(stacks.ctor);
    expect(parsed.format).toBe('v8');
    expect(parsed.message).toBe('Error: ctor');
    expect(parsed.frames[0]).toEqual({
      function: 'Widget', abs_path: scriptUrl, ...positionOf(SCRIPT, "new Error('ctor')"), new: true,
      raw: `at new Widget (${scriptUrl}:${positionOf(SCRIPT, "new Error('ctor')").lineno}:${positionOf(SCRIPT, "new Error('ctor')").colno})`,
    });
    expect(parsed.frames[0].new).toBe(true);
    expect(parsed.frames[1]).toMatchObject({ function: 'build', abs_path: scriptUrl, ...positionOf(SCRIPT, 'new Widget()') });
    expect(parsed.frames[1].new).toBeUndefined();
    const anonymous = parsed.frames[2];
    expect(anonymous).toMatchObject({ function: null, abs_path: scriptUrl, ...positionOf(SCRIPT, 'build());') });
    // Every frame, Node's own included, has a location; the order is innermost first.
    expect(parsed.frames.length).toBe(stacks.ctor.split('\n').length - 1);
    for (const frame of parsed.frames) expect(frame.abs_path).not.toBeNull();
    expect(parsed.frames.some((frame) => frame.abs_path?.startsWith('node:internal/'))).toBe(true);
  });

  it('marks native frames and gives them no path', () => {
    const anonymous = parseStackTrace(stacks.anonymous).frames;
    expect(anonymous[0]).toMatchObject({ function: null, abs_path: scriptUrl, ...positionOf(SCRIPT, "new Error('anon')") });
    expect(anonymous[1]).toMatchObject({ function: 'Array.map', abs_path: null, lineno: null, colno: null, native: true });
    expect(anonymous[2]).toMatchObject({ function: null, abs_path: scriptUrl, ...positionOf(SCRIPT, "map(() => { throw new Error('anon')") });

    const native = parseStackTrace(stacks.native);
    expect(native.message).toMatch(/^SyntaxError: /);
    expect(native.frames[0]).toMatchObject({ function: 'JSON.parse', abs_path: null, native: true });
    expect(native.frames[1]).toMatchObject({ abs_path: scriptUrl, ...positionOf(SCRIPT, "parse('{')") });
  });

  it('takes eval frames to the innermost real location, the eval call', () => {
    const evalFrames = parseStackTrace(stacks.eval).frames;
    expect(stacks.eval).toContain('(eval at ');
    expect(evalFrames[0]).toMatchObject({ function: 'eval', abs_path: scriptUrl, eval: true, ...positionOf(SCRIPT, `eval("throw new Error('in eval')")`) });

    const nested = parseStackTrace(stacks.nestedEval).frames;
    expect(stacks.nestedEval).toMatch(/eval at .*\(eval at /);
    const call = positionOf(SCRIPT, `eval("eval(`);
    expect(nested[0]).toMatchObject({ function: 'eval', abs_path: scriptUrl, eval: true, ...call });
    expect(nested[1]).toMatchObject({ function: 'eval', abs_path: scriptUrl, eval: true, ...call });

    const fromFunction = parseStackTrace(stacks.function).frames;
    expect(fromFunction[0]).toMatchObject({ abs_path: scriptUrl, eval: true, ...positionOf(SCRIPT, "new Function('a'") });

    // Eval'd code with a sourceURL is reported at its own (named) location.
    const named = parseStackTrace(stacks.sourceURL).frames;
    expect(named[0]).toMatchObject({ function: 'eval', abs_path: 'named-eval.js', lineno: 1, colno: 7, eval: true });
  });

  it('keeps method aliases and multi-line messages', () => {
    const alias = parseStackTrace(stacks.alias).frames[0];
    expect(alias).toMatchObject({ function: 'Object.method [as alias]', abs_path: scriptUrl, ...positionOf(SCRIPT, "new Error('method')") });
    const multiline = parseStackTrace(stacks.multiline);
    expect(multiline.message).toBe('TypeError: line one\nline two');
    expect(multiline.frames[0]).toMatchObject({ function: null, abs_path: scriptUrl, ...positionOf(SCRIPT, "new TypeError('line one") });
  });

  it('marks async frames, Promise.all included', () => {
    const parsed = parseStackTrace(stacks.async);
    expect(parsed.message).toBe('Error: async');
    const [first, ...rest] = parsed.frames;
    expect(first).toMatchObject({ function: 'inner', abs_path: scriptUrl, ...positionOf(SCRIPT, "new Error('async')") });
    expect(first.async).toBeUndefined();
    expect(frameAt(rest, 'middle')).toMatchObject({ async: true, abs_path: scriptUrl, ...positionOf(SCRIPT, 'await inner()') });
    expect(frameAt(rest, 'Promise.all')).toEqual({
      function: 'Promise.all', abs_path: null, lineno: null, colno: null, async: true, native: true,
      raw: 'at async Promise.all (index 0)',
    });
    expect(frameAt(rest, 'outer')).toMatchObject({ async: true, ...positionOf(SCRIPT, 'await Promise.all([middle()])') });
  });

  it('reads CommonJS frames with plain paths', () => {
    const parsed = parseStackTrace(cjsStack);
    expect(parsed.message).toBe('RangeError: cjs');
    expect(parsed.frames[0]).toMatchObject({ function: 'fail', abs_path: cjsPath, ...positionOf(CJS_SCRIPT, "new RangeError('cjs')") });
    expect(parsed.frames[1]).toMatchObject({ function: 'Object.<anonymous>', abs_path: cjsPath, ...positionOf(CJS_SCRIPT, 'fail(); }') });
    expect(parsed.frames.some((frame) => frame.function?.includes('Module._compile'))).toBe(true);
  });

  it('reads WebAssembly frames as line 1 and the byte offset, which the wasm source map maps', () => {
    const parsed = parseStackTrace(stacks.wasm);
    expect(parsed.message).toBe('RuntimeError: unreachable');
    const wasmFrame = parsed.frames[0];
    expect(wasmFrame.raw).toMatch(/wasm-function\[\d+\]:0x[0-9a-f]+/);
    expect(wasmFrame.abs_path).toMatch(/^wasm:\/\/wasm\/[0-9a-f]+$/);
    expect(wasmFrame.function).toMatch(/boom/);
    expect(wasmFrame.lineno).toBe(1);
    const offset = Number.parseInt(/:0x([0-9a-f]+)\)?$/.exec(wasmFrame.raw as string)![1], 16);
    expect(wasmFrame.colno).toBe(offset + 1);
    const original = new SourceMap(wasmMap).originalPositionFor({ line: 1, column: (wasmFrame.colno as number) - 1 });
    expect(original.source).toMatch(/z\.ts$/);
    expect(original.line).toBe(positionOf(WASM_SOURCE, 'unreachable()').lineno);
    expect(parsed.frames[1]).toMatchObject({ abs_path: scriptUrl, ...positionOf(SCRIPT, 'boom(1)') });
  });
});

describe('what Node prints for an uncaught error', () => {
  it('skips the location, code and caret lines before the stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uncaught-'));
    try {
      const file = join(dir, 'boom.mjs');
      writeFileSync(file, 'function boom() { throw new TypeError("no luck"); }\nboom();\n');
      let stderr = '';
      try {
        execFileSync(process.execPath, [file], { stdio: 'pipe' });
      } catch (error) {
        stderr = String((error as { stderr: Buffer }).stderr);
      }
      expect(stderr).toMatch(/\^/);
      const parsed = parseStackTrace(stderr);
      expect(parsed.format).toBe('v8');
      expect(parsed.message).toContain('TypeError: no luck');
      expect(parsed.frames[0]).toMatchObject({ function: 'boom', abs_path: pathToFileURL(file).href, lineno: 1, colno: 25 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('V8 traces, literal', () => {
  it('reads paths with spaces, parentheses, Windows drives, ports and queries', () => {
    const { frames, message, format } = parseStackTrace([
      'Error: paths',
      '    at one (C:\\Users\\me\\app\\main.js:10:5)',
      '    at two (/home/me/my app/x (1).js:3:4)',
      '    at three (http://localhost:8080/static/app.js?v=1.2:7:11)',
      '    at http://localhost:8080/a(b).js:1:2',
      '    at Module.four [as five] (webpack-internal:///./src/index.js:12:3)',
      '    at get value [as other] (file:///x.js:1:1)',
      '    at Foo.<computed> (file:///x.js:2:2)',
      '    at file:///no/column.js:9',
      '    at six (file:///no/position.js)',
      '    at Array.forEach (native)',
      '    at seven (unknown location)',
      '    at <anonymous>',
      '    at async Promise.allSettled (index 12)',
      '    at async file:///top-level.mjs:3:1',
    ].join('\n'));
    expect(format).toBe('v8');
    expect(message).toBe('Error: paths');
    const simple = frames.map(({ function: fn, abs_path, lineno, colno }) => [fn, abs_path, lineno, colno]);
    expect(simple).toEqual([
      ['one', 'C:\\Users\\me\\app\\main.js', 10, 5],
      ['two', '/home/me/my app/x (1).js', 3, 4],
      ['three', 'http://localhost:8080/static/app.js?v=1.2', 7, 11],
      [null, 'http://localhost:8080/a(b).js', 1, 2],
      ['Module.four [as five]', 'webpack-internal:///./src/index.js', 12, 3],
      ['get value [as other]', 'file:///x.js', 1, 1],
      ['Foo.<computed>', 'file:///x.js', 2, 2],
      [null, 'file:///no/column.js', 9, null],
      ['six', 'file:///no/position.js', null, null],
      ['Array.forEach', null, null, null],
      ['seven', null, null, null],
      [null, null, null, null],
      ['Promise.allSettled', null, null, null],
      [null, 'file:///top-level.mjs', 3, 1],
    ]);
    expect(frames[9].native).toBe(true);
    expect(frames[11].native).toBe(true);
    expect(frames[12]).toMatchObject({ async: true, native: true });
    expect(frames[13].async).toBe(true);
  });

  it('reads V8 WebAssembly frames, with and without a name', () => {
    const { frames } = parseStackTrace([
      'RuntimeError: unreachable',
      '    at wasm://wasm/638c84be:wasm-function[1]:0x73',
      '    at z/boom (wasm://wasm/638c84be:wasm-function[2]:0x1a2b)',
      '    at https://app.example/x.wasm:wasm-function[0]:0x0',
    ].join('\n'));
    expect(frames.map(({ function: fn, abs_path, lineno, colno }) => [fn, abs_path, lineno, colno])).toEqual([
      [null, 'wasm://wasm/638c84be', 1, 0x74],
      ['z/boom', 'wasm://wasm/638c84be', 1, 0x1a2c],
      [null, 'https://app.example/x.wasm', 1, 1],
    ]);
  });

  it('skips lines after the frames that are not frames, and accepts unindented frames', () => {
    const { frames, message } = parseStackTrace([
      'Error: outer',
      'at a (file:///a.js:1:2)',
      '    ... 3 lines matching cause stack trace ...',
      '    at b (file:///b.js:3:4)',
      '  [cause]: Error: inner',
      '',
    ].join('\r\n'));
    expect(message).toBe('Error: outer');
    expect(frames.map((frame) => frame.function)).toEqual(['a', 'b']);
    expect(frames[0].raw).toBe('at a (file:///a.js:1:2)');
  });

  it('treats lines that only start with "at" as the message', () => {
    const parsed = parseStackTrace('Error: needs\nat least one thing\n    at f (file:///f.js:1:1)');
    expect(parsed.message).toBe('Error: needs\nat least one thing');
    expect(parsed.frames).toHaveLength(1);
  });
});

describe('SpiderMonkey (Firefox) traces', () => {
  it('reads named, anonymous, inner-function and scoped-package frames', () => {
    const parsed = parseStackTrace([
      'handleClick@https://example.com/static/app.js:10:15',
      'render/<@https://example.com/static/app.js:20:5',
      '@https://example.com/static/app.js:30:1',
      'Foo.prototype.bar@webpack:///./node_modules/@scope/pkg/index.js:5:3',
      'login@https://user@example.com/static/app.js:40:2',
      '',
    ].join('\n'));
    expect(parsed.format).toBe('spidermonkey');
    expect(parsed.message).toBeNull();
    expect(parsed.frames.map(({ function: fn, abs_path, lineno, colno }) => [fn, abs_path, lineno, colno])).toEqual([
      ['handleClick', 'https://example.com/static/app.js', 10, 15],
      ['render/<', 'https://example.com/static/app.js', 20, 5],
      [null, 'https://example.com/static/app.js', 30, 1],
      ['Foo.prototype.bar', 'webpack:///./node_modules/@scope/pkg/index.js', 5, 3],
      ['login', 'https://user@example.com/static/app.js', 40, 2],
    ]);
    expect(parsed.frames[0].raw).toBe('handleClick@https://example.com/static/app.js:10:15');
  });

  it('takes eval and Function frames to the line of the eval call', () => {
    const { frames, format } = parseStackTrace([
      'evaluated@https://example.com/static/app.js line 40 > eval:1:7',
      '@https://example.com/static/app.js line 41 > eval:2:1',
      'anonymous@https://example.com/static/app.js line 50 > Function:3:12',
      'deep@https://example.com/static/app.js line 60 > eval line 1 > eval line 2 > eval:1:1',
      'caller@https://example.com/static/app.js:40:3',
    ].join('\n'));
    expect(format).toBe('spidermonkey');
    expect(frames.map(({ function: fn, abs_path, lineno, colno, eval: isEval }) => [fn, abs_path, lineno, colno, isEval])).toEqual([
      ['evaluated', 'https://example.com/static/app.js', 40, null, true],
      [null, 'https://example.com/static/app.js', 41, null, true],
      ['anonymous', 'https://example.com/static/app.js', 50, null, true],
      ['deep', 'https://example.com/static/app.js', 60, null, true],
      ['caller', 'https://example.com/static/app.js', 40, 3, undefined],
    ]);
  });

  it('marks async frames and keeps their function', () => {
    const { frames } = parseStackTrace([
      'one@https://example.com/app.js:8:9',
      'async*two@https://example.com/app.js:9:9',
      'promise callback*three@https://example.com/app.js:10:9',
      'setTimeout handler*@https://example.com/app.js:11:3',
      'EventListener.handleEvent*init@https://example.com/app.js:12:5',
    ].join('\n'));
    expect(frames.map(({ function: fn, async: isAsync, lineno }) => [fn, isAsync ?? false, lineno])).toEqual([
      ['one', false, 8],
      ['two', true, 9],
      ['three', true, 10],
      [null, true, 11],
      ['init', true, 12],
    ]);
  });

  it('reads WebAssembly frames', () => {
    const { frames } = parseStackTrace('add@https://example.com/x.wasm:wasm-function[1]:0x56\n@https://example.com/app.js:1:1');
    expect(frames[0]).toMatchObject({ function: 'add', abs_path: 'https://example.com/x.wasm', lineno: 1, colno: 0x57 });
  });
});

describe('JavaScriptCore (Safari) traces', () => {
  it('reads named, bare anonymous, native and global-code frames', () => {
    const parsed = parseStackTrace([
      'handleClick@https://example.com/static/app.js:10:24',
      'https://example.com/static/app.js:20:9',
      'map@[native code]',
      'global code@https://example.com/static/app.js:30:4',
    ].join('\n'));
    expect(parsed.format).toBe('jsc');
    expect(parsed.message).toBeNull();
    expect(parsed.frames.map(({ function: fn, abs_path, lineno, colno, native }) => [fn, abs_path, lineno, colno, native ?? false])).toEqual([
      ['handleClick', 'https://example.com/static/app.js', 10, 24, false],
      [null, 'https://example.com/static/app.js', 20, 9, false],
      ['map', null, null, null, true],
      ['global code', 'https://example.com/static/app.js', 30, 4, false],
    ]);
  });

  it('reads eval code and [native code] lines', () => {
    const { frames, format } = parseStackTrace([
      'eval code',
      'eval@[native code]',
      'runEval@https://example.com/static/app.js:40:9',
      'module code@https://example.com/static/main.mjs:2:1',
      '[native code]',
    ].join('\n'));
    expect(format).toBe('jsc');
    expect(frames.map(({ function: fn, abs_path, eval: isEval, native }) => [fn, abs_path, isEval ?? false, native ?? false])).toEqual([
      ['eval code', null, true, false],
      ['eval', null, true, true],
      ['runEval', 'https://example.com/static/app.js', false, false],
      ['module code', 'https://example.com/static/main.mjs', false, false],
      [null, null, false, true],
    ]);
  });

  it('keeps a message that precedes the frames', () => {
    const parsed = parseStackTrace('TypeError: undefined is not an object (evaluating \'a.b\')\nf@https://x.example/a.js:1:2');
    expect(parsed.message).toBe("TypeError: undefined is not an object (evaluating 'a.b')");
    expect(parsed.frames).toHaveLength(1);
    expect(parseStackTrace('Error: mail foo@bar.example failed').frames).toEqual([]);
    // A message with an "@" and something like a position is not a frame.
    const message = parseStackTrace('Error: cannot reach admin@db.example:5432\nf@https://x.example/a.js:1:2');
    expect(message.message).toBe('Error: cannot reach admin@db.example:5432');
    expect(message.frames.map((frame) => frame.function)).toEqual(['f']);
    expect(parseStackTrace('see https://x.example/a b.js:1:2').frames).toEqual([]);
  });
});

describe('no frames', () => {
  it('gives the text as the message and format unknown', () => {
    expect(parseStackTrace('Error: no stack')).toEqual({ message: 'Error: no stack', frames: [], format: 'unknown' });
    expect(parseStackTrace('')).toEqual({ message: null, frames: [], format: 'unknown' });
    expect(parseStackTrace('\n\n')).toEqual({ message: null, frames: [], format: 'unknown' });
    expect(parseStackTrace(42 as unknown as string)).toEqual({ message: null, frames: [], format: 'unknown' });
  });
});

describe('normalizeFrames', () => {
  it('reads frames as Sentry sends them', () => {
    const frames = normalizeFrames([
      { abs_path: 'https://example.com/static/app.js', filename: '/static/app.js', lineno: 10, colno: 15, function: 'handleClick', in_app: true },
      { filename: 'app:///main.js', lineno: '12', colno: '3', module: 'main' },
      { abs_path: 'https://example.com/a.js', lineno: 1 },
    ]);
    expect(frames).toEqual([
      { function: 'handleClick', abs_path: 'https://example.com/static/app.js', lineno: 10, colno: 15 },
      { function: null, abs_path: 'app:///main.js', lineno: 12, colno: 3 },
      { function: null, abs_path: 'https://example.com/a.js', lineno: 1, colno: null },
    ]);
    expect(frames[0].new).toBeUndefined();
  });

  it('accepts error-stack-parser field names', () => {
    expect(normalizeFrames([{ functionName: 'f', fileName: 'https://x.example/a.js', lineNumber: 3, columnNumber: 4 }])).toEqual([
      { function: 'f', abs_path: 'https://x.example/a.js', lineno: 3, colno: 4 },
    ]);
  });

  it('turns invalid values into null, keeping one frame per item', () => {
    const frames = normalizeFrames([
      null,
      'at f (a.js:1:2)',
      42,
      { function: '', abs_path: '', lineno: 0, colno: -1 },
      { function: 7, abs_path: ['x'], lineno: 1.5, colno: Number.NaN },
      { abs_path: 'a.js', lineno: '1e3', colno: ' 2' },
      { abs_path: 'a.js', lineno: Number.MAX_SAFE_INTEGER + 2, colno: Infinity },
      { abs_path: 'a.js', lineno: '99999999999999999999' },
    ]);
    expect(frames).toHaveLength(8);
    for (const frame of frames) {
      expect(frame.function).toBeNull();
      expect(frame.lineno).toBeNull();
      expect(frame.colno).toBeNull();
    }
    expect(frames.slice(0, 5).every((frame) => frame.abs_path === null)).toBe(true);
    expect(normalizeFrames('nope' as unknown as unknown[])).toEqual([]);
  });

  it('reads own data only, and survives throwing getters and proxies', () => {
    const inherited = Object.create({ abs_path: 'https://evil.example/x.js', lineno: 1 }) as object;
    const throwing = Object.defineProperty({ lineno: 5 }, 'abs_path', { enumerable: true, get() { throw new Error('no'); } });
    const proxy = new Proxy({}, { getOwnPropertyDescriptor() { throw new Error('trap'); }, get() { throw new Error('trap'); } });
    expect(normalizeFrames([inherited, throwing, proxy])).toEqual([
      { function: null, abs_path: null, lineno: null, colno: null },
      { function: null, abs_path: null, lineno: 5, colno: null },
      { function: null, abs_path: null, lineno: null, colno: null },
    ]);
  });

  it('round-trips parsed frames, flags and raw text included', () => {
    const parsed = parseStackTrace('Error: x\n    at new Foo (file:///a.js:1:2)\n    at async bar (file:///a.js:3:4)\n    at eval (eval at baz (file:///a.js:5:6), <anonymous>:1:1)\n    at Array.map (<anonymous>)');
    const copy = JSON.parse(JSON.stringify(parsed.frames)) as unknown[];
    expect(normalizeFrames(copy)).toEqual(parsed.frames);
    expect(normalizeFrames(copy)[0].new).toBe(true);
  });
});
