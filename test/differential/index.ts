// Every family of the differential corpus. A new family: one file here, one line below.
import type { DiffFamily } from "./case.ts";
import { archives } from "./archives.ts";
import { data } from "./data.ts";
import { exploring } from "./exploring.ts";
import { python } from "./python.ts";
import { pythonShell } from "./python-shell.ts";
import { shell } from "./shell.ts";
import { system } from "./system.ts";
import { text } from "./text.ts";

export const FAMILIES: DiffFamily[] = [exploring, text, shell, archives, data, system, pythonShell, python];
