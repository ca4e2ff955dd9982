// `ps`: the shell is the only process there is.
import { defineCommand } from "just-bash";
import { ok } from "./util.ts";

export const ps = defineCommand("ps", async (args) => {
  const full = args.some((a) => /^-?[a-zA-Z]*[efaux]/.test(a));
  if (full) {
    return ok(
      "UID          PID    PPID  C STIME TTY          TIME CMD\n" +
        "root           1       0  0 00:00 ?        00:00:00 bash\n" +
        "root           2       1  0 00:00 ?        00:00:00 ps " +
        args.join(" ") +
        "\n",
    );
  }
  return ok("    PID TTY          TIME CMD\n      1 ?        00:00:00 bash\n      2 ?        00:00:00 ps\n");
});
