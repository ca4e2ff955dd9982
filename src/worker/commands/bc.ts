// `bc`: the arbitrary-precision calculator language (scale, ibase-10 numbers, obase up to 16,
// -l with s c a l e, sqrt, length, variables, arrays, if/while/for, define), built on Python's
// decimal module. Results are truncated to `scale` as GNU bc does, and long numbers wrap at 70.
import { defineCommand } from "just-bash";
import type { CommandHost } from "./host.ts";
import { runPythonTool } from "./python-tool.ts";

const SOURCE = String.raw`
import sys
from decimal import Decimal, getcontext, ROUND_DOWN

getcontext().prec = 2000

class BcError(Exception):
    pass

def scale_of(d):
    e = d.as_tuple().exponent
    return max(0, -e) if isinstance(e, int) else 0

def trunc(d, s):
    return d.quantize(Decimal(1).scaleb(-s), rounding=ROUND_DOWN) if scale_of(d) > s else d

def with_scale(d, s):
    return d.quantize(Decimal(1).scaleb(-s), rounding=ROUND_DOWN)

OBASE = [10]

def fmt(d):
    if d == 0:
        return "0"
    if OBASE[0] != 10 and 2 <= OBASE[0] <= 16 and d == d.to_integral_value():
        n, digits = abs(int(d)), ""
        while n:
            digits = "0123456789ABCDEF"[n % OBASE[0]] + digits
            n //= OBASE[0]
        return ("-" if d < 0 else "") + digits
    s = scale_of(d)
    neg = d < 0
    text = format(abs(d), "f")
    if "." in text:
        whole, frac = text.split(".")
    else:
        whole, frac = text, ""
    frac = frac[:s].ljust(s, "0")
    whole = whole.lstrip("0")
    if not whole and not frac:
        return "0"
    out = ("-" if neg else "") + whole + ("." + frac if s else "")
    if out in ("-", ""):
        out = "0"
    lines = []
    while len(out) > 69:
        lines.append(out[:69] + "\\")
        out = out[69:]
    lines.append(out)
    return "\n".join(lines)

TOKEN_RE = None
import re
TOKEN_RE = re.compile(r'[ \t\r]*(?:(\d+\.?\d*|\.\d+)|([a-z][a-z0-9_]*)|("[^"]*")|(\+\+|--|[-+*/%^]=|==|<=|>=|!=|&&|\|\||[-+*/%^()=<>!{};,\[\]\n]))')

class Lexer:
    def __init__(self, text):
        self.tokens = []
        pos = 0
        line = 1
        text = re.sub(r'/\*.*?\*/', lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
        text = re.sub(r'#[^\n]*', '', text)
        text = text.replace("\\\n", "")
        while pos < len(text):
            if text[pos] in " \t\r":
                pos += 1
                continue
            m = TOKEN_RE.match(text, pos)
            if not m or m.end() == pos:
                raise BcError(line)
            kind = "num" if m.group(1) else "name" if m.group(2) else "str" if m.group(3) else "op"
            value = m.group(m.lastindex)
            if value == "\n":
                line += 1
            self.tokens.append((kind, value, line))
            pos = m.end()
        self.tokens.append(("eof", "", line))
        self.i = 0

    def peek(self):
        return self.tokens[self.i]

    def next(self):
        t = self.tokens[self.i]
        self.i += 1
        return t

    def accept(self, value):
        if self.tokens[self.i][1] == value and self.tokens[self.i][0] != "str":
            self.i += 1
            return True
        return False

    def expect(self, value):
        if not self.accept(value):
            raise BcError(self.peek()[2])

KEYWORDS = {"if", "else", "while", "for", "define", "return", "auto", "print", "quit", "break", "continue", "halt"}
BINARY = {"||": 1, "&&": 2, "==": 4, "!=": 4, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6, "^": 8}

def parse_expr(lx, min_prec=0):
    left = parse_unary(lx)
    while True:
        kind, op, line = lx.peek()
        if kind != "op" or op not in BINARY or BINARY[op] < min_prec:
            return left
        lx.next()
        prec = BINARY[op]
        right = parse_expr(lx, prec if op == "^" else prec + 1)
        left = ("bin", op, left, right)

def parse_unary(lx):
    kind, value, line = lx.peek()
    if value == "-" and kind == "op":
        lx.next()
        return ("neg", parse_expr(lx, 7))
    if value == "!" and kind == "op":
        lx.next()
        return ("not", parse_expr(lx, 3))
    if value in ("++", "--") and kind == "op":
        lx.next()
        target = parse_primary(lx)
        return ("preinc", value, target)
    node = parse_primary(lx)
    kind, value, line = lx.peek()
    if value in ("++", "--") and kind == "op":
        lx.next()
        return ("postinc", value, node)
    if kind == "op" and value in ("=", "+=", "-=", "*=", "/=", "%=", "^="):
        if node[0] not in ("var", "elem"):
            raise BcError(line)
        lx.next()
        return ("assign", value, node, parse_expr(lx, 0))
    return node

def parse_primary(lx):
    kind, value, line = lx.next()
    if kind == "num":
        return ("num", Decimal(value))
    if kind == "op" and value == "(":
        e = parse_expr(lx)
        lx.expect(")")
        return e
    if kind == "name" and value not in KEYWORDS:
        if lx.accept("("):
            args = []
            if not lx.accept(")"):
                args.append(parse_expr(lx))
                while lx.accept(","):
                    args.append(parse_expr(lx))
                lx.expect(")")
            return ("call", value, args)
        if lx.accept("["):
            index = parse_expr(lx)
            lx.expect("]")
            return ("elem", value, index)
        return ("var", value)
    raise BcError(line)

def skip_newlines(lx):
    while lx.peek()[1] in ("\n", ";") and lx.peek()[0] == "op":
        lx.next()

def parse_statement(lx):
    kind, value, line = lx.peek()
    if kind == "op" and value == "{":
        lx.next()
        body = []
        skip_newlines(lx)
        while not lx.accept("}"):
            if lx.peek()[0] == "eof":
                raise BcError(lx.peek()[2])
            body.append(parse_statement(lx))
            skip_newlines(lx)
        return ("block", body)
    if kind == "str":
        lx.next()
        return ("str", value[1:-1])
    if kind == "name":
        if value == "quit" or value == "halt":
            lx.next()
            return ("quit",)
        if value == "print":
            lx.next()
            items = [parse_print_item(lx)]
            while lx.accept(","):
                items.append(parse_print_item(lx))
            return ("print", items)
        if value == "if":
            lx.next()
            lx.expect("(")
            cond = parse_expr(lx)
            lx.expect(")")
            skip_nl_only(lx)
            then = parse_statement(lx)
            save = lx.i
            skip_newlines(lx)
            if lx.accept("else"):
                skip_nl_only(lx)
                return ("if", cond, then, parse_statement(lx))
            lx.i = save
            return ("if", cond, then, None)
        if value == "while":
            lx.next()
            lx.expect("(")
            cond = parse_expr(lx)
            lx.expect(")")
            skip_nl_only(lx)
            return ("while", cond, parse_statement(lx))
        if value == "for":
            lx.next()
            lx.expect("(")
            init = parse_expr(lx)
            lx.expect(";")
            cond = parse_expr(lx)
            lx.expect(";")
            step = parse_expr(lx)
            lx.expect(")")
            skip_nl_only(lx)
            return ("for", init, cond, step, parse_statement(lx))
        if value in ("break", "continue"):
            lx.next()
            return (value,)
        if value == "return":
            lx.next()
            if lx.accept("("):
                if lx.accept(")"):
                    return ("return", None)
                e = parse_expr(lx)
                lx.expect(")")
                return ("return", e)
            if lx.peek()[1] in ("\n", ";", "}") or lx.peek()[0] == "eof":
                return ("return", None)
            return ("return", parse_expr(lx))
        if value == "define":
            lx.next()
            name = lx.next()[1]
            lx.expect("(")
            params = []
            if not lx.accept(")"):
                params.append(lx.next()[1])
                while lx.accept(","):
                    params.append(lx.next()[1])
                lx.expect(")")
            skip_nl_only(lx)
            lx.expect("{")
            skip_newlines(lx)
            autos = []
            if lx.accept("auto"):
                autos.append(lx.next()[1])
                while lx.accept(","):
                    autos.append(lx.next()[1])
                skip_newlines(lx)
            body = []
            while not lx.accept("}"):
                if lx.peek()[0] == "eof":
                    raise BcError(lx.peek()[2])
                body.append(parse_statement(lx))
                skip_newlines(lx)
            return ("define", name, params, autos, body)
    return ("expr", parse_expr(lx))

def skip_nl_only(lx):
    while lx.peek()[1] == "\n" and lx.peek()[0] == "op":
        lx.next()

def parse_print_item(lx):
    if lx.peek()[0] == "str":
        return ("strlit", lx.next()[1][1:-1])
    return parse_expr(lx)

class Quit(Exception):
    pass

class Return(Exception):
    def __init__(self, value):
        self.value = value

class Loop(Exception):
    def __init__(self, kind):
        self.kind = kind

class Machine:
    def __init__(self, mathlib):
        self.vars = {"scale": Decimal(20 if mathlib else 0), "ibase": Decimal(10), "obase": Decimal(10), "last": Decimal(0)}
        self.arrays = {}
        self.funcs = {}
        self.out = []
        self.mathlib = mathlib

    @property
    def scale(self):
        return int(self.vars["scale"])

    def get(self, node):
        if node[0] == "var":
            return self.vars.get(node[1], Decimal(0))
        return self.arrays.setdefault(node[1], {}).get(int(self.eval(node[2])), Decimal(0))

    def set(self, node, value):
        if node[0] == "var":
            if node[1] == "scale":
                value = Decimal(int(value))
            if node[1] == "obase":
                OBASE[0] = int(value)
            self.vars[node[1]] = value
        else:
            self.arrays.setdefault(node[1], {})[int(self.eval(node[2]))] = value

    def binop(self, op, a, b):
        s = self.scale
        if op == "+" or op == "-":
            return a + b if op == "+" else a - b
        if op == "*":
            return trunc(a * b, min(scale_of(a) + scale_of(b), max(s, scale_of(a), scale_of(b))))
        if op == "/":
            if b == 0:
                raise ZeroDivisionError
            return with_scale(a / b, s)
        if op == "%":
            if b == 0:
                raise ZeroDivisionError
            q = with_scale(a / b, s)
            return a - q * b
        if op == "^":
            n = int(b)
            if n >= 0:
                r = Decimal(1)
                for _ in range(n):
                    r *= a
                return trunc(r, min(scale_of(a) * n, max(s, scale_of(a))))
            r = Decimal(1)
            for _ in range(-n):
                r *= a
            return with_scale(Decimal(1) / r, s)
        cmp = {"==": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}
        return Decimal(1 if cmp[op] else 0)

    def eval(self, node):
        t = node[0]
        if t == "num":
            return node[1]
        if t in ("var", "elem"):
            return self.get(node)
        if t == "neg":
            return -self.eval(node[1])
        if t == "not":
            return Decimal(0 if self.eval(node[1]) != 0 else 1)
        if t == "bin":
            if node[1] == "&&":
                return Decimal(1 if self.eval(node[2]) != 0 and self.eval(node[3]) != 0 else 0)
            if node[1] == "||":
                return Decimal(1 if self.eval(node[2]) != 0 or self.eval(node[3]) != 0 else 0)
            return self.binop(node[1], self.eval(node[2]), self.eval(node[3]))
        if t == "assign":
            value = self.eval(node[3])
            if node[1] != "=":
                value = self.binop(node[1][0], self.get(node[2]), value)
            self.set(node[2], value)
            return self.get(node[2])
        if t == "preinc" or t == "postinc":
            old = self.get(node[2])
            self.set(node[2], old + (1 if node[1] == "++" else -1))
            return self.get(node[2]) if t == "preinc" else old
        if t == "call":
            return self.call(node[1], [self.eval(a) for a in node[2]])
        raise BcError(0)

    def call(self, name, args):
        s = self.scale
        if name == "sqrt" and len(args) == 1:
            x = args[0]
            if x < 0:
                raise ValueError("Square root of a negative number")
            return with_scale(x.sqrt(), max(s, scale_of(x)))
        if name == "length" and len(args) == 1:
            digits = args[0].as_tuple().digits
            return Decimal(max(1, len(digits)))
        if name == "scale" and len(args) == 1:
            return Decimal(scale_of(args[0]))
        if self.mathlib and name in ("s", "c", "a", "l", "e") and len(args) == 1:
            return with_scale(mathfn(name, args[0]), s)
        if name in self.funcs:
            params, autos, body = self.funcs[name]
            saved = {n: self.vars.get(n) for n in params + autos}
            for p, v in zip(params, args):
                self.vars[p] = v
            for a in autos:
                self.vars[a] = Decimal(0)
            try:
                for st in body:
                    self.run(st)
                result = Decimal(0)
            except Return as r:
                result = r.value
            finally:
                for n, v in saved.items():
                    if v is None:
                        self.vars.pop(n, None)
                    else:
                        self.vars[n] = v
            return result
        raise NameError(name)

    def run(self, st):
        t = st[0]
        if t == "expr":
            e = st[1]
            value = self.eval(e)
            if e[0] != "assign":
                self.vars["last"] = value
                self.out.append(fmt(value) + "\n")
        elif t == "str":
            self.out.append(st[1].replace("\\n", "\n"))
        elif t == "print":
            for item in st[1]:
                if item[0] == "strlit":
                    self.out.append(item[1].replace("\\n", "\n").replace("\\t", "\t"))
                else:
                    self.out.append(fmt(self.eval(item)))
        elif t == "block":
            for s in st[1]:
                self.run(s)
        elif t == "if":
            if self.eval(st[1]) != 0:
                self.run(st[2])
            elif st[3] is not None:
                self.run(st[3])
        elif t == "while":
            while self.eval(st[1]) != 0:
                try:
                    self.run(st[2])
                except Loop as l:
                    if l.kind == "break":
                        break
        elif t == "for":
            self.eval(st[1])
            while self.eval(st[2]) != 0:
                try:
                    self.run(st[4])
                except Loop as l:
                    if l.kind == "break":
                        break
                self.eval(st[3])
        elif t in ("break", "continue"):
            raise Loop(t)
        elif t == "return":
            raise Return(self.eval(st[1]) if st[1] is not None else Decimal(0))
        elif t == "define":
            self.funcs[st[1]] = (st[2], st[3], st[4])
        elif t == "quit":
            raise Quit()

def mathfn(name, x):
    getcontext().prec = 60
    try:
        if name == "e":
            return x.exp()
        if name == "l":
            return x.ln()
        if name in ("s", "c"):
            import math
            # Taylor series around 0 after reducing by 2*pi.
            pi = Decimal("3.14159265358979323846264338327950288419716939937510582097494459")
            y = x % (2 * pi)
            if name == "c":
                y = pi / 2 - y
            term, total, n = y, y, 1
            while abs(term) > Decimal(10) ** -55:
                term = -term * y * y / ((2 * n) * (2 * n + 1))
                total += term
                n += 1
            return total
        # atan: reduce |x| > 1 with atan(x) = pi/2 - atan(1/x), then halve the angle twice.
        pi = Decimal("3.14159265358979323846264338327950288419716939937510582097494459")
        sign = -1 if x < 0 else 1
        y = abs(x)
        invert = y > 1
        if invert:
            y = 1 / y
        halvings = 0
        while y > Decimal("0.2"):
            y = y / (1 + (1 + y * y).sqrt())
            halvings += 1
        term, total, n = y, y, 1
        while abs(term) > Decimal(10) ** -55:
            term = -term * y * y
            total += term / (2 * n + 1)
            n += 1
        total *= 2 ** halvings
        if invert:
            total = pi / 2 - total
        return sign * total
    finally:
        getcontext().prec = 2000

def main():
    args = sys.argv[1:]
    mathlib = any(a in ("-l", "--mathlib") or (a.startswith("-") and not a.startswith("--") and "l" in a) for a in args)
    files = [a for a in args if not a.startswith("-")]
    sources = []
    for f in files:
        try:
            with open(f) as fh:
                sources.append(fh.read())
        except OSError:
            sys.stderr.write(f"File {f} is unavailable.\n")
            return 1
    quiet_quit = bool(files)
    sources.append(sys.stdin.read())
    m = Machine(mathlib)
    for text in sources:
        try:
            lx = Lexer(text)
        except BcError as e:
            sys.stdout.write("".join(m.out))
            sys.stderr.write(f"(standard_in) {e.args[0]}: syntax error\n")
            return 0
        while True:
            skip_newlines(lx)
            if lx.peek()[0] == "eof":
                break
            try:
                st = parse_statement(lx)
                if lx.peek()[1] not in ("\n", ";") and lx.peek()[0] != "eof" and lx.peek()[1] != "}":
                    raise BcError(lx.peek()[2])
            except BcError as e:
                sys.stdout.write("".join(m.out))
                m.out = []
                sys.stderr.write(f"(standard_in) {e.args[0]}: syntax error\n")
                # Skip to the next line, as bc does.
                while lx.peek()[0] != "eof" and lx.peek()[1] != "\n":
                    lx.next()
                continue
            try:
                m.run(st)
            except Quit:
                sys.stdout.write("".join(m.out))
                return 0
            except ZeroDivisionError:
                sys.stdout.write("".join(m.out))
                m.out = []
                sys.stderr.write("Runtime error (func=(main), adr=0): Divide by zero\n")
            except ValueError as e:
                sys.stdout.write("".join(m.out))
                m.out = []
                sys.stderr.write(f"Runtime error (func=(main), adr=0): {e}\n")
            except NameError as e:
                sys.stdout.write("".join(m.out))
                m.out = []
                sys.stderr.write(f"Runtime error (func=(main), adr=0): Function {e.args[0]} not defined.\n")
    sys.stdout.write("".join(m.out))
    return 0

sys.exit(main())
`;

export const createBc = (host: CommandHost) => defineCommand("bc", (args, ctx) => runPythonTool(host, SOURCE, ["bc", ...args], ctx));
