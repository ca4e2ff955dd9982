// The app's skills: every skill kept in this browser (IndexedDB, through SkillStore) and which
// ones are enabled for the conversation (at most 20, remembered in localStorage). The container
// mounts the enabled ones and the agent is given them; both ask this object.
import {
  type ANTHROPIC_SKILLS,
  SKILL_LIMITS,
  SkillStore,
  type AgentSkill,
  type ContainerStore,
  type LocalSkill,
  type SkillSummary,
} from "./package-api.ts";
import { readSkillZip } from "./skill-zip.ts";

const ENABLED_KEY = "code-exec-sandbox:enabled-skills";
/** How Anthropic's own skills (hosted engine only) are named in the enabled list; custom names cannot contain ":". */
const ANTHROPIC_PREFIX = "anthropic:";

export function anthropicEntry(skillId: (typeof ANTHROPIC_SKILLS)[number]): string {
  return `${ANTHROPIC_PREFIX}${skillId}`;
}

function readEnabled(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(ENABLED_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((name): name is string => typeof name === "string") : [];
  } catch {
    return [];
  }
}

export class SkillLibrary extends EventTarget {
  /** Every stored skill, by name; null until loaded. */
  skills: SkillSummary[] | null = null;
  enabled: string[] = readEnabled();
  /**
   * Loaded skills by name, kept as the same objects: the agent uploads a skill to the Skills API
   * once per object, so a new object per send would upload it again.
   */
  private readonly loaded = new Map<string, LocalSkill>();

  /** `store`: the session's ContainerStore, so skills live beside its containers (in memory for the widget). */
  constructor(private readonly containers: () => Promise<ContainerStore>) {
    super();
  }

  private storeOf: Promise<SkillStore> | null = null;
  private get store(): Promise<SkillStore> {
    this.storeOf ??= this.containers().then((containers) => new SkillStore(containers));
    return this.storeOf;
  }

  private changed(type: "change" | "enabled-change" = "change"): void {
    this.dispatchEvent(new Event(type));
  }

  async refresh(): Promise<void> {
    this.skills = await (await this.store).list();
    this.changed();
  }

  /** Reads, checks and stores a skill archive; throws an Error that says what is wrong. */
  async addZip(bytes: Uint8Array): Promise<SkillSummary> {
    const skill = readSkillZip(bytes);
    const summary = await (await this.store).put(skill);
    this.loaded.delete(skill.name);
    await this.refresh();
    // An enabled skill that was replaced must reach the container in its new form.
    if (this.enabled.includes(skill.name)) this.changed("enabled-change");
    return summary;
  }

  async remove(name: string): Promise<void> {
    await (await this.store).delete(name);
    this.loaded.delete(name);
    if (this.enabled.includes(name)) this.setEnabled(name, false);
    await this.refresh();
  }

  /** Enables or disables a skill; returns why it was refused, or null. */
  setEnabled(name: string, on: boolean): string | null {
    if (on === this.enabled.includes(name)) return null;
    if (on && this.enabled.length >= SKILL_LIMITS.perRequest) {
      return `At most ${SKILL_LIMITS.perRequest} skills can be enabled for a conversation (the API's limit per request). Disable one first.`;
    }
    this.enabled = on ? [...this.enabled, name] : this.enabled.filter((other) => other !== name);
    try {
      localStorage.setItem(ENABLED_KEY, JSON.stringify(this.enabled));
    } catch {}
    // Anthropic's skills are not mounted locally: the container needs no reopening for them.
    if (!name.startsWith(ANTHROPIC_PREFIX)) this.changed("enabled-change");
    this.changed();
    return null;
  }

  /** What the agent is given: the enabled skills, Anthropic's by id (the hosted engine uses them). */
  async agentSkills(): Promise<AgentSkill[]> {
    const anthropic = this.enabled
      .filter((entry) => entry.startsWith(ANTHROPIC_PREFIX))
      .map((entry): AgentSkill => ({ type: "anthropic", skill_id: entry.slice(ANTHROPIC_PREFIX.length), version: "latest" }));
    return [...anthropic, ...(await this.enabledSkills())];
  }

  /** The enabled skills with their files (the container mounts them), in the order they were enabled; deleted ones are left out. */
  async enabledSkills(): Promise<LocalSkill[]> {
    const skills: LocalSkill[] = [];
    for (const name of this.enabled) {
      if (name.startsWith(ANTHROPIC_PREFIX)) continue;
      let skill = this.loaded.get(name);
      if (!skill) {
        const stored = await (await this.store).get(name);
        if (!stored) continue;
        skill = { name: stored.name, description: stored.description, files: stored.data };
        this.loaded.set(name, skill);
      }
      skills.push(skill);
    }
    return skills;
  }
}
