// A source's text by line: what a symbolicated frame shows is a few lines around its
// position, not the whole file. Over a `sourcesContent` item kept unparsed (raw-strings.ts),
// the lines are found in its escaped bytes (assembly/line-index.ts) and only the ones asked
// for are unescaped: the whole text never becomes a string, nor does each line. Over a text
// that is already a string, only where lines start is kept, and the lines asked for are
// sliced from it. Either way the index is one i32 a line.
//
// Lines end at `\n`, `\r\n` and `\r` (not U+2028 or U+2029), and a final line break ends the
// last line rather than starting an empty one: the lines that maps' original line numbers
// count, as src/symbolicate's splitLines() splits them.

import { SourceMapError } from './errors.js';
import { describe } from './parse.js';
import { unescapedText } from './raw-strings.js';
import { indexEscapedLines } from './wasm.js';

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const LINE_BREAK = /\r\n|\r|\n/;

/** The lines of one source's text (from `map.sourceLinesAt` or `map.sourceLinesFor`). */
export class SourceLines {
  /** How many lines the text has (at least 1: an empty text is one empty line). */
  readonly lineCount: number;
  readonly #text: string | Uint8Array; // the text, or its escaped JSON bytes
  readonly #breaks: Int32Array; // where each line after the first starts in #text

  /** @internal Use `map.sourceLinesAt(index)`. */
  constructor(text: string | Uint8Array, breaks: Int32Array) {
    this.#text = text;
    this.#breaks = breaks;
    const count = breaks.length;
    // A final line break ends the last line: no empty line after it.
    this.lineCount = count > 0 && breaks[count - 1] === text.length ? count : count + 1;
  }

  /** Lines `first` to `last`, 1-based and inclusive, without their line breaks; the part of that range past the last line is left out. */
  lines(first: number, last: number): string[] {
    checkLine('first', first);
    checkLine('last', last);
    const end = Math.min(last, this.lineCount);
    if (first > end) return [];
    const from = first === 1 ? 0 : this.#breaks[first - 2];
    const text = this.#text;
    const to = end <= this.#breaks.length ? this.#breaks[end - 1] : text.length;
    const part = typeof text === 'string' ? text.slice(from, to) : unescapedText(text.subarray(from, to));
    // The part ends with its last line's break, if it has one: the split's extra item is left out.
    return part.split(LINE_BREAK, end - first + 1);
  }

  /** Line `line` (1-based) without its line break, or undefined past the last line. */
  line(line: number): string | undefined {
    checkLine('line', line);
    return line > this.lineCount ? undefined : this.lines(line, line)[0];
  }
}

/** The lines of `text`. */
export function linesOfText(text: string): SourceLines {
  return new SourceLines(text, text.includes('\r') ? breaksOf(text) : lineFeedsOf(text));
}

/**
 * The lines of the string whose JSON text is `escaped` (its bytes between the quotes,
 * validated by the JSON scan), or undefined when the wasm has no memory for its index.
 */
export function linesOfEscaped(escaped: Uint8Array): SourceLines | undefined {
  const breaks = indexEscapedLines(escaped);
  return breaks && new SourceLines(escaped, breaks);
}

// Where each line after the first starts, in a text without `\r`: indexOf finds each `\n`
// far faster than a loop over the characters.
function lineFeedsOf(text: string): Int32Array {
  const starts = new Starts();
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts.done();
}

function breaksOf(text: string): Int32Array {
  const starts = new Starts();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CARRIAGE_RETURN) {
      if (text.charCodeAt(i + 1) === LINE_FEED) i++;
      starts.push(i + 1);
    } else if (c === LINE_FEED) starts.push(i + 1);
  }
  return starts.done();
}

// A growing list of i32.
class Starts {
  #values = new Int32Array(64);
  #count = 0;

  push(value: number): void {
    if (this.#count === this.#values.length) {
      const grown = new Int32Array(this.#count * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = value;
  }

  done(): Int32Array {
    return this.#values.slice(0, this.#count);
  }
}

function checkLine(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new SourceMapError({ code: 'INVALID_POSITION', message: `${name} must be an integer >= 1 (lines are 1-based), not ${describe(value)}` });
  }
}
