// A warm spare exercises the interpreter before a container takes it.
//
// An interpreter restored from a memory snapshot runs on freshly compiled wasm: V8 starts every
// function in its baseline tier (Liftoff) and moves hot ones to the optimising tier only after
// they have run a while. Plain Pyodide runs its whole start-up in Python, so its eval loop is
// already optimised when the first user code runs; ours was not, and a container's first heavy
// call (a package install, a zip, a loop) took about twice as long as its later ones. A spare has
// time to spare, so it runs this once: the eval loop, compile(), zlib and zipfile, and MEMFS
// writes, the paths user code and the package installer use most.
//
// It runs in its own namespace, removes its folder and unloads any module it caused to load, so
// the container a spare becomes sees no trace of it.
import type { PyodideAPI } from "pyodide";

const WARM_UP_PY = String.raw`
import sys
modules_before = set(sys.modules)
import io, os, shutil, zipfile
folder = "/tmp/.sandbox-warm-up"
archive = io.BytesIO()
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(24):
        z.writestr(f"m{i}.py", f"def f(x):\n    return [x + {i} for _ in range(3)]\n" * 30)
    z.writestr("blob.bin", bytes(range(256)) * 1024)
try:
    zipfile.ZipFile(archive).extractall(folder)
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(os.path.join(folder, name)) as source:
                compile(source.read(), name, "exec")
finally:
    shutil.rmtree(folder, ignore_errors=True)
total = 0
for i in range(150000):
    total += i * i % 7
for name in set(sys.modules) - modules_before:  # zipfile may load a codec, for one
    del sys.modules[name]
`;

/** Runs the warm-up: whether it ran through. A failure only means a slower first call. */
export function warmUpInterpreter(pyodide: PyodideAPI): boolean {
  const namespace = pyodide.globals.get("dict")();
  try {
    pyodide.runPython(WARM_UP_PY, { globals: namespace });
    return true;
  } catch {
    return false; // the Python removes its folder itself, whatever failed
  } finally {
    namespace.destroy();
  }
}
