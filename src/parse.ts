// From what the user passed (text, bytes or a parsed object) to a JSON object.

import { SourceMapError, type SourceMapErrorCode } from './errors.js';
import { parseBytes } from './parse-bytes.js';

export type JsonObject = Record<string, unknown>;

/** What a SourceMap can be made from: the text of a .map file, its bytes, or its parsed JSON. */
export type SourceMapInput = string | Uint8Array | object;

const XSSI_PREFIX = ")]}'";
// ignoreBOM: a BOM is kept for stripPrefix to drop, so bytes and text drop exactly one.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function invalid(code: SourceMapErrorCode, message: string, cause?: unknown): SourceMapError {
  return new SourceMapError({ code, message }, { cause });
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of an own property, never one inherited from a prototype. */
export function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

export function has(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

// A byte-order mark and the `)]}'` line that servers prepend against XSSI are dropped.
function stripPrefix(text: string): string {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.startsWith(XSSI_PREFIX)) {
    const newline = text.search(/[\r\n]/);
    text = newline < 0 ? '' : text.slice(newline);
  }
  return text;
}

export function parseJson(text: string): JsonObject {
  let json: unknown;
  try {
    json = JSON.parse(stripPrefix(text));
  } catch (cause) {
    throw invalid('INVALID_JSON', `The source map is not valid JSON: ${(cause as Error).message}`, cause);
  }
  if (!isJsonObject(json)) throw invalid('INVALID_JSON', `The source map must be a JSON object, not ${describe(json)}`);
  return json;
}

export function parseInput(input: SourceMapInput): JsonObject {
  if (typeof input === 'string') return parseJson(input);
  if (input instanceof Uint8Array) {
    const fast = parseBytes(input);
    if (fast) return fast;
    let text: string;
    try {
      text = utf8.decode(input);
    } catch (cause) {
      throw invalid('INVALID_JSON', 'The source map bytes are not valid UTF-8', cause);
    }
    return parseJson(text);
  }
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    throw invalid('INVALID_INPUT', 'Bytes must be given as a Uint8Array (e.g. new Uint8Array(buffer)), not as another kind of buffer');
  }
  if (isJsonObject(input) && typeof (input as { then?: unknown }).then === 'function') {
    throw invalid('INVALID_INPUT', 'A source map was given as a Promise: await it first');
  }
  if (isJsonObject(input)) return input;
  throw invalid('INVALID_INPUT', `A source map must be given as a string, a Uint8Array or an object, not ${describe(input)}`);
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}
