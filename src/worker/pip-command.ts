// `pip` for an offline interpreter: it installs wheel files that are already in the container,
// and packages the configured package index serves. It says plainly what it cannot do.
import { defineCommand, type Command } from "just-bash";

export interface PipHost {
  /** Unpacks a wheel that is in the container's filesystem; returns "name-version". */
  installWheel(path: string): string;
  /** Installed distributions as [name, version]. */
  installed(): Array<[string, string]>;
  /** Loads a package by name from the package index; returns the names it loaded. */
  loadFromIndex(name: string): Promise<string[]>;
  /** Where named packages come from, for messages; null when none is configured. */
  packageIndexURL: string | null;
  /** False in the browser sandbox, which may fetch nothing. */
  indexReachable: boolean;
  pythonVersion: string;
}

// Wheels that can run here: pure Python, or built for Pyodide's emscripten platform.
const COMPATIBLE_PLATFORM = /-(none-any|[^-]*pyodide[^-]*|[^-]*emscripten[^-]*)\.whl$/;

const HELP = `usage: pip <command> [options]

Commands available offline in this sandbox:
  install <file.whl> ...   install wheel files that are in the container
  install <name> ...       install from the package index, when one is configured
  list | freeze            show installed packages
  --version                show the version
No network is reachable from the sandbox, so PyPI is not available.
`;

export function createPipCommands(host: PipHost): Command[] {
  const ok = (stdout: string) => ({ stdout, stderr: "", exitCode: 0 });
  const fail = (stderr: string, exitCode = 1) => ({ stdout: "", stderr, exitCode });

  const pip = async (args: string[], ctx: Parameters<Command["execute"]>[1]) => {
    const [sub, ...rest] = args;
    switch (sub) {
      case undefined:
      case "help":
      case "-h":
      case "--help":
        return ok(HELP);
      case "--version":
      case "-V":
        return ok(`pip (sandbox, offline) for Python ${host.pythonVersion}\n`);
      case "list":
        return ok(
          ["Package Version", "------- -------", ...host.installed().map(([n, v]) => `${n} ${v}`)].join("\n") + "\n",
        );
      case "freeze":
        return ok(host.installed().map(([n, v]) => `${n}==${v}\n`).join(""));
      case "install":
        break;
      default:
        return fail(`ERROR: unknown command "${sub}"\n${HELP}`);
    }

    const targets = rest.filter((a) => !a.startsWith("-"));
    if (rest.some((a) => a === "-r" || a === "--requirement" || a === "-e" || a === "--editable")) {
      return fail("ERROR: requirement files and editable installs are not supported offline; pass wheel files or package names.\n");
    }
    if (targets.length === 0) return fail("ERROR: You must give at least one requirement to install (see \"pip help\").\n");

    const installed: string[] = [];
    for (const target of targets) {
      if (target.endsWith(".whl")) {
        const path = ctx.fs.resolvePath(ctx.cwd, target);
        if (!(await ctx.fs.exists(path))) return fail(`ERROR: Could not find wheel file ${target} (looked at ${path}).\n`);
        if (!COMPATIBLE_PLATFORM.test(path)) {
          return fail(
            `ERROR: ${target} is not a supported wheel on this platform: only pure-Python (py3-none-any) and Pyodide (emscripten/wasm32) wheels can run here.\n`,
          );
        }
        try {
          installed.push(host.installWheel(path));
        } catch (error) {
          return fail(`ERROR: could not install ${target}: ${(error as Error).message}\n`);
        }
        continue;
      }
      if (/[\/\\]|^\.|:\/\//.test(target)) {
        return fail(`ERROR: cannot install ${target}: only wheel files (.whl) and package names are supported offline.\n`);
      }
      const name = target.replace(/[<>=!~;\[].*$/, "");
      if (host.packageIndexURL !== null && !host.indexReachable) {
        return fail(
          `ERROR: cannot install '${name}': the browser sandbox cannot reach a package index (it has no network).\n` +
            `Upload the wheel file and run: pip install ./inputs/${name}-<version>-py3-none-any.whl\n`,
        );
      }
      if (host.packageIndexURL === null) {
        return fail(
          `ERROR: cannot install '${name}': the sandbox has no network and no package index is configured.\n` +
            `Offline, pip installs wheel files that are in the container: pip install ./${name}-<version>-py3-none-any.whl\n`,
        );
      }
      const loaded = await host.loadFromIndex(name);
      if (loaded.length === 0) {
        return fail(
          `ERROR: could not install '${name}': the package index (${host.packageIndexURL}) does not serve it.\n` +
            `No network is reachable from the sandbox; upload a wheel file and run pip install ./file.whl instead.\n`,
        );
      }
      installed.push(...loaded);
    }
    return ok(`Successfully installed ${installed.join(" ")}\n`);
  };
  return [defineCommand("pip", pip), defineCommand("pip3", pip)];
}
