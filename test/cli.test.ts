// The built CLI (dist/cli.js), run as a user would: `npm run build` must have run first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const MAP = 'fixtures/example/app.min.js.map';
const MAP_PATH = join(ROOT, MAP);

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// What @jridgewell/trace-mapping answers, with sources shown as the CLI shows them by
// default: resolved against the map file, as paths relative to the current directory.
const reference = new TraceMap(readFileSync(MAP_PATH, 'utf8'), pathToFileURL(MAP_PATH).href);
function expected(line: number, column: number, bias: 'glb' | 'lub' = 'glb') {
  const original = originalPositionFor(reference, {
    line,
    column,
    bias: bias === 'glb' ? GREATEST_LOWER_BOUND : LEAST_UPPER_BOUND,
  });
  const source = original.source === null ? null : relative(ROOT, fileURLToPath(original.source)).replaceAll('\\', '/');
  return { source, line: original.line, column: original.column, name: original.name };
}

function human(text: string, original: ReturnType<typeof expected>): string {
  if (original.source === null) return `${text} -> (unmapped)`;
  return `${text} -> ${original.source}:${original.line}:${original.column}${original.name === null ? '' : ` (${original.name})`}`;
}

// The start script's positions, then a sweep of the minified line, its end, and the lines past it.
const firstLineLength = readFileSync(join(ROOT, 'fixtures/example/app.min.js'), 'utf8').split('\n')[0].length;
const POSITIONS: [number, number][] = [
  [1, 120], [1, 2500], [1, 6561],
  ...Array.from({ length: Math.ceil(firstLineLength / 97) }, (_, i): [number, number] => [1, i * 97]),
  [1, firstLineLength - 1], [1, firstLineLength + 100], [2, 0], [3, 0], [100, 5],
];
const ARGS = POSITIONS.map(([line, column]) => `${line}:${column}`);

let tmp: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the tests`);
  tmp = mkdtempSync(join(tmpdir(), 'sourcemap-wasm-cli-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('lookup', () => {
  it('answers as @jridgewell/trace-mapping for the example fixture (glb, the default)', () => {
    const { status, stdout, stderr } = run(['lookup', MAP, ...ARGS]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const want = POSITIONS.map(([line, column], i) => human(ARGS[i], expected(line, column)));
    expect(stdout.split('\n')).toEqual([...want, '']);
  });

  it('answers as @jridgewell/trace-mapping with --bias lub', () => {
    const { status, stdout } = run(['lookup', MAP, ...ARGS, '--bias', 'lub']);
    expect(status).toBe(0);
    const want = POSITIONS.map(([line, column], i) => human(ARGS[i], expected(line, column, 'lub')));
    expect(stdout.split('\n')).toEqual([...want, '']);
  });

  it('maps the start script positions somewhere meaningful', () => {
    const { stdout } = run(['lookup', MAP, '1:120', '1:2500', '1:6561', '2:0']);
    expect(stdout).toBe(
      '1:120 -> node_modules/@jridgewell/sourcemap-codec/src/vlq.ts:8:22\n' +
      '1:2500 -> node_modules/@jridgewell/resolve-uri/src/resolve-uri.ts:96:0\n' +
      '1:6561 -> fixtures/example-src/app.ts:13:21 (originalPositionFor)\n' +
      '2:0 -> (unmapped)\n',
    );
  });

  it('prints a JSON array with --json', () => {
    const { status, stdout } = run(['lookup', MAP, '--json', '1:6561', '2:0']);
    expect(status).toBe(0);
    const entries = JSON.parse(stdout);
    expect(entries).toEqual([
      { generated: { line: 1, column: 6561 }, original: expected(1, 6561) },
      { generated: { line: 2, column: 0 }, original: { source: null, line: null, column: null, name: null } },
    ]);
    expect(entries[0].original).toEqual({ source: 'fixtures/example-src/app.ts', line: 13, column: 21, name: 'originalPositionFor' });
    for (const entry of entries) {
      expect(Object.keys(entry)).toEqual(['generated', 'original']);
      expect(Object.keys(entry.original)).toEqual(['source', 'line', 'column', 'name']);
    }
  });

  it('resolves sources against --url and prints them as URLs', () => {
    const url = 'https://example.com/assets/app.min.js.map';
    const { status, stdout } = run(['lookup', MAP, '1:6561', '--url', url]);
    expect(status).toBe(0);
    expect(stdout).toBe('1:6561 -> https://example.com/example-src/app.ts:13:21 (originalPositionFor)\n');
  });

  it('reads the map from standard input with "-"', () => {
    const { status, stdout } = run(['lookup', '-', '1:6561'], readFileSync(MAP_PATH, 'utf8'));
    expect(status).toBe(0);
    // Without --url, stdin's sources resolve against the current directory: this one is
    // outside it, so it is shown as an absolute path.
    const source = fileURLToPath(new URL('../example-src/app.ts', pathToFileURL(ROOT)));
    expect(stdout).toBe(`1:6561 -> ${source}:13:21 (originalPositionFor)\n`);
  });
});

describe('help and version', () => {
  it('prints the program help with --help and exits 0', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const { status, stdout } = run(args);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^Usage: sourcemap-wasm <command>/);
      expect(stdout).toContain('lookup <file.map> <line:column>...');
    }
  });

  it('prints the lookup help with lookup --help and exits 0', () => {
    for (const args of [['lookup', '--help'], ['lookup', '-h'], ['help', 'lookup']]) {
      const { status, stdout } = run(args);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^Usage: sourcemap-wasm lookup <file.map> <line:column>\.\.\./);
      expect(stdout).toContain('--bias glb|lub');
      expect(stdout).toContain('--url <url>');
    }
  });

  it('lists every command, and the exit status of each, in the program help', () => {
    const { stdout } = run(['--help']);
    for (const synopsis of ['symbolicate [file|-]', 'validate <dir>', 'rewrite <file.map>', 'help [command]']) expect(stdout).toContain(synopsis);
    expect(stdout).toContain('Exit status:');
    for (const command of ['lookup:', 'symbolicate:', 'validate:', 'rewrite:']) expect(stdout).toContain(command);
  });

  it('prints each command\'s help with help <command>, and refuses an unknown one', () => {
    for (const command of ['lookup', 'symbolicate', 'validate', 'rewrite']) {
      const viaHelp = run(['help', command]);
      const viaOption = run([command, '--help']);
      expect(viaHelp.status).toBe(0);
      expect(viaHelp.stdout).toBe(viaOption.stdout);
      expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: sourcemap-wasm ${command} `));
      expect(viaHelp.stdout).toContain('Exit status');
    }
    const unknown = run(['help', 'frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it('prints the version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const { status, stdout } = run(['--version']);
    expect(status).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });
});

describe('usage errors exit 2', () => {
  it('rejects an unknown command', () => {
    const { status, stdout, stderr } = run(['frobnicate', MAP, '1:1']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("unknown command 'frobnicate'");
  });

  it('prints the help to stderr without a command', () => {
    const { status, stdout, stderr } = run([]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: sourcemap-wasm/);
  });

  it.each([['1x:5'], ['1'], ['1:'], [':5'], ['0:5'], ['1:5:7'], ['-1:0'], ['1:-1'], ['1:99999999999']])(
    'rejects the position %s',
    (position) => {
      const { status, stdout, stderr } = run(['lookup', MAP, '1:0', position]);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`invalid position '${position}'`);
    },
  );

  it('rejects a bad --bias, an unknown option and missing arguments', () => {
    expect(run(['lookup', MAP, '1:0', '--bias', 'middle']).stderr).toContain('--bias must be glb or lub');
    expect(run(['lookup', MAP, '1:0', '--bias', 'middle']).status).toBe(2);
    const unknown = run(['lookup', MAP, '1:0', '--frob']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("'--frob'");
    const noPosition = run(['lookup', MAP]);
    expect(noPosition.status).toBe(2);
    expect(noPosition.stderr).toContain('at least one <line:column>');
    const nothing = run(['lookup']);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('needs a source map file');
  });

  it('exits 2 for a missing file or a directory', () => {
    const missing = run(['lookup', join(tmp, 'missing.map'), '1:0']);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('cannot read');
    expect(missing.stderr).toContain('no such file');
    const directory = run(['lookup', tmp, '1:0']);
    expect(directory.status).toBe(2);
    expect(directory.stderr).toContain('is a directory');
  });
});

describe('invalid maps exit 1', () => {
  it('prints the code, the message and where for invalid mappings', () => {
    const file = join(tmp, 'bad.map');
    writeFileSync(file, JSON.stringify({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA;AA' }));
    const { status, stdout, stderr } = run(['lookup', file, '1:0']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('INVALID_SEGMENT');
    expect(stderr).toContain('a segment of 2 fields');
    expect(stderr).toContain('byte offset 5, generated line 2, segment 0');
    expect(stderr).toContain('--lenient');
  });

  it('reads it with --lenient, warning on stderr', () => {
    const file = join(tmp, 'bad.map');
    writeFileSync(file, JSON.stringify({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA;AA' }));
    const { status, stdout, stderr } = run(['lookup', file, '1:0', '2:0', '--lenient', '--url', 'https://example.com/bad.map']);
    expect(status).toBe(0);
    expect(stdout).toBe('1:0 -> https://example.com/a.js:1:0\n2:0 -> (unmapped)\n');
    expect(stderr).toContain('warning: INVALID_SEGMENT');
  });

  it('reports a map that is not JSON, or lacks a field', () => {
    const notJson = join(tmp, 'not-json.map');
    writeFileSync(notJson, 'not json');
    const a = run(['lookup', notJson, '1:0']);
    expect(a.status).toBe(1);
    expect(a.stderr).toContain('INVALID_JSON');
    const noMappings = join(tmp, 'no-mappings.map');
    writeFileSync(noMappings, '{"version":3,"sources":[]}');
    const b = run(['lookup', noMappings, '1:0']);
    expect(b.status).toBe(1);
    expect(b.stderr).toContain('MISSING_FIELD');
    expect(b.stderr).not.toContain('--lenient');
  });
});
