// The Python half of processes, appended to the `_sandbox` module (see sandbox-py.ts).
// subprocess, os.system, os.popen, os.spawn* and os.exec* run their command in the container's
// own shell (just-bash, through a function the runtime registers), with the same files,
// environment and working directory; never on the machine that hosts the worker (Emscripten's
// own system() would spawn a host process in Node). Python blocks on the shell with
// pyodide.ffi.run_sync, which needs WebAssembly stack switching (JSPI): where the interpreter
// lacks it, every one of these calls raises an OSError that says why. fork and threads fail clearly.
export const SANDBOX_PROCESSES_PY = String.raw`

import errno as _errno
import shlex as _shlex
import subprocess as _subprocess
import threading as _threading

_shell = None
_shell_can_block = False

NO_STACK_SWITCHING = (
    "subprocess needs WebAssembly stack switching (JSPI), which this JavaScript engine lacks: "
    "commands cannot run from Python here; run them with the bash tool instead"
)
# The engine has JSPI, but the interpreter was restored from a memory snapshot made without it
# and its choices could not be put back (src/worker/stack-switching.ts).
SNAPSHOT_WITHOUT_STACK_SWITCHING = (
    "subprocess needs WebAssembly stack switching (JSPI): this JavaScript engine has it, but this "
    "interpreter was restored from a memory snapshot made without it; run commands with the bash tool instead"
)
_cannot_block = NO_STACK_SWITCHING


def register_shell(run, engine_can_block):
    """run(command, stdin_latin1, cwd, env_json) -> Promise of {exitCode, stdout, stderr, interrupted}
    (the streams latin1).
    Returns whether Python can block on it here."""
    global _shell, _shell_can_block, _cannot_block
    _shell = run
    _shell_can_block = bool(engine_can_block) and _run_sync_works()
    _cannot_block = SNAPSHOT_WITHOUT_STACK_SWITCHING if engine_can_block else NO_STACK_SWITCHING
    return _shell_can_block


def _run_sync_works():
    # Pyodide picks run_sync or a stub that always refuses when the interpreter starts; a
    # snapshot carries that choice (the runtime puts the engine's back after a restore).
    from pyodide.ffi import run_sync
    try:
        run_sync(0)
    except TypeError:
        return True
    except RuntimeError:
        return False
    return False


def _require_shell():
    """Raises the OSError that says why no command can run from here, if none can."""
    if _shell is None or not _shell_can_block:
        raise OSError(_errno.ENOSYS, _cannot_block)
    from pyodide.ffi import can_run_sync
    if not can_run_sync():
        raise OSError(_errno.ENOSYS, "subprocess cannot block here: this Python code was entered synchronously")


def _run_in_shell(command, stdin=b"", cwd=None, env=None):
    """Runs one shell command line to completion. Returns (exit code, stdout bytes, stderr bytes)."""
    import json
    from pyodide.ffi import run_sync
    _require_shell()
    # No flush first: as with a real child, what the parent still buffers comes out after.
    environment = {str(k): str(v) for k, v in (os.environ if env is None else env).items()}
    directory = os.path.abspath(os.fspath(cwd)) if cwd is not None else os.getcwd()
    result = run_sync(_shell(command, bytes(stdin).decode("latin1"), directory, json.dumps(environment)))
    if result.interrupted:
        # A Stop or the time budget ended the command; as with Ctrl-C, the waiting parent gets it too.
        raise KeyboardInterrupt
    return int(result.exitCode), result.stdout.encode("latin1"), result.stderr.encode("latin1")


def _command_line(args, shell):
    if shell:
        if isinstance(args, (str, bytes)):
            return os.fsdecode(args)
        args = [os.fsdecode(a) for a in args]
        # sh -c 'cmd' arg0 arg1...: the extra items become $0, $1...
        return args[0] if len(args) == 1 else "bash -c " + _shlex.join(args)
    if isinstance(args, (str, bytes, os.PathLike)):
        return _shlex.quote(os.fsdecode(args))
    return _shlex.join(os.fsdecode(a) for a in args)


def _program(args):
    if isinstance(args, (str, bytes, os.PathLike)):
        return os.fsdecode(args)
    return os.fsdecode(next(iter(args)))


def _write_fd(target, data, default_fd):
    """Writes a child's output where the parent pointed it: None (the parent's own fd), an fd or a file."""
    if not data or target == _subprocess.DEVNULL:
        return
    if target is None:
        target = default_fd
    if isinstance(target, int):
        os.write(target, data)
        return
    try:
        fd = target.fileno()
    except (AttributeError, OSError, ValueError):
        target.write(data if "b" in getattr(target, "mode", "b") else data.decode("utf-8", "replace"))
        return
    target.flush()
    os.write(fd, data)


def _read_source(source):
    if source is None or source == _subprocess.DEVNULL:
        return b""
    if isinstance(source, int):
        chunks = []
        while chunk := os.read(source, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    data = source.read()
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


class _PipeReader(io.RawIOBase):
    """The read end of a child's stdout or stderr pipe; reading first lets the child run."""

    def __init__(self, popen, name):
        super().__init__()
        self._popen = popen
        self._name = name
        self._data = None

    def readable(self):
        return True

    def readinto(self, buffer):
        if self._data is None:
            self._popen._ensure_finished()
            self._data = io.BytesIO(getattr(self._popen, self._name))
        return self._data.readinto(buffer)


class _PipeWriter(io.BytesIO):
    """The write end of a child's stdin pipe: closing it lets the child run."""

    def __init__(self, popen):
        super().__init__()
        self._popen = popen

    def close(self):
        if not self.closed:
            self._popen._stdin_data += self.getvalue()
            super().close()
            self._popen._stdin_closed = True


class Popen(_subprocess.Popen):
    """subprocess.Popen over the container's shell. The child runs to completion at once, or,
    when its stdin is a pipe, once that pipe is closed or the parent waits for it."""

    _next_pid = 100

    def __init__(self, args, bufsize=-1, executable=None, stdin=None, stdout=None, stderr=None,
                 preexec_fn=None, close_fds=True, shell=False, cwd=None, env=None,
                 universal_newlines=None, startupinfo=None, creationflags=0,
                 restore_signals=True, start_new_session=False, pass_fds=(), *,
                 user=None, group=None, extra_groups=None, encoding=None, errors=None,
                 text=None, umask=-1, pipesize=-1, process_group=None):
        self._child_created = False
        self.args = args
        self.returncode = None
        self.encoding = encoding
        self.errors = errors
        self.text_mode = bool(encoding or errors or text or universal_newlines)
        self._command = _command_line(args, shell)
        self._shell = shell
        self._cwd = cwd
        self._env = env
        self._stdin_source = stdin
        self._stdout_target = stdout
        self._stderr_target = stderr
        self._stdin_data = b""
        self._stdin_closed = stdin != _subprocess.PIPE
        self._stdout_bytes = b""
        self._stderr_bytes = b""
        Popen._next_pid += 1
        self.pid = Popen._next_pid
        self.stdin = self.stdout = self.stderr = None
        if self._cwd is not None and not os.path.isdir(self._cwd):
            raise FileNotFoundError(_errno.ENOENT, os.strerror(_errno.ENOENT), os.fsdecode(self._cwd))
        if stdin == _subprocess.PIPE:
            self.stdin = _PipeWriter(self)
            if self.text_mode:
                self.stdin = io.TextIOWrapper(self.stdin, encoding=encoding or "utf-8", errors=errors or "strict", write_through=True)
        for name, target in (("stdout", stdout), ("stderr", stderr)):
            if target == _subprocess.PIPE:
                stream = io.BufferedReader(_PipeReader(self, f"_{name}_bytes"))
                if self.text_mode:
                    stream = io.TextIOWrapper(stream, encoding=encoding or "utf-8", errors=errors or "strict")
                setattr(self, name, stream)
        if self._stdin_closed:
            self._ensure_finished()

    def _ensure_finished(self):
        if self.returncode is not None:
            return
        stdin = self._stdin_data if self._stdin_source == _subprocess.PIPE else _read_source(self._stdin_source)
        command = self._command
        if self._stderr_target == _subprocess.STDOUT:
            command = "{ " + command + "\n} 2>&1"
        code, out, err = _run_in_shell(command, stdin, self._cwd, self._env)
        if not self._shell and code == 127 and err.startswith(b"bash: ") and err.rstrip().endswith((b": command not found", b": No such file or directory")):
            self.returncode = 255
            program = _program(self.args)
            raise FileNotFoundError(_errno.ENOENT, os.strerror(_errno.ENOENT), program)
        self.returncode = code
        if self._stdout_target == _subprocess.PIPE:
            self._stdout_bytes = out
        else:
            _write_fd(self._stdout_target, out, 1)
        if self._stderr_target == _subprocess.PIPE:
            self._stderr_bytes = err
        elif self._stderr_target != _subprocess.STDOUT:
            _write_fd(self._stderr_target, err, 2)

    def _decoded(self, data):
        if not self.text_mode:
            return data
        text = data.decode(self.encoding or "utf-8", self.errors or "strict")
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def communicate(self, input=None, timeout=None):
        if input and (self._stdin_source != _subprocess.PIPE or self.returncode is not None):
            raise ValueError("Cannot send input after starting communication")
        if self.stdin is not None and not self.stdin.closed:
            self.stdin.close()
        if input:
            self._stdin_data += input.encode(self.encoding or "utf-8") if isinstance(input, str) else bytes(input)
        self._ensure_finished()
        out = self._decoded(self._stdout_bytes) if self._stdout_target == _subprocess.PIPE else None
        err = self._decoded(self._stderr_bytes) if self._stderr_target == _subprocess.PIPE else None
        return out, err

    def poll(self):
        if self.returncode is None and (self._stdin_closed or (self.stdin is not None and self.stdin.closed)):
            self._ensure_finished()
        return self.returncode

    def wait(self, timeout=None):
        self._ensure_finished()
        return self.returncode

    def send_signal(self, sig):
        pass  # the child has finished by the time the parent can signal it

    def terminate(self):
        pass

    def kill(self):
        pass

    def __del__(self):
        pass


def _system(command):
    code, out, err = _run_in_shell(os.fsdecode(command))
    _write_fd(None, out, 1)
    _write_fd(None, err, 2)
    return (code & 0xFF) << 8


def _run_and_exit(path, args, env=None):
    # exec*() replaces the process: what Python still buffers is lost, the command runs, and its
    # status ends the Python process. (An exec that cannot run leaves the process as it was.)
    _require_shell()
    _drop_buffered_output()
    code, out, err = _run_in_shell(_shlex.join([os.fsdecode(path), *[os.fsdecode(a) for a in list(args)[1:]]]), env=env)
    _write_fd(None, out, 1)
    _write_fd(None, err, 2)
    raise _ProcessExit(code)


def _execv(path, args):
    _run_and_exit(path, args)


def _execve(path, args, env):
    _run_and_exit(path, args, env)


def _execl(file, *args):
    _run_and_exit(file, args)


def _execle(file, *args):
    _run_and_exit(file, args[:-1], args[-1])


def _spawnvef(mode, file, args, env, func):
    if mode != os.P_WAIT:
        raise OSError(_errno.ENOSYS, "only os.P_WAIT is supported: the container runs one process at a time")
    code, out, err = _run_in_shell(_shlex.join([os.fsdecode(file), *[os.fsdecode(a) for a in list(args)[1:]]]), env=env)
    _write_fd(None, out, 1)
    _write_fd(None, err, 2)
    return code


def _no_fork(*args, **kwargs):
    raise OSError(_errno.ENOSYS, "fork is not available: this container runs Python as a single process (use subprocess to run commands)")


def _no_posix_spawn(*args, **kwargs):
    raise OSError(_errno.ENOSYS, "posix_spawn is not available here: use subprocess to run commands")


def _no_thread_start(self):
    raise RuntimeError("can't start new thread: threads are not available in this container (Python runs on one WebAssembly thread)")


def _install_processes():
    _subprocess.Popen = Popen
    os.system = _system
    # The shell looks commands up in PATH itself, so the p variants need no search of their own.
    os.execv = os.execvp = _execv
    os.execve = os.execvpe = _execve
    os.execl = os.execlp = _execl
    os.execle = os.execlpe = _execle
    os._spawnvef = _spawnvef
    for name in ("fork", "forkpty", "vfork"):
        setattr(os, name, _no_fork)
    for name in ("posix_spawn", "posix_spawnp"):
        setattr(os, name, _no_posix_spawn)
    for name in ("P_WAIT", "P_NOWAIT", "P_NOWAITO"):
        if not hasattr(os, name):
            setattr(os, name, {"P_WAIT": 0, "P_NOWAIT": 1, "P_NOWAITO": 1}[name])
    for name in ("spawnv", "spawnve", "spawnvp", "spawnvpe", "spawnl", "spawnle", "spawnlp", "spawnlpe"):
        if not hasattr(os, name):
            _define_spawn(name)
    _threading.Thread.start = _no_thread_start


def _define_spawn(name):
    # Emscripten's os module leaves the spawn family out (it has no fork); define it over _spawnvef.
    def spawn(mode, file, *rest):
        env = None
        if name.endswith("e"):
            *rest, env = rest
        args = rest[0] if name[5] == "v" else rest
        return _spawnvef(mode, file, args, env, None)

    spawn.__name__ = name
    setattr(os, name, spawn)


_install_processes()
`;
