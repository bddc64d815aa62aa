// Symbolication as an error tracker does it: for each frame of a stack trace, find the
// minified file, then its source map (debug ID, SourceMap header, sourceMappingURL comment or
// data: URL), then the original position, function name and context lines. A frame that
// cannot be resolved is kept as it came, with the reason. Runs in browsers: no `node:` imports.

import { SourceMap, type SourceMapOptions, type SourceMapSegment } from '../source-map.js';
import { SourceMapError } from '../errors.js';
import { linesOfText, type SourceLines } from '../source-lines.js';
import type { Artifact, ArtifactStore } from './artifacts.js';
import { decodeDataUrl } from './data-url.js';
import { findDebugId, locateSourceMap, type CodeKind } from './locate.js';
import { findArtifact, normalizeDebugId, toAbsoluteUrl } from './matching.js';
import { normalizeFrames, parseStackTrace, type ParsedStack, type StackFrame } from './stack-trace.js';

/** Why a frame was left as it came. */
export type UnresolvedReason =
  /** The minified file was found but names no source map (no header, no comment, no debug ID map). */
  | 'no_map'
  /** The minified file names a map that the store does not have (or could not fetch). */
  | 'map_not_found'
  /** The frame's file is not in the store (or names no file: native code, `node:` built-ins). */
  | 'source_not_found'
  /** The map has no mapping at the frame's position, or the frame has no line or column. */
  | 'unmapped'
  /** The map could not be decoded (`detail` has the SourceMapError, or the bad data: URL). */
  | 'invalid_map';

export interface Unresolved {
  reason: UnresolvedReason;
  detail: string;
}

/** A frame as it may be given: a parsed frame, optionally with the debug ID of its file. */
export interface InputFrame extends StackFrame {
  /** The debug ID of the frame's file (as Sentry's debug_meta gives it per file). */
  debug_id?: string | null;
}

/** Where a resolved frame was in the generated (minified) code. */
export interface GeneratedLocation {
  abs_path: string;
  lineno: number;
  colno: number;
  function: string | null;
}

/** A frame mapped to its original source. */
export interface ResolvedFrame extends InputFrame {
  /** The original source's URL, resolved against the map's URL (the map's `sources`, resolved). */
  abs_path: string;
  /** The original source as the map spells it (its `sources` entry). */
  filename: string;
  /** 1-based original line. */
  lineno: number;
  /** 1-based original column (the map's 0-based column + 1), as the frame's colno is. */
  colno: number;
  /** The original function name where it could be recovered (see README), else the minified one. */
  function: string | null;
  /** False for third-party code: the map's ignoreList, node_modules, bundler runtime code. */
  in_app: boolean;
  /** Up to `contextLines` lines before the frame's line (absent when no source text was found). */
  pre_context?: string[];
  context_line?: string;
  post_context?: string[];
  /** Where the context lines came from. */
  context_from?: 'sourcesContent' | 'store';
  /** The map's URL (the minified file's URL for an inline data: map). */
  sourcemap: string;
  /** The frame as it was in the minified code. */
  generated: GeneratedLocation;
  unresolved?: undefined;
}

/** A frame left as it came, with why. */
export interface UnresolvedFrame extends InputFrame {
  unresolved: Unresolved;
}

export type SymbolicatedFrame = ResolvedFrame | UnresolvedFrame;

export interface SymbolicatedStack {
  message: string | null;
  frames: SymbolicatedFrame[];
  format: ParsedStack['format'];
}

/** What decides `in_app` for a resolved frame. */
export interface InAppContext {
  /** The resolved source URL. */
  source: string;
  /** The source as the map spells it. */
  rawSource: string;
  /** Whether the map lists it in `ignoreList`. */
  ignored: boolean;
  frame: InputFrame;
}

export interface SymbolicatorOptions {
  store: ArtifactStore;
  /** Lines of context before and after the frame's line. Default 5. */
  contextLines?: number;
  /** Decoded maps kept between calls (least recently used are dropped). Default 32. */
  maxCachedMaps?: number;
  /** Context lines longer than this are cut around the column, Sentry-style (`{snip}`). Default 300; 0 keeps them whole. */
  maxContextLineLength?: number;
  /** Recover original function names from the map (default true); false keeps the minified names. */
  recoverFunctionNames?: boolean;
  /** Overrides `in_app`: return a boolean to decide, undefined to keep the default rules. */
  inApp?: (context: InAppContext) => boolean | undefined;
  /** Limits for each map decoded (see `SourceMapOptions`): maps over them are `invalid_map`. */
  mapLimits?: Pick<SourceMapOptions, 'maxMappingsBytes' | 'maxSegments'>;
}

export interface SymbolicateOptions {
  /** Debug IDs by file URL (as a frame's abs_path spells it), e.g. from Sentry's debug_meta images. */
  debugIds?: Record<string, string>;
}

const DEFAULT_CONTEXT_LINES = 5;
const DEFAULT_MAX_CACHED_MAPS = 32;
const DEFAULT_MAX_CONTEXT_LINE_LENGTH = 300;

const decoder = new TextDecoder();

interface LoadedMap {
  map: SourceMap;
  /** The URL the map was read from (the minified file's for a data: URL). */
  url: string;
}

interface GeneratedFile {
  artifact: Artifact;
  /** The decoded text (null for WebAssembly). */
  code: string | null;
  lineStarts?: number[];
}

type Failure = { unresolved: Unresolved };
type FileLookup = { file: GeneratedFile } | Failure;
type MapLookup = { loaded: LoadedMap; file: GeneratedFile | null } | Failure;

// A map in the cache, and how many symbolicate() calls hold it. A map the cache dropped is
// disposed once no call holds it, so that the next map decoded takes its memory: a fresh
// memory costs a page fault per 4 KiB the decoder writes (see README, Memory and lifetime).
interface CachedMap {
  loading: Promise<LoadedMap | Failure>;
  holders: number;
  dropped: boolean;
}

function disposeWhenUnheld(entry: CachedMap): void {
  if (!entry.dropped || entry.holders > 0) return;
  entry.loading.then((loaded) => { if ('map' in loaded) loaded.map.dispose(); }, () => {});
}

const fail = (reason: UnresolvedReason, detail: string): Failure => ({ unresolved: { reason, detail } });

/** Rules that make a source third-party (in_app false) whatever its map says. */
export const NOT_IN_APP_PATTERNS: readonly RegExp[] = [
  /(?:^|[/\\])node_modules[/\\]/, // dependencies
  /(?:^|\/)webpack\/(?:runtime|bootstrap|universalModuleDefinition|buildin)\b/, // webpack runtime
  /\(webpack\)/, // webpack 4's own modules
  /^\0|%00/, // rollup/vite virtual modules ("\0commonjsHelpers.js", percent-encoded once resolved)
  /(?:^|[/\\])(?:commonjsHelpers|rollupPluginBabelHelpers)\.js$/, // rollup helpers
  /(?:^|\/)vite\/(?:preload-helper|modulepreload-polyfill)/, // vite runtime
  /\/@vite\//, // vite client
  /\[turbopack\]/, // turbopack runtime
  /^(?:node|bun|deno):/, // runtime built-ins
];

/** The default in_app rule: false for ignoreList sources, node_modules and bundler runtime code. */
export function isInApp(source: string, rawSource: string | null, ignored: boolean): boolean {
  if (ignored) return false;
  return !NOT_IN_APP_PATTERNS.some((pattern) => pattern.test(source) || (rawSource !== null && pattern.test(rawSource)));
}

export class Symbolicator {
  readonly store: ArtifactStore;
  readonly #contextLines: number;
  readonly #maxCachedMaps: number;
  readonly #maxLineLength: number;
  readonly #recoverNames: boolean;
  readonly #inApp: SymbolicatorOptions['inApp'];
  readonly #mapLimits: SymbolicatorOptions['mapLimits'];
  // Decoded maps by the URL they were read from (or `debug-id:<id>`), least recently used first.
  readonly #maps = new Map<string, CachedMap>();

  constructor(options: SymbolicatorOptions) {
    if (!options || !options.store || typeof options.store.get !== 'function') {
      throw new TypeError('Symbolicator needs { store }: an ArtifactStore (MemoryStore, HttpStore, DirectoryStore ...)');
    }
    this.store = options.store;
    const contextLines = options.contextLines ?? DEFAULT_CONTEXT_LINES;
    if (!Number.isInteger(contextLines) || contextLines < 0) {
      throw new TypeError(`contextLines must be an integer >= 0, not ${String(contextLines)}`);
    }
    this.#contextLines = contextLines;
    this.#maxCachedMaps = Math.max(0, options.maxCachedMaps ?? DEFAULT_MAX_CACHED_MAPS);
    this.#maxLineLength = options.maxContextLineLength ?? DEFAULT_MAX_CONTEXT_LINE_LENGTH;
    this.#recoverNames = options.recoverFunctionNames ?? true;
    this.#inApp = options.inApp;
    this.#mapLimits = options.mapLimits ? { ...options.mapLimits } : undefined;
  }

  /** Forgets every cached map (after a new release replaced files under the same URLs). */
  clearCache(): void {
    for (const entry of this.#maps.values()) this.#drop(entry);
    this.#maps.clear();
  }

  /**
   * Symbolicates a stack trace. A string (error.stack) or a ParsedStack gives
   * `{ message, frames, format }`; an array of frames gives the frames. Frames keep their
   * order and count: unresolved ones come back as they were, with `unresolved`.
   */
  symbolicate(input: string | ParsedStack, options?: SymbolicateOptions): Promise<SymbolicatedStack>;
  symbolicate(input: readonly InputFrame[] | readonly unknown[], options?: SymbolicateOptions): Promise<SymbolicatedFrame[]>;
  async symbolicate(
    input: string | ParsedStack | readonly unknown[],
    options: SymbolicateOptions = {},
  ): Promise<SymbolicatedStack | SymbolicatedFrame[]> {
    const call = new Call(this.store, options, (key, load) => this.#cachedMap(key, load), this.#mapLimits);
    try {
      if (typeof input === 'string' || isParsedStack(input)) {
        const parsed = typeof input === 'string' ? parseStackTrace(input) : input;
        const frames = await Promise.all(parsed.frames.map((frame) => this.#frame(frame, call)));
        return { message: parsed.message, frames, format: parsed.format };
      }
      if (!Array.isArray(input)) throw new TypeError('symbolicate() takes a stack trace string, a ParsedStack or an array of frames');
      return await Promise.all(structuredFrames(input).map((frame) => this.#frame(frame, call)));
    } finally {
      call.release();
    }
  }

  async #frame(frame: InputFrame, call: Call): Promise<SymbolicatedFrame> {
    const unresolved = ({ unresolved }: Failure): UnresolvedFrame => ({ ...frame, unresolved });
    const path = frame.abs_path;
    if (!path || frame.native) {
      return unresolved(fail('source_not_found', frame.native ? 'native code (or an anonymous location): there is no file to symbolicate' : 'the frame names no file'));
    }
    if (/^(?:node|bun|deno):/.test(path)) {
      return unresolved(fail('source_not_found', `${path} is a runtime built-in, not a file of the app`));
    }
    const { lineno, colno } = frame;
    if (!isPositive(lineno) || !isPositive(colno)) {
      return unresolved(fail('unmapped', `the frame has no ${isPositive(lineno) ? 'column' : 'line'} number, so there is no position to look up`));
    }
    const debugId = normalizeDebugId(frame.debug_id ?? call.options.debugIds?.[path]);
    const found = await call.mapFor(path, debugId);
    if ('unresolved' in found) return unresolved(found);
    const { loaded, file } = found;
    const { map } = loaded;
    const position = map.originalPositionFor({ line: lineno, column: colno - 1 });
    if (position.source === null || position.line === null || position.column === null) {
      return unresolved(fail('unmapped', `${loaded.url} maps nothing at line ${lineno}, column ${colno} of ${path}`));
    }
    const index = map.sourceIndex(position.source);
    const rawSource = map.rawSources[index] ?? position.source;
    const ignored = map.isIgnored(position.source);
    const resolved: ResolvedFrame = {
      ...frame,
      abs_path: position.source,
      filename: rawSource,
      lineno: position.line,
      colno: position.column + 1,
      function: this.#recoverNames ? this.#functionName(frame.function, map, file, lineno, colno - 1) : frame.function,
      in_app: this.#inApp?.({ source: position.source, rawSource, ignored, frame }) ?? isInApp(position.source, rawSource, ignored),
      sourcemap: loaded.url,
      generated: { abs_path: path, lineno, colno, function: frame.function },
    };
    const context = await call.sourceLines(loaded, index, position.source);
    if (context) {
      const { lines, from } = context;
      const at = position.line;
      if (at <= lines.lineCount) {
        const first = Math.max(1, at - this.#contextLines);
        const around = lines.lines(first, at + this.#contextLines);
        const cut = (line: string) => snip(line, position.column!, this.#maxLineLength);
        resolved.pre_context = around.slice(0, at - first).map(cut);
        resolved.context_line = cut(around[at - first]);
        resolved.post_context = around.slice(at - first + 1).map(cut);
        resolved.context_from = from;
      }
    }
    return resolved;
  }

  // The original name of each part of a minified function name (`o.load` -> `Loader.load`),
  // from the map's name at each part's declaration (see recoverFunctionName).
  #functionName(name: string | null, map: SourceMap, file: GeneratedFile | null, line: number, column: number): string | null {
    if (!name || !file || file.code === null) return name;
    return recoverFunctionName(map, file.code, (file.lineStarts ??= lineStartsOf(file.code)), line, column, name);
  }

  // A decoded map from the cache, or loaded and cached (with no cache, dropped at once: the
  // call that loaded it disposes it when it ends).
  #cachedMap(key: string, load: () => Promise<LoadedMap | Failure>): CachedMap {
    const cached = this.#maps.get(key);
    if (cached) {
      this.#maps.delete(key);
      this.#maps.set(key, cached);
      return cached;
    }
    const entry: CachedMap = { loading: load(), holders: 0, dropped: this.#maxCachedMaps === 0 };
    if (entry.dropped) return entry;
    this.#maps.set(key, entry);
    // Failures are not kept: the artifact may be uploaded later.
    const forget = () => { if (this.#maps.get(key) === entry) this.#maps.delete(key); };
    entry.loading.then((result) => { if ('unresolved' in result) forget(); }, forget);
    while (this.#maps.size > this.#maxCachedMaps) {
      const [oldest, dropped] = this.#maps.entries().next().value as [string, CachedMap];
      this.#maps.delete(oldest);
      this.#drop(dropped);
    }
    return entry;
  }

  #drop(entry: CachedMap): void {
    entry.dropped = true;
    disposeWhenUnheld(entry);
  }
}

// One symbolicate() call: what it looked up, shared by its frames.
class Call {
  readonly #held = new Set<CachedMap>();
  readonly #files = new Map<string, Promise<FileLookup>>();
  readonly #resolutions = new Map<string, Promise<MapLookup>>();
  readonly #sources = new Map<string, Promise<SourceLines | null>>();

  constructor(
    readonly store: ArtifactStore,
    readonly options: SymbolicateOptions,
    readonly cache: (key: string, load: () => Promise<LoadedMap | Failure>) => CachedMap,
    readonly mapLimits: SymbolicatorOptions['mapLimits'],
  ) {}

  // A map from the cache, held by this call until it ends (taken in the same turn as the
  // entry: a map the cache drops meanwhile is not disposed under the call).
  cachedMap(key: string, load: () => Promise<LoadedMap | Failure>): Promise<LoadedMap | Failure> {
    return this.#hold(this.cache(key, load));
  }

  #hold(entry: CachedMap): Promise<LoadedMap | Failure> {
    if (!this.#held.has(entry)) {
      this.#held.add(entry);
      entry.holders++;
    }
    return entry.loading;
  }

  /** The call is over: the maps it held are let go (and disposed if no longer cached). */
  release(): void {
    for (const entry of this.#held) {
      entry.holders--;
      disposeWhenUnheld(entry);
    }
    this.#held.clear();
  }

  mapFor(path: string, debugId: string | null): Promise<MapLookup> {
    const key = `${debugId ?? ''} ${path}`;
    let found = this.#resolutions.get(key);
    if (!found) this.#resolutions.set(key, (found = this.#mapFor(path, debugId)));
    return found;
  }

  async #mapFor(path: string, debugId: string | null): Promise<MapLookup> {
    // 1. A debug ID given with the frame finds the map without any URL.
    if (debugId) {
      const loaded = await this.#mapByDebugId(debugId);
      if (loaded) {
        if ('unresolved' in loaded) return loaded;
        const file = await this.file(path);
        return { loaded, file: 'file' in file ? file.file : await this.#fileByDebugId(debugId) };
      }
    }
    // 2. The minified file, by URL.
    const lookup = await this.file(path);
    if ('unresolved' in lookup) {
      if (!debugId) return lookup;
      return fail('source_not_found', `${lookup.unresolved.detail}; no map in the store has debug ID ${debugId}`);
    }
    const { file } = lookup;
    const { artifact } = file;
    // 3. A debug ID in the file (`//# debugId=`).
    const fileDebugId = normalizeDebugId(artifact.debugId) ?? (file.code === null ? null : findDebugId(file.code));
    if (fileDebugId && fileDebugId !== debugId) {
      const loaded = await this.#mapByDebugId(fileDebugId);
      if (loaded) return 'unresolved' in loaded ? loaded : { loaded, file };
    }
    // 4. The SourceMap header, else the sourceMappingURL comment, resolved against the frame's
    // URL (absolute file paths as file: URLs), else against the URL the store has it under.
    const base = toAbsoluteUrl(path)?.href ?? artifact.url;
    const kind: CodeKind | 'wasm' = file.code === null ? 'wasm' : /\.css(?:[?#]|$)/.test(path) ? 'css' : 'js';
    const located = locateSourceMap({ url: base, code: file.code ?? artifact.bytes, kind, headers: artifact.headers ?? {} });
    if (!located) {
      const ids = debugId || fileDebugId ? ` (and no map in the store has debug ID ${debugId ?? fileDebugId})` : '';
      return fail('no_map', `${path} has no SourceMap header and no sourceMappingURL comment${ids}`);
    }
    const reference = located;
    if (reference.startsWith('data:')) {
      // An inline map: decoded per call, not cached (its key would be the whole map).
      return this.#inlineMap(reference, base, file);
    }
    const loaded = await this.cachedMap(`url:${reference}`, () => this.#mapByUrl(reference, path));
    return 'unresolved' in loaded ? loaded : { loaded, file };
  }

  async #inlineMap(reference: string, url: string, file: GeneratedFile): Promise<MapLookup> {
    const data = decodeDataUrl(reference);
    if (!data) return fail('invalid_map', `the sourceMappingURL of ${url} is a data: URL that cannot be decoded`);
    const loaded = decodeMap(data.bytes, url, this.mapLimits);
    if ('unresolved' in loaded) return loaded;
    // Never cached: held as a dropped entry, disposed when the call ends.
    this.#hold({ loading: Promise.resolve(loaded), holders: 0, dropped: true });
    return { loaded, file };
  }

  async #mapByUrl(reference: string, path: string): Promise<LoadedMap | Failure> {
    const found = await this.#find(reference);
    if (!found.artifact) {
      return fail('map_not_found', `${path} names the map ${reference}, which the store does not have${found.errors}`);
    }
    return decodeMap(found.artifact.bytes, mapUrlOf(reference, found.artifact.url), this.mapLimits);
  }

  // The map with a debug ID (cached by it: a debug ID names one build), or null when the store has none.
  async #mapByDebugId(debugId: string): Promise<LoadedMap | Failure | null> {
    const { store } = this;
    if (!store.getByDebugId) return null;
    const getByDebugId = store.getByDebugId.bind(store);
    const loaded = await this.cachedMap(`debug-id:${debugId}`, async () => {
      let artifact: Artifact | null;
      try {
        artifact = await getByDebugId(debugId, 'sourcemap');
      } catch {
        artifact = null;
      }
      return artifact ? decodeMap(artifact.bytes, artifact.url, this.mapLimits) : fail('map_not_found', `no map with debug ID ${debugId}`);
    });
    return 'unresolved' in loaded && loaded.unresolved.reason === 'map_not_found' ? null : loaded;
  }

  async #fileByDebugId(debugId: string): Promise<GeneratedFile | null> {
    try {
      const artifact = await this.store.getByDebugId?.(debugId, 'source');
      return artifact ? generatedFile(artifact) : null;
    } catch {
      return null;
    }
  }

  /** The minified file a frame names, tried as candidate URLs (full URL first, then `~/`). */
  file(path: string): Promise<FileLookup> {
    let found = this.#files.get(path);
    if (!found) {
      found = this.#find(path).then(({ artifact, errors, tried }) => artifact
        ? { file: generatedFile(artifact) }
        : fail('source_not_found', `${path} is not in the store (tried ${tried.join(', ')})${errors}`));
      this.#files.set(path, found);
    }
    return found;
  }

  async #find(url: string): Promise<{ artifact: Artifact | null; errors: string; tried: string[] }> {
    const { artifact, tried, errors } = await findArtifact(this.store, url);
    return { artifact, tried, errors: errors.length ? `: ${errors.join('; ')}` : '' };
  }

  /**
   * The lines of an original source: the map's sourcesContent (which the map indexes by line
   * and keeps, so a frame unescapes only its context lines), else the file from the store.
   */
  async sourceLines(loaded: LoadedMap, index: number, source: string): Promise<{ lines: SourceLines; from: 'sourcesContent' | 'store' } | null> {
    const embedded = loaded.map.sourceLinesAt(index);
    if (embedded) return { lines: embedded, from: 'sourcesContent' };
    let lines = this.#sources.get(source);
    if (!lines) {
      lines = this.#find(source).then(({ artifact }) => (artifact ? linesOfText(decoder.decode(artifact.bytes)) : null));
      this.#sources.set(source, lines);
    }
    const found = await lines;
    return found === null ? null : { lines: found, from: 'store' };
  }
}

function decodeMap(bytes: Uint8Array, url: string, limits: SymbolicatorOptions['mapLimits']): LoadedMap | Failure {
  try {
    return { map: new SourceMap(bytes, { ...limits, url, strict: false }), url };
  } catch (error) {
    const message = error instanceof SourceMapError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    return fail('invalid_map', `${url}: ${message}`);
  }
}

// The URL a map's sources resolve against: the URL it was referenced by when the store
// found it under a `~/` key (sources then resolve to full URLs), else the store's.
function mapUrlOf(reference: string, stored: string): string {
  return toAbsoluteUrl(reference) ? reference : stored;
}

function generatedFile(artifact: Artifact): GeneratedFile {
  const { bytes } = artifact;
  const wasm = bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  return { artifact, code: wasm ? null : decoder.decode(bytes) };
}

function isPositive(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function isParsedStack(input: unknown): input is ParsedStack {
  return typeof input === 'object' && input !== null && !Array.isArray(input) && Array.isArray((input as { frames?: unknown }).frames);
}

// Frames given as data (Sentry-shaped or our own), normalized. The item's other own fields
// (a debug ID, Sentry's `platform`, `vars` ...) are kept; the normalized ones win.
function structuredFrames(input: readonly unknown[]): InputFrame[] {
  const frames: InputFrame[] = normalizeFrames([...input]);
  if (frames.length !== input.length) return frames;
  return frames.map((frame, i) => {
    const extra = ownFields(input[i]);
    const debugId = extra.debug_id ?? extra.debugId;
    delete extra.debugId;
    const merged: InputFrame = { ...extra, ...frame };
    if (typeof debugId === 'string') merged.debug_id = debugId;
    else delete merged.debug_id;
    return merged;
  });
}

// An object's own enumerable data, without invoking anything that throws.
function ownFields(item: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return fields;
  let keys: string[];
  try {
    keys = Object.keys(item);
  } catch {
    return fields;
  }
  for (const key of keys) {
    if (key === '__proto__') continue;
    try {
      fields[key] = (item as Record<string, unknown>)[key];
    } catch {
      // a throwing getter: left out
    }
  }
  return fields;
}

/** Splits source text into lines at \n, \r\n and \r, as the line numbers of maps count them (a final newline ends the last line). */
export function splitLines(text: string): string[] {
  // Without a `\r` the split on `\n` alone is the same, and faster: typescript.esbuild-min's
  // 9 MB source took 7-10 ms against 15-32 for the pattern.
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// A long line cut around the column, marked with {snip} where cut (as Sentry trims context).
function snip(line: string, column: number, max: number): string {
  if (max <= 0 || line.length <= max) return line;
  const start = Math.min(Math.max(0, column - (max >> 1)), line.length - max);
  const end = start + max;
  return `${start > 0 ? '{snip} ' : ''}${line.slice(start, end)}${end < line.length ? ' {snip}' : ''}`;
}

export function lineStartsOf(code: string): number[] {
  const starts = [0];
  const newline = /\r\n|\r|\n|\u2028|\u2029/g;
  for (let match = newline.exec(code); match; match = newline.exec(code)) starts.push(match.index + match[0].length);
  return starts;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MAX_OCCURRENCES = 100_000;
const MAX_NAME_LENGTH = 1024;
const NAME_PREFIXES = ['async ', 'new ', 'get ', 'set '];

/**
 * The original name of a minified function name such as `n`, `o.load`, `new o` or
 * `async o.load`: each identifier is looked for backwards from the frame's position, at a
 * declaration of that name (`function n(`, `class o`, `o=class`, `n=(...)=>`, `n:function`,
 * a method `n(...){`), and replaced by the map's name at that declaration. The function's own
 * declaration (the last part) must map to the same original source as the frame. A
 * declaration the map gives no name keeps its identifier (it was not renamed); a part that is
 * not found stays minified. Line 1-based, column 0-based.
 */
export function recoverFunctionName(map: SourceMap, code: string, lineStarts: readonly number[], line: number, column: number, minified: string): string {
  if (minified.length > MAX_NAME_LENGTH || line > lineStarts.length) return minified;
  let prefix = '';
  let body = minified;
  for (let again = true; again;) {
    again = false;
    for (const word of NAME_PREFIXES) {
      if (body.startsWith(word)) {
        prefix += word;
        body = body.slice(word.length);
        again = true;
      }
    }
  }
  let suffix = '';
  const alias = body.lastIndexOf(' [as ');
  if (alias > 0 && body.endsWith(']')) {
    suffix = body.slice(alias);
    body = body.slice(0, alias);
  }
  const offset = Math.min(code.length, lineStarts[line - 1] + column);
  const frameSegment = map.segmentFor({ line, column });
  const frameSource = frameSegment?.[1] ?? -1;
  const parts = body.split('.');
  let changed = false;
  const recovered = parts.map((part, i) => {
    if (!IDENTIFIER.test(part)) return part;
    const own = i === parts.length - 1;
    let original: string | null = null;
    declarationBefore(code, part, offset, (at) => {
      const segment = segmentAt(map, lineStarts, at);
      // The function itself is declared in the frame's original source (its qualifiers, a
      // receiver's class, may be elsewhere).
      if (own && frameSource >= 0 && segment && segment.length > 1 && segment[1] !== frameSource) return false;
      original = segment && segment.length === 5 ? map.nameAt(segment[4]) : null;
      return true;
    });
    if (original === null || original === part) return part;
    changed = true;
    return original;
  });
  return changed ? `${prefix}${recovered.join('.')}${suffix}` : minified;
}

// The segment that starts exactly at a generated offset, or null.
function segmentAt(map: SourceMap, lineStarts: readonly number[], offset: number): SourceMapSegment | null {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  const column = offset - lineStarts[low];
  const segment = map.segmentFor({ line: low + 1, column });
  return segment && segment[0] === column ? segment : null;
}

const isIdentifierChar = (char: string | undefined) => char !== undefined && /[\w$]/.test(char);

function skipSpaceBack(code: string, at: number): number {
  while (at >= 0 && /\s/.test(code[at])) at--;
  return at;
}

function skipSpace(code: string, at: number): number {
  while (at < code.length && /\s/.test(code[at])) at++;
  return at;
}

function keywordEndsAt(code: string, end: number, keyword: string): boolean {
  const start = end - keyword.length + 1;
  return start >= 0 && code.slice(start, end + 1) === keyword && !isIdentifierChar(code[start - 1]);
}

// The offset of the closing parenthesis that matches the one at `open`, or -1 (bounded scan).
function matchingParen(code: string, open: number): number {
  let depth = 0;
  const end = Math.min(code.length, open + 4096);
  for (let i = open; i < end; i++) {
    const char = code[i];
    if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

// Whether what starts at `at` is a function or class value: function, async, class,
// `(...) =>` or `x =>`.
function functionValueAt(code: string, at: number): boolean {
  const rest = code.slice(at, at + 16);
  if (/^(?:function\b|async\b|class\b)/.test(rest)) return true;
  if (code[at] === '(') {
    const close = matchingParen(code, at);
    return close > 0 && code.startsWith('=>', skipSpace(code, close + 1));
  }
  return /^[A-Za-z_$][\w$]*\s*=>/.test(code.slice(at, at + 64));
}

/**
 * The offset of the nearest declaration of `name` before `offset` that `accept` takes (all,
 * by default), or -1. Bounded: at most 100 000 occurrences of the name are looked at.
 */
export function declarationBefore(code: string, name: string, offset: number, accept: (at: number) => boolean = () => true): number {
  let at = offset;
  for (let seen = 0; seen < MAX_OCCURRENCES && at > 0; seen++) {
    at = code.lastIndexOf(name, at - 1);
    if (at < 0) return -1;
    if (isIdentifierChar(code[at - 1]) || isIdentifierChar(code[at + name.length])) continue;
    if (isDeclaration(code, at, name.length) && accept(at)) return at;
  }
  return -1;
}

function isDeclaration(code: string, at: number, length: number): boolean {
  let before = skipSpaceBack(code, at - 1);
  if (code[before] === '*') before = skipSpaceBack(code, before - 1);
  if (keywordEndsAt(code, before, 'function') || keywordEndsAt(code, skipSpaceBack(code, at - 1), 'class')) return true;
  const after = skipSpace(code, at + length);
  const next = code[after];
  const previous = code[skipSpaceBack(code, at - 1)];
  if (next === '=' && code[after + 1] !== '=' && code[after + 1] !== '>') {
    return functionValueAt(code, skipSpace(code, after + 1));
  }
  if (next === ':' && (previous === '{' || previous === ',')) {
    return functionValueAt(code, skipSpace(code, after + 1));
  }
  if (next === '(') {
    const methodStart = previous === '{' || previous === '}' || previous === ';' || previous === ',' || previous === '*' ||
      ['static', 'async', 'get', 'set'].some((keyword) => keywordEndsAt(code, skipSpaceBack(code, at - 1), keyword));
    if (!methodStart) return false;
    const close = matchingParen(code, after);
    return close > 0 && code[skipSpace(code, close + 1)] === '{';
  }
  return false;
}
