// src/layout.ts mirrors the constants of assembly/: the shipped module does not export them (they
// would cost it about 400 bytes), so they are compiled here on their own, and every constant
// the two sides both name must agree.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { beforeAll, expect, it } from 'vitest';
import * as layout from '../src/layout.js';
import { wasmModule, wasmByteLength } from '../src/wasm.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// A module of nothing but the constants, as a file of assembly/ that is never written to disk.
const ENTRY = 'assembly/layout-constants.ts';
const ENTRY_SOURCE = [
  'export * from "./layout";',
  'export { RADIX_BITS, RADIX_BUCKETS, BUCKETS } from "./by-source";',
  'export { MAX_SEGMENT_BYTES } from "./encode";',
].join('\n');

async function compiledConstants(): Promise<Record<string, number>> {
  let binary: Uint8Array<ArrayBuffer> | undefined;
  // The package's compiler options (its runtime, features, `abort`), not its entry.
  const { options } = JSON.parse(readFileSync(path.join(ROOT, 'asconfig.json'), 'utf8')) as { options: { runtime: string; enable: string[]; use: string[] } };
  const flags = ['--runtime', options.runtime, ...options.enable.flatMap((f) => ['--enable', f]), ...options.use.flatMap((u) => ['--use', u])];
  const { error, stderr } = await asc.main([ENTRY, '--outFile', 'layout-constants.wasm', ...flags], {
    readFile: (name: string, baseDir: string) => {
      if (name === ENTRY) return ENTRY_SOURCE;
      if (name === 'asconfig.json') return null; // read above: asc would add its entry
      try {
        return readFileSync(path.resolve(ROOT, baseDir, name), 'utf8');
      } catch {
        return null;
      }
    },
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith('.wasm') && typeof contents !== 'string') binary = new Uint8Array(contents);
    },
    listFiles: () => [],
  });
  if (error || !binary) throw new Error(`compiling the constants failed: ${error?.message ?? 'no output'}\n${stderr.toString()}`);
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(binary), {});
  const constants: Record<string, number> = {};
  for (const [name, value] of Object.entries(exports)) {
    if (value instanceof WebAssembly.Global) constants[name] = value.value as number;
  }
  return constants;
}

// ROW_SOURCE, SECTION_NAME_BASE, MEMBER_KIND...: not ROW_SIZE, SECTION_SIZE, MEMBER_SIZE.
const FIELD_OFFSET = /^(ROW|SECTION|MEMBER|RANGE)_(?!SIZE$)/;

let wasm: Record<string, number>;
beforeAll(async () => {
  wasm = await compiledConstants();
}, 60_000);

it('agrees with every constant of assembly/ that src/layout.ts also names', () => {
  const mirrored = layout as unknown as Record<string, unknown>;
  const shared = Object.keys(wasm).filter((name) => name in mirrored);
  // The module's layout, its status codes, the JSON scan's members, the batch, the sorts.
  expect(shared.length).toBeGreaterThanOrEqual(70);
  for (const name of ['ROW_SIZE', 'RANGE_END', 'RESULT_SLOTS', 'ERR_TOO_MANY_SEGMENTS', 'MEMBER_SIZE', 'BATCH_SCRATCH_SIZE', 'RADIX_BITS', 'BUCKETS', 'MAX_SEGMENT_BYTES', 'SAMPLE_LOG']) {
    expect(shared).toContain(name);
  }
  for (const name of shared) {
    // A record's fields are byte offsets in assembly/ and i32 indices in src/.
    const value = FIELD_OFFSET.test(name) ? (mirrored[name] as number) * 4 : mirrored[name];
    expect({ name, value }).toEqual({ name, value: wasm[name] });
  }
});

it('sizes its records as src/layout.ts counts their fields', () => {
  expect(wasm.ROW_SIZE).toBe(layout.ROW_FIELDS * 4);
  expect(wasm.SECTION_SIZE).toBe(layout.SECTION_FIELDS * 4);
  expect(wasm.ANSWER_SIZE).toBe(layout.ANSWER_FIELDS * 8);
  expect(wasm.WARNING_SIZE).toBe(layout.WARNING_FIELDS * 4);
  expect(wasm.MEMBER_SIZE).toBe(layout.MEMBER_FIELDS * 4);
  expect(wasm.RANGE_SIZE).toBe(layout.RANGE_FIELDS * 4);
  expect(layout.ITEM_OFFSET_MASK).toBe(~(layout.ITEM_ESCAPES | layout.ITEM_NULL));
});

it('exports functions and the addresses the wrapper reads, no constants', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const { exports } = new WebAssembly.Instance(wasmModule(), { env: { memory } });
  const globals = Object.entries(exports).filter(([, value]) => value instanceof WebAssembly.Global).map(([name]) => name);
  expect(globals.sort()).toEqual(['HEAP_BASE', 'RESULTS', 'WARNINGS']);
});

it('is small enough to compile synchronously anywhere (a few KB)', () => {
  // 16,216 B before the batch counted short lines' rows (assembly/search.ts, scanShortLine),
  // 16,806 B with it: the budget went from 16 to 17 KiB for that; 17,871 B with sixteen lanes
  // of searches instead of eight (searchSixteen), and 18 KiB; 18,686 B with the unescaping of
  // a `sourcesContent` item (assembly/unescape.ts), and 19 KiB; 18,823 B with its blocks of 64
  // bytes instead of 16; 19,007 B with the item index that the JSON scan records; 19,469 B
  // with the index of a source's lines in its escaped JSON (assembly/line-index.ts), and 20 KiB;
  // 20,457 B with the small sorts of the reverse index (digitOffsets, sortFewValues); 20,951 B
  // with its sampled keys (search.ts, narrowRange), and 21 KiB.
  expect(wasmByteLength()).toBeLessThan(21 * 1024);
});
