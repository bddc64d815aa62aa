// The bench's random positions, shared by run.mjs and batch-lines.mjs so that both time the
// same list: mulberry32 from a fixed seed, a random generated line, a column up to the line's
// last segment column + 20.

/** Deterministic numbers in [0, 1): mulberry32. */
export function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` positions { line (1-based), column } over lines whose last columns are given. */
export function randomPositions(lastColumn, count) {
  const next = random(0x5eed);
  const positions = [];
  for (let i = 0; i < count; i++) {
    const line = Math.floor(next() * lastColumn.length);
    positions.push({ line: line + 1, column: Math.floor(next() * (lastColumn[line] + 21)) });
  }
  return positions;
}
