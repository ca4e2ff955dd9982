// `pip` for an interpreter without network: it installs wheel files that are in the container,
// and packages of the configured package source by name (the page fetches and checks them; see
// src/worker/packages.ts). It says plainly what it cannot do.
import { defineCommand, type Command } from "just-bash";
import type { InstallOutcome } from "./packages.ts";

export interface PipHost {
  /** Unpacks a wheel that is in the container's filesystem; returns "name-version". */
  installWheel(path: string): string;
  /** Installed distributions as [name, version]. */
  installed(): Array<[string, string]>;
  /** pip show's fields, or undefined when not installed. */
  show(name: string): Array<[string, string]> | undefined;
  /** Installs packages of the package source by name (with their dependencies). */
  installByName(names: string[]): Promise<InstallOutcome>;
  /** Where named packages come from, for messages; null when none is configured. */
  packageSource: string | null;
  /** Where installed packages live, for "Requirement already satisfied". */
  sitePackages: string;
  pythonVersion: string;
}

// Wheels that can run here: pure Python, or built for Pyodide's emscripten platform.
const COMPATIBLE_PLATFORM = /-(none-any|[^-]*pyodide[^-]*|[^-]*emscripten[^-]*)\.whl$/;
/** How many available names a "not found" message lists before it says how many more. */
const LISTED_NAMES = 100;

const HELP = `usage: pip <command> [options]

Commands available in this sandbox (it has no network; PyPI is not reachable):
  install <file.whl> ...   install wheel files that are in the container
  install <name> ...       install from the package source, when one is configured
  show <name> ...          show an installed package
  list [--format=json]     list installed packages
  freeze                   installed packages as requirements
  --version                show the version
`;

const normal = (name: string) => name.toLowerCase().replace(/[-_.]+/g, "-");

export function createPipCommands(host: PipHost): Command[] {
  const ok = (stdout: string) => ({ stdout, stderr: "", exitCode: 0 });
  const fail = (stderr: string, exitCode = 1) => ({ stdout: "", stderr, exitCode });

  const list = (args: string[]) => {
    const format =
      args.find((a) => a.startsWith("--format"))?.split("=")[1] ??
      (args.includes("--format") ? args[args.indexOf("--format") + 1] : "columns");
    const rows = host.installed();
    if (format === "json")
      return ok(
        `[${rows.map(([name, version]) => `{"name": ${JSON.stringify(name)}, "version": ${JSON.stringify(version)}}`).join(", ")}]\n`,
      );
    if (format === "freeze") return ok(rows.map(([n, v]) => `${n}==${v}\n`).join(""));
    if (format !== "columns") return fail(`ERROR: invalid --format ${JSON.stringify(format)}: choose columns, freeze or json\n`, 2);
    return ok(`${["Package Version", "------- -------", ...rows.map(([n, v]) => `${n} ${v}`)].join("\n")}\n`);
  };

  const show = (names: string[]) => {
    if (names.length === 0) return fail("ERROR: Please provide a package name or names.\n");
    const found: string[] = [];
    const missing: string[] = [];
    for (const name of names) {
      const fields = host.show(name);
      if (fields) found.push(`${fields.map(([key, value]) => `${key}: ${value}`).join("\n")}\n`);
      else missing.push(name);
    }
    const stderr = missing.length ? `WARNING: Package(s) not found: ${missing.join(", ")}\n` : "";
    return { stdout: found.join("---\n"), stderr, exitCode: found.length ? 0 : 1 };
  };

  const installByName = async (names: string[]) => {
    const source = host.packageSource;
    if (source === null) {
      const name = names[0]!;
      return fail(
        `ERROR: cannot install '${name}': the sandbox has no network and no package index is configured.\n` +
          `Offline, pip installs wheel files that are in the container: pip install ./${name}-<version>-py3-none-any.whl\n`,
      );
    }
    const installedNow = new Map(host.installed().map(([n, v]) => [normal(n), [n, v] as const]));
    const satisfied = names.filter((n) => installedNow.has(normal(n)));
    const wanted = names.filter((n) => !installedNow.has(normal(n)));
    const already = satisfied
      .map((n) => `Requirement already satisfied: ${n} in ${host.sitePackages} (${installedNow.get(normal(n))![1]})\n`)
      .join("");
    if (wanted.length === 0) return ok(already);
    const { installed, delivery } = await host.installByName(wanted);
    if (delivery.unknown.length > 0) {
      const available = delivery.available ?? [];
      const listed =
        available.slice(0, LISTED_NAMES).join(", ") +
        (available.length > LISTED_NAMES ? `, … and ${available.length - LISTED_NAMES} more` : "");
      const name = delivery.unknown[0]!;
      return fail(
        `ERROR: Could not find a version that satisfies the requirement ${name} (from versions: none)\n` +
          `ERROR: No matching distribution found for ${name}\n` +
          `The sandbox has no network; packages come from the package source ${source}, which lists ${available.length}: ${listed}.\n` +
          `Other pure-Python packages: upload the wheel file and run pip install ./inputs/<file>.whl\n`,
      );
    }
    if (delivery.error) return fail(`${already}ERROR: could not install ${wanted.join(", ")}: ${delivery.error}\n`);
    const done = installed.map((w) => `${w.name}-${w.version}`);
    return ok(
      already +
        (done.length ? `Successfully installed ${done.join(" ")}\n` : wanted.map((n) => `Requirement already satisfied: ${n}\n`).join("")),
    );
  };

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
        return list(rest);
      case "freeze":
        return list(["--format=freeze"]);
      case "show":
        return show(rest.filter((a) => !a.startsWith("-")));
      case "install":
        break;
      default:
        return fail(`ERROR: unknown command "${sub}"\n${HELP}`);
    }

    const targets = rest.filter((a) => !a.startsWith("-"));
    if (rest.some((a) => a === "-r" || a === "--requirement" || a === "-e" || a === "--editable")) {
      return fail("ERROR: requirement files and editable installs are not supported offline; pass wheel files or package names.\n");
    }
    if (targets.length === 0) return fail('ERROR: You must give at least one requirement to install (see "pip help").\n');

    const installed: string[] = [];
    const names: string[] = [];
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
      if (/[/\\]|^\.|:\/\//.test(target)) {
        return fail(`ERROR: cannot install ${target}: only wheel files (.whl) and package names are supported offline.\n`);
      }
      names.push(target.replace(/[<>=!~;[].*$/, ""));
    }
    if (names.length === 0) return ok(`Successfully installed ${installed.join(" ")}\n`);
    const byName = await installByName(names);
    if (installed.length === 0 || byName.exitCode !== 0) return byName;
    return ok(byName.stdout.replace(/^Successfully installed /m, `Successfully installed ${installed.join(" ")} `));
  };
  return [defineCommand("pip", pip), defineCommand("pip3", pip)];
}

/** `python3 -m pip …` runs pip; every other invocation goes to `python`. */
export function withPipModule(python: Command, pip: Command): Command {
  return defineCommand(python.name, (args, ctx) => {
    const at = args.indexOf("-m");
    const leadingFlags = at >= 0 && args.slice(0, at).every((a) => /^-[BEsSIuqOv]+$/.test(a));
    if (leadingFlags && args[at + 1] === "pip") return pip.execute(args.slice(at + 2), ctx);
    return python.execute(args, ctx);
  });
}
