// Agent Skills: a folder with a SKILL.md whose frontmatter names and describes it. This module
// checks a skill against the hosted API's rules (so a skill that works locally also uploads), and
// turns a set of skills into what each engine needs: `container.skills` for the hosted tool, a
// list of names and descriptions for the local agent's system prompt.
import type Anthropic from "@anthropic-ai/sdk";
import { toFile } from "@anthropic-ai/sdk";
import type { BetaSkillParams } from "@anthropic-ai/sdk/resources/beta/messages/messages";

/** The hosted API's limits for custom skills and for one request. */
export const SKILL_LIMITS = {
  nameChars: 64,
  descriptionChars: 1024,
  totalBytes: 30 * 1024 * 1024,
  perRequest: 20,
} as const;

/** The beta that `container.skills` and the Skills API need. */
export const SKILLS_BETA = "skills-2025-10-02";

/** Anthropic's own skills, referenced by id on the hosted engine. */
export const ANTHROPIC_SKILLS = ["pptx", "xlsx", "docx", "pdf"] as const;

/**
 * A skill whose files the application holds: mounted read-only at /skills/<name>/ in a local
 * container, uploaded through the Skills API for the hosted engine.
 */
export interface LocalSkill {
  name: string;
  description: string;
  /** Paths relative to the skill's folder ("SKILL.md", "scripts/fill.py") and their bytes. */
  files: Record<string, Uint8Array>;
}

/** What an agent can be given: a skill with its files, or a hosted skill by id (Anthropic's or uploaded). */
export type AgentSkill = LocalSkill | BetaSkillParams;

export function isLocalSkill(skill: AgentSkill): skill is LocalSkill {
  return typeof (skill as LocalSkill).files === "object" && (skill as LocalSkill).files !== null;
}

const NAME_PATTERN = /^[a-z0-9-]+$/;
const RESERVED_WORDS = ["anthropic", "claude"];

/** Why `name` cannot be a skill name, or null when it can. */
export function invalidSkillName(name: string): string | null {
  if (name.length === 0) return "the name is empty";
  if (name.length > SKILL_LIMITS.nameChars) return `the name has ${name.length} characters; at most ${SKILL_LIMITS.nameChars} are allowed`;
  if (!NAME_PATTERN.test(name)) return `the name "${name}" may only contain lowercase letters, digits and hyphens`;
  const reserved = RESERVED_WORDS.find((word) => name.includes(word));
  if (reserved) return `the name "${name}" contains the reserved word "${reserved}"`;
  return null;
}

/**
 * The `name` and `description` of a SKILL.md's YAML frontmatter. Only the flat `key: value` form
 * (with optional quotes) is read: that is all the two fields need, and a full YAML parser would
 * be a large dependency for two strings.
 */
export function parseFrontmatter(text: string): Record<string, string> | null {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  if (!match) return null;
  const fields: Record<string, string> = {};
  for (const line of (match[1] ?? "").split(/\r?\n/)) {
    const field = /^([A-Za-z_][\w-]*):[ \t]*(.*)$/.exec(line);
    if (!field) continue;
    let value = (field[2] ?? "").trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) value = value.slice(1, -1);
    fields[field[1]!] = value;
  }
  return fields;
}

/** Normalises a path inside a skill folder; null for one that would leave it. */
function skillPath(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") return null;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join("/") : null;
}

/**
 * Checks a skill folder and reads its name and description. `files` may be the folder's contents
 * or an archive's, where every path starts with the one top-level folder (as the Skills API wants
 * uploads); that folder is stripped. Throws an Error that says what is wrong.
 */
export function skillFromFiles(input: Record<string, Uint8Array>): LocalSkill {
  const entries: Array<[string, Uint8Array]> = [];
  let total = 0;
  for (const [raw, data] of Object.entries(input)) {
    if (raw.endsWith("/")) continue; // a folder entry of an archive
    const path = skillPath(raw);
    if (path === null) throw new Error(`The skill has a file outside its folder: ${raw}`);
    total += data.byteLength;
    entries.push([path, data]);
  }
  if (total > SKILL_LIMITS.totalBytes) {
    throw new Error(
      `The skill is ${(total / 1024 / 1024).toFixed(1)} MB; at most ${SKILL_LIMITS.totalBytes / 1024 / 1024} MB are allowed.`,
    );
  }
  // One top-level folder holding SKILL.md: the archive form. Strip it.
  const tops = new Set(entries.map(([path]) => path.split("/")[0]));
  const [top] = tops;
  const hasRootSkill = entries.some(([path]) => path === "SKILL.md");
  const files: Record<string, Uint8Array> = {};
  for (const [path, data] of entries) {
    const inside = !hasRootSkill && tops.size === 1 && top !== undefined && path.startsWith(`${top}/`) ? path.slice(top.length + 1) : path;
    files[inside] = data;
  }
  const skillMd = files["SKILL.md"];
  if (!skillMd) throw new Error("The skill has no SKILL.md at the top of its folder.");
  const frontmatter = parseFrontmatter(new TextDecoder().decode(skillMd));
  if (!frontmatter) throw new Error("SKILL.md must start with a frontmatter block (--- name: … description: … ---).");
  const name = frontmatter["name"] ?? "";
  const description = frontmatter["description"] ?? "";
  if (!frontmatter["name"]) throw new Error("SKILL.md's frontmatter has no name.");
  const badName = invalidSkillName(name);
  if (badName) throw new Error(`SKILL.md's frontmatter: ${badName}.`);
  if (description === "") throw new Error("SKILL.md's frontmatter has no description.");
  if (description.length > SKILL_LIMITS.descriptionChars) {
    throw new Error(`SKILL.md's description has ${description.length} characters; at most ${SKILL_LIMITS.descriptionChars} are allowed.`);
  }
  return { name, description, files };
}

/** Why this set of skills cannot go into one request, or null. */
export function invalidSkillSet(skills: readonly AgentSkill[]): string | null {
  if (skills.length > SKILL_LIMITS.perRequest)
    return `${skills.length} skills are enabled; a request takes at most ${SKILL_LIMITS.perRequest}`;
  const names = skills.map((skill) => (isLocalSkill(skill) ? skill.name : skill.skill_id));
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  return twice ? `the skill "${twice}" is enabled twice` : null;
}

/** The local agent's system prompt section: what the hosted API adds for the skills of a request. */
export function skillsSystemNote(skills: readonly AgentSkill[]): string | null {
  const local = skills.filter(isLocalSkill);
  if (local.length === 0) return null;
  return [
    "Skills are installed read-only in /skills. Each is a folder with a SKILL.md that says how to use it. " +
      "When a task matches a skill's description, read /skills/<name>/SKILL.md first (for example with cat) and follow it.",
    ...local.map((skill) => `- ${skill.name}: ${skill.description}`),
  ].join("\n");
}

/**
 * Uploads of each skill object, per account (base URL and key): every Skills API upload creates a
 * skill in the account, so a skill is uploaded once per page and account, not once per
 * conversation. A failed upload is forgotten, so the next send tries again.
 */
const uploads = new WeakMap<LocalSkill, Map<string, Promise<BetaSkillParams>>>();

export function uploadedSkill(client: Anthropic, skill: LocalSkill, signal?: AbortSignal): Promise<BetaSkillParams> {
  const account = `${client.baseURL}\n${client.apiKey ?? ""}`;
  let byAccount = uploads.get(skill);
  if (!byAccount) {
    byAccount = new Map();
    uploads.set(skill, byAccount);
  }
  let upload = byAccount.get(account);
  if (!upload) {
    const started = uploadSkill(client, skill, signal);
    byAccount.set(account, started);
    started.catch(() => byAccount.delete(account));
    upload = started;
  }
  return upload;
}

/**
 * Uploads a local skill through the Skills API; the upload is one folder named after the skill.
 * Returns the reference to put in `container.skills`.
 */
async function uploadSkill(client: Anthropic, skill: LocalSkill, signal?: AbortSignal): Promise<BetaSkillParams> {
  const files = await Promise.all(Object.entries(skill.files).map(([path, data]) => toFile(data, `${skill.name}/${path}`)));
  const created = await client.beta.skills.create(
    { files, display_name: skill.name, betas: [SKILLS_BETA] },
    signal ? { signal } : undefined,
  );
  return { type: "custom", skill_id: created.id, version: "latest" };
}
