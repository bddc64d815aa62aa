// Stack traces, as text (V8, SpiderMonkey, JavaScriptCore `error.stack`) or as the structured
// frames error trackers send, to one frame shape. Each line is taken apart by hand-written
// scans that look at each character a bounded number of times (parentheses are paired in one
// pass with a stack): no regular expression runs over the input, so nothing can backtrack, and
// a trace is parsed in time linear in its length.
//
// Platform-free: no `node:` imports (this runs in browsers too).

export interface StackFrame {
  /** The function name as the trace gives it, or null. */
  function: string | null;
  /** The file URL or path, or null (e.g. native frames). */
  abs_path: string | null;
  /** 1-based line, as in traces. */
  lineno: number | null;
  /** 1-based column, as in V8/SpiderMonkey/JSC traces (error trackers send it so). */
  colno: number | null;
  /** The text of the frame line, for frames parsed from text. */
  raw?: string;
  /** Flags: 'async', 'new', 'eval', 'native' as they apply. */
  async?: boolean; new?: boolean; eval?: boolean; native?: boolean;
}

export interface ParsedStack { message: string | null; frames: StackFrame[]; format: 'v8' | 'spidermonkey' | 'jsc' | 'unknown' }

const OPEN = 0x28;
const CLOSE = 0x29;
const COLON = 0x3a;
const SPACE = 0x20;

/** Longest digit run read as a line or column (15 digits stay a safe integer). */
const MAX_DIGITS = 15;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isBlank(c: number): boolean {
  return c === SPACE || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff;
}

/** A 1-based position number: a positive safe integer, else null. */
function positive(n: number): number | null {
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}

interface Location {
  /** End of the URL part (the location with its position removed). */
  urlEnd: number;
  lineno: number | null;
  colno: number | null;
  /** Whether a position was found. */
  found: boolean;
}

/** The digit run ending at `end` (after `start`): its start, or -1 if empty or too long. */
function digitsBefore(text: string, start: number, end: number, hex = false): number {
  let i = end;
  while (i > start && end - i <= MAX_DIGITS && (hex ? isHexDigit(text.charCodeAt(i - 1)) : isDigit(text.charCodeAt(i - 1)))) i--;
  if (i === end || end - i > MAX_DIGITS) return -1;
  return i;
}

const WASM_FUNCTION = ':wasm-function[';

/**
 * The position at the end of text[start, end): `:line:col`, `:line`, or a WebAssembly
 * `:wasm-function[N]:0xOFFSET` (V8 and SpiderMonkey print module byte offsets; it becomes line
 * 1, column offset + 1, as a wasm source map's columns are byte offsets).
 */
function parsePosition(text: string, start: number, end: number): Location {
  const none: Location = { urlEnd: end, lineno: null, colno: null, found: false };
  // WebAssembly: url:wasm-function[3]:0x1a2b
  const hex = digitsBefore(text, start, end, true);
  if (hex >= 0 && hex - 3 > start && text.startsWith(':0x', hex - 3) && text.charCodeAt(hex - 4) === 0x5d) {
    const index = digitsBefore(text, start, hex - 4);
    if (index >= 0 && index - WASM_FUNCTION.length >= start && text.startsWith(WASM_FUNCTION, index - WASM_FUNCTION.length)) {
      const offset = Number.parseInt(text.slice(hex, end), 16);
      return { urlEnd: index - WASM_FUNCTION.length, lineno: 1, colno: positive(offset + 1), found: true };
    }
  }
  const last = digitsBefore(text, start, end);
  if (last < 0 || last - 1 <= start || text.charCodeAt(last - 1) !== COLON) return none;
  const lastValue = Number(text.slice(last, end));
  const first = digitsBefore(text, start, last - 1);
  if (first >= 0 && first - 1 > start && text.charCodeAt(first - 1) === COLON) {
    return { urlEnd: first - 1, lineno: positive(Number(text.slice(first, last - 1))), colno: positive(lastValue), found: true };
  }
  return { urlEnd: last - 1, lineno: positive(lastValue), colno: null, found: true };
}

function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

/** Reused between lines (and calls) so pairing parentheses allocates nothing per line. */
let pairBuffer = new Int32Array(256);

/**
 * For each "(" and ")" in text[start, end), the index of its partner, or -1: one pass with a
 * stack. The result is indexed from `start` and valid until the next call.
 */
function pairParens(text: string, start: number, end: number): Int32Array {
  const length = end - start;
  if (pairBuffer.length < length * 2) pairBuffer = new Int32Array(Math.max(length * 2, pairBuffer.length * 2));
  const pairs = pairBuffer.subarray(0, length);
  const stack = pairBuffer.subarray(length, length * 2);
  pairs.fill(-1);
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN) {
      stack[depth++] = i;
    } else if (c === CLOSE && depth > 0) {
      const open = stack[--depth];
      pairs[i - start] = open;
      pairs[open - start] = i;
    }
  }
  return pairs;
}

/** The "(" that pairs with the ")" at `close`, scanning back no further than `start`; or -1. */
function openingParen(text: string, start: number, close: number): number {
  let depth = 0;
  for (let i = close; i >= start; i--) {
    const c = text.charCodeAt(i);
    if (c === CLOSE) depth++;
    else if (c === OPEN && --depth === 0) return i;
  }
  return -1;
}

/** The first `needle` inside text[from, end): the search never runs past `end`. */
function indexOfInRange(text: string, needle: string, from: number, end: number): number {
  const first = needle.charCodeAt(0);
  for (let i = from; i + needle.length <= end; i++) {
    if (text.charCodeAt(i) === first && text.startsWith(needle, i)) return i;
  }
  return -1;
}

/** The last `needle` inside text[from, end): the search never runs before `from`. */
function lastIndexOfInRange(text: string, needle: string, from: number, end: number): number {
  const first = needle.charCodeAt(0);
  for (let i = end - needle.length; i >= from; i--) {
    if (text.charCodeAt(i) === first && text.startsWith(needle, i)) return i;
  }
  return -1;
}

const EVAL_AT = 'eval at ';

/** A frame with no location yet. */
function frame(fn: string | null, raw?: string): StackFrame {
  const result: StackFrame = { function: fn === '' ? null : fn, abs_path: null, lineno: null, colno: null };
  if (raw !== undefined) result.raw = raw;
  return result;
}

/**
 * One V8 frame line (its text after `at ` starts at `bodyStart`), or null when it is not a frame.
 * Forms: `fn (location)`, `location`, `async fn (location)`, `new Foo (location)`, and
 * locations `url:line:col`, `url:line`, `url`, `native`, `<anonymous>`, `index N`
 * (Promise.all), `eval at fn (origin), <anonymous>:line:col` (the innermost real origin is kept).
 */
function parseV8(text: string, lineStart: number, lineEnd: number, bodyStart: number, raw: string): StackFrame | null {
  let start = bodyStart;
  const end = lineEnd;
  let isAsync = false;
  let isNew = false;
  if (text.startsWith('async ', start)) {
    isAsync = true;
    start += 6;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
  }
  if (text.startsWith('new ', start)) {
    isNew = true;
    start += 4;
  }
  if (start >= end) return null;
  let name: string | null = null;
  let locStart = start;
  let locEnd = end;
  let parenthesised = false;
  if (text.charCodeAt(end - 1) === CLOSE) {
    const open = openingParen(text, start, end - 1);
    if (open > start && text.charCodeAt(open - 1) === SPACE) {
      locStart = open + 1;
      locEnd = end - 1;
      let nameEnd = open - 1;
      while (nameEnd > start && isBlank(text.charCodeAt(nameEnd - 1))) nameEnd--;
      name = text.slice(start, nameEnd);
      parenthesised = true;
    }
  }
  const result = frame(name, raw);
  if (isAsync) result.async = true;
  if (isNew) result.new = true;
  if (name === 'eval') result.eval = true;

  // eval at fn (eval at gn (url:1:2), <anonymous>:3:4), <anonymous>:5:6 -> url:1:2
  let evalOrigin = false;
  const pairs = text.startsWith(EVAL_AT, locStart) ? pairParens(text, lineStart, lineEnd) : null;
  const pairOf = (i: number): number => (pairs === null ? -1 : pairs[i - lineStart]);
  while (pairs !== null && text.startsWith(EVAL_AT, locStart)) {
    const open = indexOfInRange(text, ' (', locStart + EVAL_AT.length, locEnd);
    if (open < 0) break;
    const close = pairOf(open + 1);
    if (close < 0 || close >= locEnd) break;
    evalOrigin = true;
    locStart = open + 2;
    locEnd = close;
  }
  if (evalOrigin) result.eval = true;
  [locStart, locEnd] = trimRange(text, locStart, locEnd);
  const location = text.slice(locStart, locEnd);

  if (location === 'native' || location === '<anonymous>' || isPromiseIndex(location)) {
    result.native = true;
    return result;
  }
  if (location === 'unknown location') return parenthesised ? result : null;
  const position = parsePosition(text, locStart, locEnd);
  if (!position.found && !parenthesised && !evalOrigin) return null;
  const url = text.slice(locStart, position.urlEnd);
  if (url === '') return position.found || parenthesised ? result : null;
  result.abs_path = url;
  result.lineno = position.lineno;
  result.colno = position.colno;
  return result;
}

function isPromiseIndex(location: string): boolean {
  if (!location.startsWith('index ') || location.length === 6 || location.length > 6 + MAX_DIGITS) return false;
  for (let i = 6; i < location.length; i++) if (!isDigit(location.charCodeAt(i))) return false;
  return true;
}

/** What in a SpiderMonkey/JSC line says which engine it came from. */
interface EngineHints { jsc: boolean; spidermonkey: boolean }

const JSC_CODE_NAMES = new Set(['global code', 'eval code', 'module code']);

/**
 * One SpiderMonkey or JavaScriptCore frame line: `fn@location`, `@location`, `location` (JSC's
 * anonymous frames), `[native code]`, with SpiderMonkey's `cause*fn@` async frames and
 * `url line N > eval:l:c` eval locations. Null when the line is not a frame.
 */
function parseAtSign(text: string, start: number, end: number, raw: string, hints: EngineHints): StackFrame | null {
  const at = indexOfInRange(text, '@', start, end);
  let name: string | null = null;
  let locStart = start;
  if (at >= 0) {
    name = text.slice(start, at);
    // "Error: mail me@host:22" is a message, not a frame: no engine's names hold ": ".
    if (name.includes(': ')) return null;
    locStart = at + 1;
  } else {
    const whole = text.slice(start, end);
    if (whole === '[native code]') {
      hints.jsc = true;
      const result = frame(null, raw);
      result.native = true;
      return result;
    }
    if (JSC_CODE_NAMES.has(whole)) {
      // JSC prints "eval code" alone for the eval'd code's frame.
      hints.jsc = true;
      const result = frame(whole, raw);
      if (whole === 'eval code') result.eval = true;
      return result;
    }
  }
  const result = frame(name, raw);
  if (name !== null) {
    const star = name.lastIndexOf('*');
    if (star >= 0) {
      // SpiderMonkey async frames: "async*fn", "promise callback*fn", "setTimeout handler*".
      result.async = true;
      result.function = star + 1 < name.length ? name.slice(star + 1) : null;
      hints.spidermonkey = true;
    }
    if (JSC_CODE_NAMES.has(name)) hints.jsc = true;
    if (name.includes('/<')) hints.spidermonkey = true; // SpiderMonkey's names of inner functions
    if (name === 'eval code' || name === 'eval') result.eval = true;
  }
  const location = text.slice(locStart, end);
  if (location === '[native code]') {
    hints.jsc = true;
    result.native = true;
    return result;
  }
  // SpiderMonkey eval'd code: "url line 12 > eval:3:4", "url line 5 > Function:1:2",
  // nested "url line 12 > eval line 1 > eval:3:4": the innermost real location is url:12.
  const arrow = indexOfInRange(text, ' > ', locStart, end);
  if (arrow >= 0) {
    const lineWord = lastIndexOfInRange(text, ' line ', locStart, arrow);
    if (lineWord >= 0) {
      const digitsStart = lineWord + 6;
      const digitsEnd = digitsStart + countDigits(text, digitsStart, arrow);
      if (digitsEnd === arrow && digitsEnd > digitsStart) {
        hints.spidermonkey = true;
        result.eval = true;
        result.abs_path = text.slice(locStart, lineWord);
        result.lineno = positive(Number(text.slice(digitsStart, digitsEnd)));
        return result.abs_path === '' ? null : result;
      }
    }
  }
  const position = parsePosition(text, locStart, end);
  if (!position.found) return null;
  const url = text.slice(locStart, position.urlEnd);
  if (at < 0) {
    // A bare location (JSC's anonymous frame) must look like one: a URL or a path.
    if (!url.includes('/') && !url.includes('\\')) return null;
    hints.jsc = true;
  }
  // Both engines print URLs, which hold no whitespace (a space is %20).
  if (url === '' || hasBlank(url)) return null;
  result.abs_path = url;
  result.lineno = position.lineno;
  result.colno = position.colno;
  return result;
}

function countDigits(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && i - start <= MAX_DIGITS && isDigit(text.charCodeAt(i))) i++;
  return i - start;
}

function hasBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isBlank(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Parses a stack trace: V8 (`    at fn (url:line:col)`, `    at url:line:col`, `at async fn
 * (...)`, `at new Foo (...)`, eval frames `at eval (eval at fn (url:1:2), <anonymous>:3:4)` ->
 * the innermost real location), SpiderMonkey and JavaScriptCore (`fn@url:line:col`,
 * `@url:line:col`, `url:line:col` without name). Frames are in the trace's order (innermost
 * first). Linear time, no catastrophic regex backtracking.
 *
 * `message` is the text before the first frame (V8 puts `Error: message` there; the other
 * engines' `stack` has none), or null. Lines after the first frame that are not frames (Node's
 * `... 4 lines matching cause stack trace ...`, inspected properties) are skipped. `format` is
 * the engine of the first frame ('unknown' when there is none); SpiderMonkey and JSC share the
 * `fn@url` form and are told apart by engine-specific lines (`[native code]`, `global code`,
 * bare locations for JSC; `> eval` locations and `async*` causes for SpiderMonkey), and
 * SpiderMonkey when nothing tells.
 */
/**
 * Node prints an uncaught error as `<file>:<line>`, the line of code, a `^` marker and a blank
 * line, then `error.stack`. The location line would read as a frame: everything up to the
 * marker is dropped. Other text is returned as it is.
 */
function withoutNodeHeader(text: string): string {
  const lines = text.split(/\r\n|\n|\r/);
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  if (first >= lines.length || !/^\S.*:\d+$/.test(lines[first]) || /^\s*at\s/.test(lines[first])) return text;
  for (let i = first + 1; i <= first + 3 && i < lines.length; i++) {
    if (/^\s*\^+\s*$/.test(lines[i])) return lines.slice(i + 1).join('\n');
  }
  return text;
}

export function parseStackTrace(input: string): ParsedStack {
  if (typeof input !== 'string') return { message: null, frames: [], format: 'unknown' };
  const text = withoutNodeHeader(input);
  const frames: StackFrame[] = [];
  const messageLines: string[] = [];
  const hints: EngineHints = { jsc: false, spidermonkey: false };
  let firstKind: 'v8' | 'other' | null = null;
  const hasCR = text.includes('\r');
  let pos = 0;
  while (pos <= text.length) {
    let lineEnd: number;
    if (hasCR) {
      lineEnd = pos;
      while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 0x0a && text.charCodeAt(lineEnd) !== 0x0d) lineEnd++;
    } else {
      lineEnd = text.indexOf('\n', pos);
      if (lineEnd < 0) lineEnd = text.length;
    }
    const next = lineEnd < text.length && text.charCodeAt(lineEnd) === 0x0d && text.charCodeAt(lineEnd + 1) === 0x0a ? lineEnd + 2 : lineEnd + 1;
    const [start, end] = trimRange(text, pos, lineEnd);
    let parsed: StackFrame | null = null;
    let kind: 'v8' | 'other' = 'other';
    if (end > start) {
      const raw = text.slice(start, end);
      if (text.startsWith('at ', start) || text.startsWith('at\t', start)) {
        let bodyStart = start + 3;
        while (bodyStart < end && isBlank(text.charCodeAt(bodyStart))) bodyStart++;
        parsed = parseV8(text, start, end, bodyStart, raw);
        kind = 'v8';
      }
      if (parsed === null) {
        const lineHints: EngineHints = { jsc: false, spidermonkey: false };
        parsed = parseAtSign(text, start, end, raw, lineHints);
        kind = 'other';
        if (parsed !== null) {
          hints.jsc ||= lineHints.jsc;
          hints.spidermonkey ||= lineHints.spidermonkey;
        }
      }
    }
    if (parsed !== null) {
      frames.push(parsed);
      firstKind ??= kind;
    } else if (frames.length === 0) {
      messageLines.push(text.slice(pos, lineEnd));
    }
    if (lineEnd >= text.length) break;
    pos = next;
  }
  while (messageLines.length > 0 && messageLines[messageLines.length - 1].trim() === '') messageLines.pop();
  while (messageLines.length > 0 && messageLines[0].trim() === '') messageLines.shift();
  const message = messageLines.length > 0 ? messageLines.join('\n') : null;
  let format: ParsedStack['format'] = 'unknown';
  if (firstKind === 'v8') format = 'v8';
  else if (firstKind === 'other') format = hints.jsc && !hints.spidermonkey ? 'jsc' : 'spidermonkey';
  return { message, frames, format };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** An own property's value; undefined when absent, inherited, or when reading it throws. */
function read(object: Record<string, unknown>, key: string): unknown {
  try {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  } catch {
    return undefined; // a throwing getter or proxy trap
  }
}

/** The first of `keys` that holds a non-empty string. */
function stringField(object: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = read(object, key);
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

/** The first of `keys` that is present, as a 1-based position (a number or a string of digits). */
function positionField(object: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const key of keys) {
    let value = read(object, key);
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.length > 0 && value.length <= MAX_DIGITS && countDigits(value, 0, value.length) === value.length) {
      value = Number(value);
    }
    return typeof value === 'number' ? positive(value) : null;
  }
  return null;
}

const FUNCTION_KEYS = ['function', 'functionName'] as const;
const PATH_KEYS = ['abs_path', 'filename', 'fileName'] as const;
const LINE_KEYS = ['lineno', 'lineNumber'] as const;
const COLUMN_KEYS = ['colno', 'columnNumber'] as const;

/**
 * Structured frames as error trackers send them ({ abs_path, lineno, colno, function, ... }),
 * validated and normalised to StackFrame.
 *
 * - One frame per item, in the given order (Sentry sends the outermost frame first; it is kept
 *   so), so results line up with the input. An item that is not an object gives a frame of
 *   nulls.
 * - `abs_path`, else `filename` (Sentry), else `fileName` (error-stack-parser); `function`, else
 *   `functionName`; `lineno`/`colno`, else `lineNumber`/`columnNumber` (all 1-based). Empty
 *   strings count as absent.
 * - Lines and columns must be positive integers (numbers, or strings of digits); anything else
 *   (0, negative, fractional, NaN) is null.
 * - `raw` (a string) and the flags `async`, `new`, `eval`, `native` (when `true`) are
 *   kept. Only own data is read through plain property access; a getter that throws counts as
 *   absent.
 */
export function normalizeFrames(frames: unknown[]): StackFrame[] {
  if (!Array.isArray(frames)) return [];
  const result: StackFrame[] = [];
  for (const item of frames) {
    if (!isRecord(item)) {
      result.push(frame(null));
      continue;
    }
    const normalized = frame(stringField(item, FUNCTION_KEYS));
    normalized.abs_path = stringField(item, PATH_KEYS);
    normalized.lineno = positionField(item, LINE_KEYS);
    normalized.colno = positionField(item, COLUMN_KEYS);
    const raw = read(item, 'raw');
    if (typeof raw === 'string') normalized.raw = raw;
    if (read(item, 'async') === true) normalized.async = true;
    if (read(item, 'new') === true || read(item, 'constructor') === true) normalized.new = true;
    if (read(item, 'eval') === true) normalized.eval = true;
    if (read(item, 'native') === true) normalized.native = true;
    result.push(normalized);
  }
  return result;
}
