// `umask`: files are created 0644 and folders 0755 here, as under the usual umask of 022.
import { defineCommand } from "just-bash";
import { ok } from "./util.ts";

export const umask = defineCommand("umask", async (args) => {
  if (args.includes("-S")) return ok("u=rwx,g=rx,o=rx\n");
  // Setting a mask is accepted; the filesystem keeps its modes.
  return ok(args.length ? "" : "0022\n");
});
