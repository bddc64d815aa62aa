// `sourcemap-wasm validate`, run as a user would (the built dist/cli.js), on a real esbuild
// build directory and on broken copies of it. `npm run build` must have run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');

function run(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Report {
  directory: string;
  ok: boolean;
  files: { path: string; kind: string; ok: boolean; note: string; problems: { severity: string; code: string; message: string; offset?: number; generatedLine?: number; segment?: number; field?: string }[] }[];
  summary: { files: number; ok: number; failed: number; errors: number; warnings: number };
}

const SOURCES: Record<string, string> = {
  'src/format.ts': `export function formatPrice(cents: number): string {
  if (!Number.isInteger(cents)) throw new RangeError(\`not a whole number of cents: \${cents}\`);
  return \`$\${(cents / 100).toFixed(2)}\`;
}
`,
  'src/app.ts': `import { formatPrice } from './format';

export function render(prices: number[]): string {
  return prices.map(formatPrice).join(', ');
}

console.log(render([100, 2550, 99]));
`,
  'src/widget.ts': `export const widget = (name: string) => \`<div class="widget">\${name.toUpperCase()}</div>\`;
console.log(widget('hello'));
`,
  'src/styles.css': `.widget {
  color: rebeccapurple;
  padding: 4px 8px;
}

.widget:hover {
  color: black;
}
`,
};

let temp: string;
let valid: string; // an esbuild build directory: linked maps, an inline map, a stylesheet

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the tests`);
  temp = realpathSync(mkdtempSync(join(tmpdir(), 'sourcemap-wasm-cli-validate-')));
  for (const [name, text] of Object.entries(SOURCES)) {
    mkdirSync(join(temp, name, '..'), { recursive: true });
    writeFileSync(join(temp, name), text);
  }
  valid = join(temp, 'valid');
  const common = { bundle: true, minify: true, logLevel: 'silent', platform: 'browser', format: 'esm' } as const;
  await build({ ...common, entryPoints: [join(temp, 'src/app.ts'), join(temp, 'src/styles.css')], outdir: join(valid, 'assets'), sourcemap: 'linked' });
  await build({ ...common, entryPoints: [join(temp, 'src/widget.ts')], outfile: join(valid, 'assets/widget.js'), sourcemap: 'inline' });
  // Files that are not minified, or not code, are fine without maps.
  writeFileSync(join(valid, 'sw.js'), "self.addEventListener('fetch', () => {});\n");
  writeFileSync(join(valid, 'index.html'), '<script type="module" src="assets/app.js"></script>\n');
});

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

/** A copy of the valid build, to break. */
function copy(name: string): string {
  const dir = join(temp, name);
  cpSync(valid, dir, { recursive: true });
  return dir;
}

const bigLine = (n: number) => `var a=[${Array.from({ length: n }, (_, i) => i).join(',')}];console.log(a.length);\n`;

describe('validate: a valid build', () => {
  it('reports every file ok and exits 0', () => {
    const { status, stdout, stderr } = run(['validate', valid]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'ok    assets/app.js  (map assets/app.js.map)',
      'ok    assets/app.js.map  (2 sources, all embedded)',
      'ok    assets/styles.css  (map assets/styles.css.map)',
      'ok    assets/styles.css.map  (1 source, all embedded)',
      'ok    assets/widget.js  (inline map, data: URL)',
      'ok    sw.js  (no source map; not minified)',
      '',
      `6 files checked in ${valid} (2 maps, 3 scripts, 1 stylesheet, 1 other file skipped): all ok`,
      '',
    ]);
  });

  it('accepts sources on disk instead of embedded, and prints JSON with --json', () => {
    const dir = join(temp, 'no-content');
    // esbuild without sourcesContent: the sources resolve to ../src/*.ts, which exist.
    return build({ entryPoints: [join(temp, 'src/app.ts')], outdir: dir, bundle: true, minify: true, sourcemap: 'linked', sourcesContent: false, logLevel: 'silent' }).then(() => {
      const { status, stdout } = run(['validate', dir, '--json']);
      expect(status).toBe(0);
      const report: Report = JSON.parse(stdout);
      expect(report.ok).toBe(true);
      expect(report.directory).toBe(dir);
      expect(report.summary).toEqual({ files: 2, ok: 2, failed: 0, errors: 0, warnings: 0 });
      expect(report.files.map(({ path, kind, ok, note, problems }) => ({ path, kind, ok, note, problems }))).toEqual([
        { path: 'app.js', kind: 'js', ok: true, note: 'map app.js.map', problems: [] },
        { path: 'app.js.map', kind: 'map', ok: true, note: '2 sources, all on disk', problems: [] },
      ]);
    });
  });

  it('passes with warnings: a map on another host, a map not referenced, a source that is not a URL', () => {
    const dir = copy('warnings');
    const app = join(dir, 'assets/app.js');
    writeFileSync(app, readFileSync(app, 'utf8').replace('sourceMappingURL=app.js.map', 'sourceMappingURL=https://cdn.example.com/app.js.map'));
    const widget = join(dir, 'assets/widget.js');
    writeFileSync(widget, readFileSync(widget, 'utf8').replace(/\/\/# sourceMappingURL=.*\n?$/, ''));
    writeFileSync(`${widget}.map`, JSON.stringify({ version: 3, sources: ['http://[bad'], sourcesContent: ['x'], names: [], mappings: 'AAAA' }));
    const { status, stdout } = run(['validate', dir, '--json']);
    expect(status).toBe(0);
    const report: Report = JSON.parse(stdout);
    const problems = (path: string) => report.files.find((file) => file.path === path)?.problems.map(({ severity, code }) => `${severity} ${code}`);
    expect(problems('assets/app.js')).toEqual(['warning REMOTE_MAP']);
    expect(problems('assets/widget.js')).toEqual(['warning NO_REFERENCE']);
    expect(problems('assets/widget.js.map')).toEqual(['warning INVALID_FIELD']);
    expect(report.summary).toMatchObject({ failed: 0, errors: 0, warnings: 3 });
  });
});

describe('validate: broken builds exit 1 and list each problem', () => {
  let dir: string;
  let result: ReturnType<typeof run>;
  let report: Report;

  beforeAll(() => {
    dir = copy('broken');
    const assets = join(dir, 'assets');
    // 1. A map with a bad mapping: a segment of two fields, at byte 5, on generated line 2.
    const map = JSON.parse(readFileSync(join(assets, 'app.js.map'), 'utf8'));
    writeFileSync(join(assets, 'app.js.map'), JSON.stringify({ ...map, mappings: `AAAA;AA,${map.mappings}` }));
    // 2. A minified file whose sourceMappingURL names a map that is not there.
    writeFileSync(join(assets, 'vendor.js'), `${bigLine(200)}//# sourceMappingURL=vendor.js.map\n`);
    // 3. A map with a source that is neither embedded nor on disk (and one that is on disk).
    writeFileSync(join(assets, 'lib.js'), `${bigLine(200)}//# sourceMappingURL=maps/lib.js.map\n`);
    mkdirSync(join(assets, 'maps'));
    writeFileSync(join(assets, 'maps/lib.js.map'), JSON.stringify({
      version: 3, file: 'lib.js', sourceRoot: '../../..', sources: ['src/format.ts', 'src/missing.ts'], names: [], mappings: 'AAAA,CCAA',
    }));
    // 4. A minified file with no reference and no debug ID.
    writeFileSync(join(assets, 'orphan.min.js'), 'console.log(1);\n');
    // 5. An inline map that does not decode, and one that decodes to an invalid map.
    writeFileSync(join(assets, 'inline.js'), `${bigLine(10)}//# sourceMappingURL=data:application/json;base64,%%%%\n`);
    writeFileSync(join(assets, 'inline2.js'), `${bigLine(10)}//# sourceMappingURL=data:application/json,${encodeURIComponent('{"version":3,"sources":[],"names":[],"mappings":"AAAA"}')}\n`);
    // 6. A debug ID that no map has, and a map that is not JSON.
    writeFileSync(join(assets, 'ided.js'), `${bigLine(10)}//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\n`);
    writeFileSync(join(assets, 'garbage.map'), 'not json');
    result = run(['validate', dir]);
    report = JSON.parse(run(['validate', dir, '--json']).stdout);
  });

  it('exits 1', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(report.ok).toBe(false);
  });

  it('reports the bad mapping with its code and offset', () => {
    expect(result.stdout).toContain(
      'FAIL  assets/app.js.map\n        error INVALID_SEGMENT: Invalid mappings: a segment of 2 fields (a segment needs 1, 4 or 5) at byte 5 of mappings (generated line 2, segment 0) [byte offset 5, generated line 2, segment 0]\n',
    );
    const file = report.files.find((f) => f.path === 'assets/app.js.map');
    expect(file?.problems[0]).toMatchObject({ severity: 'error', code: 'INVALID_SEGMENT', offset: 5, generatedLine: 2, segment: 0 });
    // The file that links it is fine itself: the problem is listed once, with the map.
    expect(result.stdout).toContain('ok    assets/app.js  (map assets/app.js.map, which has problems)\n');
  });

  it('reports the missing map reference', () => {
    expect(result.stdout).toContain('FAIL  assets/vendor.js\n        error MAP_NOT_FOUND: its sourceMappingURL "vendor.js.map" names assets/vendor.js.map, which does not exist\n');
  });

  it('reports the missing source, not the one on disk', () => {
    expect(result.stdout).toContain(
      'FAIL  assets/maps/lib.js.map  (2 sources, 0 embedded, 1 on disk)\n' +
      `        error SOURCE_NOT_FOUND: source "src/missing.ts" is not embedded (no sourcesContent), and ${join(temp, 'src/missing.ts')} does not exist [field sources[1]]\n`,
    );
  });

  it('reports a minified file without a map, inline maps that fail, an unknown debug ID and a map that is not JSON', () => {
    expect(result.stdout).toContain('FAIL  assets/orphan.min.js\n        error NO_MAP: it looks minified, but has no sourceMappingURL comment and no debug ID\n');
    expect(result.stdout).toContain('FAIL  assets/inline.js\n        error INVALID_DATA_URL: its sourceMappingURL is a data: URL that does not decode\n');
    expect(result.stdout).toMatch(/FAIL {2}assets\/inline2\.js {2}\(inline map, data: URL\)\n {8}error SOURCE_OUT_OF_RANGE: .*\[byte offset 0, generated line 1, segment 0\]\n/);
    expect(result.stdout).toContain('FAIL  assets/ided.js  (debug ID 85314830-023f-4cf1-a267-535f4e37bb17)\n        error DEBUG_ID_NOT_FOUND: it declares debug ID 85314830-023f-4cf1-a267-535f4e37bb17, but no map in the directory has it\n');
    expect(result.stdout).toMatch(/FAIL {2}assets\/garbage\.map\n {8}error INVALID_JSON: The source map is not valid JSON/);
  });

  it('keeps the good files ok and sums it up', () => {
    expect(result.stdout).toContain('ok    assets/styles.css  (map assets/styles.css.map)\n');
    expect(result.stdout).toContain('ok    assets/widget.js  (inline map, data: URL)\n');
    const failed = report.files.filter((file) => !file.ok).map((file) => file.path);
    expect(failed).toEqual([
      'assets/app.js.map', 'assets/garbage.map', 'assets/ided.js', 'assets/inline.js', 'assets/inline2.js', 'assets/maps/lib.js.map',
      'assets/orphan.min.js', 'assets/vendor.js',
    ]);
    expect(report.summary).toEqual({ files: 14, ok: 6, failed: 8, errors: 8, warnings: 0 });
    expect(result.stdout.trimEnd().split('\n').pop()).toBe(
      `14 files checked in ${dir} (4 maps, 9 scripts, 1 stylesheet, 1 other file skipped): 6 ok, 8 with problems (8 errors, 0 warnings)`,
    );
    // --quiet lists only the files with problems.
    const quiet = run(['validate', dir, '--quiet']);
    expect(quiet.status).toBe(1);
    expect(quiet.stdout).not.toContain('ok    ');
    expect(quiet.stdout.match(/^FAIL /gm)).toHaveLength(8);
  });
});

describe('validate: progress', () => {
  it('draws a bar on stderr with --progress, updating in place and ending with a newline', () => {
    const dir = join(temp, 'many');
    mkdirSync(dir);
    for (let i = 0; i < 150; i++) {
      writeFileSync(join(dir, `m${String(i).padStart(3, '0')}.js`), `console.log(${i});\n`);
    }
    const { status, stdout, stderr } = run(['validate', dir, '--progress']);
    expect(status).toBe(0);
    expect(stdout).toContain('150 files checked');
    // One line, redrawn with \r: at most one update per percent, from 0% to 100%.
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.indexOf('\n')).toBe(stderr.length - 1);
    const updates = stderr.slice(0, -1).split('\r').slice(1);
    expect(updates.length).toBeGreaterThan(10);
    expect(updates.length).toBeLessThanOrEqual(101);
    expect(updates[0]).toBe(`validating [${'-'.repeat(30)}]   0/150 files   0%`);
    expect(updates[updates.length - 1]).toBe(`validating [${'#'.repeat(30)}] 150/150 files 100%`);
    for (const update of updates) expect(update).toHaveLength(updates[0].length);
  });

  it('draws nothing when stderr is not a terminal, or with --no-progress', () => {
    expect(run(['validate', valid]).stderr).toBe('');
    expect(run(['validate', valid, '--no-progress']).stderr).toBe('');
  });
});

describe('validate: usage errors exit 2', () => {
  it('needs one readable directory', () => {
    const none = run(['validate']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('validate needs a directory');
    const missing = run(['validate', join(temp, 'nope')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const file = run(['validate', join(temp, 'src/app.ts')]);
    expect(file.status).toBe(2);
    expect(file.stderr).toContain('not a directory');
    const two = run(['validate', valid, valid]);
    expect(two.status).toBe(2);
    expect(run(['validate', valid, '--progress', '--no-progress']).status).toBe(2);
    expect(run(['validate', valid, '--frob']).status).toBe(2);
  });

  it('prints its help', () => {
    for (const args of [['validate', '--help'], ['help', 'validate']]) {
      const { status, stdout } = run(args);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^Usage: sourcemap-wasm validate <dir>/);
      expect(stdout).toContain('--progress');
      expect(stdout).toContain('Exit status: 0 every file is ok');
    }
  });
});
