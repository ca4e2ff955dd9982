// The only normalisation the suite applies. Everything else must match byte for byte.
//  1. The oracle's temporary folder is written as /workspace (the container's working folder).
//  2. Python's version number: "Python 3.11.2" / "python3.11" on either side become
//     "Python 3.X" / "python3.X" (Debian's CPython and Pyodide's differ on purpose).
export const NORMALISATION = [
  "the oracle's temporary folder path is replaced by /workspace",
  'Python version numbers ("Python 3.11.2", "python3.11") become "Python 3.X", "python3.X" on both sides',
];

export function normaliseOracle(text: string, dir: string): string {
  return normalisePython(text.split(dir).join("/workspace"));
}

export function normalisePython(text: string): string {
  return text.replace(/\b(Python |python)3\.\d+(\.\d+)?\b/g, "$13.X");
}
