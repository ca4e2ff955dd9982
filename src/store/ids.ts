// Container ids in the hosted tool's format: "container_" + 24 base62 characters
// (e.g. "container_011CPR5CNjB747bTd36fQLFk").

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_LENGTH = 24;
// 248 = 4 * 62: bytes at or above it are dropped so that every character is equally likely.
const UNBIASED_LIMIT = 248;

export const CONTAINER_ID_PATTERN = /^container_[0-9A-Za-z]{24}$/;

/** A new random container id, from the platform CSPRNG (Web Crypto exists in browsers and Node 20). */
export function newContainerId(): string {
  let out = "";
  const bytes = new Uint8Array(ID_LENGTH * 2);
  while (out.length < ID_LENGTH) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < UNBIASED_LIMIT) out += ALPHABET[byte % 62];
      if (out.length === ID_LENGTH) break;
    }
  }
  return `container_${out}`;
}
