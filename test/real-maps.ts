// Source maps made by real tools (esbuild, terser) from real npm code in node_modules, for
// tests that want production-shaped maps without checking any in. Every generator is
// deterministic (same installed tool versions and inputs, same map) and returns the raw map
// as JSON text, exactly as the tool emitted it; REAL_MAPS's generate() makes each once per
// process. withTiesAndDisorder() derives a harder map (equal-column ties, unsorted lines)
// from any of them.
//
//   import { REAL_MAPS, realMap } from './real-maps.js';
//   for (const { name, generate } of REAL_MAPS) { const raw = await generate(); ... }
//   const raw = await realMap('terser-long-lines').generate();

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { minify } from 'terser';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { random as seededRandom } from './vlq.js';

/** The project root: the inputs are read from its node_modules. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MODULES = `${ROOT}node_modules/`;

export interface RealMap {
  /** A short name for reports. */
  name: string;
  /** What the map is made of and how. */
  description: string;
  /** The map as the tool wrote it (JSON text), made on the first call and shared after. */
  generate: () => Promise<string>;
}

/** Bundles `entry` (relative to node_modules) with esbuild and returns the map. The generated file would be at `<root>/out/bundle.js`, so sources read "../node_modules/…". */
export async function esbuildMap(entry: string, options: BuildOptions = {}): Promise<string> {
  const { map } = await esbuildBundle(entry, options);
  if (map === null) throw new Error(`esbuild wrote no map for ${entry}`);
  return map;
}

/** Minifies `code` with terser and returns the map. `input` is a map of `code` to chain through (terser's `sourceMap.content`). */
export async function terserMap(
  code: string | Record<string, string>,
  options: { input?: string; root?: string; includeSources?: boolean; maxLineLength?: number; compress?: boolean } = {},
): Promise<string> {
  const result = await minify(code, {
    compress: options.compress ?? true,
    mangle: true,
    format: options.maxLineLength ? { max_line_len: options.maxLineLength } : {},
    sourceMap: {
      filename: 'bundle.min.js',
      url: 'bundle.min.js.map',
      ...(options.input ? { content: options.input } : {}),
      ...(options.root ? { root: options.root } : {}),
      includeSources: options.includeSources ?? false,
    },
  });
  if (typeof result.map !== 'string') throw new Error('terser wrote no map');
  return result.map;
}

function readModule(path: string): string {
  return readFileSync(`${MODULES}${path}`, 'utf8');
}

/** esbuild --bundle --minify of source-map-js (CommonJS, 10 modules). */
export function esbuildMinifiedSourceMapJs(): Promise<string> {
  return esbuildMap('source-map-js/source-map.js', { minify: true, format: 'cjs', sourcesContent: false });
}

/** esbuild --bundle --minify of terser's ESM sources (about 60 modules, 900 KB, plus @jridgewell/source-map). */
export function esbuildMinifiedTerser(): Promise<string> {
  return esbuildMap('terser/main.js', { minify: true });
}

/**
 * esbuild --bundle, not minified, with sourcesContent, of trace-mapping's ESM build. esbuild
 * follows the inputs' own `sourceMappingURL` comments, so the map points through to
 * trace-mapping's, sourcemap-codec's and resolve-uri's TypeScript sources; `sourceRoot` set.
 */
export function esbuildReadableTraceMapping(): Promise<string> {
  return esbuildMap('@jridgewell/trace-mapping/dist/trace-mapping.mjs', { sourcesContent: true, sourceRoot: '../src/' });
}

/** terser (compress + mangle) of one file, source-map-js's consumer, with sourcesContent and a `sourceRoot`. */
export function terserSourceMapConsumer(): Promise<string> {
  return terserMap(
    { 'lib/source-map-consumer.js': readModule('source-map-js/lib/source-map-consumer.js') },
    { root: 'https://cdn.example.net/source-map-js/', includeSources: true },
  );
}

/** esbuild --bundle of `entry` (relative to node_modules; not minified unless `options` say so): the generated code and its map (null with `sourcemap: false`). */
export async function esbuildBundle(entry: string, options: BuildOptions = {}): Promise<{ code: string; map: string | null }> {
  const result = await build({
    entryPoints: [`${MODULES}${entry}`],
    absWorkingDir: ROOT,
    outfile: `${ROOT}out/bundle.js`,
    bundle: true,
    write: false,
    sourcemap: 'external',
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    ...options,
  });
  const files = result.outputFiles ?? [];
  const code = files.find((file) => file.path.endsWith('.js'));
  if (!code) throw new Error(`esbuild wrote no code for ${entry}`);
  return { code: code.text, map: files.find((file) => file.path.endsWith('.map'))?.text ?? null };
}

/**
 * terser chained through an input map: esbuild bundles source-map-js unminified (a map to the
 * original modules), terser minifies that bundle (compress + mangle) onto one line and
 * composes the maps.
 */
export async function terserChainedSourceMapJs(): Promise<string> {
  const { code, map } = await esbuildBundle('source-map-js/source-map.js', { format: 'cjs' });
  return terserMap({ 'bundle.js': code }, { input: map ?? undefined });
}

/**
 * terser of a large input, esbuild's unminified bundle of terser itself (~1 MB), printed in
 * long lines (`max_line_len` 40,000: a dozen or so lines of thousands of segments each) and
 * chained through esbuild's map. Compression is off to keep it to a few seconds.
 */
export async function terserLongLines(): Promise<string> {
  const { code, map } = await esbuildBundle('terser/main.js');
  return terserMap({ 'bundle.js': code }, { input: map ?? undefined, compress: false, maxLineLength: 40_000 });
}

/** terser's default printing of a mid-sized bundle (trace-mapping's, ~30 KB): every segment on one generated line, not chained. */
export async function terserOneLine(): Promise<string> {
  const { code } = await esbuildBundle('@jridgewell/trace-mapping/dist/trace-mapping.mjs', { sourcemap: false });
  return terserMap({ 'trace-mapping.js': code }, { includeSources: true });
}

/** The real-tool maps, each generated once per process (on first use) and then shared. */
export const REAL_MAPS: readonly RealMap[] = [
  { name: 'esbuild-min-source-map-js', description: 'esbuild bundle+minify of source-map-js (CommonJS)', generate: once(esbuildMinifiedSourceMapJs) },
  { name: 'esbuild-min-terser', description: "esbuild bundle+minify of terser's ESM sources", generate: once(esbuildMinifiedTerser) },
  { name: 'esbuild-readable-trace-mapping', description: 'esbuild bundle (not minified, sourcesContent, sourceRoot) of trace-mapping, through its input maps', generate: once(esbuildReadableTraceMapping) },
  { name: 'terser-source-map-consumer', description: 'terser of source-map-js/lib/source-map-consumer.js, sourcesContent and sourceRoot', generate: once(terserSourceMapConsumer) },
  { name: 'terser-chained-source-map-js', description: 'esbuild bundle of source-map-js, then terser with the input map', generate: once(terserChainedSourceMapJs) },
  { name: 'terser-long-lines', description: "esbuild bundle of terser, then terser (mangle, max_line_len 40000) with the input map", generate: once(terserLongLines) },
  { name: 'terser-one-line', description: "terser of an esbuild bundle of trace-mapping, one line, sourcesContent", generate: once(terserOneLine) },
];

/** The entry of REAL_MAPS called `name`. */
export function realMap(name: string): RealMap {
  const map = REAL_MAPS.find((m) => m.name === name);
  if (!map) throw new Error(`no real map called ${name}`);
  return map;
}

function once(generate: () => Promise<string>): () => Promise<string> {
  let made: Promise<string> | undefined;
  return () => (made ??= generate());
}

// ---------------------------------------------------------------------------------------------
// Derived maps: real maps with the shapes real tools seldom emit but consumers must handle.

/**
 * A copy of `raw` (a map with string `mappings`) made harder for consumers, deterministically
 * from `seed`: after about 6% of the segments it inserts one or two more segments at the same
 * generated column (ties: other sources, lines, columns and names, or unmapped one-field
 * segments), and about 4% of the lines (of 3+ segments) it shuffles out of column order.
 */
export function withTiesAndDisorder(raw: string, seed = 1): string {
  const map = JSON.parse(raw) as { mappings: string; sources: unknown[]; names?: unknown[] };
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const sources = map.sources.length;
  const names = map.names?.length ?? 0;
  const tie = (column: number): SourceMapSegment => {
    const r = random();
    if (r < 0.25 || sources === 0) return [column];
    const segment: SourceMapSegment = [column, int(sources), int(5_000), int(120)];
    return r < 0.6 && names > 0 ? [...segment, int(names)] as SourceMapSegment : segment;
  };
  const lines = decode(map.mappings).map((line) => {
    const out: SourceMapSegment[] = [];
    for (const segment of line) {
      out.push(segment);
      const r = random();
      if (r < 0.04) out.push(tie(segment[0]));
      else if (r < 0.06) out.push(tie(segment[0]), tie(segment[0]));
    }
    if (out.length >= 3 && random() < 0.04) {
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
    }
    return out;
  });
  return JSON.stringify({ ...map, mappings: encode(lines) });
}

