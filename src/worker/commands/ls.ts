// `ls` as GNU coreutils prints it when stdout is not a terminal (one name per line, no
// quoting): operands sorted with files first, then one block per folder; -l with link counts,
// 1K-block totals, symlink targets and aligned columns; names in byte order (LC_ALL=C.UTF-8).
import { defineCommand, type FsStat } from "just-bash";
import type { Ctx } from "./util.ts";

const SHORT_FLAGS = "aAlh1dRFprStnogiUscCx";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SIX_MONTHS_MS = 182.5 * 24 * 3600 * 1000;

interface Options {
  all: boolean;
  almostAll: boolean;
  long: boolean;
  human: boolean;
  directory: boolean;
  recursive: boolean;
  classify: boolean;
  slash: boolean;
  reverse: boolean;
  bySize: boolean;
  byTime: boolean;
  unsorted: boolean;
  numeric: boolean;
  noGroup: boolean;
  noOwner: boolean;
  blocks: boolean;
  dereference: boolean;
}

interface Entry {
  /** As shown: the operand as typed, or the name inside a folder. */
  name: string;
  path: string;
  stat: FsStat;
  linkTarget?: string;
  nlink: number;
}

export const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** 1K blocks a file of this size takes on ext4 (4K allocation units). */
export const blocksOf = (stat: FsStat) => (stat.isSymbolicLink ? 0 : stat.isDirectory ? 4 : Math.ceil(stat.size / 4096) * 4);

/** GNU's -h: powers of 1024, rounded up, one decimal below 10. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = "KMGTPE";
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (value < 10) {
    const tenths = Math.ceil(value * 10 - 1e-9) / 10;
    return tenths >= 10 ? `10${units[unit]}` : `${tenths.toFixed(1)}${units[unit]}`;
  }
  return `${Math.ceil(value - 1e-9)}${units[unit]}`;
}

function modeString(stat: FsStat): string {
  const type = stat.isSymbolicLink ? "l" : stat.isDirectory ? "d" : "-";
  const mode = stat.isSymbolicLink ? 0o777 : stat.mode;
  const bits = "rwxrwxrwx";
  let out = type;
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? bits[i] : "-";
  return out;
}

function dateString(mtime: Date, now: number): string {
  const recent = Math.abs(now - mtime.getTime()) < SIX_MONTHS_MS;
  const day = String(mtime.getUTCDate()).padStart(2, " ");
  const tail = recent
    ? `${String(mtime.getUTCHours()).padStart(2, "0")}:${String(mtime.getUTCMinutes()).padStart(2, "0")}`
    : ` ${mtime.getUTCFullYear()}`;
  return `${MONTHS[mtime.getUTCMonth()]} ${day} ${tail}`;
}

function suffix(entry: Entry, options: Options): string {
  if (!options.classify && !options.slash) return "";
  if (entry.stat.isDirectory) return "/";
  if (!options.classify) return "";
  if (entry.stat.isSymbolicLink) return "@";
  return entry.stat.mode & 0o111 ? "*" : "";
}

async function subfolderCount(ctx: Ctx, path: string): Promise<number> {
  let count = 0;
  try {
    for (const name of await ctx.fs.readdir(path)) {
      try {
        const st = await ctx.fs.lstat(`${path === "/" ? "" : path}/${name}`);
        if (st.isDirectory) count++;
      } catch {
        // vanished meanwhile
      }
    }
  } catch {
    // unreadable
  }
  return count;
}

async function makeEntry(ctx: Ctx, name: string, path: string, options: Options, follow: boolean): Promise<Entry> {
  let stat = await ctx.fs.lstat(path);
  let linkTarget: string | undefined;
  if (stat.isSymbolicLink) {
    if (follow) {
      try {
        stat = await ctx.fs.stat(path);
      } catch {
        // a dangling link is listed as a link
      }
    }
    if (stat.isSymbolicLink) linkTarget = await ctx.fs.readlink(path).catch(() => "");
  }
  const nlink = options.long && stat.isDirectory ? 2 + (await subfolderCount(ctx, path)) : 1;
  return { name, path, stat, linkTarget, nlink };
}

function sortEntries(entries: Entry[], options: Options): Entry[] {
  if (options.unsorted) return entries;
  const sorted = [...entries].sort((a, b) => {
    if (options.bySize && a.stat.size !== b.stat.size) return b.stat.size - a.stat.size;
    if (options.byTime && a.stat.mtime.getTime() !== b.stat.mtime.getTime()) return b.stat.mtime.getTime() - a.stat.mtime.getTime();
    return byteOrder(a.name, b.name);
  });
  return options.reverse ? sorted.reverse() : sorted;
}

function render(entries: Entry[], options: Options, owner: string): string {
  if (!options.long) {
    return entries.map((e) => `${(options.blocks ? `${blocksOf(e.stat)} ` : "") + e.name + suffix(e, options)}\n`).join("");
  }
  const now = Date.now();
  const rows = entries.map((e) => ({
    entry: e,
    cells: [
      modeString(e.stat),
      String(e.nlink),
      options.numeric ? "1000" : owner,
      options.numeric ? "1000" : owner,
      options.human ? humanSize(e.stat.size) : String(e.stat.size),
    ],
  }));
  const width = (i: number) => Math.max(0, ...rows.map((r) => r.cells[i]!.length));
  const [wLinks, wOwner, wGroup, wSize] = [width(1), width(2), width(3), width(4)];
  return rows
    .map(({ entry, cells }) => {
      const parts = [cells[0], cells[1]!.padStart(wLinks)];
      if (!options.noOwner) parts.push(cells[2]!.padEnd(wOwner));
      if (!options.noGroup) parts.push(cells[3]!.padEnd(wGroup));
      parts.push(cells[4]!.padStart(wSize), dateString(entry.stat.mtime, now));
      const target = entry.linkTarget !== undefined ? ` -> ${entry.linkTarget}` : "";
      return `${parts.join(" ")} ${entry.name}${entry.linkTarget !== undefined ? "" : suffix(entry, options)}${target}\n`;
    })
    .join("");
}

function total(entries: Entry[], options: Options): string {
  const blocks = entries.reduce((sum, e) => sum + blocksOf(e.stat), 0);
  return `total ${options.human ? humanSize(blocks * 1024) : blocks}\n`;
}

async function listFolder(ctx: Ctx, path: string, shownPath: string, options: Options): Promise<{ entries: Entry[]; error?: string }> {
  let names: string[];
  try {
    names = await ctx.fs.readdir(path);
  } catch {
    return { entries: [], error: `ls: cannot open directory '${shownPath}': Permission denied\n` };
  }
  const visible = names.filter((n) => n !== "." && n !== ".." && (options.all || options.almostAll || !n.startsWith(".")));
  const entries: Entry[] = [];
  if (options.all) {
    entries.push(await makeEntry(ctx, ".", path, options, false));
    const parent = path === "/" ? "/" : path.slice(0, path.lastIndexOf("/")) || "/";
    entries.push(await makeEntry(ctx, "..", parent, options, false));
  }
  for (const name of visible) {
    try {
      entries.push(await makeEntry(ctx, name, `${path === "/" ? "" : path}/${name}`, options, false));
    } catch {
      // removed while listing
    }
  }
  return { entries: sortEntries(entries, options) };
}

function parseOptions(args: string[]): { options: Options; operands: string[]; error?: string } {
  const set = new Set<string>();
  const operands: string[] = [];
  let endOfFlags = false;
  for (const arg of args) {
    if (endOfFlags || !arg.startsWith("-") || arg === "-") {
      operands.push(arg);
    } else if (arg === "--") {
      endOfFlags = true;
    } else if (arg.startsWith("--")) {
      const long: Record<string, string> = {
        "--all": "a",
        "--almost-all": "A",
        "--human-readable": "h",
        "--directory": "d",
        "--recursive": "R",
        "--classify": "F",
        "--reverse": "r",
        "--numeric-uid-gid": "n",
        "--dereference": "L",
        "--size": "s",
      };
      if (long[arg]) set.add(long[arg]);
      else if (!/^--(color|colour|group-directories-first|time-style|quoting-style|indicator-style|format|width)/.test(arg)) {
        return { options: {} as Options, operands, error: `ls: unrecognized option '${arg}'\nTry 'ls --help' for more information.\n` };
      }
    } else {
      for (const flag of arg.slice(1)) {
        if (!SHORT_FLAGS.includes(flag) && flag !== "L") {
          return { options: {} as Options, operands, error: `ls: invalid option -- '${flag}'\nTry 'ls --help' for more information.\n` };
        }
        set.add(flag);
      }
    }
  }
  const options: Options = {
    all: set.has("a"),
    almostAll: set.has("A"),
    long: set.has("l") || set.has("n") || set.has("g") || set.has("o"),
    human: set.has("h"),
    directory: set.has("d"),
    recursive: set.has("R"),
    classify: set.has("F"),
    slash: set.has("p"),
    reverse: set.has("r"),
    bySize: set.has("S"),
    byTime: set.has("t"),
    unsorted: set.has("U"),
    numeric: set.has("n"),
    noGroup: set.has("o") || set.has("G"),
    noOwner: set.has("g"),
    blocks: set.has("s"),
    dereference: set.has("L"),
  };
  return { options, operands };
}

export const ls = defineCommand("ls", async (args, ctx) => {
  const { options, operands, error } = parseOptions(args);
  if (error) return { stdout: "", stderr: error, exitCode: 2 };
  const owner = ctx.env.get("USER") ?? "user";
  const names = operands.length ? operands : ["."];
  let stderr = "";
  let exitCode = 0;
  const files: Entry[] = [];
  const folders: Entry[] = [];
  for (const name of names) {
    const path = ctx.fs.resolvePath(ctx.cwd, name);
    try {
      const entry = await makeEntry(ctx, name, path, options, !options.long || options.dereference || name.endsWith("/"));
      if (entry.stat.isDirectory && !options.directory) folders.push(entry);
      else files.push(entry);
    } catch {
      stderr += `ls: cannot access '${name}': No such file or directory\n`;
      exitCode = 2;
    }
  }
  const blocks: string[] = [];
  if (files.length) blocks.push(render(sortEntries(files, options), options, owner));
  const showHeaders = names.length > 1 || options.recursive;
  const queue = sortEntries(folders, options).map((f) => ({ path: f.path, shown: f.name }));
  while (queue.length) {
    const { path, shown } = queue.shift()!;
    const listing = await listFolder(ctx, path, shown, options);
    if (listing.error) {
      stderr += listing.error;
      exitCode = 2;
      continue;
    }
    let block = showHeaders ? `${shown}:\n` : "";
    if (options.long) block += total(listing.entries, options);
    block += render(listing.entries, options, owner);
    blocks.push(block);
    if (options.recursive) {
      const children = listing.entries
        .filter((e) => e.stat.isDirectory && !e.stat.isSymbolicLink && e.name !== "." && e.name !== "..")
        .map((e) => ({ path: e.path, shown: `${shown === "/" ? "" : shown.replace(/\/$/, "")}/${e.name}` }));
      queue.unshift(...children);
    }
  }
  return { stdout: blocks.join("\n"), stderr, exitCode };
});
