// The page's side of test/browser.test.ts: served compiled by esbuild as /page.js and called
// in Chromium. What it tests it imports from the local server at the URL it is given.
import { exercise, exerciseError, type ErrorSummary, type Summary } from './exercise.js';
import type { OriginalPosition } from '../../src/index.js';
import type { SymbolicatedStack } from '../../src/symbolicate/index.js';

type Library = typeof import('../../src/index.js');
type SymbolicateLibrary = typeof import('../../src/symbolicate/index.js');

// In the page, not on disk: a string, so that TypeScript does not look for them.
const DIST_ENTRY: string = '/dist/index.js';
const SYMBOLICATE_BUNDLE: string = '/bundle/symbolicate.js';

async function mapBytes(name: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(`/maps/${name}`)).arrayBuffer());
}

/** exercise() over the library at `entry`, on the map served as /maps/`name`. */
export async function summaryOf(entry: string, name: string): Promise<Summary> {
  const lib = (await import(entry)) as Library;
  return exercise(lib, await mapBytes(name), `${location.origin}/maps/${name}`);
}

/** The answer the README's example gives. */
export async function exampleAnswer(): Promise<OriginalPosition> {
  const { SourceMap } = (await import(DIST_ENTRY)) as Library;
  return new SourceMap(await mapBytes('example.map')).originalPositionFor({ line: 1, column: 6561 });
}

/** The error a bad map throws, then an answer from the next map. */
export async function errorThenNext(): Promise<[ErrorSummary, OriginalPosition]> {
  const lib = (await import(DIST_ENTRY)) as Library;
  const failed = exerciseError(lib);
  const map = new lib.SourceMap('{"version":3,"sources":["a.js"],"names":["n"],"mappings":"AAAA,CAACA"}');
  return [failed, map.originalPositionFor({ line: 1, column: 1 })];
}

/** The app's error.stack (the app sets appStack), symbolicated here over HttpStore. */
export async function symbolicateOwnStack(): Promise<{ stack: string; result: SymbolicatedStack }> {
  const stack = await (globalThis as unknown as { appStack: Promise<string> }).appStack;
  const { Symbolicator, HttpStore } = (await import(SYMBOLICATE_BUNDLE)) as SymbolicateLibrary;
  const result = await new Symbolicator({ store: new HttpStore({ allowOrigins: [location.origin] }) }).symbolicate(stack);
  return { stack, result };
}
