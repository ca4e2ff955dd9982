// Byte helpers shared by the editor and the shell adapter.

/** One char per byte, the form just-bash uses for raw bytes in a string (and btoa expects). */
export function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

export const base64 = (bytes: Uint8Array): string => btoa(latin1(bytes));
