// A patch to just-bash 3.4.2, applied after install (npm's postinstall), to be offered upstream:
// an executable script whose `#!` line names an interpreter other than a shell runs through that
// interpreter, as the kernel would do it: `./tool.py a b` with `#!/usr/bin/env python3` becomes
// `python3 ./tool.py a b`. just-bash runs every script as bash, whatever its first line says.
//
// The bundles are minified, so the patch matches the exact code of the pinned version, and fails
// loudly if that code is not there (a just-bash upgrade must redo it, or drop it once upstream).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const MARKER = "/*shebang-interpreter-patch*/";
// The user-script runner: read the file (or fail with 127), then drop the #! line.
const SITE =
  /(\.fs\.readFile\((\w+)\)\}catch\{return \w+\(`bash: \$\{\2\}: No such file or directory\n`,127\)\})if\((\w+)\.startsWith\("#!"\)\)\{let (\w+)=\3\.indexOf\(`\n`\);\4!==-1&&\(\3=\3\.slice\(\4\+1\)\)\}/g;

function replacement(_match, readPart, _path, text, newline) {
  // `#!/usr/bin/env [-flags] name args` or `#!/path/name args`: a shell keeps the old behaviour.
  return (
    `${readPart}${MARKER}if(${text}.startsWith("#!")){let ${newline}=${text}.indexOf(\`\\n\`),` +
    `__w=(${newline}===-1?${text}.slice(2):${text}.slice(2,${newline})).trim().split(/\\s+/),` +
    `__a=__w[0]&&__w[0].split("/").pop()==="env"?__w.slice(1).filter(a=>!a.startsWith("-")):__w,` +
    `__n=(__a[0]||"").split("/").pop();` +
    `if(__n&&!/^(ba|da|k|z)?sh$/.test(__n)&&/^[\\w.+-]+$/.test(__n)&&__a.slice(1).every(a=>/^[\\w.,=+-]+$/.test(a)))` +
    `${text}=[__n,...__a.slice(1)].join(" ")+' "$0" "$@"';` +
    `else ${newline}!==-1&&(${text}=${text}.slice(${newline}+1))}`
  );
}

let root;
try {
  // Its exports map hides package.json: go up from the entry, dist/bundle/index.cjs.
  root = join(dirname(createRequire(import.meta.url).resolve("just-bash")), "..", "..");
} catch {
  console.warn("patch-just-bash: just-bash is not installed here; nothing to patch");
  process.exit(0);
}
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
if (version !== "3.4.2") throw new Error(`patch-just-bash: written for just-bash 3.4.2, found ${version}: redo or drop the patch`);
for (const file of ["index.js", "index.cjs", "browser.js"]) {
  const path = join(root, "dist", "bundle", file);
  const source = readFileSync(path, "utf8");
  if (source.includes(MARKER)) continue;
  let count = 0;
  const patched = source.replace(SITE, (...args) => {
    count++;
    return replacement(...args);
  });
  if (count !== 1) throw new Error(`patch-just-bash: expected one script runner in ${file}, found ${count}`);
  writeFileSync(path, patched);
}
