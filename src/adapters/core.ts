// What both adapters share: building the one core SourceMap behind an adapter, reading
// segments out of the core's answers, and a packed copy of the rows for the rare lookups the
// core's API cannot answer exactly.

import { SourceMap, LEAST_UPPER_BOUND } from '../index.js';
import type { GeneratedPosition, Mapping, SourceMapSegment } from '../index.js';

/** The largest line or column the core takes. */
export const MAX_POSITION = 0x7fffffff;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One part of the core map: a regular map's fields, placed at a generated offset (0, 0 for a regular map). */
export interface CorePart {
  line: number;
  column: number;
  mappings: string;
  sources: readonly unknown[];
  names: readonly unknown[];
}

/** `mappings` cut after `lines` lines (at the `lines`-th ";"). */
function firstLines(mappings: string, lines: number): string {
  let at = -1;
  for (let i = 0; i < lines; i++) {
    at = mappings.indexOf(';', at + 1);
    if (at < 0) return mappings;
  }
  return mappings.slice(0, at);
}

/**
 * The core map of `parts`, lenient (the peers accept what ECMA-426 calls invalid), given only
 * what lookups need: the adapters keep every field themselves, so the core's `sources` and
 * `names` are their indices as strings ("0", "1", ...). Every source can then be named to the
 * core's reverse lookups, and an answer's source or name read back as an index. Several parts
 * make an index map; each part's mappings are cut after the line where the next part starts,
 * since the core misplaces a section's rows when the previous section's mappings (even empty
 * lines) reach past that line (anything past it would be clipped anyway).
 */
export function buildCore(parts: readonly CorePart[], indexMap: boolean): SourceMap {
  let sourceBase = 0;
  let nameBase = 0;
  const maps = parts.map((part) => {
    const sources = Array.from(part.sources, (_, i) => String(sourceBase + i));
    const names = Array.from(part.names, (_, i) => String(nameBase + i));
    sourceBase += sources.length;
    nameBase += names.length;
    return { version: 3, sources, names, mappings: part.mappings };
  });
  if (!indexMap) return new SourceMap(maps[0], { strict: false });
  const sections = parts.map((part, i) => {
    const next = parts[i + 1];
    const mappings = next && next.line >= part.line ? firstLines(part.mappings, next.line - part.line + 1) : part.mappings;
    return { offset: { line: part.line, column: part.column }, map: { ...maps[i], mappings } };
  });
  const core = new SourceMap({ version: 3, sections }, { strict: false });
  if (core.sources.length !== sourceBase) {
    // The core skipped a section (it only does for input both peers would also choke on).
    const problem = core.warnings.find((w) => w.section !== undefined);
    throw new Error(`Invalid index map: a section was skipped${problem ? ` (${problem.message})` : ''}`);
  }
  return core;
}

/** Reads the core beyond its public answers, exactly where that is possible. */
export class CoreReader {
  constructor(readonly core: SourceMap) {}

  /**
   * The segment behind a reverse-lookup answer, or undefined when the core cannot tell it from
   * another row at the same generated position: that is when another row follows it at the
   * same column (`lastColumn` is then `column - 1`). Otherwise it is the last row there, which
   * a LEAST_UPPER_BOUND lookup of its position returns.
   */
  segmentOf(position: GeneratedPosition): SourceMapSegment | undefined {
    const { line, column, lastColumn } = position;
    if (line === null || column === null || lastColumn === column - 1) return undefined;
    return this.core.segmentFor({ line, column, bias: LEAST_UPPER_BOUND }) ?? undefined;
  }

  /** The core's eachMapping in original order (by source, original line, column, then generated position). */
  eachOriginal(callback: (mapping: Mapping) => void): void {
    this.core.eachMapping(callback, { order: 'original' });
  }

  /** The name of source `index` for the core's reverse lookups. */
  sourceKey(index: number): string {
    return String(index);
  }
}

/**
 * A packed copy of decoded lines (segments by generated line, each line sorted by column), six
 * numbers a segment: generated line (0-based), generated column, source, original line,
 * original column, name (-1 when absent). Made, once, only when a lookup needs what the core's
 * API cannot give exactly (several segments at one generated position).
 */
export class Rows {
  static readonly FIELDS = 6;
  readonly data: Int32Array;
  readonly count: number;

  constructor(lines: readonly (readonly (readonly number[])[])[]) {
    let count = 0;
    for (const line of lines) count += line.length;
    this.count = count;
    this.data = new Int32Array(count * Rows.FIELDS);
    let row = 0;
    lines.forEach((line, l) => {
      for (const segment of line) {
        const at = row * Rows.FIELDS;
        this.data[at] = l;
        this.data[at + 1] = segment[0];
        this.data[at + 2] = segment.length >= 4 ? segment[1] : -1;
        this.data[at + 3] = segment.length >= 4 ? segment[2] : -1;
        this.data[at + 4] = segment.length >= 4 ? segment[3] : -1;
        this.data[at + 5] = segment.length >= 5 ? segment[4] : -1;
        row++;
      }
    });
  }

  line(row: number): number { return this.data[row * Rows.FIELDS]; }
  column(row: number): number { return this.data[row * Rows.FIELDS + 1]; }
  source(row: number): number { return this.data[row * Rows.FIELDS + 2]; }
  originalLine(row: number): number { return this.data[row * Rows.FIELDS + 3]; }
  originalColumn(row: number): number { return this.data[row * Rows.FIELDS + 4]; }
  name(row: number): number { return this.data[row * Rows.FIELDS + 5]; }

  /** The first row at or after generated (line, column), in [from, to). */
  firstAtOrAfter(line: number, column: number, from = 0, to = this.count): number {
    let low = from;
    let high = to;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const l = this.line(middle);
      if (l < line || (l === line && this.column(middle) < column)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Whether two segments are equal field by field. */
export function sameSegment(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
