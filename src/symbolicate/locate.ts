// Finding the source map of a generated file, as ECMA-426 "Linking generated code to source
// maps" says: the `SourceMap` HTTP header, else the `sourceMappingURL` annotation (a trailing
// comment in JavaScript and CSS, a custom section in WebAssembly). Every scanner here is a
// hand-written loop that looks at each character a bounded number of times: no regular
// expression runs over the input, so nothing can backtrack.
//
// Platform-free: no `node:` imports (this runs in browsers too).

import { mapBase, resolveSource } from '../resolve.js';

export type CodeKind = 'js' | 'css';

const SLASH = 0x2f;
const STAR = 0x2a;
const AT = 0x40;
const HASH = 0x23;
const LF = 0x0a;
const CR = 0x0d;

/** ECMAScript line terminators: LF, CR, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
function isLineTerminator(c: number): boolean {
  return c === LF || c === CR || c === 0x2028 || c === 0x2029;
}

/**
 * A RegExp `\s`: ECMAScript WhiteSpace (TAB, VT, FF, SP, NBSP, ZWNBSP and the other Zs) and
 * LineTerminator. Inside one line there is no line terminator, so there it is the spec's
 * "ECMAScript WhiteSpace" too.
 */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * ECMA-426 MatchSourceMapURL, for any key: the RegExp `^[@#]\s*<key>=(\S*?)\s*$` run on
 * `text.slice(start, end)`. The capture, or undefined when it does not match.
 */
function matchAnnotation(text: string, start: number, end: number, key: string): string | undefined {
  let p = start;
  if (p >= end) return undefined;
  const marker = text.charCodeAt(p);
  if (marker !== HASH && marker !== AT) return undefined;
  p++;
  while (p < end && isSpace(text.charCodeAt(p))) p++;
  if (end - p < key.length + 1 || !text.startsWith(key, p) || text.charCodeAt(p + key.length) !== 0x3d) return undefined;
  p += key.length + 1;
  let last = end;
  while (last > p && isSpace(text.charCodeAt(last - 1))) last--;
  for (let i = p; i < last; i++) if (isSpace(text.charCodeAt(i))) return undefined;
  return text.slice(p, last);
}

/**
 * What one line does to the scanner's `lastURL`: undefined when it leaves it as it was (only
 * whitespace, comments that do not match, an unclosed comment), null when code resets it, or
 * the URL of the last matching comment after which no code follows on the line.
 */
function scanLine(text: string, start: number, end: number, kind: CodeKind, key: string): string | null | undefined {
  let state: string | null | undefined;
  let p = start;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (isSpace(c)) {
      p++;
      continue;
    }
    if (c === SLASH && p + 1 < end) {
      const d = text.charCodeAt(p + 1);
      if (d === SLASH && kind === 'js') {
        const url = matchAnnotation(text, p + 2, end, key);
        if (url !== undefined) state = url;
        break;
      }
      if (d === STAR) {
        // The comment must close on this line; the search stops at the line's end, so a
        // file of unclosed comments is still scanned in linear time.
        let close = -1;
        for (let i = p + 2; i + 1 < end; i++) {
          if (text.charCodeAt(i) === STAR && text.charCodeAt(i + 1) === SLASH) {
            close = i;
            break;
          }
        }
        if (close < 0) break; // unclosed: the rest of the line is ignored
        const url = matchAnnotation(text, p + 2, close, key);
        if (url !== undefined) state = url;
        p = close + 2;
        continue;
      }
    }
    state = null; // code (a lone "/" included)
    p++;
  }
  return state;
}

/**
 * ECMA-426's "without parsing" extraction, run from the last line back: the first line (from the
 * end) with code or a matching comment decides, so only the file's tail is usually read.
 */
function scanAnnotation(text: string, kind: CodeKind, key: string): string | null {
  let end = text.length;
  for (;;) {
    let start = end;
    while (start > 0 && !isLineTerminator(text.charCodeAt(start - 1))) start--;
    const effect = scanLine(text, start, end, kind, key);
    if (effect !== undefined) return effect;
    if (start === 0) return null;
    end = start - 1; // the terminator; "\r\n" is one
    if (text.charCodeAt(end) === LF && end > 0 && text.charCodeAt(end - 1) === CR) end--;
  }
}

/**
 * The URL in the last sourceMappingURL annotation (//# and legacy //@ for JS; /*# ... *\/ for
 * CSS), found by scanning from the end as ECMA-426's "without parsing" algorithm does: only
 * trailing comments count; code after it cancels it; an annotation inside a multi-line comment
 * or a string does not count as the spec says. null if none. Linear time.
 */
export function findSourceMappingURL(code: string, kind: CodeKind = 'js'): string | null {
  if (typeof code !== 'string') return null;
  return scanAnnotation(code, kind === 'css' ? 'css' : 'js', 'sourceMappingURL');
}

/** `//# sourceURL=` (or //@) for eval'd code: the last one, as above. */
export function findSourceURL(code: string): string | null {
  if (typeof code !== 'string') return null;
  return scanAnnotation(code, 'js', 'sourceURL');
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** A canonical 8-4-4-4-12 UUID at text[start, end), lowercased, or null. */
function uuidAt(text: string, start: number, end: number): string | null {
  if (end - start !== 36) return null;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(start + i);
    if (i === 8 || i === 13 || i === 18 || i === 23 ? c !== 0x2d : !isHex(c)) return null;
  }
  return text.slice(start, end).toLowerCase();
}

const DEBUG_ID_PREFIX = '//# debugId=';

/**
 * The Debug ID proposal: `//# debugId=<uuid>` within the last 5 lines (canonical lowercase UUID
 * returned), else null. A line terminator that ends the file does not start a sixth, empty
 * line. Whitespace around the comment is allowed; anything else on its line is not.
 */
export function findDebugId(code: string): string | null {
  if (typeof code !== 'string') return null;
  let end = code.length;
  if (end > 0 && isLineTerminator(code.charCodeAt(end - 1))) {
    end--;
    if (code.charCodeAt(end) === LF && end > 0 && code.charCodeAt(end - 1) === CR) end--;
  }
  for (let lines = 0; lines < 5; lines++) {
    let start = end;
    while (start > 0 && !isLineTerminator(code.charCodeAt(start - 1))) start--;
    let s = start;
    let e = end;
    while (s < e && isSpace(code.charCodeAt(s))) s++;
    while (e > s && isSpace(code.charCodeAt(e - 1))) e--;
    if (code.startsWith(DEBUG_ID_PREFIX, s)) {
      const id = uuidAt(code, s + DEBUG_ID_PREFIX.length, e);
      if (id !== null) return id;
    }
    if (start === 0) return null;
    end = start - 1;
    if (code.charCodeAt(end) === LF && end > 0 && code.charCodeAt(end - 1) === CR) end--;
  }
  return null;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const WASM_VERSION = [0x01, 0x00, 0x00, 0x00];
/** The highest known section id (13: the tag section of exception handling). */
const WASM_MAX_SECTION_ID = 13;
const SOURCE_MAPPING_URL = 'sourceMappingURL';

/** A LEB128 u32 at bytes[pos]: [value, next position], or null when malformed or cut off. */
function readU32(bytes: Uint8Array, pos: number, end: number): [number, number] | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (pos >= end) return null;
    const byte = bytes[pos++];
    if (i === 4 && byte > 0x0f) return null; // more than 32 bits, or a continuation bit
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return [value, pos];
  }
  return null;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A WebAssembly `name` (a LEB128 byte count, then UTF-8) spanning exactly bytes[pos, end). */
function readName(bytes: Uint8Array, pos: number, end: number): string | null {
  const length = readU32(bytes, pos, end);
  if (!length || length[1] + length[0] !== end) return null;
  try {
    return utf8Strict.decode(bytes.subarray(length[1], end));
  } catch {
    return null;
  }
}

/**
 * The content of the first WebAssembly custom section named "sourceMappingURL" (a UTF-8
 * string), or null (also for bytes that are not a valid module header/sections).
 *
 * The content is a WebAssembly `name` (a length, then UTF-8), as the spec and the toolchains
 * (Binaryen, Emscripten, AssemblyScript, V8) have it. The whole module's section structure is
 * checked (header, section ids, sizes, custom-section names) before any section is used, as
 * the spec's module_decode failing means null; the contents of the other sections are not
 * validated.
 */
export function findWasmSourceMappingURL(bytes: Uint8Array): string | null {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8) return null;
  for (let i = 0; i < 4; i++) if (bytes[i] !== WASM_MAGIC[i] || bytes[4 + i] !== WASM_VERSION[i]) return null;
  let found: string | null = null;
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos++];
    if (id > WASM_MAX_SECTION_ID) return null;
    const size = readU32(bytes, pos, bytes.length);
    if (!size) return null;
    const start = size[1];
    const end = start + size[0];
    if (end > bytes.length) return null;
    if (id === 0) {
      const nameLength = readU32(bytes, start, end);
      if (!nameLength || nameLength[1] + nameLength[0] > end) return null;
      const nameEnd = nameLength[1] + nameLength[0];
      let name: string;
      try {
        name = utf8Strict.decode(bytes.subarray(nameLength[1], nameEnd));
      } catch {
        return null;
      }
      if (found === null && name === SOURCE_MAPPING_URL) {
        const url = readName(bytes, nameEnd, end);
        if (url === null) return null;
        found = url;
      }
    }
    pos = end;
  }
  return found;
}

type HeaderRecord = Record<string, string | string[] | undefined>;

function isHeaders(headers: Headers | HeaderRecord): headers is Headers {
  return typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function';
}

function headerValue(headers: Headers | HeaderRecord, name: string): string | null {
  let value: string | null = null;
  if (isHeaders(headers)) {
    value = headers.get(name);
  } else {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() !== name) continue;
      const raw = headers[key];
      const first = Array.isArray(raw) ? raw.find((item) => typeof item === 'string' && item.trim() !== '') : raw;
      if (typeof first === 'string' && first.trim() !== '') {
        value = first;
        break;
      }
    }
  }
  if (value === null) return null;
  value = value.trim();
  return value === '' ? null : value;
}

/**
 * The `SourceMap` HTTP header, else the deprecated `X-SourceMap`; case-insensitive names.
 * Surrounding whitespace is trimmed; an empty value counts as absent. From a record, the first
 * non-empty item of an array value is used.
 */
export function sourceMapHeader(headers: Headers | HeaderRecord): string | null {
  if (typeof headers !== 'object' || headers === null) return null;
  return headerValue(headers, 'sourcemap') ?? headerValue(headers, 'x-sourcemap');
}

const utf8Lenient = new TextDecoder('utf-8');

function looksLikeWasm(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

function extension(url: string | undefined): string {
  if (url === undefined) return '';
  let path = url;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 0x3f || c === HASH) {
      path = path.slice(0, i);
      break;
    }
  }
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
}

/**
 * Where the map of a generated file is: the header wins over the annotation; the result is
 * resolved (WHATWG URL) against the generated file's `url` (or, per spec, against the file's
 * //# sourceURL when there is one and no `url`). For .wasm bytes uses the custom section. null
 * when nothing links a map.
 *
 * - `kind` defaults to 'wasm' for bytes starting with `\0asm` or a `.wasm` URL, 'css' for a
 *   `.css` URL, else 'js'. Bytes of JS or CSS are decoded as UTF-8.
 * - A relative `url` (a path such as `dist/app.js`) resolves as a path, as `SourceMap`'s `url`
 *   option does; with nothing to resolve against, the URL is returned as written.
 * - An empty annotation (`//# sourceMappingURL=`) or header links nothing: null.
 * - A URL that cannot be resolved (an invalid URL against an absolute base) gives null.
 */
export function locateSourceMap(generated: {
  url?: string;
  code?: string | Uint8Array;
  kind?: CodeKind | 'wasm';
  headers?: Headers | HeaderRecord;
}): string | null {
  const { url, code, headers } = generated;
  let mapUrl = headers ? sourceMapHeader(headers) : null;
  let kind = generated.kind;
  if (kind === undefined) {
    const ext = extension(url);
    if ((code instanceof Uint8Array && looksLikeWasm(code)) || ext === 'wasm') kind = 'wasm';
    else kind = ext === 'css' ? 'css' : 'js';
  }
  let text: string | undefined;
  if (typeof code === 'string') text = code;
  else if (code instanceof Uint8Array && kind !== 'wasm') text = utf8Lenient.decode(code);
  if (mapUrl === null && code !== undefined) {
    if (kind === 'wasm') mapUrl = code instanceof Uint8Array ? findWasmSourceMappingURL(code) : null;
    else if (text !== undefined) mapUrl = findSourceMappingURL(text, kind);
  }
  if (mapUrl === null || mapUrl === '') return null;
  let base = url;
  if (base === undefined && kind === 'js' && text !== undefined) base = findSourceURL(text) ?? undefined;
  if (base === '') base = undefined;
  return resolveSource(mapUrl, null, mapBase(base)) ?? null;
}

const XSSI = [0x29, 0x5d, 0x7d, 0x27]; // )]}'

/** Where the text after the first line starts (past its LF, CR or CRLF), or the length. */
function afterFirstLine(length: number, at: (i: number) => number): number {
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (c === LF) return i + 1;
    if (c === CR) return i + 1 < length && at(i + 1) === LF ? i + 2 : i + 1;
  }
  return length;
}

/**
 * Drops a first line starting with `)]}'` (the XSSI guard some servers prepend), for text or
 * bytes. The line's terminator goes with it (ECMA-426 keeps it; as JSON whitespace it makes no
 * difference).
 */
export function stripXssiPrefix(body: string): string;
export function stripXssiPrefix(body: Uint8Array): Uint8Array;
export function stripXssiPrefix(body: string | Uint8Array): string | Uint8Array {
  if (typeof body === 'string') {
    if (!body.startsWith(")]}'")) return body;
    return body.slice(afterFirstLine(body.length, (i) => body.charCodeAt(i)));
  }
  if (body.length < 4 || XSSI.some((byte, i) => body[i] !== byte)) return body;
  return body.subarray(afterFirstLine(body.length, (i) => body[i]));
}
