// Which original-order index a reverse lookup reads, built on first use: one source's, or
// the whole map's.
//
// source-map sorts a source's mappings the first time a lookup asks for that source; the
// first reverse lookup here does the like. It measures where each source's rows lie (one pass
// over the rows) and indexes the rows of the source asked for, read from its range alone.
// Each source after it costs a read of its own range. A bundler writes each module in one
// piece, so on a bundle the ranges together hold each row once. Where sources interleave
// (a minifier's output, or sources that share helpers) ranges overlap; once the ranges read
// would pass one read of all the rows, the whole index is built instead, in the place of the
// sources' ones when nothing was put after them. Iterating in original order builds the whole
// index too.

import {
  buildOriginalOrder, indexesOneSource, measureSourceRanges, originalOrderEnd, type DecodedMappings, type OriginalOrder,
} from './wasm.js';
import { RANGE_END, RANGE_FIELDS, RANGE_FIRST } from './layout.js';

/** A map's reverse-lookup state, as the lookups keep it. */
export interface ReverseIndex {
  /** The index of every mapped row, once built. */
  whole: OriginalOrder | undefined;
  /** Per source, its rows' index, once built (while there is no whole index). */
  bySource: (OriginalOrder | undefined)[];
  /** Each source's range of rows (RANGE_FIELDS numbers a source). */
  ranges: Int32Array;
  /** Rows read so far by the sources' indexes: a budget of one read of all the rows. */
  rowsRead: number;
  /** Where the last stretch of sources' indexes (nothing else between them) starts and ends. */
  start: number;
  end: number;
}

/** What the lookups keep of a decoded map that this module reads and updates. */
export interface IndexedMap extends DecodedMappings {
  view: Int32Array;
  /** First free byte of the map's memory: where lazily built parts go. */
  end: number;
  reverse: ReverseIndex | undefined;
}

/** The index to search for `source`; without one, the whole index (for iteration). */
export function originalOrderFor(map: IndexedMap, source?: number): OriginalOrder {
  const reverse = map.reverse;
  const built = reverse && (reverse.whole ?? (source === undefined ? undefined : reverse.bySource[source]));
  if (built) return built;
  if (source === undefined || !indexesOneSource(map)) return buildWhole(map);
  const ranges = reverse ? reverse.ranges : measureSourceRanges(map, map.end);
  const state = (map.reverse = reverse ?? { whole: undefined, bySource: [], ranges, rowsRead: 0, start: map.end, end: map.end });
  const at = source * RANGE_FIELDS;
  const firstRow = at < ranges.length ? ranges[at + RANGE_FIRST] : -1;
  if (firstRow < 0) return (state.bySource[source] = { order: 0, count: 0, samples: 0 }); // no row has it
  const endRow = ranges[at + RANGE_END];
  if (state.rowsRead + (endRow - firstRow) > map.segmentCount) return buildWhole(map);
  const order = map.end;
  // Something else put after the last source's index (a batch window) starts a new stretch of
  // them: only the last stretch can be given back to the whole index.
  if (order !== state.end) state.start = order;
  const index = buildOriginalOrder(map, order, { source, firstRow, endRow });
  state.rowsRead += endRow - firstRow;
  state.bySource[source] = index;
  map.end = state.end = originalOrderEnd(index);
  map.view = new Int32Array(map.memory.buffer);
  return index;
}

function buildWhole(map: IndexedMap): OriginalOrder {
  const reverse = map.reverse;
  // The sources' indexes are written over: forget them first, in case the build fails.
  if (reverse) {
    reverse.bySource = [];
    if (map.end === reverse.end) map.end = reverse.start;
  }
  const whole = buildOriginalOrder(map, map.end);
  map.reverse = { whole, bySource: [], ranges: reverse?.ranges ?? new Int32Array(0), rowsRead: 0, start: map.end, end: originalOrderEnd(whole) };
  map.end = map.reverse.end;
  map.view = new Int32Array(map.memory.buffer);
  return whole;
}
