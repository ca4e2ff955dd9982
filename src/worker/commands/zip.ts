// `zip`: Info-ZIP's command line (-r -q -j -0..-9 -x, "adding:" lines, updating an existing
// archive, "Nothing to do!" with status 12), built on Python's zipfile module.
import { defineCommand } from "just-bash";
import type { CommandHost } from "./host.ts";
import { runPythonTool } from "./python-tool.ts";

const SOURCE = String.raw`
import os, sys, time, zipfile, zlib

def usage(msg):
    sys.stderr.write(f"\nzip error: {msg}\n")
    sys.exit(16)

def main():
    args = sys.argv[1:]
    recurse = quiet = junk = False
    level = 6
    excludes = []
    positional = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-x":
            excludes.extend(args[i + 1:])
            break
        if a.startswith("-") and len(a) > 1 and not positional[1:]:
            for c in a[1:]:
                if c == "r": recurse = True
                elif c == "q": quiet = True
                elif c == "j": junk = True
                elif c.isdigit(): level = int(c)
                elif c in "vXyDTo": pass
                else: usage(f"Invalid command arguments (no such option: {c})")
        else:
            positional.append(a)
        i += 1
    if not positional:
        usage("Invalid command arguments (nothing to select from)")
    archive = positional[0]
    if not os.path.splitext(archive)[1]:
        archive += ".zip"
    names = []
    for name in positional[1:]:
        if not os.path.lexists(name):
            sys.stdout.flush()
            sys.stderr.write(f"\tzip warning: name not matched: {name}\n")
            continue
        if os.path.isdir(name) and not os.path.islink(name):
            if not junk:
                names.append(name.rstrip("/") + "/")
            if recurse:
                for root, dirs, files in os.walk(name):
                    dirs.sort()
                    for d in dirs:
                        if not junk:
                            names.append(os.path.join(root, d) + "/")
                    for f in sorted(files):
                        names.append(os.path.join(root, f))
        else:
            names.append(name)
    import fnmatch
    names = [n for n in names if not any(fnmatch.fnmatch(n, p) for p in excludes)]
    if not names:
        sys.stderr.write(f"\nzip error: Nothing to do! ({archive})\n")
        return 12
    existing = {}
    if os.path.exists(archive):
        with zipfile.ZipFile(archive) as old:
            for info in old.infolist():
                existing[info.filename] = (info, old.read(info.filename))
    entries = {}
    for info_name, (info, data) in existing.items():
        entries[info_name] = (info, data, None)
    for path in names:
        arcname = os.path.basename(path.rstrip("/")) if junk else path.lstrip("./") if path.startswith("./") else path.lstrip("/")
        if path.endswith("/"):
            arcname = arcname.rstrip("/") + "/"
        st = os.stat(path)
        info = zipfile.ZipInfo(arcname, time.gmtime(st.st_mtime)[:6])
        info.create_system = 3
        if path.endswith("/"):
            info.external_attr = ((0o40000 | (st.st_mode & 0o7777)) << 16) | 0x10
            data = b""
            method = zipfile.ZIP_STORED
        else:
            info.external_attr = (0o100000 | (st.st_mode & 0o7777)) << 16
            with open(path, "rb") as f:
                data = f.read()
            compressed = zlib.compressobj(level, zlib.DEFLATED, -15)
            size = len(compressed.compress(data) + compressed.flush())
            method = zipfile.ZIP_DEFLATED if data and size < len(data) and level > 0 else zipfile.ZIP_STORED
            info.compress_type = method
        verb = "updating" if arcname in existing else "adding"
        if method == zipfile.ZIP_DEFLATED:
            pct = round(100 - 100 * size / len(data))
            note = f"deflated {pct}%"
        else:
            note = "stored 0%"
        entries[arcname] = (info, data, f"{verb}: {arcname} ({note})")
    tmp = archive + ".tmp"
    with zipfile.ZipFile(tmp, "w") as z:
        for arcname, (info, data, line) in entries.items():
            z.writestr(info, data, compress_type=info.compress_type, compresslevel=level if info.compress_type == zipfile.ZIP_DEFLATED else None)
            if line and not quiet:
                sys.stdout.write(f"  {line}\n" if line.startswith("adding") else f"{line}\n")
    os.replace(tmp, archive)
    return 0

sys.exit(main())
`;

export const createZip = (host: CommandHost) => defineCommand("zip", (args, ctx) => runPythonTool(host, SOURCE, ["zip", ...args], ctx));
