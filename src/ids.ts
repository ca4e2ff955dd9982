// Ids in the hosted tool's formats: a prefix, "_", and 24 random base62 characters
// (container_…, file_…, srvtoolu_…), from the platform CSPRNG (Web Crypto, browsers and Node 20).

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_LENGTH = 24;
// 248 = 4 * 62: bytes at or above it are dropped so that every character is equally likely.
const UNBIASED_LIMIT = 248;

export function randomId(prefix: string): string {
  let out = "";
  const bytes = new Uint8Array(ID_LENGTH * 2);
  while (out.length < ID_LENGTH) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < UNBIASED_LIMIT) out += ALPHABET[byte % 62];
      if (out.length === ID_LENGTH) break;
    }
  }
  return `${prefix}_${out}`;
}

export const newContainerId = () => randomId("container");
export const newFileId = () => randomId("file");
