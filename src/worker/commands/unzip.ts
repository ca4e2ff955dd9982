// `unzip`: Info-ZIP's command line (-l -Z1 -p -q -o -n -d, "inflating:" lines, no prompt: an
// existing file is kept as when stdin is not a terminal), built on Python's zipfile module.
import { defineCommand } from "just-bash";
import type { CommandHost } from "./host.ts";
import { runPythonTool } from "./python-tool.ts";

const SOURCE = String.raw`
import fnmatch, os, sys, time, zipfile

def main():
    args = sys.argv[1:]
    quiet = overwrite = never = to_stdout = listing = names_only = verbose_list = False
    dest = None
    positional = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-d":
            dest = args[i + 1] if i + 1 < len(args) else ""
            i += 2
            continue
        if a == "-Z1":
            names_only = True
        elif a.startswith("-") and len(a) > 1:
            for c in a[1:]:
                if c == "q": quiet = True
                elif c == "o": overwrite = True
                elif c == "n": never = True
                elif c == "p": to_stdout = True
                elif c == "l": listing = True
                elif c == "v": verbose_list = True
                elif c == "Z": names_only = True
                elif c == "1": pass
                elif c in "jaXUCL": pass
                else:
                    sys.stderr.write(f"unzip:  unknown option ({c})\n")
                    return 10
        else:
            positional.append(a)
        i += 1
    if not positional:
        sys.stdout.write("UnZip 6.00 of 20 April 2009, by Debian. Original by Info-ZIP.\n\nUsage: unzip [-Z] [-opts[modifiers]] file[.zip] [list] [-x xlist] [-d exdir]\n")
        return 0
    archive = positional[0]
    patterns = positional[1:]
    path = archive
    if not os.path.isfile(path):
        for alt in (archive + ".zip", archive + ".ZIP"):
            if os.path.isfile(alt):
                path = alt
                break
        else:
            sys.stderr.write(f"unzip:  cannot find or open {archive}, {archive}.zip or {archive}.ZIP.\n")
            return 9
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        sys.stdout.write(f"Archive:  {path}\n")
        sys.stderr.write(f"  End-of-central-directory signature not found.  Either this file is not\n  a zipfile, or it constitutes one disk of a multi-part archive.  In the\n  latter case the central directory and zipfile comment will be found on\n  the last disk(s) of this archive.\nunzip:  cannot find zipfile directory in one of {path} or\n        {path}.zip, and cannot find {path}.ZIP, period.\n")
        return 9
    infos = z.infolist()
    selected = [i for i in infos if not patterns or any(fnmatch.fnmatchcase(i.filename, p) for p in patterns)]
    missing = [p for p in patterns if not any(fnmatch.fnmatchcase(i.filename, p) for i in infos)]
    out = sys.stdout
    if names_only:
        for info in selected:
            out.write(info.filename + "\n")
        return 0
    if listing or verbose_list:
        out.write(f"Archive:  {path}\n")
        out.write("  Length      Date    Time    Name\n---------  ---------- -----   ----\n")
        total = 0
        for info in selected:
            y, mo, d, h, mi, _ = info.date_time
            out.write(f"{info.file_size:9d}  {y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}   {info.filename}\n")
            total += info.file_size
        n = len(selected)
        out.write(f"---------                     -------\n{total:9d}                     {n} file{'' if n == 1 else 's'}\n")
        return 0
    if to_stdout:
        for info in selected:
            if not info.is_dir():
                out.flush()
                sys.stdout.buffer.write(z.read(info))
        return 0
    if not quiet:
        out.write(f"Archive:  {path}\n")
    base = dest if dest else "."
    if dest and not os.path.isdir(dest):
        os.makedirs(dest, exist_ok=True)
    status = 0
    stop_replacing = False
    for info in selected:
        name = info.filename
        target = os.path.join(base, name) if dest else name
        shown = target
        if info.is_dir():
            if not os.path.isdir(target):
                os.makedirs(target, exist_ok=True)
                if not quiet:
                    out.write(f"   creating: {shown}\n")
            continue
        if os.path.exists(target) and not overwrite:
            if never or stop_replacing:
                continue
            out.flush()
            sys.stderr.write(f"replace {shown}? [y]es, [n]o, [A]ll, [N]one, [r]ename:  NULL\n(EOF or read error, treating as \"[N]one\" ...)\n")
            stop_replacing = True
            status = 1
            continue
        parent = os.path.dirname(target)
        if parent and not os.path.isdir(parent):
            os.makedirs(parent, exist_ok=True)
        with open(target, "wb") as f:
            f.write(z.read(info))
        mode = (info.external_attr >> 16) & 0o7777
        if mode:
            os.chmod(target, mode)
        os.utime(target, (time.mktime(info.date_time + (0, 0, -1)),) * 2)
        if not quiet:
            verb = " extracting" if info.compress_type == zipfile.ZIP_STORED else "  inflating"
            out.write(f"{verb}: {shown:<23} \n")
    for p in missing:
        out.flush()
        sys.stderr.write(f"caution: filename not matched:  {p}\n")
        status = 11
    return status

sys.exit(main())
`;

export const createUnzip = (host: CommandHost) =>
  defineCommand("unzip", (args, ctx) => runPythonTool(host, SOURCE, ["unzip", ...args], ctx));
