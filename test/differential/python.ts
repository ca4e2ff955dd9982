// Python as agents run it from the shell, against real CPython: where python3 is, scripts with a
// #! line, stdin and input(), the two output streams, environment, files, modules and processes.
// (More Python cases: python-shell.ts.)
import type { DiffFamily } from "./case.ts";

export const python: DiffFamily = {
  family: "python",
  cases: [
    { name: "pyf-which-python3", command: "which python3" },
    { name: "pyf-which-python", command: "which python" },
    { name: "pyf-which-pip-python", command: "which python3 python; echo rc=$?" },
    { name: "pyf-command-v", command: "command -v python3" },
    { name: "pyf-type-python3", command: "type python3" },
    { name: "pyf-shutil-which", command: 'python3 -c \'import shutil; print(shutil.which("python3"), shutil.which("python"))\'' },
    { name: "pyf-sys-executable", command: "python3 -c 'import sys; print(sys.executable)'" },
    { name: "pyf-usr-bin-python3", command: "/usr/bin/python3 -c 'print(8)'" },
    { name: "pyf-bin-python3", command: "/bin/python3 -c 'print(9)'" },
    { name: "pyf-env-python3", command: "env python3 -c 'print(7)'" },
    { name: "pyf-python-V", command: "python -V; python3 -V" },
    { name: "pyf-test-x-python3", command: "test -x /usr/bin/python3 && echo executable" },
    {
      name: "pyf-shebang-env",
      command: "printf '#!/usr/bin/env python3\\nimport sys\\nprint(\"args\", sys.argv[1:])\\n' > t.py; chmod +x t.py; ./t.py a 'b c'",
    },
    { name: "pyf-shebang-direct", command: "printf '#!/usr/bin/python3\\nprint(\"direct\")\\n' > d.py; chmod 755 d.py; ./d.py" },
    { name: "pyf-shebang-python-alias", command: "printf '#!/usr/bin/env python\\nprint(\"alias\")\\n' > a.py; chmod +x a.py; ./a.py" },
    {
      name: "pyf-shebang-exit-code",
      command: "printf '#!/usr/bin/env python3\\nimport sys\\nsys.exit(4)\\n' > e.py; chmod +x e.py; ./e.py; echo rc=$?",
    },
    { name: "pyf-shebang-noexec", command: "printf '#!/usr/bin/env python3\\nprint(1)\\n' > n.py; ./n.py; echo rc=$?" },
    {
      name: "pyf-shebang-stdin",
      command:
        "printf '#!/usr/bin/env python3\\nimport sys\\nprint(sys.stdin.read().upper(), end=\"\")\\n' > up.py; chmod +x up.py; echo shout | ./up.py",
    },
    {
      name: "pyf-shebang-pipeline",
      command: "printf '#!/usr/bin/env python3\\nfor i in range(3): print(i)\\n' > g.py; chmod +x g.py; ./g.py | sort -r",
    },
    {
      name: "pyf-shebang-via-path",
      command:
        'mkdir bin; printf \'#!/usr/bin/env python3\\nimport sys\\nprint("tool", sys.argv[1])\\n\' > bin/tool; chmod +x bin/tool; PATH="$PWD/bin:$PATH" tool z',
    },
    {
      name: "pyf-shebang-abs-path",
      command: 'printf \'#!/usr/bin/env python3\\nimport sys\\nprint("args", sys.argv[1:])\\n\' > t.py; chmod +x t.py; "$PWD/t.py" x',
    },
    { name: "pyf-shebang-bash-script", command: "printf '#!/bin/bash\\necho \"sh $1\"\\n' > s.sh; chmod +x s.sh; ./s.sh x" },
    {
      name: "pyf-shebang-exception-rc",
      command: "printf '#!/usr/bin/env python3\\nraise ValueError(\"no\")\\n' > r.py; chmod +x r.py; ./r.py 2>/dev/null; echo rc=$?",
    },
    {
      name: "pyf-shebang-in-subdir",
      command: "mkdir -p tools; printf '#!/usr/bin/env python3\\nprint(\"sub\")\\n' > tools/run.py; chmod +x tools/run.py; tools/run.py",
    },
    { name: "pyf-input-piped", command: "printf 'ada\\n' | python3 -c 'print(\"hi\", input())'" },
    { name: "pyf-input-two-lines", command: "printf 'a\\nb\\n' | python3 -c 'print(input() + input())'" },
    { name: "pyf-input-eof", command: "python3 -c 'input()' < /dev/null; echo rc=$?" },
    { name: "pyf-input-prompt-stdout", command: "echo x | python3 -c 'v = input(\"name? \"); print(v)'" },
    { name: "pyf-stdin-sum", command: "seq 3 | python3 -c 'import sys; print(sum(map(int, sys.stdin)))'" },
    { name: "pyf-stdin-bytes", command: "printf 'a\\000b' | python3 -c 'import sys; print(sys.stdin.buffer.read())'" },
    { name: "pyf-isatty", command: "python3 -c 'import sys; print(sys.stdin.isatty(), sys.stdout.isatty())' < /dev/null" },
    { name: "pyf-stdout-encoding", command: "python3 -c 'import sys; print(sys.stdout.encoding)'" },
    {
      name: "pyf-time-sleep",
      command: "python3 -c 'import time; t = time.monotonic(); time.sleep(0.2); print(time.monotonic() - t >= 0.2)'",
    },
    { name: "pyf-sys-exit-str", command: "python3 -c 'import sys; sys.exit(\"bye\")'; echo rc=$?" },
    { name: "pyf-os-exit", command: "python3 -c 'import os; print(\"x\", flush=True); os._exit(3)'; echo rc=$?" },
    { name: "pyf-os-exit-drops-buffer", command: "python3 -c 'import os; print(\"lost\"); os._exit(2)'; echo rc=$?" },
    { name: "pyf-stderr-devnull", command: 'python3 -c \'import sys; print("e", file=sys.stderr); print("o")\' 2>/dev/null' },
    { name: "pyf-stderr-to-file", command: 'python3 -c \'import sys; print("e", file=sys.stderr); print("o")\' 2> err.txt; cat err.txt' },
    { name: "pyf-merge-flushed", command: 'python3 -c \'import sys; print("o1", flush=True); print("e1", file=sys.stderr)\' 2>&1' },
    {
      name: "pyf-merge-buffered",
      command: 'python3 -c \'import sys; print("o1"); print("e1", file=sys.stderr); print("o2")\' 2>&1',
      note: "stdout to a pipe is block-buffered in CPython: e1 comes first",
    },
    { name: "pyf-merge-unbuffered", command: 'python3 -u -c \'import sys; print("o1"); print("e1", file=sys.stderr); print("o2")\' 2>&1' },
    { name: "pyf-traceback-first-line", command: "python3 -c 'print(\"before\"); 1/0' 2>&1 | head -1" },
    { name: "pyf-traceback-last-line", command: "python3 -c 'print(\"before\"); 1/0' 2>&1 | tail -1" },
    { name: "pyf-both-to-file", command: 'python3 -c \'import sys; print("o"); sys.stderr.write("e\\n")\' > all.txt 2>&1; sort all.txt' },
    { name: "pyf-environ-path", command: "python3 -c 'import os; print(os.environ[\"PATH\"])'" },
    { name: "pyf-environ-export", command: "export X=1; python3 -c 'import os; print(os.environ[\"X\"])'" },
    { name: "pyf-environ-unexported", command: "Y=2; python3 -c 'import os; print(os.environ.get(\"Y\"))'" },
    { name: "pyf-cwd-after-cd", command: "mkdir -p a/b; cd a/b; python3 -c 'import os; print(os.path.basename(os.getcwd()))'" },
    { name: "pyf-chdir-stays-inside", command: "python3 -c 'import os; os.chdir(\"/\")'; pwd" },
    { name: "pyf-expanduser", command: 'python3 -c \'import os; print(os.path.expanduser("~") == os.environ["HOME"])\'' },
    { name: "pyf-getsize", command: "printf abc > f; python3 -c 'import os; print(os.path.getsize(\"f\"))'" },
    { name: "pyf-listdir", command: "touch b a c; python3 -c 'import os; print(sorted(os.listdir(\".\")))'" },
    {
      name: "pyf-walk",
      command: "mkdir -p d/e; touch d/x d/e/y; python3 -c 'import os; print(sorted((r, sorted(f)) for r, _, f in os.walk(\"d\")))'",
    },
    { name: "pyf-mtime-recent", command: "touch f; python3 -c 'import os, time; print(abs(time.time() - os.path.getmtime(\"f\")) < 120)'" },
    {
      name: "pyf-access-x",
      command: 'touch f g; chmod +x f; python3 -c \'import os; print(os.access("f", os.X_OK), os.access("g", os.X_OK))\'',
    },
    { name: "pyf-mode-bits", command: "touch f; chmod 640 f; python3 -c 'import os; print(oct(os.stat(\"f\").st_mode & 0o777))'" },
    {
      name: "pyf-isdir-isfile",
      command: 'mkdir d; touch f; python3 -c \'import os; print(os.path.isdir("d"), os.path.isfile("f"), os.path.exists("nope"))\'',
    },
    {
      name: "pyf-symlink",
      command: 'echo hi > t; ln -s t l; python3 -c \'import os; print(os.path.islink("l"), os.readlink("l"), open("l").read().strip())\'',
    },
    {
      name: "pyf-shutil-copytree",
      command: 'mkdir -p src/s; echo 1 > src/s/f; python3 -c \'import shutil; shutil.copytree("src", "dst")\'; cat dst/s/f',
    },
    {
      name: "pyf-tempfile",
      command: "python3 -c 'import tempfile, os; d = tempfile.mkdtemp(); print(os.path.isdir(d), d.startswith(\"/tmp/\"))'",
    },
    { name: "pyf-m-own-module", command: "printf 'print(\"main of\", __name__)\\n' > mod.py; python3 -m mod" },
    { name: "pyf-import-local", command: "printf 'X = 5\\n' > helper.py; python3 -c 'import helper; print(helper.X)'" },
    {
      name: "pyf-script-sibling-import",
      command: "mkdir pkg; printf 'Y = 6\\n' > pkg/lib.py; printf 'import lib\\nprint(lib.Y)\\n' > pkg/run.py; python3 pkg/run.py",
    },
    {
      name: "pyf-argv",
      command: "printf 'import sys\\nprint(sys.argv)\\n' > s.py; python3 s.py 1 two; python3 -c 'import sys; print(sys.argv)' a",
    },
    { name: "pyf-stdin-script-args", command: "python3 - a b <<'EOF'\nimport sys\nprint(sys.argv)\nEOF" },
    {
      name: "pyf-name-main",
      command: "printf 'if __name__ == \"__main__\":\\n    print(\"run\")\\n' > m.py; python3 m.py; python3 -c 'import m'",
    },
    { name: "pyf-unicode-bytes", command: "python3 -c 'print(\"é\")' | wc -c" },
    { name: "pyf-large-output", command: "python3 -c 'print(\"x\" * 100000)' | wc -c" },
    {
      name: "pyf-subprocess-run",
      command: 'python3 -c \'import subprocess; print(subprocess.run(["echo", "hi"], capture_output=True, text=True).stdout, end="")\'',
    },
    { name: "pyf-os-system", command: "python3 -c 'import os; print(os.system(\"exit 3\"))'" },
    {
      name: "pyf-check-output-shell",
      command: "python3 -c 'import subprocess; print(subprocess.check_output(\"echo hi | wc -c\", shell=True))'",
    },
    {
      name: "pyf-merge-to-file-order",
      command: 'python3 -c \'import sys; print("o"); sys.stderr.write("e\\n"); print("p")\' > all.txt 2>&1; cat all.txt',
    },
    { name: "pyf-merge-then-devnull", command: 'python3 -c \'import sys; print("o"); print("e", file=sys.stderr)\' 2>&1 >/dev/null' },
    { name: "pyf-merge-in-loop", command: 'for i in 1 2; do python3 -c \'import sys; print("o"); sys.exit("e")\' 2>&1; done' },
  ],
};
