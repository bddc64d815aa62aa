// What the browser and runtime tests ask of the library, with the same code everywhere: the
// page gets this file compiled by esbuild (test/browser.test.ts), Deno and Bun run it as it is
// (test/runtimes.test.ts), and Node imports it to give the answers the others must equal.
// Synchronous from the map's bytes to its last answer, as a page that looks up a position on
// every hover would be. It imports nothing but types, so the same function runs over dist/, a
// bundle of it, or src/ under vitest.

import type { Bias } from '../../src/index.js';

type Library = typeof import('../../src/index.js');

export interface Summary {
  segmentCount: number;
  lineCount: number;
  file: string | null;
  sources: readonly (string | null)[];
  /** Per probe, for each bias: source, line, column, name. */
  forward: (string | number | null)[];
  /** The batch call's answers equal the single calls' (checked in the runtime itself). */
  batchAgrees: boolean;
  /** The map from text and from a parsed object answers as from bytes. */
  inputsAgree: boolean;
  /** Per mapped probe, for each bias, generatedPositionFor's line and column; then the number of allGeneratedPositionsFor. */
  reverse: (number | null)[];
  mappingsSeen: number;
  contentLengths: (number | null)[];
  firstLines: string[] | null;
}

export interface ErrorSummary {
  name: string;
  code: string;
  isSourceMapError: boolean;
  offset: number | undefined;
  message: string;
}

const PROBES = 3000;

// A seeded generator: the same probes in both runtimes.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function exercise(lib: Library, bytes: Uint8Array, url: string): Summary {
  const { SourceMap, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND } = lib;
  const map = new SourceMap(bytes, { url });
  // Probes: every k-th segment's position, a column on either side of it, and random ones
  // (past the last line and past line ends among them).
  const segments: number[] = [];
  let mappingsSeen = 0;
  map.eachMapping((mapping) => {
    if (mappingsSeen++ % 7 === 0) segments.push(mapping.generatedLine, mapping.generatedColumn);
  });
  const next = random(bytes.length);
  const probes: number[] = [];
  for (let i = 0; probes.length < PROBES * 2 && i < segments.length; i += 2 * Math.max(1, Math.floor(segments.length / PROBES))) {
    const column = segments[i + 1] + Math.floor(next() * 3) - 1;
    probes.push(segments[i], Math.max(0, column));
  }
  while (probes.length < PROBES * 4) probes.push(1 + Math.floor(next() * (map.lineCount + 2)), Math.floor(next() * 4000));

  const forward: (string | number | null)[] = [];
  const reverse: (number | null)[] = [];
  const answer = (from: InstanceType<Library['SourceMap']>, bias: Bias, i: number) =>
    from.originalPositionFor({ line: probes[i], column: probes[i + 1], bias });
  for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as Bias[]) {
    for (let i = 0; i < probes.length; i += 2) {
      const found = answer(map, bias, i);
      forward.push(found.source, found.line, found.column, found.name);
    }
  }
  for (let i = 0; i < probes.length && reverse.length < 600; i += 2) {
    const found = answer(map, GREATEST_LOWER_BOUND, i);
    if (found.source === null || found.line === null || found.column === null) continue;
    for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as Bias[]) {
      const back = map.generatedPositionFor({ source: found.source, line: found.line, column: found.column, bias });
      reverse.push(back.line, back.column);
    }
    reverse.push(map.allGeneratedPositionsFor({ source: found.source, line: found.line }).length);
  }

  const batch = map.originalPositionsFor(Int32Array.from(probes), GREATEST_LOWER_BOUND);
  let batchAgrees = true;
  for (let k = 0; k < probes.length / 2; k++) {
    const [source, line, column, name] = forward.slice(k * 4, k * 4 + 4);
    const sourceIndex = batch[k * 4];
    const nameIndex = batch[k * 4 + 3];
    batchAgrees &&= (sourceIndex < 0 ? null : map.sources[sourceIndex]) === source
      && (batch[k * 4 + 1] < 0 ? null : batch[k * 4 + 1]) === line
      && (batch[k * 4 + 2] < 0 ? null : batch[k * 4 + 2]) === column
      && (nameIndex < 0 ? null : map.nameAt(nameIndex)) === name;
  }

  const text = new TextDecoder().decode(bytes);
  let inputsAgree = true;
  for (const input of [text, JSON.parse(text)]) {
    const other = new SourceMap(input, { url });
    for (let i = 0; i < probes.length; i += 2) {
      const a = answer(other, GREATEST_LOWER_BOUND, i);
      const k = i * 2;
      inputsAgree &&= a.source === forward[k] && a.line === forward[k + 1] && a.column === forward[k + 2] && a.name === forward[k + 3];
    }
    other.dispose();
  }

  const contentLengths = map.sources.map((_, i) => map.sourceContentAt(i)?.length ?? null);
  const withContent = contentLengths.findIndex((length) => length !== null);
  const firstLines = withContent < 0 ? null : (map.sourceLinesAt(withContent)?.lines(1, 3) ?? null);
  const summary: Summary = {
    segmentCount: map.segmentCount,
    lineCount: map.lineCount,
    file: map.file,
    sources: map.sources,
    forward,
    batchAgrees,
    inputsAgree,
    reverse,
    mappingsSeen,
    contentLengths,
    firstLines,
  };
  map.dispose();
  return summary;
}

/** A map whose `mappings` has a character outside base64: the error the runtime throws. */
export function exerciseError(lib: Library): ErrorSummary {
  try {
    new lib.SourceMap('{"version":3,"sources":["a.js"],"names":[],"mappings":"AAAA,!"}');
  } catch (error) {
    const isSourceMapError = error instanceof lib.SourceMapError;
    const { name, code, offset, message } = error as InstanceType<Library['SourceMapError']>;
    return { name, code, isSourceMapError, offset, message };
  }
  throw new Error('the bad map was accepted');
}
