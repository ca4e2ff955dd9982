// The memory budget, fixed where the engine enforces it. Pyodide's wasm module defines its own
// linear memory with a maximum of 4 GiB. A JavaScript check around WebAssembly.Memory's grow
// can be gone around: a tiny wasm module that imports the memory grows it with the `memory.grow`
// instruction, which only the memory's declared maximum bounds. So the maximum itself is
// rewritten in the module's bytes before they are compiled: past it, every grow fails, from
// JavaScript or from wasm, and Python's allocator answers MemoryError.

const PAGE = 65536;
const MEMORY_SECTION = 5;

function readU32(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < bytes.length && shift < 35; i++, shift += 7) {
    value += (bytes[i]! & 0x7f) * 2 ** shift;
    if ((bytes[i]! & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new Error("malformed wasm module: bad LEB128");
}

/** `value` as unsigned LEB128 in exactly `width` bytes (wasm accepts padded encodings). */
function writePaddedU32(bytes: Uint8Array, offset: number, width: number, value: number): void {
  for (let i = 0; i < width; i++) {
    const low = Math.floor(value / 2 ** (7 * i)) & 0x7f;
    bytes[offset + i] = i < width - 1 ? low | 0x80 : low;
  }
}

/**
 * Rewrites, in place, the maximum of every memory the module defines (not imports) to
 * `maxBytes` rounded down to whole pages, never above what the module declared. Returns how
 * many memories were limited; throws when a memory has no maximum to rewrite (Pyodide's has).
 */
export function limitDefinedMemories(bytes: Uint8Array, maxBytes: number): number {
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error("not a wasm module");
  const maxPages = Math.max(1, Math.floor(maxBytes / PAGE));
  let offset = 8;
  while (offset < bytes.length) {
    const id = bytes[offset]!;
    const size = readU32(bytes, offset + 1);
    const end = size.next + size.value;
    if (id === MEMORY_SECTION) {
      const count = readU32(bytes, size.next);
      let at = count.next;
      for (let i = 0; i < count.value; i++) {
        const flags = bytes[at]!;
        if (flags & 0x04) throw new Error("64-bit wasm memories are not supported");
        const min = readU32(bytes, at + 1);
        if ((flags & 0x01) === 0) throw new Error("the wasm memory declares no maximum to lower");
        const max = readU32(bytes, min.next);
        if (min.value > maxPages) throw new Error(`the wasm module needs ${min.value * PAGE} bytes, more than the memory budget`);
        const width = max.next - min.next;
        const pages = Math.min(max.value, maxPages);
        if (pages >= 2 ** (7 * width)) throw new Error("the wasm memory maximum cannot be rewritten in place");
        writePaddedU32(bytes, min.next, width, pages);
        at = max.next;
      }
      return count.value;
    }
    offset = end;
  }
  return 0;
}

type Instantiate = typeof WebAssembly.instantiate;

/**
 * Runs `load` (Pyodide's loader) with every wasm module it instantiates limited to `maxBytes`
 * of memory. Pyodide compiles its module through WebAssembly.instantiateStreaming (browsers)
 * or WebAssembly.instantiate (Node); both are wrapped only while it loads, before any user
 * code exists. Fails if nothing was limited, rather than run without the budget.
 */
export async function loadWithMemoryLimit<T>(maxBytes: number, load: () => Promise<T>): Promise<T> {
  const { instantiate, instantiateStreaming } = WebAssembly;
  let limited = 0;
  const limit = (source: BufferSource): Uint8Array => {
    const bytes =
      source instanceof Uint8Array
        ? source
        : ArrayBuffer.isView(source)
          ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
          : new Uint8Array(source);
    limited += limitDefinedMemories(bytes, maxBytes);
    return bytes;
  };
  WebAssembly.instantiate = ((source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) =>
    source instanceof WebAssembly.Module ? instantiate(source, imports) : instantiate(limit(source), imports)) as Instantiate;
  WebAssembly.instantiateStreaming = async (response, imports) =>
    instantiate(limit(await (await response).arrayBuffer()) as BufferSource, imports);
  try {
    const result = await load();
    if (limited === 0) throw new Error("the interpreter's memory could not be limited to the memory budget");
    return result;
  } finally {
    WebAssembly.instantiate = instantiate;
    WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}
