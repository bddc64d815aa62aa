// Linear memory: the heap starts after the module's static data, and grows on demand.

const PAGE_BITS: u64 = 16;
const MAX_BYTES: u64 = 0x1_0000_0000; // wasm32: 4 GiB

@inline export function alignUp(pointer: u64): u64 {
  return (pointer + 15) & ~(<u64>15);
}

export const HEAP_BASE: usize = <usize>alignUp(<u64>__heap_base);

// Makes bytes [0, end) addressable; false when the memory cannot grow that far.
export function ensureMemory(end: u64): bool {
  if (end > MAX_BYTES) return false;
  const have = (<u64>memory.size()) << PAGE_BITS;
  if (end <= have) return true;
  const pages = (end - have + 0xffff) >> PAGE_BITS;
  return memory.grow(<i32>pages) >= 0;
}
