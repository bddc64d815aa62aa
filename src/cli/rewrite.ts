// `sourcemap-wasm rewrite`: a map made self-contained. Missing sourcesContent is embedded from
// the files next to the map (never from outside its directory tree unless asked), the XSSI
// prefix dropped, and an index map flattened into a regular one.

import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SourceMap, SourceMapError } from '../index.js';
import { stripXssiPrefix } from '../symbolicate/index.js';
import {
  PROGRAM, ReadError, UsageError, booleanOption, count, describeProblem, fail, helpHint, readInput, relativeToCwd,
  stringOption, usage, whyUnreadable, type Command, type OptionValues,
} from './common.js';

const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

const HELP = `Usage: ${PROGRAM} rewrite <file.map> [-o <out.map> | --in-place] [options]

Rewrites a source map so that it stands on its own:
  - sources without sourcesContent are embedded from the files they name, resolved against
    the map's location (and its sourceRoot); the sources that cannot be found are reported
  - a leading )]}' line (an XSSI guard) and a byte-order mark are dropped
  - an index map ("sections") is flattened into a regular map; its sources are then the
    sections' sources with their sourceRoots applied
A regular map keeps every field as it is spelled, sources and sourceRoot included; "file",
"names", "ignoreList" and "debugId" are kept either way. The map must be valid (strictly,
as ECMA-426 says). A map that needs no change is written out byte for byte.

Sources are read only from inside the map's directory tree (or --root): a source that
resolves outside it (../../etc/passwd), or a symbolic link that leads out of it, is
reported and not read, unless --allow-outside is given. Only files are read: sources that
are other URLs (webpack://, https://) cannot be embedded. Sources must be UTF-8 text.

<file.map> "-" reads the map from standard input (sources then resolve against the
current directory). What changed is reported on standard error.

Options:
  -o, --output <file>  write the map there ("-": standard output, the default)
  --in-place           replace <file.map> (written to a temporary file, then renamed);
                       left untouched when nothing changes
  --dry-run            write nothing: print what would change on standard output
  --root <dir>         the directory tree sources may be read from (default: the map's
                       directory)
  --allow-outside      read sources wherever they resolve
  -h, --help           print this help

Exit status: 0 the map was written (or would be, with --dry-run) and every source has its
content; 1 the map is invalid (nothing is written), or some sources could not be embedded
(the map is still written, with what was found); 2 a usage error, an unreadable map or an
output that cannot be written.
`;

export const rewriteCommand: Command = {
  name: 'rewrite',
  synopsis: 'rewrite <file.map>',
  summary: 'embed sourcesContent, flatten an index map, drop the )]}\' prefix',
  help: HELP,
  options: {
    output: { type: 'string', short: 'o' },
    'in-place': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    root: { type: 'string' },
    'allow-outside': { type: 'boolean' },
  },
  async run(values, positionals) {
    try {
      return await rewrite(values, positionals);
    } catch (error) {
      if (error instanceof UsageError) return usage(error);
      if (error instanceof ReadError) return fail(error.message, 2);
      throw error;
    }
  },
};

type Json = Record<string, unknown>;

interface Embedded {
  source: string;
  path: string;
  bytes: number;
}

interface Missing {
  source: string;
  why: string;
}

async function rewrite(values: OptionValues, positionals: string[]): Promise<number> {
  const hint = helpHint('rewrite');
  if (positionals.length === 0) throw new UsageError('rewrite needs a source map file', hint);
  if (positionals.length > 1) throw new UsageError(`rewrite takes one source map, not ${positionals.length}`, hint);
  const file = positionals[0];
  const output = stringOption(values, 'output');
  const inPlace = booleanOption(values, 'in-place');
  const dryRun = booleanOption(values, 'dry-run');
  const allowOutside = booleanOption(values, 'allow-outside');
  if (output === '') throw new UsageError('--output must not be empty', hint);
  if (inPlace && output !== undefined) throw new UsageError('--in-place and --output contradict each other', hint);
  if (inPlace && file === '-') throw new UsageError('--in-place needs a file, not standard input', hint);
  if (dryRun && (inPlace || output !== undefined)) throw new UsageError('--dry-run writes nothing: leave out --in-place and --output', hint);

  const bytes = await readInput(file);
  const mapPath = file === '-' ? join(process.cwd(), '<stdin>') : resolve(file);
  const name = file === '-' ? 'standard input' : file;
  const rootOption = stringOption(values, 'root');
  const root = resolve(rootOption ?? dirname(mapPath));
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch (error) {
    throw new ReadError(`cannot read --root '${rootOption ?? root}': ${whyUnreadable(error)}`);
  }

  let map: SourceMap;
  try {
    map = new SourceMap(bytes, { url: pathToFileURL(mapPath).href });
  } catch (error) {
    if (!(error instanceof SourceMapError)) throw error;
    return fail(`${name} is not a valid source map; nothing written\n  ${describeProblem(error)}`, 1);
  }

  const changes: string[] = [];
  const decoded = new TextDecoder().decode(bytes); // drops a byte-order mark
  if (decoded.length > 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) changes.push('drop the byte-order mark');
  const text = stripXssiPrefix(decoded);
  if (text !== decoded) changes.push("drop the )]}' line (an XSSI guard)");
  const json = JSON.parse(text) as Json; // SourceMap parsed it: an object
  let result: Json;
  let sources: readonly (string | null)[];
  let content: (string | null)[];
  if (Object.prototype.hasOwnProperty.call(json, 'sections')) {
    const flat = new SourceMap(bytes).toJSON();
    const sections = Array.isArray(json.sections) ? json.sections.length : 0;
    changes.push(`flatten an index map of ${count(sections, 'section')} into a regular map (${count(flat.sources.length, 'source')}, ${count(map.segmentCount, 'mapping')})`);
    result = { ...flat };
    sources = flat.sources;
    content = flat.sourcesContent ? [...flat.sourcesContent] : [];
  } else {
    result = json;
    sources = map.rawSources;
    content = Array.isArray(json.sourcesContent) ? json.sourcesContent.map((item: unknown) => (typeof item === 'string' ? item : null)) : [];
  }
  while (content.length < sources.length) content.push(null);

  const embedded: Embedded[] = [];
  const missing: Missing[] = [];
  let already = 0;
  sources.forEach((source, i) => {
    if (source === null) return;
    if (typeof content[i] === 'string') {
      already++;
      return;
    }
    const found = readSource(map.sources[i] ?? source, root, realRoot, allowOutside);
    if ('why' in found) {
      missing.push({ source, why: found.why });
      return;
    }
    content[i] = found.text;
    embedded.push({ source, path: found.path, bytes: found.bytes });
  });
  map.dispose();
  if (embedded.length > 0) {
    result = withSourcesContent(result, content);
    changes.push(`embed ${count(embedded.length, 'source')}`);
  }

  const changed = changes.length > 0;
  const target = inPlace ? file : output === undefined || output === '-' ? null : output;
  const report = describe({ name, target, dryRun, changes, embedded, missing, already });
  if (dryRun) {
    process.stdout.write(report);
  } else {
    const textOut = changed ? JSON.stringify(result) : text;
    if (target === null) {
      process.stdout.write(textOut);
    } else if (!inPlace || changed) {
      write(target, textOut, inPlace);
    }
    process.stderr.write(report);
  }
  return missing.length > 0 ? 1 : 0;
}

function describe(plan: {
  name: string;
  target: string | null;
  dryRun: boolean;
  changes: string[];
  embedded: Embedded[];
  missing: Missing[];
  already: number;
}): string {
  const { name, target, dryRun, changes, embedded, missing, already } = plan;
  const where = target === null ? 'standard output' : target;
  let text: string;
  if (changes.length === 0) {
    text = `${name}: nothing to change${dryRun ? '' : target === null ? ' (written as it is to standard output)' : target === name ? '; left as it is' : ` (copied to ${where})`}\n`;
  } else {
    text = dryRun ? `${name}: would be rewritten (dry run, nothing written):\n` : `${name}: rewritten to ${target === name ? `${name} (in place)` : where}:\n`;
    for (const change of changes) {
      if (change.startsWith('embed ')) {
        for (const source of embedded) text += `  embed ${source.source} (${source.bytes} bytes, from ${relativeToCwd(source.path)})\n`;
      } else {
        text += `  ${change}\n`;
      }
    }
  }
  if (already > 0) text += `  ${count(already, 'source')} already embedded\n`;
  for (const source of missing) text += `  ! cannot embed ${source.source}: ${source.why}\n`;
  if (missing.length > 0) text += `${count(missing.length, 'source')} left without content\n`;
  return text;
}

// The text of a source, read only when it is a file inside the tree (unless allowOutside).
function readSource(url: string, root: string, realRoot: string, allowOutside: boolean): { text: string; path: string; bytes: number } | { why: string } {
  if (!url.startsWith('file:')) return { why: `${url} is not a file on disk` };
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    return { why: `${url} is not a file path` };
  }
  const outside = ` (--allow-outside reads it)`;
  if (!allowOutside && !inside(root, path)) {
    return { why: `it resolves to ${relativeToCwd(path)}, outside ${relativeToCwd(root) || '.'}${outside}` };
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    return { why: `${relativeToCwd(path)}: ${whyUnreadable(error)}` };
  }
  if (!allowOutside && !inside(realRoot, real)) {
    return { why: `${relativeToCwd(path)} is a link to ${real}, outside ${relativeToCwd(root) || '.'}${outside}` };
  }
  let fd: number;
  try {
    // O_NOFOLLOW: a link swapped in after realpath() is not followed.
    fd = openSync(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    return { why: `${relativeToCwd(path)}: ${whyUnreadable(error)}` };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { why: `${relativeToCwd(path)} is not a file` };
    if (info.size > MAX_SOURCE_BYTES) return { why: `${relativeToCwd(path)} is ${info.size} bytes, over ${MAX_SOURCE_BYTES}` };
    const buffer = new Uint8Array(info.size);
    let at = 0;
    while (at < buffer.length) {
      const n = readSync(fd, buffer, at, buffer.length - at, at);
      if (n === 0) break;
      at += n;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer.subarray(0, at));
    } catch {
      return { why: `${relativeToCwd(path)} is not UTF-8 text` };
    }
    return { text, path, bytes: at };
  } catch (error) {
    return { why: `${relativeToCwd(path)}: ${whyUnreadable(error)}` };
  } finally {
    closeSync(fd);
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

// The map with `sourcesContent` set: in place when it has one, else right after `sources`.
// Keys are defined, not assigned, so a "__proto__" key stays a key.
function withSourcesContent(json: Json, content: (string | null)[]): Json {
  const result: Json = {};
  const put = (key: string, value: unknown) => Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  const has = Object.prototype.hasOwnProperty.call(json, 'sourcesContent');
  for (const key of Object.keys(json)) {
    put(key, key === 'sourcesContent' ? content : json[key]);
    if (!has && key === 'sources') put('sourcesContent', content);
  }
  if (!Object.prototype.hasOwnProperty.call(result, 'sourcesContent')) put('sourcesContent', content);
  return result;
}

function write(target: string, text: string, atomically: boolean): void {
  try {
    if (!atomically) {
      writeFileSync(target, text);
      return;
    }
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
    try {
      writeFileSync(temporary, text, { flag: 'wx' });
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  } catch (error) {
    throw new ReadError(`cannot write '${target}': ${whyUnreadable(error)}`);
  }
}
