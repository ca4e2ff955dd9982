// `sqlite3`: the SQLite shell's command line (modes list, csv, json, line, column, tabs, box,
// markdown, table; -header; .tables .schema .mode .headers .separator .import .dump), built on
// Python's sqlite3 module, with the shell's own number formatting (7.0, 1.0e+20).
import { defineCommand } from "just-bash";
import type { CommandHost } from "./host.ts";
import { runPythonTool } from "./python-tool.ts";

const SOURCE = String.raw`
import csv, io, json, os, sqlite3, sys

def fmt_real(v):
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return "Inf" if v > 0 else "-Inf"
    s = "%.15g" % v
    if "e" in s:
        mant, exp = s.split("e")
        if "." not in mant:
            mant += ".0"
        sign = exp[0]
        digits = exp[1:].lstrip("0") or "0"
        return f"{mant}e{sign}{digits.zfill(2)}"
    if "." not in s and "inf" not in s:
        s += ".0"
    return s

def text(v, null=""):
    if v is None:
        return null
    if isinstance(v, float):
        return fmt_real(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)

class Shell:
    def __init__(self):
        self.mode = "list"
        self.headers = False
        self.separator = "|"
        self.null = ""
        self.out = sys.stdout
        self.errors = 0
        self.bail = False
        self.db = None

    def emit(self, cols, rows):
        m = self.mode
        out = self.out
        if m in ("list", "tabs", "csv"):
            sep = "\t" if m == "tabs" else "," if m == "csv" else self.separator
            def cell(v):
                t = text(v, self.null)
                if m == "csv":
                    if v is None:
                        return ""
                    if any(c in t for c in ',"\n\r') or t != t.strip():
                        return '"' + t.replace('"', '""') + '"'
                return t
            if self.headers:
                out.write(sep.join(cell(c) for c in cols) + ("\r\n" if m == "csv" and False else "\n"))
            for r in rows:
                out.write(sep.join(cell(v) for v in r) + "\n")
        elif m == "json":
            if not rows:
                return
            parts = []
            for r in rows:
                items = []
                for c, v in zip(cols, r):
                    if isinstance(v, float):
                        val = fmt_real(v)
                    elif isinstance(v, bytes):
                        val = json.dumps(v.decode("latin-1"))
                    else:
                        val = json.dumps(v, ensure_ascii=False)
                    items.append(json.dumps(c) + ":" + val)
                parts.append("{" + ",".join(items) + "}")
            out.write("[" + ",\n".join(parts) + "]\n")
        elif m == "line":
            w = max((len(c) for c in cols), default=0)
            first = True
            for r in rows:
                if not first:
                    out.write("\n")
                first = False
                for c, v in zip(cols, r):
                    out.write(f"{c:>{w}} = {text(v, self.null)}\n")
        elif m in ("column", "markdown", "table", "box"):
            cells = [[text(v, self.null) for v in r] for r in rows]
            widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
            if m == "column":
                if self.headers:
                    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths)) + "\n")
                    out.write("  ".join("-" * w for w in widths) + "\n")
                for r in cells:
                    out.write("  ".join(v.ljust(w) for v, w in zip(r, widths)) + "\n")
            elif m == "markdown":
                out.write("| " + " | ".join(c.ljust(w) for c, w in zip(cols, widths)) + " |\n")
                out.write("|" + "|".join("-" * (w + 2) for w in widths) + "|\n")
                for r in cells:
                    out.write("| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |\n")
            else:
                h, v, tl, tm, tr, ml, mm, mr, bl, bm, br = ("─", "│", "┌", "┬", "┐", "├", "┼", "┤", "└", "┴", "┘") if m == "box" else ("-", "|", "+", "+", "+", "+", "+", "+", "+", "+", "+")
                line = lambda l, mid, r: l + mid.join(h * (w + 2) for w in widths) + r + "\n"
                out.write(line(tl, tm, tr))
                out.write(v + v.join(" " + c.ljust(w) + " " for c, w in zip(cols, widths)) + v + "\n")
                out.write(line(ml, mm, mr))
                for r in cells:
                    out.write(v + v.join(" " + x.ljust(w) + " " for x, w in zip(r, widths)) + v + "\n")
                out.write(line(bl, bm, br))

    def error(self, msg):
        self.out.flush()
        sys.stderr.write(msg + "\n")
        self.errors += 1

    def run_sql(self, sql, where=None):
        try:
            for stmt in split_statements(sql):
                cur = self.db.execute(stmt)
                if cur.description:
                    cols = [d[0] for d in cur.description]
                    self.emit(cols, cur.fetchall())
            self.db.commit()
        except sqlite3.Error as e:
            msg = str(e)
            if where is None:
                self.error(f"Error: in prepare, {msg}" if "syntax error" not in msg and "no such" in msg else f"Error: {msg}" if "syntax" not in msg else f"Parse error: {msg}")
            else:
                self.error(f"Parse error near line {where}: {msg}")
            return False
        return True

    def dot(self, line):
        parts = split_args(line[1:])
        if not parts:
            return True
        cmd, args = parts[0], parts[1:]
        if cmd in ("quit", "exit"):
            raise SystemExit(0)
        if cmd == "mode":
            self.mode = {"col": "column", "tab": "tabs"}.get(args[0], args[0]) if args else self.mode
            if self.mode == "csv":
                self.separator = ","
            if self.mode in ("column", "markdown", "table", "box"):
                self.headers = True
            return True
        if cmd in ("headers", "header"):
            self.headers = bool(args) and args[0].lower() in ("on", "1", "yes", "true")
            return True
        if cmd == "separator":
            if args:
                self.separator = args[0].encode().decode("unicode_escape")
            return True
        if cmd == "nullvalue":
            self.null = args[0] if args else ""
            return True
        if cmd == "tables":
            names = [r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY 1")]
            if args:
                import fnmatch
                names = [n for n in names if fnmatch.fnmatch(n, args[0].replace("%", "*"))]
            if names:
                w = max(len(n) for n in names)
                per = max(1, 80 // (w + 2))
                rows = (len(names) + per - 1) // per
                for r in range(rows):
                    row = [names[c * rows + r].ljust(w) for c in range(per) if c * rows + r < len(names)]
                    self.out.write("  ".join(row) + "\n")
            return True
        if cmd in ("schema", "fullschema"):
            q = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            params = ()
            if args:
                q += " AND name LIKE ?"
                params = (args[0],)
            for (sql,) in self.db.execute(q + " ORDER BY rowid", params):
                self.out.write(sql + ";\n")
            return True
        if cmd == "indexes" or cmd == "indices":
            for (n,) in self.db.execute("SELECT name FROM sqlite_master WHERE type='index' ORDER BY 1"):
                self.out.write(n + "\n")
            return True
        if cmd == "import":
            rest = [a for a in args if not a.startswith("--")]
            skip = 1 if "--skip" in args else 0
            if len(rest) != 2:
                self.error("Usage: .import FILE TABLE")
                return False
            path, table = rest
            try:
                with open(path, newline="") as f:
                    data = f.read()
            except OSError:
                self.error(f"Error: cannot open \"{path}\"")
                return False
            if self.mode == "csv" or "--csv" in args:
                rows = list(csv.reader(io.StringIO(data)))
            else:
                rows = [l.split(self.separator) for l in data.splitlines()]
            exists = self.db.execute("SELECT 1 FROM sqlite_master WHERE name=?", (table,)).fetchone()
            if not exists:
                header, rows = rows[0], rows[1:]
                self.db.execute(f'CREATE TABLE "{table}"(' + ",".join('"' + h.replace('"', '""') + '" TEXT' for h in header) + ")")
            rows = rows[skip:]
            if rows:
                n = len(rows[0])
                self.db.executemany(f'INSERT INTO "{table}" VALUES (' + ",".join("?" * n) + ")", [r + [None] * (n - len(r)) for r in rows])
            self.db.commit()
            return True
        if cmd == "dump":
            for line in self.db.iterdump():
                self.out.write(line + "\n")
            return True
        if cmd == "bail":
            self.bail = bool(args) and args[0] == "on"
            return True
        self.error(f"Error: unknown command or invalid arguments:  \"{cmd}\". Enter \".help\" for help")
        return False

def split_args(s):
    import shlex
    try:
        return shlex.split(s)
    except ValueError:
        return s.split()

def split_statements(sql):
    out, buf = [], ""
    for piece in sql.split(";"):
        buf += piece
        if sqlite3.complete_statement(buf + ";"):
            if buf.strip():
                out.append(buf + ";")
            buf = ""
        else:
            buf += ";"
    if buf.strip().rstrip(";").strip():
        out.append(buf)
    return out

def main():
    args = sys.argv[1:]
    sh = Shell()
    files, sqls, cmds = [], [], []
    i = 0
    while i < len(args):
        a = args[i]
        opt = a.lstrip("-") if a.startswith("-") else None
        if opt is not None and opt:
            if opt in ("header", "headers"): sh.headers = True
            elif opt == "noheader": sh.headers = False
            elif opt in ("csv", "json", "line", "column", "list", "tabs", "box", "markdown", "table"):
                sh.mode = opt
                if opt == "csv": sh.separator = ","
                if opt in ("column", "box", "markdown", "table"): sh.headers = True
            elif opt == "separator": i += 1; sh.separator = args[i]
            elif opt == "nullvalue": i += 1; sh.null = args[i]
            elif opt == "cmd": i += 1; cmds.append(args[i])
            elif opt == "bail": sh.bail = True
            elif opt in ("batch", "readonly", "interactive", "safe"): pass
            elif opt == "version":
                print(sqlite3.sqlite_version)
                return 0
            else:
                sys.stderr.write(f"sqlite3: Error: unknown option: {a}\nUse -help for a list of options.\n")
                return 1
        elif not files:
            files.append(a)
        else:
            sqls.append(a)
        i += 1
    path = files[0] if files else ":memory:"
    try:
        sh.db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as e:
        sys.stderr.write(f"Error: unable to open database \"{path}\": {e}\n")
        return 1
    try:
        for c in cmds:
            sh.dot(c) if c.startswith(".") else sh.run_sql(c)
        if sqls:
            for s in sqls:
                ok = sh.dot(s.strip()) if s.strip().startswith(".") else sh.run_sql(s)
                if not ok:
                    return 1
            return 0
        buf = ""
        start = 1
        for n, line in enumerate(sys.stdin.read().splitlines(), 1):
            if not buf and line.strip().startswith("."):
                if not sh.dot(line.strip()) and sh.bail:
                    return 1
                continue
            if not buf:
                start = n
            buf += line + "\n"
            if sqlite3.complete_statement(buf):
                if not sh.run_sql(buf, where=start):
                    sys.stderr.write("  " + buf.strip().splitlines()[0] + "\n  ^--- error here\n")
                    if sh.bail:
                        return 1
                buf = ""
        if buf.strip():
            sh.run_sql(buf, where=start)
        return 1 if sh.errors else 0
    except SystemExit as e:
        return e.code or 0
    finally:
        sh.out.flush()

sys.exit(main())
`;

export const createSqlite3 = (host: CommandHost) =>
  defineCommand("sqlite3", (args, ctx) => runPythonTool(host, SOURCE, ["sqlite3", ...args], ctx));
