// The fast path for a .map file given as bytes: validated and split into its top-level
// members in wasm (json-scan.ts), so that `mappings` is decoded from the bytes without
// becoming a string, `sourcesContent` and `names` stay unparsed until an item is asked for
// (raw-strings.ts), and JSON.parse only sees the small members. Any document the
// scanner does not vouch for takes JSON.parse, and so does a `names` that is not an array of
// strings only (its items are then checked, with the usual errors and warnings, in fields.ts).

import {
  FLAG_ESCAPES, FLAG_STRINGS, FLAG_STRINGS_OR_NULLS, KEY_FLAGS_SHIFT, KIND_ARRAY, KIND_STRING, MEMBER_FIELDS,
  MEMBER_FLAGS, MEMBER_ITEMS, MEMBER_KEY_END, MEMBER_KEY_START, MEMBER_KIND, MEMBER_VALUE_END,
  MEMBER_VALUE_START,
} from './layout.js';
import type { JsonObject } from './parse.js';
import { RawStrings } from './raw-strings.js';
import { jsonText as text, scanJsonMembers, type MappingsCounts } from './wasm.js';

const strictText = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A JSON string value with no escapes, kept as its bytes (between the quotes). */
export class RawString {
  constructor(readonly bytes: Uint8Array, readonly counts?: MappingsCounts) {}
}

// A byte-order mark and a first line starting with `)]}'` are skipped, as for text; -1 when
// that line is not UTF-8 (JSON.parse's path then says so).
function bodyStart(bytes: Uint8Array): number {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let start = bom;
  if (bytes[start] === 0x29 && bytes[start + 1] === 0x5d && bytes[start + 2] === 0x7d && bytes[start + 3] === 0x27) {
    while (start < bytes.length && bytes[start] !== 0x0a && bytes[start] !== 0x0d) start++;
    try {
      strictText.decode(bytes.subarray(bom, start));
    } catch {
      return -1;
    }
  }
  return start;
}

// A copy of bytes[start, end) that the map keeps: the caller may reuse its buffer. Not
// slice(), which on a Node.js buffer is a view.
function copyOf(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}

/** The top-level object of a .map file's bytes, or undefined when JSON.parse must decide. */
export function parseBytes(input: Uint8Array): JsonObject | undefined {
  const start = bodyStart(input);
  if (start < 0) return undefined;
  const bytes = input.subarray(start);
  const scanned = scanJsonMembers(bytes);
  if (!scanned) return undefined;
  const { members, mappingsMember, mappingsCounts, itemIndexes } = scanned;
  const json: JsonObject = {};
  for (let at = 0; at < members.length; at += MEMBER_FIELDS) {
    const flags = members[at + MEMBER_FLAGS];
    const keyBytes = bytes.subarray(members[at + MEMBER_KEY_START], members[at + MEMBER_KEY_END]);
    const key = (flags >> KEY_FLAGS_SHIFT) & FLAG_ESCAPES
      ? (JSON.parse(text.decode(keyBytes)) as string)
      : text.decode(keyBytes.subarray(1, keyBytes.length - 1));
    const start = members[at + MEMBER_VALUE_START];
    const end = members[at + MEMBER_VALUE_END];
    const kind = members[at + MEMBER_KIND];
    let value: unknown;
    if (key === 'mappings' && kind === KIND_STRING && !(flags & FLAG_ESCAPES)) {
      value = new RawString(bytes.subarray(start + 1, end - 1), at === mappingsMember * MEMBER_FIELDS ? mappingsCounts : undefined);
    } else if (key === 'sourcesContent' && kind === KIND_ARRAY && flags & FLAG_STRINGS_OR_NULLS) {
      value = new RawStrings<string | null>(copyOf(bytes, start, end), members[at + MEMBER_ITEMS], itemIndexes[at / MEMBER_FIELDS]);
    } else if (key === 'names' && kind === KIND_ARRAY && flags & FLAG_STRINGS) {
      value = new RawStrings<string>(copyOf(bytes, start, end), members[at + MEMBER_ITEMS], itemIndexes[at / MEMBER_FIELDS]);
    } else {
      value = JSON.parse(text.decode(bytes.subarray(start, end)));
    }
    // As JSON.parse: an own property whatever the key ("__proto__" included); the last one wins.
    Object.defineProperty(json, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return json;
}
