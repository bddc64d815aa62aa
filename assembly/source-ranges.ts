// Where each source's rows lie: per source, the first row that has it and one past the last
// (-1, -1 for a source no row has), a RANGE_SIZE entry each at `ranges`. A bundler writes
// each module's code in one piece, so on the bench's large bundles the ranges do not overlap
// (they add up to the rows exactly), and one source's original-order index can be built from
// its range alone (by-source.ts, src/original-order.ts).

import { ROW_SIZE, ROW_SOURCE, RANGE_SIZE, RANGE_FIRST, RANGE_END } from "./layout";

// Fills the ranges of sources [0, sourceCount) over the `count` rows at `rows`; a row whose
// source is absent or past sourceCount counts for none.
export function measureSourceRanges(rows: usize, count: i32, ranges: usize, sourceCount: i32): void {
  memory.fill(ranges, 0xff, <usize>sourceCount * RANGE_SIZE);
  for (let i = 0; i < count; i++) {
    const source = load<i32>(rows + <usize>i * ROW_SIZE, ROW_SOURCE);
    if (<u32>source >= <u32>sourceCount) continue;
    const at = ranges + <usize>source * RANGE_SIZE;
    if (load<i32>(at, RANGE_FIRST) < 0) store<i32>(at, i, RANGE_FIRST);
    store<i32>(at, i + 1, RANGE_END);
  }
}
