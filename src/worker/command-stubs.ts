// Every command the shell knows gets a real file in /usr/bin (and /bin links to it, as on Debian
// with its merged /usr), so `which python3`, `command -v ls`, `ls /usr/bin`, Python's
// shutil.which and `#!/usr/bin/env python3` find what a Linux agent expects. just-bash runs a
// registered command when it is found as /usr/bin/<name> or /bin/<name>, so the stub's bytes are
// never executed. The files belong to the runtime: they are made at every boot, never stored.
import type { PyodideAPI } from "pyodide";

export const COMMAND_DIR = "/usr/bin";
/** Folders of command stubs, which the change tracker leaves out of the user's files. */
export const COMMAND_DIRS = [COMMAND_DIR, "/bin"];

const stub = (name: string) => `#!/bin/sh\n# ${name}: built into this container's shell\n`;

/** Makes /usr/bin and the /bin link; before the change tracker starts, so /usr is not a change. */
export function makeCommandDirs(FS: PyodideAPI["FS"]): void {
  FS.mkdirTree(COMMAND_DIR);
  if (!FS.analyzePath("/bin", false).exists) FS.symlink("usr/bin", "/bin");
}

export function installCommandStubs(FS: PyodideAPI["FS"], names: Iterable<string>): void {
  for (const name of names) {
    if (!/^[\w.+-]+$/.test(name)) continue;
    const path = `${COMMAND_DIR}/${name}`;
    if (FS.analyzePath(path, false).exists) continue;
    FS.writeFile(path, stub(name));
    FS.chmod(path, 0o755);
  }
}
