// The bench's positions, shared by run.mjs, batch-lines.mjs and the Chromium page so that all
// time the same list: random ones (mulberry32 from a fixed seed, a random generated line, a
// column up to the line's last segment column + 20), and the probe every library must agree on.

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

/**
 * A position whose answer every library must give alike, from the codec's decoded lines
 * (`segments` in all): a 4- or 5-field segment near the middle of the map whose column is the
 * only one of its line at that value (so every bias rule agrees on it), with that answer
 * (0-based source and name indices, -1 for no name; 1-based line). Undefined if none maps.
 */
export function probeOf(decoded, segments) {
  let seen = 0;
  for (let line = 0; line < decoded.length; line++) {
    const row = decoded[line];
    for (let i = 0; i < row.length; i++) {
      if (seen++ < segments / 2) continue;
      const s = row[i];
      if (s.length < 4) continue;
      if ((i > 0 && row[i - 1][0] === s[0]) || (i + 1 < row.length && row[i + 1][0] === s[0])) continue;
      return { needle: { line: line + 1, column: s[0] }, source: s[1], line: s[2] + 1, column: s[3], name: s.length === 5 ? s[4] : -1 };
    }
  }
  return undefined;
}
