// md5sum, sha1sum, sha256sum, sha512sum: just-bash's, with "No such file" errors on stderr
// (it prints them among the sums on stdout).
import { defineCommand } from "just-bash";

export function checksum(name: string) {
  return defineCommand(name, async (args, ctx) => {
    const result = await ctx.origCommand!(args);
    const lines = result.stdout.split(/(?<=\n)/);
    const errors = lines.filter((l) => l.startsWith(`${name}: `));
    if (!errors.length) return result;
    return { ...result, stdout: lines.filter((l) => !l.startsWith(`${name}: `)).join(""), stderr: result.stderr + errors.join("") };
  });
}
