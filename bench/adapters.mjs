// The libraries under test, behind one small adapter shape so that every figure is taken the
// same way for each of them.
//
//   id, name, version
//   decodeOnly        true for the codec: it decodes `mappings` and has no lookups
//   construct(json)   parsed map object -> a handle (a Promise for source-map 0.7/0.8)
//   force(h, needle)  whatever makes the handle decoded and ready (lookups force the lazy peers)
//   fromBytes(bytes)  the .map file's bytes -> a handle, decoded (for "cold" and "frame"); null: via JSON
//   original(h, n)    originalPositionFor -> { source, line, column, name }
//   content(h, s)     sourceContentFor(s) of a source as original() spells it -> its text or null
//   sources(h)        the library's own list of (resolved) sources, to compare answers by index
//   segments(h)       number of segments it decoded (sanity), or undefined
//   release(h)        frees what needs freeing (source-map 0.7/0.8 keep mappings in wasm memory)
//
// Optional, for rows that are "n/a" until our library has them:
//   generated(h, { source, line, column })  generatedPositionFor -> { line, column }
//   originalBatch(h, positions)             a batch originalPositionsFor; `positions` is the
//                                            Int32Array of (line, column) pairs built in run.mjs
//   originalBatchInto(h, positions, into)   the same, answers written into a kept Float64Array
// A row is benchmarked when our library has the method (see `ours.generated` below); peers that
// have it are then measured beside it.

// This module names no Node API, so that a page can use it too (bench/browser.mjs): the
// libraries and their versions come in as arguments; bench/libraries.mjs passes Node's.

const utf8 = new TextDecoder();

/** The JSON of a .map file's bytes, as a peer would get it (the yardstick of "cold"). */
export function jsonOfBytes(bytes) {
  return JSON.parse(utf8.decode(bytes));
}

/** Lines of context before and after a frame's line, as the Symbolicator gives by default. */
export const CONTEXT_LINES = 5;

/**
 * A frame's context lines around `line` (1-based) in a source's text, split as splitLines()
 * in src/symbolicate splits it (its fast path for a text without `\r` included): what a peer
 * must do with the text that sourceContentFor gives.
 */
export function contextOfText(text, line) {
  if (text === null || text === undefined) return null;
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(Math.max(0, line - 1 - CONTEXT_LINES), line + CONTEXT_LINES);
}

/**
 * The adapters over the modules given: `{ ours, LIBRARIES }`. `versions` maps each peer's
 * package name (and `source-map-08`) to its version; `ourPackage` is our package.json.
 */
export function makeLibraries({ SourceMap, codec, traceMapping, sourceMap07, sourceMap08, sourceMapJs }, versions, ourPackage) {
  const ours = {
    id: 'ours',
    name: `${ourPackage.name} (ours)`,
    version: ourPackage.version,
    construct: (json) => new SourceMap(json),
    force: (h, needle) => h.originalPositionFor(needle),
    fromBytes: (bytes) => new SourceMap(bytes),
    original: (h, needle) => h.originalPositionFor(needle),
    content: (h, source) => h.sourceContentFor(source),
    // The source's lines: only those around the frame are unescaped (src/source-lines.ts).
    context: (h, source, line) => h.sourceLinesFor(source)?.lines(Math.max(1, line - CONTEXT_LINES), line + CONTEXT_LINES) ?? null,
    sources: (h) => h.sources,
    segments: (h) => h.segmentCount,
    lines: (h) => h.lineCount,
    release: (h) => h.dispose(),
    // Feature-detected, so the rows appear once src/ has them. The call shapes are a guess at the
    // source-map-style API; adjust here if the real one differs.
    generated: typeof SourceMap.prototype.generatedPositionFor === 'function'
      ? (h, needle) => h.generatedPositionFor(needle)
      : null,
    originalBatch: typeof SourceMap.prototype.originalPositionsFor === 'function'
      ? (h, positions) => h.originalPositionsFor(positions)
      : null,
    originalBatchInto: (h, positions, into) => h.originalPositionsFor(positions, 1, into),
  };

  const codecPeer = {
    id: 'codec',
    name: '@jridgewell/sourcemap-codec',
    version: versions['@jridgewell/sourcemap-codec'],
    decodeOnly: true,
    construct: (json) => codec.decode(json.mappings),
    force: () => {},
    segments: (decoded) => decoded.reduce((n, line) => n + line.length, 0),
    lines: (decoded) => decoded.length,
    release: () => {},
  };

  const traceMappingPeer = {
    id: 'trace-mapping',
    name: '@jridgewell/trace-mapping',
    version: versions['@jridgewell/trace-mapping'],
    construct: (json) => new traceMapping.TraceMap(json),
    // TraceMap decodes lazily; the first lookup (like decodedMappings) decodes everything.
    force: (h, needle) => traceMapping.originalPositionFor(h, needle),
    original: (h, needle) => traceMapping.originalPositionFor(h, needle),
    content: (h, source) => traceMapping.sourceContentFor(h, source),
    sources: (h) => h.resolvedSources,
    segments: (h) => traceMapping.decodedMappings(h).reduce((n, line) => n + line.length, 0),
    release: () => {},
    generated: (h, needle) => traceMapping.generatedPositionFor(h, needle),
  };

  // source-map 0.7 and 0.8: `new SourceMapConsumer(json)` is a Promise (it instantiates its wasm
  // on first use); the mappings are parsed into wasm memory on the first lookup and stay there
  // until destroy().
  function mozillaPeer(id, pkg, lib) {
    return {
      id,
      name: 'source-map',
      version: versions[pkg],
      async: true,
      construct: (json) => new lib.SourceMapConsumer(json),
      force: (h, needle) => h.originalPositionFor(needle),
      original: (h, needle) => h.originalPositionFor(needle),
      content: (h, source) => h.sourceContentFor(source, true),
      sources: (h) => h.sources,
      segments: (h) => {
        let n = 0;
        h.eachMapping(() => { n++; });
        return n;
      },
      release: (h) => h.destroy(),
      generated: (h, needle) => h.generatedPositionFor(needle),
    };
  }

  const sourceMapJsPeer = {
    id: 'source-map-js',
    name: 'source-map-js',
    version: versions['source-map-js'],
    construct: (json) => new sourceMapJs.SourceMapConsumer(json),
    // Lazy: the first lookup parses all mappings (and sorts them by generated position).
    force: (h, needle) => h.originalPositionFor(needle),
    original: (h, needle) => h.originalPositionFor(needle),
    content: (h, source) => h.sourceContentFor(source, true),
    sources: (h) => h.sources,
    segments: (h) => h._generatedMappings.length,
    release: () => {},
    generated: (h, needle) => h.generatedPositionFor(needle),
  };

  // Ours first, then the peers: the order tasks run in for each map.
  const LIBRARIES = [
    ours,
    codecPeer,
    traceMappingPeer,
    mozillaPeer('source-map-07', 'source-map', sourceMap07),
    mozillaPeer('source-map-08', 'source-map-08', sourceMap08),
    sourceMapJsPeer,
  ];
  return { ours, LIBRARIES };
}

/** A frame's context lines: the library's own way, else from the source's text. */
export function contextOf(lib, h, source, line) {
  return lib.context ? lib.context(h, source, line) : contextOfText(lib.content(h, source), line);
}

/**
 * Original positions that exist, for generatedPositionFor: ours' answers at `needles` that
 * map, as { source (index in ours' list), line, column }.
 */
export function originalTargets(ours, h, needles) {
  const sources = ours.sources(h);
  const targets = [];
  for (const n of needles) {
    const a = ours.original(h, n);
    if (a.source !== null) targets.push({ source: sources.indexOf(a.source), line: a.line, column: a.column });
  }
  return targets;
}

/** `targets` as `lib`'s generatedPositionFor needles: each source spelled as `lib` spells it. */
export function generatedNeedles(lib, h, targets) {
  const list = lib.sources(h);
  return targets.map((t) => ({ source: list[t.source], line: t.line, column: t.column }));
}

/** Positions as a batch takes them: an Int32Array of (line, column) pairs. */
export function batchPositions(needles) {
  const positions = new Int32Array(needles.length * 2);
  needles.forEach((n, i) => { positions[2 * i] = n.line; positions[2 * i + 1] = n.column; });
  return positions;
}

/**
 * Ours' batch tasks ([name, fn]) on a decoded map `h`, for runRounds: one call per position
 * ('single', timed beside the batch, not taken from the lookup figures, which were timed
 * minutes earlier under another load), a batch into a new answer array ('batch': a large one
 * costs a page fault per 4 KiB), and into one the caller keeps ('into'). `consume` gets what
 * each computes, so that none is optimised away.
 */
export function batchTasks(ours, h, needles, positions, consume) {
  const single = lookupLoop(ours.original, h, needles);
  const into = new Float64Array(needles.length * 4);
  return [
    ['single', () => consume(single())],
    ['batch', () => consume(ours.originalBatch(h, positions) ? 1 : 0)],
    ['into', () => consume(ours.originalBatchInto(h, positions, into) ? 1 : 0)],
  ];
}

/** How many live copies of a map of `segments` segments the memory figures build. */
export function memoryCopies(segments, quick) {
  const copies = segments >= 1_000_000 ? 5 : Math.min(50, Math.max(5, Math.round(3_000_000 / Math.max(1, segments))));
  return quick ? Math.max(3, Math.ceil(copies / 3)) : copies;
}

/** Construct and force; awaits only for the libraries that are async. */
export async function load(lib, json, needle) {
  const h = lib.async ? await lib.construct(json) : lib.construct(json);
  lib.force(h, needle);
  return h;
}

/**
 * A loop over `needles` calling `call(h, needle)`, which returns the sum of the answers'
 * `field`. Compiled afresh for each library and list (new Function), so that its call site
 * sees one library only: one loop shared by all would turn megamorphic and slow down
 * whichever library runs after the others.
 */
export function lookupLoop(call, h, needles, field = 'column') {
  const loop = new Function('call', 'h', 'needles', `
    let acc = 0;
    for (let i = 0; i < needles.length; i++) acc += call(h, needles[i]).${field} ?? 0;
    return acc;
  `);
  return () => loop(call, h, needles);
}

// A task and its tinybench options, which release what each run made (outside the timing).
function releasing(lib, run) {
  let last;
  const release = () => { if (last !== undefined) { lib.release(last); last = undefined; } };
  const fn = lib.async ? async () => { last = await run(); } : () => { last = run(); };
  return [fn, { afterEach: release, afterAll: release }];
}

/** The decode task: the parsed `json` to decoded and ready (construct, then force at `needle`). */
export function decodeTask(lib, json, needle) {
  return lib.async
    ? releasing(lib, async () => { const h = await lib.construct(json); lib.force(h, needle); return h; })
    : releasing(lib, () => { const h = lib.construct(json); lib.force(h, needle); return h; });
}

/** The name of freshDecodeTask's task, in every script's decode figures. */
export const FRESH = 'ours, fresh memory';

/**
 * The decode task for ours with a fresh memory for every map: each disposed map's memory is
 * dropped (`releasePool`, from dist/wasm.js) rather than reused, as when maps are left to the
 * garbage collector.
 */
export function freshDecodeTask(ours, releasePool, json, needle) {
  return decodeTask({ ...ours, release: (h) => { ours.release(h); releasePool(); } }, json, needle);
}

/** The map file's `bytes` to `finish(lib, handle)`: ours reads the bytes, the peers JSON.parse them first. */
export function fromBytesTask(lib, bytes, finish) {
  if (lib.fromBytes) return releasing(lib, () => { const h = lib.fromBytes(bytes); finish(lib, h); return h; });
  return lib.async
    ? releasing(lib, async () => { const h = await lib.construct(jsonOfBytes(bytes)); finish(lib, h); return h; })
    : releasing(lib, () => { const h = lib.construct(jsonOfBytes(bytes)); finish(lib, h); return h; });
}
