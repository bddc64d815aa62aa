// Bytes compared sixty-four at a time, for the passes that look for a few kinds of byte in
// long runs of others (separators in `mappings`, backslashes in a JSON string).

// A bit per byte of the 64 at `p`: whether it is `byte` (splatted).
@inline export function maskOf(p: usize, byte: v128): u64 {
  const m0 = <u64>i8x16.bitmask(i8x16.eq(v128.load(p), byte));
  const m1 = <u64>i8x16.bitmask(i8x16.eq(v128.load(p, 16), byte));
  const m2 = <u64>i8x16.bitmask(i8x16.eq(v128.load(p, 32), byte));
  const m3 = <u64>i8x16.bitmask(i8x16.eq(v128.load(p, 48), byte));
  return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
}
