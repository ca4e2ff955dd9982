// Python from the shell (the python-fidelity helper adds its own family of Python cases).
import type { DiffFamily } from "./case.ts";

export const pythonShell: DiffFamily = {
  family: "python-shell",
  cases: [
    { name: "py-c-print", command: "python3 -c 'print(1 + 1)'" },
    { name: "py-version", command: "python3 --version" },
    { name: "py-heredoc", command: "python3 <<'EOF'\nimport json\nprint(json.dumps({'a': [1, 2]}))\nEOF" },
    { name: "py-pipe-stdin", command: "printf 'a\\nb\\n' | python3 -c 'import sys; print(len(sys.stdin.read().split()))'" },
    { name: "py-script-args", command: "printf 'import sys\\nprint(sys.argv[1:])\\n' > s.py; python3 s.py x y" },
    { name: "py-exit-code", command: "python3 -c 'import sys; sys.exit(3)'; echo rc=$?" },
    { name: "py-exception-rc", command: "python3 -c 'raise ValueError(\"bad\")'; echo rc=$?" },
    { name: "py-writes-file", command: "python3 -c \"open('o.txt','w').write('x\\n')\"; cat o.txt" },
    { name: "py-reads-shell-file", command: "seq 3 > n.txt; python3 -c \"print(sum(int(l) for l in open('n.txt')))\"" },
    { name: "py-cwd", command: "mkdir d; cd d; python3 -c 'import os; print(os.getcwd())'" },
    { name: "py-env", command: "FOO=bar python3 -c 'import os; print(os.environ[\"FOO\"])'" },
    { name: "py-json-to-jq", command: "python3 -c 'import json; print(json.dumps([1,2,3]))' | jq add" },
    {
      name: "py-csv-module",
      command: "printf 'a,b\\n1,2\\n' > x.csv; python3 -c \"import csv; print(list(csv.DictReader(open('x.csv'))))\"",
    },
    { name: "py-m-json-tool", command: 'echo \'{"b":1,"a":2}\' | python3 -m json.tool --sort-keys' },
    {
      name: "py-pathlib-glob",
      command: "touch a.txt b.txt c.md; python3 -c \"from pathlib import Path; print(sorted(p.name for p in Path('.').glob('*.txt')))\"",
    },
    { name: "python-alias", command: "python -c 'print(\"alias\")'" },
    { name: "py-unicode-out", command: "python3 -c 'print(\"café ✓\")'" },
  ],
};
