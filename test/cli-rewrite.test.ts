// `sourcemap-wasm rewrite`, run as a user would (the built dist/cli.js), on esbuild output and
// on maps written for the case. Answers are compared with SourceMap before and after.
// `npm run build` must have run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceMap } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');

function run(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', input: options.input });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SOURCES: Record<string, string> = {
  'src/util.ts': `export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
`,
  'src/app.ts': `import { clamp } from './util';

export function volume(input: string): number {
  const level = clamp(Number(input), 0, 11);
  console.log(\`volume \${level}\`);
  return level;
}

volume(process.argv[2] ?? '5');
`,
  'src/other.ts': `export const greet = (name: string) => \`hello, \${name}\`;
console.log(greet('world'));
`,
};

let temp: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the tests`);
  temp = realpathSync(mkdtempSync(join(tmpdir(), 'sourcemap-wasm-cli-rewrite-')));
});

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

/** A fresh project directory with the sources. */
function project(name: string): string {
  const dir = join(temp, name);
  for (const [file, text] of Object.entries(SOURCES)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

async function bundle(entry: string, outfile: string, sourcesContent: boolean): Promise<void> {
  await build({ entryPoints: [entry], outfile, bundle: true, minify: true, sourcemap: 'external', sourcesContent, platform: 'node', format: 'esm', logLevel: 'silent' });
}

/** Every mapping of `before`, and positions around them, answer the same in `after`. */
function expectSameAnswers(before: SourceMap, after: SourceMap): void {
  const positions: [number, number][] = [];
  before.eachMapping((mapping) => {
    positions.push([mapping.generatedLine, mapping.generatedColumn], [mapping.generatedLine, mapping.generatedColumn + 1]);
  });
  expect(positions.length).toBeGreaterThan(10);
  for (const [line, column] of [...positions, [1, 0], [2, 0], [3, 5], [50, 0]] as [number, number][]) {
    expect(after.originalPositionFor({ line, column }), `${line}:${column}`).toEqual(before.originalPositionFor({ line, column }));
    expect(after.originalPositionFor({ line, column, bias: -1 }), `${line}:${column} lub`).toEqual(before.originalPositionFor({ line, column, bias: -1 }));
  }
  expect(after.segmentCount).toBe(before.segmentCount);
}

describe('rewrite: embedding sourcesContent', () => {
  it('embeds the sources from files next to the map, keeping everything else as it is', async () => {
    const dir = project('embed');
    await bundle(join(dir, 'src/app.ts'), join(dir, 'app.js'), false);
    const mapFile = join(dir, 'app.js.map');
    const input = readFileSync(mapFile, 'utf8');
    const original = JSON.parse(input);
    expect(original.sourcesContent).toBeUndefined();
    expect(original.sources).toEqual(['src/util.ts', 'src/app.ts']);

    const { status, stdout, stderr } = run(['rewrite', mapFile]);
    expect(status).toBe(0);
    const output = JSON.parse(stdout);
    // Only sourcesContent is new, right after sources; every other field as it was.
    expect(Object.keys(output)).toEqual([...Object.keys(original).slice(0, 2), 'sourcesContent', ...Object.keys(original).slice(2)]);
    expect(output).toEqual({ ...original, sourcesContent: [SOURCES['src/util.ts'], SOURCES['src/app.ts']] });
    expect(stderr).toBe(
      `${mapFile}: rewritten to standard output:\n` +
      `  embed src/util.ts (${SOURCES['src/util.ts'].length} bytes, from ${join(dir, 'src/util.ts')})\n` +
      `  embed src/app.ts (${SOURCES['src/app.ts'].length} bytes, from ${join(dir, 'src/app.ts')})\n`,
    );
    const url = pathToFileURL(mapFile).href;
    expectSameAnswers(new SourceMap(input, { url }), new SourceMap(stdout, { url }));
  });

  it('keeps raw source names and sourceRoot, and reads only inside the map\'s directory tree', () => {
    const dir = project('outside');
    const maps = join(dir, 'maps');
    mkdirSync(join(maps, 'lib'), { recursive: true });
    writeFileSync(join(maps, 'lib/inside.ts'), 'export const inside = true;\n');
    writeFileSync(join(dir, 'secret.txt'), 'do not read me\n');
    symlinkSync(join(dir, 'secret.txt'), join(maps, 'lib/link.ts'));
    const map = {
      version: 3,
      file: 'bundle.js',
      sourceRoot: './',
      sources: ['lib/inside.ts', '../src/util.ts', '../../../../../../../../../../etc/passwd', 'lib/link.ts', 'lib/gone.ts'],
      names: ['inside'],
      mappings: 'AAAA,CCAA,CCAA,CCAA,CCAAA',
      x_custom: { kept: true },
    };
    const mapFile = join(maps, 'bundle.js.map');
    writeFileSync(mapFile, JSON.stringify(map));

    const { status, stdout, stderr } = run(['rewrite', 'bundle.js.map'], { cwd: maps });
    expect(status).toBe(1); // sources were left without content; the map is still written
    const output = JSON.parse(stdout);
    expect(output).toEqual({ ...map, sourcesContent: ['export const inside = true;\n', null, null, null, null] });
    expect(stdout).not.toContain('do not read me');
    expect(stdout).not.toContain('root:');
    const outsideRoot = 'outside ' + maps + ' (--allow-outside reads it)';
    expect(stderr.split('\n')).toEqual([
      'bundle.js.map: rewritten to standard output:',
      `  embed lib/inside.ts (28 bytes, from lib/inside.ts)`,
      `  ! cannot embed ../src/util.ts: it resolves to ${join(dir, 'src/util.ts')}, ${outsideRoot}`,
      `  ! cannot embed ../../../../../../../../../../etc/passwd: it resolves to /etc/passwd, ${outsideRoot}`,
      `  ! cannot embed lib/link.ts: lib/link.ts is a link to ${join(dir, 'secret.txt')}, ${outsideRoot}`,
      '  ! cannot embed lib/gone.ts: lib/gone.ts: no such file',
      '4 sources left without content',
      '',
    ]);

    // --root widens the tree: the project's src/ and the link's target are inside it now.
    const widened = run(['rewrite', mapFile, '--root', dir]);
    expect(widened.status).toBe(1);
    expect(JSON.parse(widened.stdout).sourcesContent).toEqual(['export const inside = true;\n', SOURCES['src/util.ts'], null, 'do not read me\n', null]);
    expect(widened.stderr).toContain('! cannot embed ../../../../../../../../../../etc/passwd: it resolves to /etc/passwd, outside');
  });

  it('reads outside the tree with --allow-outside', () => {
    const dir = project('allow');
    mkdirSync(join(dir, 'dist'));
    const mapFile = join(dir, 'dist/app.js.map');
    writeFileSync(mapFile, JSON.stringify({ version: 3, sources: ['../src/other.ts'], names: [], mappings: 'AAAA' }));
    const { status, stdout } = run(['rewrite', mapFile, '--allow-outside']);
    expect(status).toBe(0);
    expect(JSON.parse(stdout).sourcesContent).toEqual([SOURCES['src/other.ts']]);
  });

  it('keeps sourcesContent that is there, and fills the gaps', () => {
    const dir = project('gaps');
    const mapFile = join(dir, 'app.js.map');
    const sources = ['src/util.ts', 'src/app.ts', null, 'webpack://app/virtual.ts'];
    writeFileSync(mapFile, JSON.stringify({ version: 3, sources, sourcesContent: ['embedded already'], names: [], mappings: 'AAAA,CCAA' }));
    const { status, stdout, stderr } = run(['rewrite', mapFile]);
    expect(status).toBe(1);
    expect(JSON.parse(stdout).sourcesContent).toEqual(['embedded already', SOURCES['src/app.ts'], null, null]);
    expect(stderr).toContain('  1 source already embedded\n');
    expect(stderr).toContain('  ! cannot embed webpack://app/virtual.ts: webpack://app/virtual.ts is not a file on disk\n');
  });
});

describe('rewrite: )]}\' and index maps', () => {
  it("drops the )]}' line", () => {
    const dir = project('xssi');
    const body = { version: 3, sources: ['src/util.ts'], sourcesContent: [SOURCES['src/util.ts']], names: [], mappings: 'AAAA' };
    const mapFile = join(dir, 'app.js.map');
    writeFileSync(mapFile, `)]}'\n${JSON.stringify(body)}`);
    const { status, stdout, stderr } = run(['rewrite', mapFile]);
    expect(status).toBe(0);
    expect(stdout).toBe(JSON.stringify(body));
    expect(stderr).toContain("drop the )]}' line (an XSSI guard)");
  });

  it('flattens an index map into a regular map with the same answers', async () => {
    const dir = project('index');
    mkdirSync(join(dir, 'out'));
    await bundle(join(dir, 'src/app.ts'), join(dir, 'out/a.js'), true);
    await bundle(join(dir, 'src/other.ts'), join(dir, 'out/b.js'), false);
    const a = JSON.parse(readFileSync(join(dir, 'out/a.js.map'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'out/b.js.map'), 'utf8'));
    // Two bundles concatenated, one per line; each section with a sourceRoot of its own.
    const index = {
      version: 3,
      file: 'all.js',
      debugId: '85314830-023f-4cf1-a267-535f4e37bb17',
      sections: [
        { offset: { line: 0, column: 0 }, map: { ...a, sources: a.sources.map((s: string) => s.replace(/^\.\.\//, '')), sourceRoot: '..', ignoreList: [0] } },
        { offset: { line: 1, column: 0 }, map: { ...b, sources: b.sources.map((s: string) => s.replace(/^\.\.\/src\//, '')), sourceRoot: '../src/' } },
      ],
    };
    const mapFile = join(dir, 'out/all.js.map');
    const input = `)]}'\n${JSON.stringify(index)}`;
    writeFileSync(mapFile, input);

    const { status, stdout, stderr } = run(['rewrite', mapFile, '-o', join(dir, 'out/flat.js.map')]);
    expect(stderr).toContain('flatten an index map of 2 sections into a regular map (3 sources, ');
    expect(status).toBe(1); // b's source is outside out/: not embedded (see --root below)
    expect(stdout).toBe('');
    const flat = JSON.parse(readFileSync(join(dir, 'out/flat.js.map'), 'utf8'));
    expect(flat.sections).toBeUndefined();
    // The sections' sources with their sourceRoots applied; file, names, ignoreList, debugId kept.
    expect(flat.sources).toEqual(['../src/util.ts', '../src/app.ts', '../src/other.ts']);
    expect(flat.file).toBe('all.js');
    expect(flat.debugId).toBe(index.debugId);
    expect(flat.ignoreList).toEqual([0]);
    expect(flat.names).toEqual([...a.names, ...b.names]);
    // a's sources were embedded; b's source is read from the file (../src is outside out/: --root).
    expect(flat.sourcesContent).toEqual([SOURCES['src/util.ts'], SOURCES['src/app.ts'], null]);
    expect(stderr).toContain('! cannot embed ../src/other.ts: it resolves to');

    const url = pathToFileURL(mapFile).href;
    const before = new SourceMap(input, { url });
    const after = new SourceMap(readFileSync(join(dir, 'out/flat.js.map')), { url });
    expect(after.sources).toEqual(before.sources);
    expectSameAnswers(before, after);
    expect(after.isIgnored(after.sources[0]!)).toBe(true);

    const rooted = run(['rewrite', mapFile, '--root', dir]);
    expect(rooted.status).toBe(0);
    expect(JSON.parse(rooted.stdout).sourcesContent).toEqual([SOURCES['src/util.ts'], SOURCES['src/app.ts'], SOURCES['src/other.ts']]);
  });
});

describe('rewrite: where the output goes', () => {
  it('--dry-run reports what would change and writes nothing', () => {
    const dir = project('dry');
    const mapFile = join(dir, 'app.js.map');
    const text = `)]}'\n${JSON.stringify({ version: 3, sources: ['src/util.ts', 'src/nope.ts'], names: [], mappings: 'AAAA' })}`;
    writeFileSync(mapFile, text);
    const { status, stdout, stderr } = run(['rewrite', mapFile, '--dry-run']);
    expect(status).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      `${mapFile}: would be rewritten (dry run, nothing written):\n` +
      "  drop the )]}' line (an XSSI guard)\n" +
      `  embed src/util.ts (${SOURCES['src/util.ts'].length} bytes, from ${join(dir, 'src/util.ts')})\n` +
      `  ! cannot embed src/nope.ts: ${join(dir, 'src/nope.ts')}: no such file\n` +
      '1 source left without content\n',
    );
    expect(readFileSync(mapFile, 'utf8')).toBe(text);

    const clean = join(dir, 'clean.js.map');
    writeFileSync(clean, JSON.stringify({ version: 3, sources: ['src/util.ts'], sourcesContent: ['x'], names: [], mappings: 'AAAA' }));
    const nothing = run(['rewrite', clean, '--dry-run']);
    expect(nothing.status).toBe(0);
    expect(nothing.stdout).toBe(`${clean}: nothing to change\n  1 source already embedded\n`);
  });

  it('--in-place replaces the file, and leaves it alone when nothing changes', () => {
    const dir = project('in-place');
    const mapFile = join(dir, 'app.js.map');
    writeFileSync(mapFile, `)]}'\n${JSON.stringify({ version: 3, sources: ['src/util.ts'], names: [], mappings: 'AAAA' })}`);
    const first = run(['rewrite', mapFile, '--in-place']);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain(`${mapFile}: rewritten to ${mapFile} (in place):`);
    const written = readFileSync(mapFile, 'utf8');
    expect(JSON.parse(written)).toEqual({ version: 3, sources: ['src/util.ts'], sourcesContent: [SOURCES['src/util.ts']], names: [], mappings: 'AAAA' });
    const mtime = statSync(mapFile).mtimeMs;
    const again = run(['rewrite', mapFile, '--in-place']);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe(`${mapFile}: nothing to change; left as it is\n  1 source already embedded\n`);
    expect(statSync(mapFile).mtimeMs).toBe(mtime);
    expect(readFileSync(mapFile, 'utf8')).toBe(written);
  });

  it('writes a map that needs no change byte for byte, and reads standard input', () => {
    const dir = project('stdin');
    const pretty = `${JSON.stringify({ version: 3, sources: ['src/util.ts'], sourcesContent: ['x'], names: [], mappings: 'AAAA' }, null, 2)}\n`;
    const same = run(['rewrite', '-'], { input: pretty, cwd: dir });
    expect(same.status).toBe(0);
    expect(same.stdout).toBe(pretty);
    // From standard input, sources resolve against the current directory.
    const embed = run(['rewrite', '-'], { input: JSON.stringify({ version: 3, sources: ['src/util.ts'], names: [], mappings: 'AAAA' }), cwd: dir });
    expect(embed.status).toBe(0);
    expect(JSON.parse(embed.stdout).sourcesContent).toEqual([SOURCES['src/util.ts']]);
  });
});

describe('rewrite: errors', () => {
  it('exits 1 for an invalid map and writes nothing', () => {
    const dir = project('invalid');
    const mapFile = join(dir, 'bad.js.map');
    writeFileSync(mapFile, JSON.stringify({ version: 3, sources: ['src/util.ts'], names: [], mappings: 'AAAA;AA' }));
    const out = join(dir, 'out.map');
    const { status, stdout, stderr } = run(['rewrite', mapFile, '-o', out]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('is not a valid source map; nothing written');
    expect(stderr).toContain('INVALID_SEGMENT');
    expect(stderr).toContain('byte offset 5, generated line 2, segment 0');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 for usage errors and unreadable files', () => {
    const cases: [string[], string][] = [
      [['rewrite'], 'rewrite needs a source map file'],
      [['rewrite', 'a.map', 'b.map'], 'one source map'],
      [['rewrite', 'a.map', '--in-place', '-o', 'b.map'], 'contradict'],
      [['rewrite', '-', '--in-place'], '--in-place needs a file'],
      [['rewrite', 'a.map', '--dry-run', '--in-place'], '--dry-run writes nothing'],
      [['rewrite', join(temp, 'missing.map')], 'no such file'],
      [['rewrite', temp], 'is a directory'],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = run(args, { input: '' });
      expect(status, args.join(' ')).toBe(2);
      expect(stderr).toContain(message);
    }
  });

  it('prints its help', () => {
    for (const args of [['rewrite', '--help'], ['help', 'rewrite'], ['rewrite', '-h']]) {
      const { status, stdout } = run(args);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^Usage: sourcemap-wasm rewrite <file.map>/);
      for (const option of ['--in-place', '--dry-run', '--allow-outside', '-o, --output <file>', 'Exit status:']) expect(stdout).toContain(option);
    }
  });
});
