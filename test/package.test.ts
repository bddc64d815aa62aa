// What `npm publish` would ship (`npm pack --dry-run`): every script's source map, and every
// source those maps name, so that a debugger stepping into the package finds the TypeScript
// and not a map that points nowhere. The maps are read with the package itself.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { SourceMap } from '../src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function packedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
  return new Set(pack.files.map((file) => file.path));
}

it('ships the source map of each script and the sources each map names', () => {
  const files = packedFiles();
  const scripts = [...files].filter((file) => file.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(10);
  const missing: string[] = [];
  for (const script of scripts) {
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path.join(ROOT, script), 'utf8'))?.[1];
    if (url === undefined) continue;
    const mapFile = path.posix.join(path.posix.dirname(script), url);
    if (!files.has(mapFile)) {
      missing.push(`${script} names ${mapFile}`);
      continue;
    }
    const map = new SourceMap(new Uint8Array(readFileSync(path.join(ROOT, mapFile))), { url: pathToFileURL(path.join(ROOT, mapFile)).href });
    for (const source of map.sources) {
      const shipped = source === null ? null : path.relative(ROOT, fileURLToPath(source)).split(path.sep).join('/');
      if (shipped === null || !files.has(shipped)) missing.push(`${mapFile} names ${shipped}`);
    }
    map.dispose();
  }
  expect(missing).toEqual([]);
});
