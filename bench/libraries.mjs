// The libraries under test in Node, for every bench script: the adapters of adapters.mjs over
// the packages in node_modules, with their versions.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { makeLibraries } from './adapters.mjs';

export {
  CONTEXT_LINES, FRESH, batchPositions, batchTasks, contextOf, contextOfText, decodeTask, freshDecodeTask, fromBytesTask, generatedNeedles, jsonOfBytes, load, lookupLoop,
  memoryCopies, originalTargets,
} from './adapters.mjs';

const require = createRequire(import.meta.url);
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

function versionOf(pkg) {
  return JSON.parse(readFileSync(`${ROOT}node_modules/${pkg}/package.json`, 'utf8')).version;
}

const PEERS = ['@jridgewell/sourcemap-codec', '@jridgewell/trace-mapping', 'source-map', 'source-map-08', 'source-map-js'];
/** The peers' versions, by package name, and our package.json: makeLibraries()'s arguments. */
export const VERSIONS = Object.fromEntries(PEERS.map((pkg) => [pkg, versionOf(pkg)]));
export const OUR_PACKAGE = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));

export const { ours, LIBRARIES } = makeLibraries(
  {
    SourceMap: (await import('../dist/index.js')).SourceMap,
    codec: await import('@jridgewell/sourcemap-codec'),
    traceMapping: await import('@jridgewell/trace-mapping'),
    sourceMap07: require('source-map'),
    sourceMap08: require('source-map-08'),
    sourceMapJs: require('source-map-js'),
  },
  VERSIONS,
  OUR_PACKAGE,
);
