#!/usr/bin/env node
// The `sourcemap-wasm` command: lookup, symbolicate, validate and rewrite (src/cli/*.ts).
// Node only (the core stays platform-free); no dependencies beyond node: built-ins.

import { readFileSync } from 'node:fs';
import process from 'node:process';
import { parseArgs } from 'node:util';
import {
  PROGRAM, UsageError, fail, out, parseArgsMessage, usage, type Command, type OptionValues, type OptionsConfig,
} from './cli/common.js';
import { lookupCommand } from './cli/lookup.js';
import { rewriteCommand } from './cli/rewrite.js';
import { symbolicateCommand } from './cli/symbolicate.js';
import { validateCommand } from './cli/validate.js';

const COMMANDS: readonly Command[] = [lookupCommand, symbolicateCommand, validateCommand, rewriteCommand];

const GLOBAL_OPTIONS: OptionsConfig = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

const width = Math.max(...COMMANDS.map((command) => command.synopsis.length), 'help [command]'.length) + 2;
const line = (synopsis: string, summary: string) => `  ${synopsis.padEnd(width)}${summary}\n`;

const PROGRAM_HELP = `Usage: ${PROGRAM} <command> [options]

A source map consumer (ECMA-426) whose decoding and lookups run in WebAssembly.

Commands:
${COMMANDS.map((command) => line(command.synopsis, command.summary)).join('')}${line('help [command]', "print this help, or a command's")}
Options:
  -h, --help     print help (${PROGRAM} <command> --help for a command's)
  -v, --version  print the version

Exit status:
  0  ok
  1  lookup: the source map is invalid
     symbolicate: a frame of the app stayed unresolved, or the input has no stack frames
     validate: problems were found
     rewrite: the map is invalid, or some sources could not be embedded
  2  a usage error, or an unreadable file (or directory)
`;

async function main(argv: string[]): Promise<number> {
  const at = commandIndex(argv);
  const name = at < 0 ? undefined : argv[at];
  const rest = at < 0 ? argv : [...argv.slice(0, at), ...argv.slice(at + 1)];

  if (name === 'help') {
    const parsed = parse(rest, GLOBAL_OPTIONS);
    if (parsed instanceof UsageError) return usage(parsed);
    const topic = parsed.positionals[0];
    if (topic === undefined) return out(PROGRAM_HELP);
    const command = COMMANDS.find((candidate) => candidate.name === topic);
    if (!command) return usage(new UsageError(`unknown command '${topic}'`));
    return out(command.help);
  }
  if (name === undefined) {
    const parsed = parse(rest, GLOBAL_OPTIONS);
    if (parsed instanceof UsageError) return usage(parsed);
    if (parsed.values.version === true) return out(`${version()}\n`);
    if (parsed.values.help === true) return out(PROGRAM_HELP);
    process.stderr.write(PROGRAM_HELP);
    return 2;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    if (rest.includes('--version') || rest.includes('-v')) return out(`${version()}\n`);
    return usage(new UsageError(`unknown command '${name}'`));
  }
  const refused = command.preflight?.(rest);
  if (refused) return usage(refused);
  const parsed = parse(rest, { ...GLOBAL_OPTIONS, ...command.options }, command.name);
  if (parsed instanceof UsageError) return usage(parsed);
  if (parsed.values.version === true) return out(`${version()}\n`);
  if (parsed.values.help === true) return out(command.help);
  return command.run(parsed.values, parsed.positionals);
}

function parse(args: string[], options: OptionsConfig, command?: string): { values: OptionValues; positionals: string[] } | UsageError {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    // parseArgs throws a TypeError with an ERR_PARSE_ARGS_* code for unknown or malformed options.
    return new UsageError(parseArgsMessage(error), `Run '${PROGRAM}${command ? ` ${command}` : ''} --help' for usage.`);
  }
}

/** Options that take a value, in any command: their value is not the command's name. */
const VALUE_OPTIONS = new Set<string>();
for (const command of COMMANDS) {
  for (const [option, config] of Object.entries(command.options)) {
    if (config.type !== 'string') continue;
    VALUE_OPTIONS.add(`--${option}`);
    if (config.short) VALUE_OPTIONS.add(`-${config.short}`);
  }
}

/** Where the command's name is in argv: its first positional argument, or -1. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (arg.startsWith('-') && arg !== '-') {
      if (VALUE_OPTIONS.has(arg)) i++;
      continue;
    }
    return i;
  }
  return -1;
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
main(process.argv.slice(2)).then(
  (status) => { process.exitCode = status; },
  (error: unknown) => {
    process.exitCode = fail(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 2);
  },
);
