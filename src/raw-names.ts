// The `names` of a .map file given as bytes, kept unparsed: a lookup returns a name or two,
// and JSON.parse of a whole array of tens of thousands of names costs about a millisecond
// of a cold start. An index of where each item starts (built in wasm, string-index.ts) lets
// `at(i)` decode one item from the bytes; `all()` parses the whole array when a caller wants
// it (`SourceMap#names`, `eachMapping`, `toJSON`) and then the bytes are dropped.

import { ITEM_ESCAPES, ITEM_OFFSET_MASK } from './layout.js';
import { indexStringArray } from './wasm.js';

// ignoreBOM: a U+FEFF at the start of a name is kept, as JSON.parse keeps it.
const text = new TextDecoder('utf-8', { ignoreBOM: true });
const QUOTE = 0x22;

/** A JSON array whose items are all strings, kept as its bytes until it is needed. */
export class RawNames {
  #bytes: Uint8Array | undefined;
  #items: Int32Array | undefined;
  #decoded: (string | undefined)[] | undefined; // sparse: the items decoded so far
  #decodedCount = 0;
  #parsed: string[] | undefined;

  private constructor(bytes: Uint8Array, items: Int32Array) {
    this.#bytes = bytes;
    this.#items = items;
  }

  /**
   * Keeps `bytes` (the array from `[` to `]`, owned by the caller from now on, validated and
   * flagged FLAG_STRINGS by the JSON scan), or undefined when it cannot be indexed.
   */
  static of(bytes: Uint8Array, count: number): RawNames | undefined {
    const items = indexStringArray(bytes, count);
    return items && new RawNames(bytes, items);
  }

  get length(): number {
    return this.#parsed ? this.#parsed.length : (this.#items as Int32Array).length;
  }

  /** The i-th name (0 <= i < length). */
  at(i: number): string {
    if (this.#parsed) return this.#parsed[i];
    const decoded = (this.#decoded ??= new Array<string | undefined>(this.length));
    let name = decoded[i];
    if (name === undefined) {
      name = decodeItem(this.#bytes as Uint8Array, this.#items as Int32Array, i);
      decoded[i] = name;
      if (++this.#decodedCount === decoded.length) this.#done(decoded as string[]);
    }
    return name;
  }

  /** All the names, parsed once and kept. */
  all(): string[] {
    if (!this.#parsed) this.#done(JSON.parse(text.decode(this.#bytes)) as string[]);
    return this.#parsed as string[];
  }

  #done(names: string[]): void {
    this.#parsed = names;
    this.#bytes = undefined;
    this.#items = undefined;
    this.#decoded = undefined;
  }
}

// Item i of the array `bytes`, by its index entry: decoded as UTF-8 between its quotes, or
// with JSON.parse when it has an escape. Its closing quote is the last `"` before the next
// item's opening quote (or before the array's `]`).
function decodeItem(bytes: Uint8Array, items: Int32Array, i: number): string {
  const entry = items[i];
  const start = entry & ITEM_OFFSET_MASK;
  let end = (i + 1 < items.length ? items[i + 1] & ITEM_OFFSET_MASK : bytes.length - 1) - 1;
  while (bytes[end] !== QUOTE) end--;
  return entry & ITEM_ESCAPES
    ? (JSON.parse(text.decode(bytes.subarray(start, end + 1))) as string)
    : text.decode(bytes.subarray(start + 1, end));
}
