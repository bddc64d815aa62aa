// Counts the WebAssembly memories a page's libraries create, for the memory figures in Chromium
// (bench/browser-page.mjs): the DevTools protocol's heap usage has the JS heap and ArrayBuffers
// but not wasm memories (checked in Chromium 156: a 64 MiB Memory moved neither). Imported
// before any library, it wraps the constructors that make one: `WebAssembly.Memory` (ours: a
// memory per map, and the scratch) and the instantiations whose module exports its memory
// (source-map's Rust wasm). Memories are held weakly: a collected one no longer counts.
// Only on a page whose URL has `?memory`: the pages that time tasks keep the constructors as
// they are.

const memories = [];

function track(memory) {
  if (memory instanceof WebAssembly.Memory) memories.push(new WeakRef(memory));
}

function trackExports(instance) {
  for (const value of Object.values(instance.exports)) track(value);
}

function install() {
  const { Memory, Instance, instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.Memory = new Proxy(Memory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(target, args, newTarget);
      track(memory);
      return memory;
    },
  });
  WebAssembly.Instance = new Proxy(Instance, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget);
      trackExports(instance);
      return instance;
    },
  });
  // instantiate(bytes) gives { module, instance }; instantiate(module) gives the instance.
  const tracked = (result) => {
    trackExports(result instanceof Instance ? result : result.instance);
    return result;
  };
  WebAssembly.instantiate = (...args) => instantiate(...args).then(tracked);
  if (instantiateStreaming) WebAssembly.instantiateStreaming = (...args) => instantiateStreaming(...args).then(tracked);
}

export const countingMemories = new URL(globalThis.location.href).searchParams.has('memory');
if (countingMemories) install();

/** Bytes of the live wasm memories (call after a collection); forgets the collected ones. */
export function wasmMemoryBytes() {
  let bytes = 0;
  for (let i = memories.length - 1; i >= 0; i--) {
    const memory = memories[i].deref();
    if (memory) bytes += memory.buffer.byteLength;
    else memories.splice(i, 1);
  }
  return bytes;
}
