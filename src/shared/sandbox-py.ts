// The Python half of the runtime, imported once as the module `_sandbox`.
// It gives `python3` invocations process semantics (fresh __main__, argv, stdin, env, cwd,
// exit codes, tracebacks without our frames) and keeps ONE persistent namespace for the
// `code_execution` REPL. Output is not captured here: fd 1 and 2 go to the worker's writers.
// Processes (subprocess, os.system, fork, threads) are in sandbox-processes-py.ts.
import { SANDBOX_PROCESSES_PY } from "./sandbox-processes-py.ts";

export const SANDBOX_MODULE_NAME = "_sandbox";

const SANDBOX_CORE_PY = String.raw`
import ast
import builtins
import io
import linecache
import os
import sys
import types
import traceback
import importlib
import _pyodide._base
from pyodide.code import CodeRunner

_INTERNAL_FILES = {__file__, _pyodide._base.__file__}

# Where python3 lives in the container's filesystem (a stub the shell runs as python3), as on
# Debian; subprocess.run([sys.executable, ...]) then starts python3 in the container's shell.
sys.executable = sys._base_executable = "/usr/bin/python3"
_STDLIB_PREFIX = "/lib/"

REPL_NS = {"__name__": "__main__", "__builtins__": builtins}

# Long sleeps are cut into short slices, and the interrupt byte is read after each one, so a
# timeout or Stop lands within one slice. Python's eval loop reads the byte by itself only at
# every 50th check (CPython's Emscripten signal clock), and a slice runs only a few checks.
_SLICE = 0.05
_check_interrupt = None


def register_interrupt_check(check):
    """check(): Pyodide's checkInterrupt, which raises KeyboardInterrupt if a Stop is pending."""
    global _check_interrupt
    _check_interrupt = check


def _make_interruptible_sleeps():
    import asyncio
    import time

    # Pyodide's own time.sleep suspends wasm (JSPI) where it can. Suspended, Python checks no
    # interrupt byte, and a sleep would behave differently in Chromium and Node; the function it
    # wraps is the plain blocking sleep, which works everywhere and is cut into slices below.
    blocking_sleep = getattr(time.sleep, "__wrapped__", time.sleep)
    async_sleep = asyncio.sleep

    def sleep(seconds):
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            blocking_sleep(min(_SLICE, left))
            if _check_interrupt is not None:
                _check_interrupt()

    async def interruptible_async_sleep(delay, result=None):
        end = time.monotonic() + max(0, delay)
        while (left := end - time.monotonic()) > 0:
            await async_sleep(min(_SLICE, left))
        if delay <= 0:
            await async_sleep(0)
        return result

    sleep.__doc__ = blocking_sleep.__doc__
    interruptible_async_sleep.__doc__ = async_sleep.__doc__
    time.sleep = sleep
    asyncio.sleep = interruptible_async_sleep


_make_interruptible_sleeps()
_cell_counter = 0


def _exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, bool):
        return int(code)
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _print_exception(exc):
    # Drop our own leading frames so the model sees only its code's traceback.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename in _INTERNAL_FILES:
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb, file=sys.stderr)


def _fresh_std_streams():
    # Each process or cell writes through its own wrappers of fd 1 and 2, so code that closes
    # sys.stdout (json.tool does) cannot break the next one.
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True)


class _FdWriter(io.RawIOBase):
    """fd 1 or 2 of one python3 process. When the process is replaced (exec) or ends with
    os._exit, what its buffers still hold is dropped, as the kernel drops it."""

    def __init__(self, fd):
        super().__init__()
        self.fd = fd
        self.live = True

    def writable(self):
        return True

    def fileno(self):
        return self.fd

    def write(self, data):
        if self.live:
            os.write(self.fd, data)
        return len(data)


_process_writers = []


def _process_std_streams():
    # A python3 process's streams are built as CPython builds them when they are pipes: stdout
    # block-buffered, stderr line-buffered; -u (PYTHONUNBUFFERED) writes both through. Where
    # both go to one place (2>&1), the order of the bytes is then the order CPython gives.
    out, err = _FdWriter(1), _FdWriter(2)
    _process_writers[:] = [out, err]
    if os.environ.get("PYTHONUNBUFFERED"):
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", write_through=True)
        sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    else:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(out), encoding="utf-8", errors="surrogateescape")
        sys.stderr = io.TextIOWrapper(io.BufferedWriter(err), encoding="utf-8", errors="backslashreplace", line_buffering=True)


def _drop_buffered_output():
    for writer in _process_writers:
        writer.live = False


class _ProcessExit(BaseException):
    """os._exit(n): ends the emulated process at once, not the interpreter it shares."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def _os_exit(status):
    _drop_buffered_output()
    raise _ProcessExit(int(status))


os._exit = _os_exit


def _status_after(exc):
    """Reports what ended user code as CPython would, and returns the exit status."""
    if isinstance(exc, _ProcessExit):
        return exc.status & 0xFF
    if isinstance(exc, SystemExit):
        return _exit_code(exc)
    _print_exception(exc)
    return 130 if isinstance(exc, KeyboardInterrupt) else 1


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _drop_user_modules(before):
    # A new process must see edits to the user's own modules; stdlib and installed
    # packages (under /lib) stay imported so the next process starts fast.
    for name in [n for n in sys.modules if n not in before]:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None) or ""
        if not path.startswith(_STDLIB_PREFIX):
            del sys.modules[name]
    importlib.invalidate_caches()


def _py(value):
    # Arrays and objects from the worker arrive as JsProxy; Python code needs real lists/dicts.
    return value.to_py() if hasattr(value, "to_py") else value


def run_process(mode, target, argv, stdin_bytes, cwd, env):
    """Runs one python3 invocation. mode: "code" | "file" | "module". Returns the exit code."""
    argv, env, stdin_bytes = _py(argv), _py(env), _py(stdin_bytes)
    saved = (sys.argv, sys.stdin, dict(os.environ), os.getcwd(), sys.modules.get("__main__"), list(sys.path))
    # A python3 started by a subprocess of another one returns to the outer one's streams.
    outer_streams = (sys.stdout, sys.stderr, list(_process_writers))
    modules_before = set(sys.modules)
    main = types.ModuleType("__main__")
    main.__dict__["__builtins__"] = builtins
    status = 0
    try:
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        _process_std_streams()
        sys.stdin = io.TextIOWrapper(io.BytesIO(bytes(stdin_bytes)), encoding="utf-8", errors="surrogateescape")
        sys.argv = list(argv)
        sys.modules["__main__"] = main
        if mode == "module":
            import runpy
            sys.path.insert(0, cwd)
            runpy.run_module(target, run_name="__main__", alter_sys=True)
        else:
            if mode == "file":
                filename = target
                with open(target, "rb") as f:
                    source = f.read().decode("utf-8")
                main.__file__ = filename
                sys.path.insert(0, os.path.dirname(os.path.abspath(filename)))
            else:
                filename = "<string>"
                source = target
                sys.path.insert(0, "")
            runner = CodeRunner(source, filename=filename, return_mode="none", dedent=False).compile()
            runner.run(main.__dict__)
    except BaseException as exc:
        status = _status_after(exc)
    finally:
        _flush()
        sys.stdout, sys.stderr, _process_writers[:] = outer_streams
        sys.argv, sys.stdin, env_before, cwd_before, main_before, sys.path[:] = saved
        os.environ.clear()
        os.environ.update(env_before)
        try:
            os.chdir(cwd_before)
        except OSError:
            os.chdir("/")
        if main_before is not None:
            sys.modules["__main__"] = main_before
        _drop_user_modules(modules_before)
    return status


_current_cell = None

# With stack switching, asyncio.run() and loop.run_until_complete() block in run_sync: Python is
# suspended there, reads no interrupt byte, and a cancelled cell task would only notice when it
# next yields. So the futures those waits are for are kept, and a Stop cancels them: the code
# gets KeyboardInterrupt where it waits, as from Ctrl-C.
_blocking_waits = set()
_stopped_waits = set()


def _stoppable_run_sync(run_sync):
    def wait(awaitable):
        import asyncio
        from pyodide.ffi import can_run_sync
        if not can_run_sync():
            return run_sync(awaitable)  # it refuses, as before
        future = asyncio.ensure_future(awaitable)
        _blocking_waits.add(future)
        try:
            return run_sync(future)
        except BaseException:
            if future in _stopped_waits:
                raise KeyboardInterrupt from None
            raise
        finally:
            _blocking_waits.discard(future)
            _stopped_waits.discard(future)

    return wait


def _install_stoppable_run_sync():
    import pyodide.webloop
    pyodide.webloop.run_sync = _stoppable_run_sync(pyodide.webloop.run_sync)


_install_stoppable_run_sync()


def stop_blocking_waits():
    """Cancels what a blocked asyncio.run() waits for. Returns whether there was such a wait."""
    for future in list(_blocking_waits):
        _stopped_waits.add(future)
        future.cancel()
    return bool(_blocking_waits)


def cancel_cell():
    """Stops a cell that is waiting in an await: an interrupt would land in the event loop's own
    code there, so the cell's task is cancelled instead (or, blocked in asyncio.run(), what that
    waits for). Returns whether a cell was waiting."""
    if _current_cell is None or _current_cell.done():
        return False
    if not stop_blocking_waits():
        _current_cell.cancel()
    return True


async def run_cell(source, env):
    """Runs one code_execution cell in the persistent REPL namespace. Returns the exit code."""
    import asyncio
    global _current_cell
    _current_cell = asyncio.ensure_future(_run_cell(source, env))
    try:
        return await _current_cell
    except asyncio.CancelledError:
        print("KeyboardInterrupt", file=sys.stderr)
        _flush()
        return 130
    finally:
        _current_cell = None


async def _run_cell(source, env):
    global _cell_counter
    _cell_counter += 1
    env = _py(env)
    filename = f"<cell-{_cell_counter}>"
    # Tracebacks of cells show their source lines, as in an interactive session.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    saved_env = dict(os.environ)
    status = 0
    try:
        os.environ.update(env)
        _fresh_std_streams()
        # Hosted cells run without a terminal: input() meets end of file (EOFError).
        sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
        runner = CodeRunner(
            source,
            filename=filename,
            return_mode="last_expr",
            flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
            dedent=False,
        ).compile()
        value = await runner.run_async(REPL_NS)
        if value is not None:
            print(repr(value))
    except BaseException as exc:
        # Caught inside the coroutine: an interrupt must not escape into the event loop.
        status = _status_after(exc)
    finally:
        _flush()
        os.environ.clear()
        os.environ.update(saved_env)
    return status


def install_wheel(path):
    """Unpacks a wheel from the container's filesystem into site-packages. Returns "name-version"."""
    import sysconfig
    import zipfile
    site = sysconfig.get_paths()["purelib"]
    with zipfile.ZipFile(path) as wheel:
        metadata = next((n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")), None)
        if metadata is None:
            raise ValueError(f"{path} is not a wheel: it has no .dist-info/METADATA")
        fields = dict(
            line.split(": ", 1) for line in wheel.read(metadata).decode("utf-8").splitlines() if ": " in line
        )
        wheel.extractall(site)
    importlib.invalidate_caches()
    return f"{fields.get('Name', '?')}-{fields.get('Version', '?')}"


def register_tools(names, call):
    """Puts each host tool into the REPL namespace as an async function of one dict."""
    for name in names:
        REPL_NS[str(name)] = _make_tool(str(name), call)


def _make_tool(name, call):
    import json

    async def tool(arguments=None, /, **kwargs):
        if arguments is None:
            arguments = kwargs
        if not isinstance(arguments, dict):
            raise TypeError(f"{name}() takes one dict of arguments, got {type(arguments).__name__}")
        try:
            result = await call(name, json.dumps(arguments))
        except Exception as exc:
            raise RuntimeError(f"tool {name} failed: {exc}") from None
        return str(result)

    tool.__name__ = tool.__qualname__ = name
    tool.__doc__ = f"Host tool: text = await {name}({{...}})"
    return tool


def after_snapshot_restore():
    # Every restore of one memory snapshot would otherwise draw the same random numbers. (str
    # hashing keeps the snapshot's secret: it cannot change under live dicts.)
    # An int seed: a bytes one makes random import _sha2, which a container whose interpreter
    # was loaded without a snapshot does not have (the warm spare must leave no trace).
    import random
    random.seed(int.from_bytes(os.urandom(32), "big"))
    # Pyodide puts "" in front of sys.path on every load, restores included: keep one.
    if sys.path[:2] == ["", ""]:
        del sys.path[0]


def enter_workdir(workdir):
    # One call instead of runPython snippets: each of those would run Python's compiler.
    import sysconfig
    os.chdir(workdir)
    return sysconfig.get_paths()["purelib"], sys.version.split()[0]


def after_restore():
    # Restored files (a pip-installed wheel in site-packages, the user's modules) appeared after
    # the import system cached its directory listings.
    importlib.invalidate_caches()


def installed_distributions():
    import importlib.metadata
    seen = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name and name not in seen:
            seen[name] = dist.version
    return sorted(seen.items(), key=lambda item: item[0].lower())
`;

export const SANDBOX_PY = SANDBOX_CORE_PY + SANDBOX_PROCESSES_PY;
