// The worker's side of package loading. Before a program runs, it asks Python which of the
// modules the program imports cannot be found; if any, it asks the page (the trusted loader,
// see src/packages/source.ts) for the lock packages that provide them, and installs the checked
// bytes exactly as Pyodide's loadPackage does, shared libraries included. The worker never
// fetches: it has no network, and it only ever names modules.
import type { PyodideAPI } from "pyodide";
import type { PackageDelivery, PackageWheel } from "../protocol/channel.ts";
import type { ChangeTracker } from "./change-tracker.ts";
import type { HostChannel } from "./host-channel.ts";
import { PACKAGES_MODULE_NAME, PACKAGES_PY } from "./packages-py.ts";
import { SANDBOX_MODULE_DIR } from "../shared/snapshot-key.ts";

interface PackagesModule {
  missing_imports(source: string): { toJs(): string[]; destroy(): void };
  after_install(): void;
  show(name: string): { toJs(): Array<[string, string]>; destroy(): void } | undefined;
  in_cell: boolean;
}

/** Pyodide's private installer (the one loadPackage uses per wheel); the version is pinned. */
interface PyodideInternals {
  _api: {
    install(bytes: Uint8Array, fileName: string, installDir: string, metadata: Map<string, string>): Promise<void>;
    package_loader: { get_install_dir(target: string): string };
  };
}

// Cheap test before any Python runs: code without the word cannot import anything.
const MAY_IMPORT = /\bimport\b|__import__/;

export interface InstallOutcome {
  installed: PackageWheel[];
  delivery: PackageDelivery;
}

export class WorkerPackages {
  private module: PackagesModule | null = null;
  /** Lock names installed in this worker (a new worker loads them again on import). */
  private readonly installed = new Set<string>();

  constructor(
    private readonly pyodide: PyodideAPI,
    private readonly host: HostChannel,
    private readonly tracker: ChangeTracker,
    /** Where packages come from, for messages; null: no source, nothing is asked. */
    readonly source: string | null,
  ) {}

  private py(): PackagesModule {
    if (!this.module) {
      this.pyodide.FS.writeFile(`${SANDBOX_MODULE_DIR}/${PACKAGES_MODULE_NAME}.py`, PACKAGES_PY);
      this.module = this.pyodide.pyimport(PACKAGES_MODULE_NAME) as unknown as PackagesModule;
    }
    return this.module;
  }

  /**
   * Installs what `source` imports from the package source, before it runs. Returns a message
   * for stderr when a package could not be loaded (the import then fails as usual), else null.
   */
  async prepareFor(source: string): Promise<string | null> {
    if (this.source === null || !MAY_IMPORT.test(source)) return null;
    const found = this.py().missing_imports(source);
    const missing = found.toJs();
    found.destroy();
    return missing.length === 0 ? null : this.loadModules(missing);
  }

  /** Same for `python3 -m module`. */
  async prepareForModule(module: string): Promise<string | null> {
    if (this.source === null) return null;
    const top = module.split(".")[0]!;
    const probe = this.py().missing_imports(`import ${top}`);
    const missing = probe.toJs();
    probe.destroy();
    return missing.length === 0 ? null : this.loadModules(missing);
  }

  private async loadModules(modules: string[]): Promise<string | null> {
    const delivery = await this.host.request("packages", { imports: modules, names: [], installed: [...this.installed] });
    if (delivery.error) return `[sandbox: ${delivery.error}]\n`;
    await this.install(delivery.wheels);
    return null;
  }

  /** `pip install <name>…`: the wheels installed, and the page's answer. */
  async installByName(names: string[]): Promise<InstallOutcome> {
    const delivery = await this.host.request("packages", { imports: [], names, installed: [...this.installed] });
    if (delivery.error || delivery.unknown.length > 0) return { installed: [], delivery };
    await this.install(delivery.wheels);
    return { installed: delivery.wheels, delivery };
  }

  /** Whether `name` (a lock name) was installed from the package source in this worker. */
  has(name: string): boolean {
    return this.installed.has(name);
  }

  private async install(wheels: PackageWheel[]): Promise<void> {
    if (wheels.length === 0) return;
    const api = (this.pyodide as unknown as PyodideInternals)._api;
    const metadata = new Map([
      ["INSTALLER", "pyodide.loadPackage"],
      ["PYODIDE_SOURCE", this.source ?? ""],
    ]);
    await this.tracker.untracked(async () => {
      for (const wheel of wheels) {
        await api.install(wheel.bytes, wheel.fileName, api.package_loader.get_install_dir(wheel.installDir), metadata);
        this.installed.add(wheel.name);
      }
    });
    this.py().after_install();
  }

  /** pip show's fields, or undefined when `name` is not installed. */
  show(name: string): Array<[string, string]> | undefined {
    const proxy = this.py().show(name);
    if (!proxy) return undefined;
    try {
      return proxy.toJs();
    } finally {
      proxy.destroy();
    }
  }

  /** Marks a code_execution cell as running (plt.show() saves figures only there). */
  setInCell(inCell: boolean): void {
    if (this.module) this.module.in_cell = inCell;
  }
}
