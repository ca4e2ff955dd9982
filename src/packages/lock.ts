// A package source's `pyodide-lock.json`, in Pyodide's own format: what it lists, which import
// names each package provides, and the dependency closure of a request. The lock is the whole
// allow-list: nothing it does not name is ever fetched.

export interface LockEntry {
  name: string;
  version: string;
  file_name: string;
  /** Lower-case hex sha256 of the file. */
  sha256: string;
  /** "site" (a Python package) or "dynlib" (a shared library). */
  install_dir: string;
  imports: string[];
  depends: string[];
  package_type?: string;
}

export interface PackageLock {
  info?: Record<string, unknown>;
  packages: Record<string, LockEntry>;
}

/** PEP 503 normalisation, as lock keys and pip spell distribution names. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** Checks the lock's shape; a malformed lock is refused as a whole, with the reason. */
export function parseLock(text: string, where: string): PackageLock {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  const packages = (data as { packages?: unknown })?.packages;
  if (typeof packages !== "object" || packages === null) throw new Error(`${where} has no "packages" table`);
  for (const [key, entry] of Object.entries(packages as Record<string, Partial<LockEntry>>)) {
    const ok =
      typeof entry?.file_name === "string" &&
      typeof entry.version === "string" &&
      typeof entry.sha256 === "string" &&
      /^[0-9a-f]{64}$/i.test(entry.sha256) &&
      Array.isArray(entry.depends) &&
      Array.isArray(entry.imports);
    if (!ok) throw new Error(`${where}: the entry for ${JSON.stringify(key)} lacks file_name, version, sha256, imports or depends`);
    entry.name ??= key;
    entry.install_dir ??= "site";
  }
  return data as PackageLock;
}

/** The lock entry for a distribution name as a user types it (pip), or undefined. */
export function entryNamed(lock: PackageLock, name: string): LockEntry | undefined {
  const wanted = normalizeName(name);
  if (lock.packages[wanted]) return lock.packages[wanted];
  return Object.values(lock.packages).find((entry) => normalizeName(entry.name) === wanted);
}

/** The lock key of the package that provides top-level module `module`, or undefined. */
export function keyForImport(lock: PackageLock, module: string): string | undefined {
  for (const [key, entry] of Object.entries(lock.packages)) if (entry.imports.includes(module)) return key;
  return undefined;
}

/** `keys` and everything they depend on, dependencies first, without the `skip` ones. */
export function closure(lock: PackageLock, keys: string[], skip: ReadonlySet<string>): LockEntry[] {
  const ordered: LockEntry[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const normal = normalizeName(key);
    if (seen.has(normal)) return;
    seen.add(normal);
    const entry = lock.packages[normal] ?? entryNamed(lock, key);
    if (!entry) throw new Error(`the lock lists ${key} as a dependency but has no entry for it`);
    for (const dep of entry.depends) visit(dep);
    if (!skip.has(normalizeName(entry.name))) ordered.push(entry);
  };
  for (const key of keys) visit(key);
  return ordered;
}
