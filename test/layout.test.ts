// src/layout.ts mirrors assembly/layout.ts: the numbers the module exports must agree.
import { expect, it } from 'vitest';
import * as layout from '../src/layout.js';
import { wasmModule, wasmByteLength } from '../src/wasm.js';

it('agrees with the layout the wasm module was built with', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const exports = new WebAssembly.Instance(wasmModule(), { env: { memory } }).exports as Record<string, WebAssembly.Global>;
  expect(exports.ROW_SIZE.value).toBe(layout.ROW_SIZE);
  expect(exports.ROW_SIZE.value).toBe(layout.ROW_FIELDS * 4);
  expect(exports.SECTION_SIZE.value).toBe(layout.SECTION_SIZE);
  expect(exports.SECTION_SIZE.value).toBe(layout.SECTION_FIELDS * 4);
  expect(exports.RESULT_SLOTS.value).toBe(layout.RESULT_SLOTS);
  expect(exports.ANSWER_SIZE.value).toBe(layout.ANSWER_SIZE);
  expect(exports.ANSWER_SIZE.value).toBe(layout.ANSWER_FIELDS * 8);
  expect(exports.BATCH_POSITIONS.value).toBe(layout.BATCH_POSITIONS);
  expect(exports.BATCH_SCRATCH_SIZE.value).toBe(layout.BATCH_SCRATCH_SIZE);
  expect(exports.MAX_WARNINGS.value).toBe(layout.MAX_WARNINGS);
  expect(exports.WARNING_SIZE.value).toBe(layout.WARNING_SIZE);
  expect(exports.WARNING_SIZE.value).toBe(layout.WARNING_FIELDS * 4);
  expect(exports.MEMBER_SIZE.value).toBe(layout.MEMBER_SIZE);
  expect(exports.MEMBER_SIZE.value).toBe(layout.MEMBER_FIELDS * 4);
  expect(exports.SCAN_MAX_DEPTH.value).toBe(layout.SCAN_MAX_DEPTH);
  expect(exports.FLAG_ESCAPES.value).toBe(layout.FLAG_ESCAPES);
  expect(exports.FLAG_STRINGS_OR_NULLS.value).toBe(layout.FLAG_STRINGS_OR_NULLS);
  expect(exports.FLAG_STRINGS.value).toBe(layout.FLAG_STRINGS);
  expect(exports.ITEM_ESCAPES.value).toBe(layout.ITEM_ESCAPES);
  expect(layout.ITEM_OFFSET_MASK).toBe(~layout.ITEM_ESCAPES);
});

it('is small enough to compile synchronously anywhere (a few KB)', () => {
  expect(wasmByteLength()).toBeLessThan(16 * 1024);
});
