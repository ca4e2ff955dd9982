// The Python half of the package loader, imported on first use as `_sandbox_packages` (code
// that never imports a missing module never loads it). It finds what a program imports that is
// not installed, and hooks matplotlib once it is: the Agg backend, and in code_execution cells
// plt.show() saves each open figure as a PNG in $OUTPUT_DIR (a local extension: the hosted
// container's show() does nothing).
export const PACKAGES_MODULE_NAME = "_sandbox_packages";

export const PACKAGES_PY = String.raw`
import importlib
import importlib.util
import os
import sys
from pyodide.code import find_imports

# Set by the runtime around each code_execution cell.
in_cell = False


def missing_imports(source):
    """Top-level modules the source imports that cannot be found now."""
    missing = []
    for name in find_imports(source):
        if "." in name or name in sys.modules:
            continue
        try:
            if importlib.util.find_spec(name) is not None:
                continue
        except (ImportError, ValueError):
            pass
        missing.append(name)
    return missing


def module_missing(name):
    top = name.partition(".")[0]
    if top in sys.modules:
        return False
    try:
        return importlib.util.find_spec(top) is None
    except (ImportError, ValueError):
        return True


def after_install():
    importlib.invalidate_caches()
    if not any(isinstance(f, _PyplotHook) for f in sys.meta_path):
        sys.meta_path.insert(0, _PyplotHook())


def show(name):
    """pip show's fields for an installed distribution, or None."""
    import importlib.metadata
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return None
    meta = dist.metadata
    requires = sorted({_requirement_name(r) for r in (dist.requires or []) if "extra ==" not in r})
    wanted = _normal(meta["Name"] or name)
    required_by = sorted(
        d.metadata["Name"]
        for d in importlib.metadata.distributions()
        if any(_normal(_requirement_name(r)) == wanted for r in (d.requires or []) if "extra ==" not in r)
    )
    location = str(dist.locate_file("")).rstrip("/")
    return [
        ["Name", meta["Name"] or name],
        ["Version", dist.version],
        ["Summary", meta["Summary"] or ""],
        ["Home-page", meta["Home-page"] or ""],
        ["Author", meta["Author"] or ""],
        ["License", meta["License"] or ""],
        ["Location", location],
        ["Requires", ", ".join(requires)],
        ["Required-by", ", ".join(required_by)],
    ]


def _requirement_name(requirement):
    import re
    match = re.match(r"\s*([A-Za-z0-9._-]+)", requirement)
    return match.group(1) if match else requirement.strip()


def _normal(name):
    import re
    return re.sub(r"[-_.]+", "-", name).lower()


def _free_path(directory, stem):
    path = os.path.join(directory, stem + ".png")
    n = 1
    while os.path.exists(path):
        n += 1
        path = os.path.join(directory, f"{stem}-{n}.png")
    return path


def _hook_pyplot(pyplot):
    original = pyplot.show

    def show(*args, **kwargs):
        directory = os.environ.get("OUTPUT_DIR")
        if not in_cell or not directory:
            return original(*args, **kwargs)
        for number in list(pyplot.get_fignums()):
            pyplot.figure(number).savefig(_free_path(directory, f"figure-{number}"), format="png")
            pyplot.close(number)

    show.__doc__ = original.__doc__
    show.__wrapped__ = original
    pyplot.show = show


class _HookedLoader:
    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _hook_pyplot(module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _PyplotHook:
    """Wraps the loader of matplotlib.pyplot so show() is hooked as it is imported."""

    def find_spec(self, name, path, target=None):
        if name != "matplotlib.pyplot":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _HookedLoader(spec.loader)
                return spec
        return None
`;
