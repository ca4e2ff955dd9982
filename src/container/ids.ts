// Ids in the hosted tool's formats: a prefix and 24 random base62 characters.
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomSuffix(length = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export const newContainerId = () => `container_${randomSuffix()}`;
export const newFileId = () => `file_${randomSuffix()}`;
export const newToolUseId = () => `srvtoolu_${randomSuffix()}`;
