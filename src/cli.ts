#!/usr/bin/env node
// The `sourcemap-wasm` command: `lookup` prints the original positions of generated ones.
// Node only (the core stays platform-free); no dependencies beyond node: built-ins.

import { readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, SourceMap, SourceMapError,
  type Bias, type OriginalPosition, type SourceMapWarning,
} from './index.js';

const PROGRAM = 'sourcemap-wasm';
const MAX_INT32 = 0x7fffffff;

const PROGRAM_HELP = `Usage: ${PROGRAM} <command> [options]

A source map consumer (ECMA-426) whose decoding and lookups run in WebAssembly.

Commands:
  lookup <file.map> <line:column>...  print the original position of generated positions
  help [command]                      print this help, or a command's

Options:
  -h, --help     print help (${PROGRAM} lookup --help for the command's)
  -v, --version  print the version

Exit status: 0 ok, 1 the source map is invalid, 2 a usage error or an unreadable file.
`;

const LOOKUP_HELP = `Usage: ${PROGRAM} lookup <file.map> <line:column>... [options]

Prints the original position of each generated position, one per line:
  1:120 -> src/app.ts:3:14 (name)
  1:5 -> (unmapped)
"(name)" is the mapping's name, when it has one.

Positions: <line> is 1-based and <column> 0-based (UTF-16 code units), in the input and in
the output alike, as source maps count them. A V8 stack trace's column is 1-based:
subtract 1 from it.

<file.map> is a source map or an index map; "-" reads it from standard input.

Sources: without --url, sources are resolved against the map file's location and printed
as paths relative to the current directory (absolute paths when outside it); sources that
are other URLs (webpack://, https://...) are printed as they resolve. With --url, sources
are resolved against that URL (WHATWG rules) and printed as URLs.

Options:
  --bias glb|lub  glb (default): the closest mapping at or left of the column on the line;
                  lub: the closest at or right of it
  --json          print a JSON array instead, one entry per position:
                  {"generated":{"line":1,"column":120},
                   "original":{"source":"src/app.ts","line":3,"column":14,"name":null}}
                  (every "original" field null when the position is unmapped)
  --lenient       keep going past the problems the spec allows a consumer to skip
                  (skipped mappings, bad fields) instead of rejecting the map; what was
                  skipped is printed to standard error as warnings
  --url <url>     the URL the map was loaded from, to resolve sources against
  -h, --help      print this help

Exit status: 0 ok, 1 the source map is invalid, 2 a usage error or an unreadable file.
`;

/** A mistake in how the command was called: exit status 2. */
class UsageError extends Error {
  constructor(message: string, readonly help = `Run '${PROGRAM} lookup --help' for usage.`) {
    super(message);
  }
}

/** The map file could not be read: exit status 2. */
class ReadError extends Error {}

/** The map is invalid: exit status 1. `lenientWorks` when --lenient would have read it. */
class InvalidMapError extends Error {
  constructor(readonly error: SourceMapError, readonly lenientWorks: boolean) {
    super(error.message);
  }
}

interface LookupOptions {
  file: string;
  positions: { text: string; line: number; column: number }[];
  bias: Bias;
  json: boolean;
  lenient: boolean;
  url: string | undefined;
}

function main(argv: string[]): number {
  // A negative position would otherwise read as an unknown option ('-1').
  const negative = argv.find((arg, i) => /^-\d/.test(arg) && argv[i - 1] !== '--url' && argv[i - 1] !== '--bias');
  if (negative !== undefined) {
    return usage(new UsageError(`invalid position '${negative}': lines are 1-based and columns 0-based, never negative`));
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        bias: { type: 'string' },
        json: { type: 'boolean' },
        lenient: { type: 'boolean' },
        url: { type: 'string' },
      },
    });
  } catch (error) {
    // parseArgs throws a TypeError with an ERR_PARSE_ARGS_* code for unknown or malformed options.
    return usage(new UsageError(parseArgsMessage(error)));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;

  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (topic === undefined) return out(PROGRAM_HELP);
    if (topic === 'lookup') return out(LOOKUP_HELP);
    return usage(new UsageError(`unknown command '${topic}'`, `Run '${PROGRAM} --help' for the commands.`));
  }
  if (command === undefined) {
    if (values.help) return out(PROGRAM_HELP);
    process.stderr.write(PROGRAM_HELP);
    return 2;
  }
  if (command !== 'lookup') {
    return usage(new UsageError(`unknown command '${command}'`, `Run '${PROGRAM} --help' for the commands.`));
  }
  if (values.help) return out(LOOKUP_HELP);

  let options: LookupOptions;
  try {
    options = lookupOptions(rest, values);
  } catch (error) {
    if (error instanceof UsageError) return usage(error);
    throw error;
  }
  try {
    return lookup(options);
  } catch (error) {
    if (error instanceof ReadError) {
      process.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InvalidMapError) {
      process.stderr.write(invalidMap(options.file, error));
      return 1;
    }
    if (error instanceof SourceMapError) {
      process.stderr.write(`${PROGRAM}: ${describeProblem(error)}\n`);
      return 1;
    }
    throw error;
  }
}

function lookupOptions(
  args: string[],
  values: { bias?: string; json?: boolean; lenient?: boolean; url?: string },
): LookupOptions {
  const [file, ...texts] = args;
  if (file === undefined) throw new UsageError('lookup needs a source map file and at least one <line:column>');
  if (texts.length === 0) throw new UsageError('lookup needs at least one <line:column> position, e.g. 1:120');
  let bias: Bias = GREATEST_LOWER_BOUND;
  if (values.bias !== undefined) {
    if (values.bias === 'glb') bias = GREATEST_LOWER_BOUND;
    else if (values.bias === 'lub') bias = LEAST_UPPER_BOUND;
    else throw new UsageError(`--bias must be glb or lub, not '${values.bias}'`);
  }
  if (values.url !== undefined && values.url === '') throw new UsageError('--url must not be empty');
  return {
    file,
    positions: texts.map(parsePosition),
    bias,
    json: values.json ?? false,
    lenient: values.lenient ?? false,
    url: values.url,
  };
}

function parsePosition(text: string): { text: string; line: number; column: number } {
  const match = /^(\d+):(\d+)$/.exec(text);
  const expected = 'expected <line>:<column>, a 1-based line and a 0-based column, e.g. 1:120';
  if (!match) throw new UsageError(`invalid position '${text}': ${expected}`);
  const line = Number(match[1]);
  const column = Number(match[2]);
  if (line < 1) throw new UsageError(`invalid position '${text}': lines are 1-based, the first is 1`);
  if (line > MAX_INT32 || column > MAX_INT32) throw new UsageError(`invalid position '${text}': line and column must be at most ${MAX_INT32}`);
  return { text, line, column };
}

function lookup(options: LookupOptions): number {
  const { file, positions, bias, json, lenient } = options;
  const bytes = readMap(file);
  // Sources resolve against --url, or the map file's own file: URL (shown as paths later).
  const url = options.url ?? (file === '-' ? pathToFileURL(`${process.cwd()}/`).href : pathToFileURL(file).href);
  let map: SourceMap;
  try {
    map = new SourceMap(bytes, { url, strict: !lenient });
  } catch (error) {
    if (!(error instanceof SourceMapError)) throw error;
    throw new InvalidMapError(error, !lenient && readsLeniently(bytes, url));
  }
  for (const warning of map.warnings) process.stderr.write(`${PROGRAM}: warning: ${describeProblem(warning)}\n`);

  const showSource = options.url === undefined ? displayPath : (source: string) => source;
  const results = positions.map(({ text, line, column }) => {
    const original = map.originalPositionFor({ line, column, bias });
    const source = original.source === null ? null : showSource(original.source);
    return { text, generated: { line, column }, original: { ...original, source } };
  });

  if (json) {
    const entries = results.map(({ generated, original }) => ({ generated, original }));
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  } else {
    process.stdout.write(results.map(({ text, original }) => `${text} -> ${describeOriginal(original)}\n`).join(''));
  }
  return 0;
}

function readsLeniently(bytes: Uint8Array, url: string): boolean {
  try {
    new SourceMap(bytes, { url, strict: false }).dispose();
    return true;
  } catch {
    return false;
  }
}

function readMap(file: string): Uint8Array {
  try {
    const buffer = readFileSync(file === '-' ? 0 : file);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' :
      code === 'EISDIR' ? 'it is a directory' :
      code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
      (error as Error).message;
    throw new ReadError(`cannot read ${file === '-' ? 'standard input' : `'${file}'`}: ${why}`);
  }
}

/** A file: URL as a path relative to the current directory (absolute outside it); other URLs as they are. */
function displayPath(source: string): string {
  if (!source.startsWith('file:')) return source;
  let path: string;
  try {
    path = fileURLToPath(source);
  } catch {
    return source; // e.g. a file: URL with a host on POSIX
  }
  const cwd = process.cwd();
  for (const separator of ['/', '\\']) {
    const prefix = cwd.endsWith(separator) ? cwd : cwd + separator;
    if (path.startsWith(prefix) && path.length > prefix.length) return path.slice(prefix.length);
  }
  return path;
}

function describeOriginal(original: OriginalPosition): string {
  if (original.source === null) return '(unmapped)';
  const name = original.name === null ? '' : ` (${original.name})`;
  return `${original.source}:${original.line}:${original.column}${name}`;
}

function describeProblem(problem: SourceMapWarning): string {
  const where = location(problem);
  return `${problem.code}: ${problem.message}${where ? ` [${where}]` : ''}`;
}

/** Where a problem is, from the fields it has: '' when none. */
function location(problem: SourceMapWarning): string {
  const where: string[] = [];
  if (problem.field !== undefined) where.push(`field ${problem.field}`);
  if (problem.section !== undefined) where.push(`section ${problem.section}`);
  if (problem.offset !== undefined) where.push(`byte offset ${problem.offset}`);
  if (problem.generatedLine !== undefined) where.push(`generated line ${problem.generatedLine}`);
  if (problem.segment !== undefined) where.push(`segment ${problem.segment}`);
  return where.join(', ');
}

function invalidMap(file: string, { error, lenientWorks }: InvalidMapError): string {
  const name = file === '-' ? 'standard input' : `'${file}'`;
  let text = `${PROGRAM}: ${name} is not a valid source map\n  ${error.code}: ${error.message}\n`;
  const where = location(error);
  if (where) text += `  at ${where}\n`;
  if (lenientWorks) text += `  (--lenient reads it anyway, skipping what the spec lets a consumer skip)\n`;
  return text;
}

function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Drop parseArgs' own advice about `--` (a position never starts with "-" anyway).
  return message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '');
}

function usage(error: UsageError): number {
  process.stderr.write(`${PROGRAM}: ${error.message}\n${error.help}\n`);
  return 2;
}

function out(text: string): number {
  process.stdout.write(text);
  return 0;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') return pkg.version;
  } catch {
    // fall through
  }
  return 'unknown';
}

// Exit through exitCode, not process.exit(), so piped output is flushed first.
process.exitCode = main(process.argv.slice(2));
