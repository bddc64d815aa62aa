// What the CLI's commands share: errors that pick the exit status, reading input, showing
// paths and map problems, and parseArgs' values read with their types.

import { readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import type { SourceMapWarning } from '../index.js';

export const PROGRAM = 'sourcemap-wasm';

/** A mistake in how the command was called: exit status 2. */
export class UsageError extends Error {
  constructor(message: string, readonly help = `Run '${PROGRAM} --help' for usage.`) {
    super(message);
  }
}

/** An input file (or directory) could not be read, or an output not written: exit status 2. */
export class ReadError extends Error {}

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One command of the program. */
export interface Command {
  name: string;
  /** `lookup <file.map> <line:column>...`: the program help's line. */
  synopsis: string;
  summary: string;
  help: string;
  options: OptionsConfig;
  /** Runs before the arguments are parsed (lookup refuses negative positions there). */
  preflight?(argv: readonly string[]): UsageError | undefined;
  run(values: OptionValues, positionals: string[]): number | Promise<number>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

export function listOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** A positive integer option (`--timeout 5000`), or undefined when absent. */
export function integerOption(values: OptionValues, name: string, command: string): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be a positive integer, not '${text}'`, helpHint(command));
  }
  return Number(text);
}

export function helpHint(command: string): string {
  return `Run '${PROGRAM} ${command} --help' for usage.`;
}

/** Why a file could not be read, from its errno code. */
export function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/**
 * A file's bytes, or standard input's for "-"; a ReadError when it cannot be read. Standard
 * input is read as a stream: a pipe may be non-blocking, where readFileSync(0) fails (EAGAIN).
 */
export async function readInput(file: string): Promise<Uint8Array> {
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      const buffer = Buffer.concat(chunks);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
    const buffer = readFileSync(file);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new ReadError(`cannot read ${file === '-' ? 'standard input' : `'${file}'`}: ${whyUnreadable(error)}`);
  }
}

/** A file: URL as a path relative to the current directory (absolute outside it); other URLs as they are. */
export function displayPath(source: string): string {
  if (!source.startsWith('file:')) return source;
  let path: string;
  try {
    path = fileURLToPath(source);
  } catch {
    return source; // e.g. a file: URL with a host on POSIX
  }
  return relativeToCwd(path);
}

/** An absolute path relative to the current directory when inside it, else as it is. */
export function relativeToCwd(path: string): string {
  const cwd = process.cwd();
  for (const separator of ['/', '\\']) {
    const prefix = cwd.endsWith(separator) ? cwd : cwd + separator;
    if (path.startsWith(prefix) && path.length > prefix.length) return path.slice(prefix.length);
  }
  return path;
}

export function describeProblem(problem: SourceMapWarning): string {
  const where = location(problem);
  return `${problem.code}: ${problem.message}${where ? ` [${where}]` : ''}`;
}

/** Where a problem is, from the fields it has: '' when none. */
export function location(problem: Pick<SourceMapWarning, 'field' | 'section' | 'offset' | 'generatedLine' | 'segment'>): string {
  const where: string[] = [];
  if (problem.field !== undefined) where.push(`field ${problem.field}`);
  if (problem.section !== undefined) where.push(`section ${problem.section}`);
  if (problem.offset !== undefined) where.push(`byte offset ${problem.offset}`);
  if (problem.generatedLine !== undefined) where.push(`generated line ${problem.generatedLine}`);
  if (problem.segment !== undefined) where.push(`segment ${problem.segment}`);
  return where.join(', ');
}

export function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Drop parseArgs' own advice about `--` (a position never starts with "-" anyway).
  return message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '');
}

export function usage(error: UsageError): number {
  process.stderr.write(`${PROGRAM}: ${error.message}\n${error.help}\n`);
  return 2;
}

export function fail(message: string, status: number): number {
  process.stderr.write(`${PROGRAM}: ${message}\n`);
  return status;
}

export function out(text: string): number {
  process.stdout.write(text);
  return 0;
}

/** "1 file", "2 files". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Whether to color standard output: --color / --no-color, else a terminal without NO_COLOR. */
export function useColor(values: OptionValues, stream: NodeJS.WriteStream): boolean {
  if (booleanOption(values, 'no-color')) return false;
  if (booleanOption(values, 'color')) return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

export interface Style {
  dim(text: string): string;
  bold(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

export function style(color: boolean): Style {
  return color
    ? { dim: sgr(2, 22), bold: sgr(1, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39) }
    : { dim: plain, bold: plain, red: plain, yellow: plain, green: plain };
}
