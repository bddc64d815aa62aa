// `sourcemap-wasm lookup`: the original positions of generated ones, in one map.

import process from 'node:process';
import { pathToFileURL } from 'node:url';
import {
  GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, SourceMap, SourceMapError,
  type Bias, type OriginalPosition,
} from '../index.js';
import {
  PROGRAM, ReadError, UsageError, booleanOption, describeProblem, displayPath, fail, helpHint, location, readInput,
  stringOption, usage, type Command, type OptionValues,
} from './common.js';

const MAX_INT32 = 0x7fffffff;

const HELP = `Usage: ${PROGRAM} lookup <file.map> <line:column>... [options]

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

export const lookupCommand: Command = {
  name: 'lookup',
  synopsis: 'lookup <file.map> <line:column>...',
  summary: 'print the original position of generated positions',
  help: HELP,
  options: {
    bias: { type: 'string' },
    json: { type: 'boolean' },
    lenient: { type: 'boolean' },
    url: { type: 'string' },
  },
  preflight(argv) {
    // A negative position would otherwise read as an unknown option ('-1').
    const negative = argv.find((arg, i) => /^-\d/.test(arg) && argv[i - 1] !== '--url' && argv[i - 1] !== '--bias');
    if (negative === undefined) return undefined;
    return new UsageError(`invalid position '${negative}': lines are 1-based and columns 0-based, never negative`, helpHint('lookup'));
  },
  async run(values, positionals) {
    let options: LookupOptions;
    try {
      options = lookupOptions(positionals, values);
    } catch (error) {
      if (error instanceof UsageError) return usage(error);
      throw error;
    }
    try {
      return await lookup(options);
    } catch (error) {
      if (error instanceof ReadError) return fail(error.message, 2);
      if (error instanceof InvalidMapError) {
        process.stderr.write(invalidMap(options.file, error));
        return 1;
      }
      if (error instanceof SourceMapError) return fail(describeProblem(error), 1);
      throw error;
    }
  },
};

function lookupOptions(args: string[], values: OptionValues): LookupOptions {
  const [file, ...texts] = args;
  const hint = helpHint('lookup');
  if (file === undefined) throw new UsageError('lookup needs a source map file and at least one <line:column>', hint);
  if (texts.length === 0) throw new UsageError('lookup needs at least one <line:column> position, e.g. 1:120', hint);
  let bias: Bias = GREATEST_LOWER_BOUND;
  const biasText = stringOption(values, 'bias');
  if (biasText !== undefined) {
    if (biasText === 'glb') bias = GREATEST_LOWER_BOUND;
    else if (biasText === 'lub') bias = LEAST_UPPER_BOUND;
    else throw new UsageError(`--bias must be glb or lub, not '${biasText}'`, hint);
  }
  const url = stringOption(values, 'url');
  if (url === '') throw new UsageError('--url must not be empty', hint);
  return {
    file,
    positions: texts.map(parsePosition),
    bias,
    json: booleanOption(values, 'json'),
    lenient: booleanOption(values, 'lenient'),
    url,
  };
}

function parsePosition(text: string): { text: string; line: number; column: number } {
  const match = /^(\d+):(\d+)$/.exec(text);
  const expected = 'expected <line>:<column>, a 1-based line and a 0-based column, e.g. 1:120';
  const hint = helpHint('lookup');
  if (!match) throw new UsageError(`invalid position '${text}': ${expected}`, hint);
  const line = Number(match[1]);
  const column = Number(match[2]);
  if (line < 1) throw new UsageError(`invalid position '${text}': lines are 1-based, the first is 1`, hint);
  if (line > MAX_INT32 || column > MAX_INT32) throw new UsageError(`invalid position '${text}': line and column must be at most ${MAX_INT32}`, hint);
  return { text, line, column };
}

async function lookup(options: LookupOptions): Promise<number> {
  const { file, positions, bias, json, lenient } = options;
  const bytes = await readInput(file);
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

function describeOriginal(original: OriginalPosition): string {
  if (original.source === null) return '(unmapped)';
  const name = original.name === null ? '' : ` (${original.name})`;
  return `${original.source}:${original.line}:${original.column}${name}`;
}

function invalidMap(file: string, { error, lenientWorks }: InvalidMapError): string {
  const name = file === '-' ? 'standard input' : `'${file}'`;
  let text = `${PROGRAM}: ${name} is not a valid source map\n  ${error.code}: ${error.message}\n`;
  const where = location(error);
  if (where) text += `  at ${where}\n`;
  if (lenientWorks) text += `  (--lenient reads it anyway, skipping what the spec lets a consumer skip)\n`;
  return text;
}
