// One differential case: a bash command an agent might run, compared between real bash (the
// oracle: GNU bash, coreutils and Debian's tools) and the local container.
export interface DiffCase {
  /** Unique across the corpus; the known-mismatch table and the README refer to it. */
  name: string;
  /** Bash run first, in the same fresh folder, to make fixture files. Its output is not compared. */
  setup?: string;
  /** The command compared: stdout exactly, the return code exactly, stderr empty or not. */
  command: string;
  /** Why the case is shaped the way it is (for example, why a machine-dependent number is hidden). */
  note?: string;
}

/** One family of cases (one file), run in one container. */
export interface DiffFamily {
  family: string;
  cases: DiffCase[];
}
