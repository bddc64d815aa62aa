// Shared by the tests: where the shared data lives, and whether it is there.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { SourceMapError } from '../src/index.js';

export const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
export const TEST426 = `${SHARED}test426/`;
export const BENCH_MAPS = `${SHARED}bench-maps/`;

export const hasTest426 = existsSync(`${TEST426}source-map-spec-tests.json`);
export const hasBenchMaps = existsSync(`${BENCH_MAPS}README.md`);

if (!hasTest426 || !hasBenchMaps) {
  console.warn(`../shared is absent (looked in ${SHARED}): the conformance and bench-map tests are skipped.`);
}

/** Runs `action`, which must throw a SourceMapError, and returns it. */
export function caught(action: () => unknown): SourceMapError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceMapError);
    return error as SourceMapError;
  }
  throw new Error('expected a SourceMapError');
}
