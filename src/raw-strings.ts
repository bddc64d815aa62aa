// A JSON array of strings (and nulls) from a .map file's bytes, kept unparsed: `names`, of
// which a lookup returns one or two, and `sourcesContent`, of which a symbolicated frame
// needs the one source it shows. JSON.parse of a whole array costs about a millisecond of a
// cold start for tens of thousands of names, and 7-20 ms for the `sourcesContent` of the
// bench's maps with many sources. An index of where each item starts lets `at(i)` decode one
// item from the bytes: the JSON scan of a .map file records it (json-scan.ts), else it is
// built in wasm on the first `at()` (string-index.ts). `all()` parses the whole array when a
// caller wants it, and then the bytes are dropped.

import { ITEM_ESCAPES, ITEM_NULL, ITEM_OFFSET_MASK } from './layout.js';
import { indexStringArray, jsonText as text, unescapeJsonString } from './wasm.js';

const QUOTE = 0x22;
const LETTER_N = 0x6e; // the one `n` of a `null`

/** A JSON array of strings (Item = string) or of strings and nulls, kept as its bytes until it is needed. */
export class RawStrings<Item extends string | null = string> {
  readonly length: number;
  #bytes: Uint8Array | undefined;
  #items: Int32Array | undefined;
  #decoded: (Item | undefined)[] | undefined; // sparse: the items decoded so far
  #decodedCount = 0;
  #parsed: Item[] | undefined;

  /**
   * Keeps `bytes` (the array from `[` to `]`, owned by the caller from now on, validated by
   * the JSON scan as `count` items that are all Item), unparsed, with the scan's index of its
   * items if it recorded one (else it is built on the first `at()`).
   */
  constructor(bytes: Uint8Array, count: number, items?: Int32Array) {
    this.#bytes = bytes;
    this.length = count;
    this.#items = items;
  }

  /** The i-th item (0 <= i < length). */
  at(i: number): Item {
    // An array of one item is all of it: no index to build.
    if (!this.#parsed && this.length > 1 && this.#index()) return this.#decodeOne(i);
    return this.all()[i];
  }

  /**
   * The i-th item's JSON text, between its quotes, while the array is kept unparsed and that
   * item not yet decoded; null for a null item; undefined when at(i) is the way to read it.
   */
  escapedAt(i: number): Uint8Array | null | undefined {
    if (this.#parsed || this.#decoded?.[i] !== undefined) return undefined;
    if (this.length === 1) return onlyItemText(this.#bytes as Uint8Array);
    if (!this.#index()) return undefined;
    const items = this.#items as Int32Array;
    return items[i] & ITEM_NULL ? null : itemText(this.#bytes as Uint8Array, items, i);
  }

  /** All the items, parsed once and kept. */
  all(): Item[] {
    if (!this.#parsed) {
      const bytes = this.#bytes as Uint8Array;
      if (this.length === 1) {
        const only = onlyItemText(bytes);
        this.#done([(only && unescapedText(only)) as Item]);
      } else this.#done(JSON.parse(text.decode(bytes)) as Item[]);
    }
    return this.#parsed as Item[];
  }

  // Whether the index is built (or now built): false when the array cannot be indexed.
  #index(): boolean {
    this.#items ??= indexStringArray(this.#bytes as Uint8Array, this.length);
    return this.#items !== undefined;
  }

  #decodeOne(i: number): Item {
    const decoded = (this.#decoded ??= new Array<Item | undefined>(this.length));
    let item = decoded[i];
    if (item === undefined) {
      item = decodeItem(this.#bytes as Uint8Array, this.#items as Int32Array, i) as Item;
      decoded[i] = item;
      if (++this.#decodedCount === this.length) this.#done(decoded as Item[]);
    }
    return item;
  }

  #done(items: Item[]): void {
    this.#parsed = items;
    this.#bytes = undefined;
    this.#items = undefined;
    this.#decoded = undefined;
  }
}

// Item i of the array `bytes`, by its index entry: null, or the string between its quotes.
function decodeItem(bytes: Uint8Array, items: Int32Array, i: number): string | null {
  const entry = items[i];
  if (entry & ITEM_NULL) return null;
  const escaped = itemText(bytes, items, i);
  return entry & ITEM_ESCAPES ? unescapedText(escaped) : text.decode(escaped);
}

// The bytes between the quotes of item i, a string. Its closing quote is the last `"` before
// the next item (or before the array's `]`).
function itemText(bytes: Uint8Array, items: Int32Array, i: number): Uint8Array {
  const start = items[i] & ITEM_OFFSET_MASK;
  let end = (i + 1 < items.length ? items[i + 1] & ITEM_OFFSET_MASK : bytes.length - 1) - 1;
  while (end > start && bytes[end] !== QUOTE) end--;
  return bytes.subarray(start + 1, end);
}

// The bytes between the quotes of the one item of the array `bytes` (whitespace, then `null`
// or a string, then whitespace), or null.
function onlyItemText(bytes: Uint8Array): Uint8Array | null {
  let start = 1;
  while (bytes[start] !== QUOTE && bytes[start] !== LETTER_N) start++;
  if (bytes[start] === LETTER_N) return null;
  let end = bytes.length - 2;
  while (end > start && bytes[end] !== QUOTE) end--;
  return bytes.subarray(start + 1, end);
}

// The string whose JSON text is `escaped` (the bytes between its quotes, or a run of them that
// starts and ends at whole escapes), unescaped in wasm (on typescript's 9.1 MB
// source JSON.parse took 13.5 ms, this 9.2-10; on a 3 KB one 3.4 µs, this 2.7), or by
// JSON.parse when the wasm leaves it (a lone surrogate escape). Of those 9.2-10 ms, Node 20's
// TextDecoder takes 6.3: it reads ASCII at about 1.5 GB/s, where Node.js's latin1Slice
// made the same one-byte string in 0.59 ms (from about 1 MB; from 128 KB to 1 MB both take
// about 1 ms a MB, below 512 bytes TextDecoder is faster). Measured with the scan marking the
// items whose value is all ASCII, typescript's frame went from 22.0 to 17.2 ms; not kept, as
// the core names no Node.js API (test/artifacts.test.ts) and carrying it would take a `node`
// export condition on every entry point.
export function unescapedText(escaped: Uint8Array): string {
  return unescapeJsonString(escaped) ?? (JSON.parse(`"${text.decode(escaped)}"`) as string);
}
