// `sourcemap-wasm symbolicate`: a minified stack trace (or Sentry-style frames) mapped back to
// the original files, lines, columns and functions, from a build directory or over HTTP.

import { realpathSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import process from 'node:process';
import { DirectoryStore } from '../node/index.js';
import {
  ChainStore, HTTP_STORE_DEFAULTS, HttpStore, Symbolicator, toAbsoluteUrl,
  type ArtifactStore, type SymbolicatedFrame, type SymbolicatedStack,
} from '../symbolicate/index.js';
import {
  PROGRAM, ReadError, UsageError, booleanOption, displayPath, fail, helpHint, integerOption, listOption, readInput,
  stringOption, style, usage, useColor, whyUnreadable, type Command, type OptionValues, type Style,
} from './common.js';

const HELP = `Usage: ${PROGRAM} symbolicate [file|-] (--dir <build dir> [--url-prefix <prefix>] | --fetch --allow-origin <origin>...) [options]

Maps a stack trace of minified code back to the original sources, as an error tracker does:
for each frame, the minified file is found, then its source map (debug ID, SourceMap header,
sourceMappingURL comment or data: URL), then the original file, line, column, function name
and context. The trace is read from [file], or from standard input when it is "-" or absent.
V8 (Node, Chrome), SpiderMonkey and JavaScriptCore traces are read, and so is what Node
prints for an uncaught error (the code excerpt above the trace is skipped).

Artifacts (at least one of the two; with both, the directory is asked first):
  --dir <build dir>         the build output on disk (never read outside it)
  --url-prefix <prefix>     the URL the directory is served at, as an uploader's --url-prefix:
                            '~/static/js' (any scheme and host, the default is '~/'),
                            'https://cdn.example.com/js', or a file: URL such as
                            file:///srv/app/dist for a trace Node printed from /srv/app/dist
  --fetch                   fetch the files and maps the frames name, over HTTP(S)
  --allow-origin <origin>   an origin --fetch may fetch from (repeat for more); any other is
                            refused before a request is made, and redirects must stay on it
  --header 'Name: value'    a header sent with every request, e.g. a security token (repeat
                            for more); sent to the allowed origins only
  --timeout <ms>            per file, the whole response (default ${HTTP_STORE_DEFAULTS.timeoutMs})
  --max-bytes <n>           the largest response accepted (default ${HTTP_STORE_DEFAULTS.maxBytes})

Input and output:
  --frames-json     the input is JSON: an array of Sentry-style frames
                    ({"abs_path","lineno","colno","function","debug_id"}, lines and columns
                    1-based; outermost first as Sentry sends them, or innermost first: the
                    order is kept), or an object with "frames"
  --json            print the symbolicated result as JSON: {"message","frames","format"} for
                    a trace, the frames (or {"frames"}) for --frames-json input; each frame as
                    the library's Symbolicator gives it (resolved: abs_path, filename,
                    lineno, colno, function, in_app, pre_context, context_line, post_context,
                    sourcemap, generated; unresolved: the input frame with
                    "unresolved": {"reason","detail"})
  --color, --no-color   color the output (default: when standard output is a terminal and
                    NO_COLOR is not set)
  -h, --help        print this help

Output, one line per frame, in the trace's order (lines and columns 1-based):
  src/util.ts:4:11 in parseAmount
      4 |     throw new TypeError(\`not a number: \${text}\`);
  node_modules/lib/index.js:2:5 in each  [not in app]
      2 |   callback(items[i]);
! dist/app.js:1:2200 in e  [unresolved: map_not_found]
      file:///srv/app/dist/app.js names the map file:///srv/app/dist/app.js.map, which the store does not have
! node:internal/modules/run_main:117:5 in run  [unresolved: source_not_found, a runtime built-in]
A resolved frame gives the original file:line:column and function, then the context line.
Third-party code (ignoreList, node_modules, bundler runtime) is marked [not in app] and
dimmed. An unresolved frame starts with "!" and gives the reason, and below it why.
Files are shown as paths relative to the current directory when they are file: URLs.
Reasons: source_not_found (the frame's file is not in the store, or it names no file),
no_map (the file names no map), map_not_found (the map it names is missing), invalid_map
(the map does not decode), unmapped (the map has nothing at that position).

Exit status:
  0  every frame of the app was resolved (native frames and runtime built-ins such as
     node:internal/... have no file and do not count)
  1  a frame of the app stayed unresolved (the output is still complete), the input has no
     stack frames, or --frames-json input is not JSON frames
  2  a usage error, or an unreadable input file or --dir
`;

export const symbolicateCommand: Command = {
  name: 'symbolicate',
  synopsis: 'symbolicate [file|-]',
  summary: 'map a minified stack trace back to the original sources',
  help: HELP,
  options: {
    dir: { type: 'string' },
    'url-prefix': { type: 'string' },
    fetch: { type: 'boolean' },
    'allow-origin': { type: 'string', multiple: true },
    header: { type: 'string', multiple: true },
    timeout: { type: 'string' },
    'max-bytes': { type: 'string' },
    'frames-json': { type: 'boolean' },
    json: { type: 'boolean' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  async run(values, positionals) {
    try {
      return await symbolicate(values, positionals);
    } catch (error) {
      if (error instanceof UsageError) return usage(error);
      if (error instanceof ReadError) return fail(error.message, 2);
      throw error;
    }
  },
};

type Input = { kind: 'trace'; text: string } | { kind: 'frames'; frames: unknown[]; wrapped: boolean };

async function symbolicate(values: OptionValues, positionals: string[]): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`symbolicate reads one stack trace, from a file or standard input; got ${positionals.length} files`, helpHint('symbolicate'));
  const file = positionals[0] ?? '-';
  if (file === '-' && positionals.length === 0 && process.stdin.isTTY) {
    throw new UsageError('symbolicate needs a stack trace: give a file, or pipe it into standard input', helpHint('symbolicate'));
  }
  const store = buildStore(values);
  const text = new TextDecoder().decode(await readInput(file));
  const input = readStackInput(text, booleanOption(values, 'frames-json'));
  if ('error' in input) return fail(input.error, 1);

  const symbolicator = new Symbolicator({ store });
  let result: SymbolicatedStack | null = null;
  let frames: SymbolicatedFrame[];
  if (input.kind === 'trace') {
    result = await symbolicator.symbolicate(input.text);
    frames = result.frames;
  } else {
    frames = await symbolicator.symbolicate(input.frames);
  }

  if (booleanOption(values, 'json')) {
    const output = result ?? (input.kind === 'frames' && input.wrapped ? { frames } : frames);
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    process.stdout.write(human(result?.message ?? null, frames, style(useColor(values, process.stdout))));
  }

  if (frames.length === 0) return fail('no stack frames found in the input', 1);
  const failed = frames.filter((frame) => frame.unresolved !== undefined && !hasNoFile(frame));
  if (failed.length === 0) return 0;
  const hint = prefixHint(values, frames);
  process.stderr.write(`${PROGRAM}: ${failed.length} of ${frames.length} frames stayed unresolved${hint}\n`);
  return 1;
}

function readStackInput(text: string, framesJson: boolean): Input | { error: string } {
  if (!framesJson) return { kind: 'trace', text };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `--frames-json: the input is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (Array.isArray(json)) return { kind: 'frames', frames: json, wrapped: false };
  if (typeof json === 'object' && json !== null && Array.isArray((json as { frames?: unknown }).frames)) {
    return { kind: 'frames', frames: (json as { frames: unknown[] }).frames, wrapped: true };
  }
  return { error: '--frames-json: the input must be an array of frames, or an object with "frames"' };
}


function buildStore(values: OptionValues): ArtifactStore {
  const hint = helpHint('symbolicate');
  const dir = stringOption(values, 'dir');
  const prefix = stringOption(values, 'url-prefix');
  const fetch = booleanOption(values, 'fetch');
  const origins = listOption(values, 'allow-origin');
  const headers = listOption(values, 'header');
  const timeoutMs = integerOption(values, 'timeout', 'symbolicate');
  const maxBytes = integerOption(values, 'max-bytes', 'symbolicate');
  if (dir === undefined && !fetch) {
    throw new UsageError('symbolicate needs artifacts: --dir <build dir> (with --url-prefix), or --fetch with --allow-origin <origin>', hint);
  }
  if (dir === '') throw new UsageError('--dir must not be empty', hint);
  if (prefix !== undefined && dir === undefined) throw new UsageError('--url-prefix goes with --dir', hint);
  if (!fetch && (origins.length > 0 || headers.length > 0 || timeoutMs !== undefined || maxBytes !== undefined)) {
    throw new UsageError('--allow-origin, --header, --timeout and --max-bytes go with --fetch', hint);
  }
  if (fetch && origins.length === 0) {
    throw new UsageError('--fetch needs at least one --allow-origin <origin> (e.g. https://cdn.example.com): nothing else is fetched', hint);
  }
  const stores: ArtifactStore[] = [];
  if (dir !== undefined) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(dir).isDirectory();
    } catch (error) {
      throw new ReadError(`cannot read --dir '${dir}': ${whyUnreadable(error)}`);
    }
    if (!isDirectory) throw new ReadError(`cannot read --dir '${dir}': not a directory`);
    try {
      stores.push(new DirectoryStore({ root: dir, urlPrefix: prefix }));
    } catch (error) {
      throw new UsageError(`--url-prefix: ${error instanceof Error ? error.message : String(error)}`, hint);
    }
  }
  if (fetch) {
    const headerRecord: Record<string, string> = {};
    for (const header of headers) {
      const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(header);
      if (!match) throw new UsageError(`--header must be 'Name: value', not '${header}'`, hint);
      headerRecord[match[1]] = match[2];
    }
    for (const origin of origins) {
      if (!/^https?:\/\/[^/?#]+\/?$/i.test(origin)) {
        throw new UsageError(`--allow-origin must be an http(s) origin such as https://cdn.example.com (no path), not '${origin}'`, hint);
      }
    }
    try {
      stores.push(new HttpStore({ allowOrigins: origins, headers: headerRecord, timeoutMs, maxBytes }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error), hint);
    }
  }
  return stores.length === 1 ? stores[0] : new ChainStore(stores);
}

/** Native frames and runtime built-ins (node:internal/...): no file of the app to resolve. */
function hasNoFile(frame: SymbolicatedFrame): boolean {
  if (frame.unresolved?.reason !== 'source_not_found') return false;
  return !frame.abs_path || frame.native === true || /^(?:node|bun|deno):/.test(frame.abs_path);
}

// With --dir, when no file of the trace was found: the prefix is the likely mistake.
function prefixHint(values: OptionValues, frames: SymbolicatedFrame[]): string {
  const dir = stringOption(values, 'dir');
  if (dir === undefined) return '';
  const files = frames.filter((frame) => !hasNoFile(frame));
  if (files.length === 0 || files.some((frame) => frame.unresolved?.reason !== 'source_not_found')) return '';
  const prefix = stringOption(values, 'url-prefix') ?? '~/';
  const named = files[0].abs_path ?? '';
  let text = `\n  none of the trace's files is in --dir '${dir}' served at --url-prefix '${prefix}' (the trace names ${named})`;
  // A trace of files on this machine: the directory's file: URL is the prefix that matches.
  const url = toAbsoluteUrl(named);
  let dirUrl: string | null = null;
  try {
    dirUrl = pathToFileURL(realpathSync(dir)).href;
  } catch {
    // no suggestion
  }
  if (url?.protocol === 'file:' && dirUrl !== null && url.href.startsWith(`${dirUrl}/`)) {
    text += `;\n  it is under --dir: try --url-prefix ${dirUrl}`;
  }
  return text;
}

function human(message: string | null, frames: SymbolicatedFrame[], s: Style): string {
  let text = message === null ? '' : `${s.bold(message)}\n`;
  const width = Math.max(1, ...frames.map((frame) => (frame.unresolved === undefined ? String(frame.lineno).length : 1)));
  for (const frame of frames) {
    const fn = frame.function ? ` in ${frame.async ? 'async ' : ''}${frame.function}` : '';
    if (frame.unresolved === undefined) {
      const line = `  ${displayPath(frame.abs_path)}:${frame.lineno}:${frame.colno}${fn}`;
      text += frame.in_app ? `${line}\n` : `${s.dim(`${line}  [not in app]`)}\n`;
      if (frame.context_line !== undefined) {
        const context = `      ${String(frame.lineno).padStart(width)} | ${frame.context_line}`;
        text += `${frame.in_app ? context : s.dim(context)}\n`;
      }
      continue;
    }
    const where = frame.abs_path
      ? `${displayPath(frame.abs_path)}${frame.lineno ? `:${frame.lineno}${frame.colno ? `:${frame.colno}` : ''}` : ''}`
      : '<anonymous>';
    const { reason, detail } = frame.unresolved;
    if (hasNoFile(frame)) {
      const why = frame.abs_path && !frame.native ? 'a runtime built-in' : 'native code, no file';
      text += `${s.dim(`! ${where}${fn}  [unresolved: ${reason}, ${why}]`)}\n`;
    } else {
      text += `${s.yellow(`! ${where}${fn}  [unresolved: ${reason}]`)}\n      ${detail}\n`;
    }
  }
  return text;
}
