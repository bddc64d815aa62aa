// `sourcemap-wasm validate`: what an uploader's --validate checks before a build directory is
// uploaded. Every map decodes (strictly), every minified file links a map that is there, and
// every source a map names is embedded or on disk.

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SourceMap, SourceMapError, type SourceMapProblem } from '../index.js';
import { decodeDataUrl, findDebugId, findSourceMappingURL, locateSourceMap, normalizeDebugId } from '../symbolicate/index.js';
import {
  PROGRAM, ReadError, UsageError, booleanOption, count, fail, helpHint, location, relativeToCwd, style, usage, useColor,
  whyUnreadable, type Command, type OptionValues, type Style,
} from './common.js';

const PROGRESS_THRESHOLD = 20;
const PROGRESS_WIDTH = 30;
const MINIFIED_LINE = 500;

const HELP = `Usage: ${PROGRAM} validate <dir> [options]

Checks a build directory as an uploader's --validate does, before it is uploaded for
symbolication. It walks <dir> (symbolic links to directories are not followed) and checks:

  .map files        each decodes as ECMA-426 says, strictly: an invalid one is reported
                    with its error code and where (byte offset in "mappings", generated
                    line, segment, field, section); problems lenient decoding would skip
                    are listed too. Each source must be embedded (sourcesContent) or be a
                    file where it resolves (against the map's location and sourceRoot).
  .js .mjs .cjs .css files
                    the sourceMappingURL comment must name a map that is in <dir>, or be a
                    data: URL that decodes to a valid map (checked as above). A //# debugId=
                    must match the debugId of a map in <dir>, and the map the comment names
                    must not declare another debug ID. A file with no comment and no debug
                    ID is a problem when it looks minified (a line over ${MINIFIED_LINE} characters, or
                    ".min." in its name), and a warning when a <file>.map is next to it.

It prints one line per file (ok, or FAIL with each problem below it) and a summary.
Warnings (e.g. a map on another host, which is not checked) do not fail a file.

Options:
  --json            print the report as JSON instead:
                    {"directory","ok","files":[{"path","kind","ok","note","problems":[
                    {"severity","code","message","field"?,"offset"?,"generatedLine"?,
                    "segment"?,"section"?}]}],"summary":{"files","ok","failed","errors",
                    "warnings"}}; paths relative to <dir>, with "/"
  --quiet           list only the files with problems or warnings, and the summary
  --progress        show a progress bar on standard error (by default, only when standard
                    error is a terminal and there are ${PROGRESS_THRESHOLD} files or more)
  --no-progress     never show it
  --color, --no-color   color the report (default: when standard output is a terminal and
                    NO_COLOR is not set)
  -h, --help        print this help

Exit status: 0 every file is ok (warnings allowed), 1 problems were found, 2 a usage error
or an unreadable <dir>.
`;


export const validateCommand: Command = {
  name: 'validate',
  synopsis: 'validate <dir>',
  summary: "check a build directory's source maps, as before an upload",
  help: HELP,
  options: {
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
    progress: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  run(values, positionals) {
    try {
      return validate(values, positionals);
    } catch (error) {
      if (error instanceof UsageError) return usage(error);
      if (error instanceof ReadError) return fail(error.message, 2);
      throw error;
    }
  },
};

type Kind = 'map' | 'js' | 'css';

interface Problem extends Partial<Omit<SourceMapProblem, 'code' | 'message'>> {
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

interface FileReport {
  /** Relative to the directory, with "/". */
  path: string;
  kind: Kind;
  ok: boolean;
  note: string;
  problems: Problem[];
}

interface MapResult {
  report: FileReport;
  /** Whether it decodes (strictly). */
  decoded: boolean;
  debugId: string | null;
}

function validate(values: OptionValues, positionals: string[]): number {
  const hint = helpHint('validate');
  if (positionals.length === 0) throw new UsageError('validate needs a directory, e.g. dist', hint);
  if (positionals.length > 1) throw new UsageError(`validate checks one directory, not ${positionals.length}`, hint);
  if (booleanOption(values, 'progress') && booleanOption(values, 'no-progress')) throw new UsageError('--progress and --no-progress contradict each other', hint);
  const dir = positionals[0];
  let root: string;
  try {
    root = realpathSync(dir);
    if (!statSync(root).isDirectory()) throw new ReadError(`cannot validate '${dir}': not a directory`);
  } catch (error) {
    if (error instanceof ReadError) throw error;
    throw new ReadError(`cannot read '${dir}': ${whyUnreadable(error)}`);
  }

  const walked = walk(root);
  const maps = walked.files.filter((path) => kindOf(path) === 'map');
  const code = walked.files.filter((path) => kindOf(path) === 'js' || kindOf(path) === 'css');
  const total = maps.length + code.length;
  const forced = booleanOption(values, 'progress');
  const showProgress = !booleanOption(values, 'no-progress') && (forced || (process.stderr.isTTY === true && total >= PROGRESS_THRESHOLD));
  const progress = new Progress(total, showProgress ? process.stderr : null);
  const checker = new Checker(root);

  let done = 0;
  progress.update(0);
  for (const path of maps) {
    checker.map(path);
    progress.update(++done);
  }
  for (const path of code) {
    checker.code(path);
    progress.update(++done);
  }
  progress.finish();

  const reports = checker.reports();
  const summary = {
    files: reports.length,
    ok: reports.filter((report) => report.ok).length,
    failed: reports.filter((report) => !report.ok).length,
    errors: reports.reduce((n, report) => n + report.problems.filter((p) => p.severity === 'error').length, 0),
    warnings: reports.reduce((n, report) => n + report.problems.filter((p) => p.severity === 'warning').length, 0),
  };
  if (booleanOption(values, 'json')) {
    process.stdout.write(`${JSON.stringify({ directory: root, ok: summary.failed === 0, files: reports, summary }, null, 2)}\n`);
  } else {
    const s = style(useColor(values, process.stdout));
    process.stdout.write(human(dir, reports, summary, walked.skipped, booleanOption(values, 'quiet'), s));
  }
  return summary.failed === 0 ? 0 : 1;
}

/** The files under `root` (relative, "/"-separated, sorted), and how many others were skipped. */
function walk(root: string): { files: string[]; skipped: number } {
  const files: string[] = [];
  let skipped = 0;
  const visit = (directory: string, prefix: string) => {
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      if (prefix === '') throw new ReadError(`cannot read '${directory}': ${whyUnreadable(error)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          isFile = statSync(join(directory, entry.name)).isFile();
        } catch {
          isFile = false;
        }
      }
      if (entry.isDirectory()) visit(join(directory, entry.name), rel);
      else if (isFile && kindOf(entry.name) !== null) files.push(rel);
      else if (isFile) skipped++;
    }
  };
  visit(root, '');
  return { files, skipped };
}

function kindOf(path: string): Kind | null {
  if (/\.map$/i.test(path)) return 'map';
  if (/\.(?:m|c)?js$/i.test(path)) return 'js';
  if (/\.css$/i.test(path)) return 'css';
  return null;
}

class Checker {
  readonly #maps = new Map<string, MapResult>();
  readonly #code: FileReport[] = [];
  readonly #byDebugId = new Map<string, string>();

  constructor(readonly root: string) {}

  reports(): FileReport[] {
    const all = [...this.#maps.values()].map((result) => result.report).concat(this.#code);
    for (const report of all) report.ok = !report.problems.some((problem) => problem.severity === 'error');
    return all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Checks a map file (once), by its path relative to the root. */
  map(path: string): MapResult {
    const known = this.#maps.get(path);
    if (known) return known;
    const report: FileReport = { path, kind: 'map', ok: true, note: '', problems: [] };
    const result: MapResult = { report, decoded: false, debugId: null };
    this.#maps.set(path, result);
    const absolute = join(this.root, ...path.split('/'));
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(absolute);
    } catch (error) {
      report.problems.push({ severity: 'error', code: 'UNREADABLE', message: `cannot read it: ${whyUnreadable(error)}` });
      return result;
    }
    const map = this.#decode(bytes, pathToFileURL(absolute).href, report);
    if (map) {
      result.decoded = true;
      result.debugId = normalizeDebugId(map.debugId);
      if (result.debugId && !this.#byDebugId.has(result.debugId)) this.#byDebugId.set(result.debugId, path);
      map.dispose();
    }
    return result;
  }

  /** Checks a minified JavaScript or CSS file, by its path relative to the root. */
  code(path: string): void {
    const kind = kindOf(path) === 'css' ? 'css' : 'js';
    const report: FileReport = { path, kind, ok: true, note: '', problems: [] };
    this.#code.push(report);
    const absolute = join(this.root, ...path.split('/'));
    let text: string;
    try {
      text = new TextDecoder().decode(readFileSync(absolute));
    } catch (error) {
      report.problems.push({ severity: 'error', code: 'UNREADABLE', message: `cannot read it: ${whyUnreadable(error)}` });
      return;
    }
    const url = pathToFileURL(absolute).href;
    const reference = findSourceMappingURL(text, kind) || null;
    const debugId = kind === 'js' ? findDebugId(text) : null;
    let linked = false; // whether the reference found a valid map
    let linkedDebugId: string | null = null;
    const notes: string[] = [];

    if (reference !== null && /^data:/i.test(reference.trim())) {
      const data = decodeDataUrl(reference);
      if (!data) {
        report.problems.push({ severity: 'error', code: 'INVALID_DATA_URL', message: 'its sourceMappingURL is a data: URL that does not decode' });
      } else {
        notes.push('inline map, data: URL');
        const map = this.#decode(data.bytes, url, report);
        if (map) {
          linked = true;
          linkedDebugId = normalizeDebugId(map.debugId);
          map.dispose();
        }
      }
    } else if (reference !== null) {
      const resolved = locateSourceMap({ url, code: text, kind });
      if (resolved === null) {
        report.problems.push({ severity: 'error', code: 'INVALID_REFERENCE', message: `its sourceMappingURL ${JSON.stringify(reference)} is not a valid URL` });
      } else if (!resolved.startsWith('file:')) {
        report.problems.push({ severity: 'warning', code: 'REMOTE_MAP', message: `its map is on another host, ${resolved}: not checked` });
      } else {
        const mapPath = filePath(resolved);
        const rel = mapPath === null ? null : this.#inside(mapPath);
        if (mapPath === null) {
          report.problems.push({ severity: 'error', code: 'INVALID_REFERENCE', message: `its sourceMappingURL ${JSON.stringify(reference)} does not name a file` });
        } else if (rel === null) {
          report.problems.push({
            severity: 'error', code: 'MAP_OUTSIDE_DIR',
            message: `its sourceMappingURL ${JSON.stringify(reference)} names ${relativeToCwd(mapPath)}, outside the directory (it would not be uploaded with it)`,
          });
        } else if (!isFile(mapPath)) {
          report.problems.push({ severity: 'error', code: 'MAP_NOT_FOUND', message: `its sourceMappingURL ${JSON.stringify(reference)} names ${rel}, which does not exist` });
        } else {
          // The map's own problems are reported with it, once.
          const mapResult = this.map(rel);
          linked = mapResult.decoded;
          linkedDebugId = mapResult.debugId;
          notes.push(`map ${rel}${mapResult.report.problems.some((problem) => problem.severity === 'error') ? ', which has problems' : ''}`);
        }
      }
    }

    if (debugId !== null) {
      notes.push(`debug ID ${debugId}`);
      const byId = this.#byDebugId.get(debugId);
      if (linkedDebugId !== null && linkedDebugId !== debugId) {
        report.problems.push({
          severity: 'error', code: 'DEBUG_ID_MISMATCH',
          message: `it declares debug ID ${debugId}, but the map its sourceMappingURL names declares ${linkedDebugId}`,
        });
      } else if (byId === undefined && linkedDebugId !== debugId) {
        report.problems.push({
          severity: linked ? 'warning' : 'error', code: 'DEBUG_ID_NOT_FOUND',
          message: `it declares debug ID ${debugId}, but no map in the directory has it${linked ? ' (its sourceMappingURL still finds a map)' : ''}`,
        });
      } else if (byId !== undefined && !linked) {
        linked = true;
        notes.push(`map ${byId}`);
      }
    }

    if (reference === null && debugId === null) {
      const sibling = `${absolute}.map`;
      if (isFile(sibling)) {
        report.problems.push({
          severity: 'warning', code: 'NO_REFERENCE',
          message: `it has no sourceMappingURL comment and no debug ID, though ${path.split('/').pop()}.map is next to it: a symbolicator will not find that map`,
        });
      } else if (looksMinified(path, text)) {
        report.problems.push({ severity: 'error', code: 'NO_MAP', message: 'it looks minified, but has no sourceMappingURL comment and no debug ID' });
      } else {
        notes.push('no source map; not minified');
      }
    }
    report.note = notes.join(', ');
  }

  // Decodes a map strictly into `report`: the error (and what lenient decoding also skips),
  // else the warnings and the sources check. The map when it decodes.
  #decode(bytes: Uint8Array, url: string, report: FileReport): SourceMap | null {
    let map: SourceMap;
    try {
      map = new SourceMap(bytes, { url, strict: true });
    } catch (error) {
      if (!(error instanceof SourceMapError)) throw error;
      report.problems.push(problemOf('error', error));
      let lenient: SourceMap | null = null;
      try {
        lenient = new SourceMap(bytes, { url, strict: false });
      } catch {
        // not even lenient decoding reads it: the error says why
      }
      if (lenient) {
        for (const warning of lenient.warnings) {
          if (warning.code === error.code && warning.offset === error.offset && warning.field === error.field && warning.section === error.section) continue;
          report.problems.push(problemOf('error', warning));
        }
        lenient.dispose();
      }
      return null;
    }
    for (const warning of map.warnings) report.problems.push(problemOf('warning', warning));
    let embedded = 0;
    let files = 0;
    map.sources.forEach((source, i) => {
      if (source === null) return;
      if (typeof map.sourcesContent[i] === 'string') {
        embedded++;
        return;
      }
      const raw = map.rawSources[i] ?? source;
      const path = source.startsWith('file:') ? filePath(source) : null;
      if (path !== null && isFile(path)) {
        files++;
        return;
      }
      report.problems.push({
        severity: 'error', code: 'SOURCE_NOT_FOUND', field: `sources[${i}]`,
        message: path === null
          ? `source ${JSON.stringify(raw)} is not embedded (no sourcesContent), and ${source} is not a file on disk`
          : `source ${JSON.stringify(raw)} is not embedded (no sourcesContent), and ${this.#show(path)} does not exist`,
      });
    });
    const sources = map.sources.length;
    const how = embedded === sources ? 'all embedded' : files === sources ? 'all on disk' : `${embedded} embedded, ${files} on disk`;
    report.note = sources === 0 ? 'no sources' : `${count(sources, 'source')}, ${how}`;
    return map;
  }

  /** A path relative to the root with "/", or null when outside it. */
  #inside(path: string): string | null {
    const rel = relative(this.root, path);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
    return rel.split(sep).join('/');
  }

  #show(path: string): string {
    return this.#inside(path) ?? relativeToCwd(path);
  }
}

function problemOf(severity: Problem['severity'], problem: SourceMapProblem): Problem {
  const result: Problem = { severity, code: problem.code, message: problem.message };
  for (const key of ['field', 'offset', 'generatedLine', 'segment', 'section'] as const) {
    if (problem[key] !== undefined) Object.assign(result, { [key]: problem[key] });
  }
  return result;
}

function filePath(url: string): string | null {
  try {
    return fileURLToPath(url);
  } catch {
    return null;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function looksMinified(path: string, text: string): boolean {
  if (/\.min\.[^/]*$/i.test(path)) return true;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > MINIFIED_LINE) return true;
    start = end + 1;
  }
  return false;
}

/** A bar on standard error that updates in place: at most one update per percent. */
class Progress {
  #shown = -1;
  #started = false;

  constructor(readonly total: number, readonly stream: NodeJS.WriteStream | null) {}

  update(done: number): void {
    if (!this.stream) return;
    const percent = this.total === 0 ? 100 : Math.floor((done * 100) / this.total);
    if (percent === this.#shown && done !== this.total) return;
    this.#shown = percent;
    this.#started = true;
    const filled = Math.round((percent * PROGRESS_WIDTH) / 100);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(PROGRESS_WIDTH - filled)}`;
    const width = String(this.total).length;
    this.stream.write(`\rvalidating [${bar}] ${String(done).padStart(width)}/${this.total} files ${String(percent).padStart(3)}%`);
  }

  finish(): void {
    if (!this.stream) return;
    if (!this.#started || this.#shown !== 100) this.update(this.total);
    this.stream.write('\n');
  }
}

function human(
  dir: string,
  reports: FileReport[],
  summary: { files: number; ok: number; failed: number; errors: number; warnings: number },
  skipped: number,
  quiet: boolean,
  s: Style,
): string {
  let text = '';
  for (const report of reports) {
    if (quiet && report.problems.length === 0) continue;
    const note = report.note ? `  ${s.dim(`(${report.note})`)}` : '';
    text += `${report.ok ? s.green('ok  ') : s.red('FAIL')}  ${report.path}${note}\n`;
    for (const problem of report.problems) {
      const where = location(problem);
      const label = problem.severity === 'error' ? s.red('error') : s.yellow('warning');
      text += `        ${label} ${problem.code}: ${problem.message}${where ? ` [${where}]` : ''}\n`;
    }
  }
  const kinds = [
    count(reports.filter((report) => report.kind === 'map').length, 'map'),
    count(reports.filter((report) => report.kind === 'js').length, 'script'),
    count(reports.filter((report) => report.kind === 'css').length, 'stylesheet'),
  ].filter((text) => !text.startsWith('0 '));
  if (skipped > 0) kinds.push(`${count(skipped, 'other file')} skipped`);
  const checked = `${count(summary.files, 'file')} checked in ${dir} (${kinds.join(', ')})`;
  const problems = `${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}`;
  if (summary.files === 0) return `${text}No source maps, scripts or stylesheets in ${dir}${skipped > 0 ? ` (${count(skipped, 'other file')} skipped)` : ''}\n`;
  text += summary.failed === 0
    ? `\n${checked}: ${s.green('all ok')}${summary.warnings > 0 ? ` (${count(summary.warnings, 'warning')})` : ''}\n`
    : `\n${checked}: ${summary.ok} ok, ${s.red(`${summary.failed} with problems`)} (${problems})\n`;
  return text;
}
