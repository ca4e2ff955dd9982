// Bytes as IndexedDB should store them.

/**
 * Returns a Uint8Array that owns exactly its bytes in a plain ArrayBuffer. Structured clone copies a
 * view's WHOLE buffer, so a 10-byte subarray of a 100 MB buffer would store 100 MB; and a view of a
 * SharedArrayBuffer (the worker may hand us one) cannot be stored at all. Both are copied; the common
 * case, an exact view of its own ArrayBuffer, is returned as is (IndexedDB copies it anyway).
 */
export function storableBytes(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) {
    throw new TypeError(`Expected file data as a Uint8Array, got ${describeValue(data)}`);
  }
  const exact = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  if (exact && data.buffer instanceof ArrayBuffer) return data;
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "an object";
  return typeof value;
}
