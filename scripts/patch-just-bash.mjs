// Patches to just-bash 3.4.2, applied after install (npm's postinstall), each to be offered upstream.
// The bundles are minified, so each patch matches the exact code of the pinned version, and fails
// loudly if that code is not there (a just-bash upgrade must redo them, or drop them once upstream).
// A patch is one entry of PATCHES: a marker (so a second run changes nothing), the site it rewrites,
// how many sites each bundle has, and the rewrite.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// An executable script whose `#!` line names an interpreter other than a shell runs through that
// interpreter, as the kernel would do it: `./tool.py a b` with `#!/usr/bin/env python3` becomes
// `python3 ./tool.py a b`. just-bash runs every script as bash, whatever its first line says.
const shebangInterpreter = {
  marker: "/*shebang-interpreter-patch*/",
  // The user-script runner: read the file (or fail with 127), then drop the #! line.
  site: /(\.fs\.readFile\((\w+)\)\}catch\{return \w+\(`bash: \$\{\2\}: No such file or directory\n`,127\)\})if\((\w+)\.startsWith\("#!"\)\)\{let (\w+)=\3\.indexOf\(`\n`\);\4!==-1&&\(\3=\3\.slice\(\4\+1\)\)\}/g,
  sites: 1,
  rewrite(marker, _match, readPart, _path, text, newline) {
    // `#!/usr/bin/env [-flags] name args` or `#!/path/name args`: a shell keeps the old behaviour.
    return (
      `${readPart}${marker}if(${text}.startsWith("#!")){let ${newline}=${text}.indexOf(\`\\n\`),` +
      `__w=(${newline}===-1?${text}.slice(2):${text}.slice(2,${newline})).trim().split(/\\s+/),` +
      `__a=__w[0]&&__w[0].split("/").pop()==="env"?__w.slice(1).filter(a=>!a.startsWith("-")):__w,` +
      `__n=(__a[0]||"").split("/").pop();` +
      `if(__n&&!/^(ba|da|k|z)?sh$/.test(__n)&&/^[\\w.+-]+$/.test(__n)&&__a.slice(1).every(a=>/^[\\w.,=+-]+$/.test(a)))` +
      `${text}=[__n,...__a.slice(1)].join(" ")+' "$0" "$@"';` +
      `else ${newline}!==-1&&(${text}=${text}.slice(${newline}+1))}`
    );
  },
};

// An observer of the interpreter's progress, so a host can show a command's output while the
// script still runs (just-bash only returns output once the whole script is done). When the shell
// state carries `nodeObserver`, each statement, pipeline and command calls
// `token = nodeObserver.enter(node, state)` before it runs and `nodeObserver.leave(token, result, error)`
// after (`result` when it returned, `error` when it threw). Without one, nothing changes.
// Interpreter methods keep their names in the bundles, so the site is the method's head.
const nodeObserver = {
  marker: "/*node-observer-patch*/",
  site: /async (executeStatement|executePipeline|executeCommand)\(/g,
  sites: 3,
  rewrite(marker, _match, method) {
    const inner = `${method}Unobserved`;
    return (
      `${marker}async ${method}(...a){let o=this.ctx.state.nodeObserver;if(!o)return this.${inner}(...a);` +
      `let k=o.enter(a[0],this.ctx.state),r;try{r=await this.${inner}(...a)}catch(e){o.leave(k,void 0,e);throw e}o.leave(k,r);return r}` +
      `async ${inner}(`
    );
  },
};

const PATCHES = [shebangInterpreter, nodeObserver];

let root;
try {
  // Its exports map hides package.json: go up from the entry, dist/bundle/index.cjs.
  root = join(dirname(createRequire(import.meta.url).resolve("just-bash")), "..", "..");
} catch {
  console.warn("patch-just-bash: just-bash is not installed here; nothing to patch");
  process.exit(0);
}
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
if (version !== "3.4.2") throw new Error(`patch-just-bash: written for just-bash 3.4.2, found ${version}: redo or drop the patches`);
for (const file of ["index.js", "index.cjs", "browser.js"]) {
  const path = join(root, "dist", "bundle", file);
  let source = readFileSync(path, "utf8");
  for (const patch of PATCHES) {
    if (source.includes(patch.marker)) continue;
    let count = 0;
    source = source.replace(patch.site, (...args) => {
      count++;
      return patch.rewrite(patch.marker, ...args);
    });
    if (count !== patch.sites)
      throw new Error(`patch-just-bash: expected ${patch.sites} site(s) of ${patch.marker} in ${file}, found ${count}`);
  }
  writeFileSync(path, source);
}
