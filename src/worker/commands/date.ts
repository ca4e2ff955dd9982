// `date`: just-bash's, with GNU's --iso-8601[=date|hours|minutes|seconds] and -I forms, and
// -R / --rfc-email, written as the equivalent +FORMAT (the container's clock is UTC).
import { defineCommand } from "just-bash";

const ISO: Record<string, string> = {
  date: "+%Y-%m-%d",
  hours: "+%Y-%m-%dT%H+00:00",
  minutes: "+%Y-%m-%dT%H:%M+00:00",
  seconds: "+%Y-%m-%dT%H:%M:%S+00:00",
  ns: "+%Y-%m-%dT%H:%M:%S,%N+00:00",
};

export const date = defineCommand("date", async (args, ctx) => {
  const mapped = args.map((arg) => {
    const iso = /^(?:--iso-8601|-I)(?:=?(date|hours|minutes|seconds|ns))?$/.exec(arg);
    if (iso) return ISO[iso[1] ?? "date"]!;
    if (arg === "-R" || arg === "--rfc-email" || arg === "--rfc-2822") return "+%a, %d %b %Y %H:%M:%S +0000";
    return arg;
  });
  return ctx.origCommand!(mapped);
});
