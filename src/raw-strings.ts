// A JSON array of strings (and nulls) from a .map file's bytes, kept unparsed: `names`, of
// which a lookup returns one or two, and `sourcesContent`, of which a symbolicated frame
// needs the one source it shows. JSON.parse of a whole array costs about a millisecond of a
// cold start for tens of thousands of names, and 7-20 ms for the `sourcesContent` of the
// bench's maps with many sources. An index of where each item starts (built in wasm,
// string-index.ts, on the first `at()`) lets `at(i)` decode one item from the bytes; `all()`
// parses the whole array when a caller wants it, and then the bytes are dropped.

import { ITEM_ESCAPES, ITEM_NULL, ITEM_OFFSET_MASK } from './layout.js';
import { indexStringArray } from './wasm.js';

// ignoreBOM: a U+FEFF at the start of an item is kept, as JSON.parse keeps it.
const text = new TextDecoder('utf-8', { ignoreBOM: true });
const QUOTE = 0x22;

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
   * the JSON scan as `count` items that are all Item), unparsed.
   */
  constructor(bytes: Uint8Array, count: number) {
    this.#bytes = bytes;
    this.length = count;
  }

  /** The i-th item (0 <= i < length). */
  at(i: number): Item {
    if (!this.#parsed) {
      // An array of one item is all of it: no index to build.
      if (this.length > 1 && this.#index()) return this.#decodeOne(i);
      this.all();
    }
    return (this.#parsed as Item[])[i];
  }

  /** All the items, parsed once and kept. */
  all(): Item[] {
    if (!this.#parsed) this.#done(JSON.parse(text.decode(this.#bytes)) as Item[]);
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

// Item i of the array `bytes`, by its index entry: null, or decoded as UTF-8 between its
// quotes, or with JSON.parse when it has an escape. A string's closing quote is the last `"`
// before the next item (or before the array's `]`).
function decodeItem(bytes: Uint8Array, items: Int32Array, i: number): string | null {
  const entry = items[i];
  if (entry & ITEM_NULL) return null;
  const start = entry & ITEM_OFFSET_MASK;
  let end = (i + 1 < items.length ? items[i + 1] & ITEM_OFFSET_MASK : bytes.length - 1) - 1;
  while (end > start && bytes[end] !== QUOTE) end--;
  return entry & ITEM_ESCAPES
    ? (JSON.parse(text.decode(bytes.subarray(start, end + 1))) as string)
    : text.decode(bytes.subarray(start + 1, end));
}
