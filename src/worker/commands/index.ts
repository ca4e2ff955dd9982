// The shell's command overrides: commands just-bash lacks, and built-ins replaced or wrapped
// where their output differs from GNU coreutils and Debian's tools (checked by the differential
// suite, test/unit/differential.test.ts). One file per command; this table is the only registry.
//
// Every entry is lazy: nothing is built until a script first calls the command, so the overrides
// add nothing to a call that does not use them (`echo hi` stays as fast as before).
import type { Command, LazyCommand } from "just-bash";
import type { CommandHost } from "./host.ts";
import { awk } from "./awk.ts";
import { createBc } from "./bc.ts";
import { checksum } from "./checksums.ts";
import { cksum } from "./cksum.ts";
import { cmp } from "./cmp.ts";
import { date } from "./date.ts";
import { createDf } from "./df.ts";
import { diff } from "./diff.ts";
import { du } from "./du.ts";
import { env } from "./env.ts";
import { file } from "./file.ts";
import { createFree } from "./free.ts";
import { grep } from "./grep.ts";
import { head } from "./head.ts";
import { hd, hexdump } from "./hexdump.ts";
import { iconv } from "./iconv.ts";
import { id } from "./id.ts";
import { jq } from "./jq.ts";
import { ls } from "./ls.ts";
import { mktemp } from "./mktemp.ts";
import { nproc } from "./nproc.ts";
import { od } from "./od.ts";
import { paste } from "./paste.ts";
import { printf } from "./printf.ts";
import { ps } from "./ps.ts";
import { realpath } from "./realpath.ts";
import { sed } from "./sed.ts";
import { sleep } from "./sleep.ts";
import { sort } from "./sort.ts";
import { createSqlite3 } from "./sqlite3.ts";
import { stat } from "./stat.ts";
import { tar } from "./tar.ts";
import { tr } from "./tr.ts";
import { ulimit } from "./ulimit.ts";
import { umask } from "./umask.ts";
import { uname } from "./uname.ts";
import { uniq } from "./uniq.ts";
import { createUnzip } from "./unzip.ts";
import { wc } from "./wc.ts";
import { which } from "./which.ts";
import { xargs } from "./xargs.ts";
import { xxd } from "./xxd.ts";
import { yes } from "./yes.ts";
import { createZip } from "./zip.ts";

export type { CommandHost } from "./host.ts";
export { TrapTable } from "./trap.ts";

const COMMANDS: Record<string, (host: CommandHost) => Command> = {
  awk: () => awk,
  bc: createBc,
  cksum: () => cksum,
  cmp: () => cmp,
  date: () => date,
  df: createDf,
  diff: () => diff,
  du: () => du,
  env: () => env,
  file: () => file,
  free: createFree,
  grep: () => grep,
  hd: () => hd,
  head: () => head,
  hexdump: () => hexdump,
  iconv: () => iconv,
  id: () => id,
  jq: () => jq,
  ls: () => ls,
  md5sum: () => checksum("md5sum"),
  mktemp: () => mktemp,
  nproc: () => nproc,
  od: () => od,
  paste: () => paste,
  printf: () => printf,
  ps: () => ps,
  realpath: () => realpath,
  sed: () => sed,
  sha1sum: () => checksum("sha1sum"),
  sha256sum: () => checksum("sha256sum"),
  sha512sum: () => checksum("sha512sum"),
  sleep: () => sleep,
  sort: () => sort,
  sqlite3: createSqlite3,
  stat: () => stat,
  tar: () => tar,
  tr: () => tr,
  trap: (host) => host.traps.command(),
  ulimit: () => ulimit,
  umask: () => umask,
  uname: () => uname,
  uniq: () => uniq,
  unzip: createUnzip,
  wc: () => wc,
  which: () => which,
  xargs: () => xargs,
  xxd: () => xxd,
  yes: () => yes,
  zip: createZip,
};

export function createShellCommands(host: CommandHost): LazyCommand[] {
  return Object.entries(COMMANDS).map(([name, make]) => ({ name, load: async () => make(host) }));
}
