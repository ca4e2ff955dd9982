// Skills: add a skill as a .zip, see what is in it, enable it for the conversation (at most 20).
// Enabled skills are mounted read-only at /skills/<name>/ in the local container and handed to
// the agent (listed in the local system prompt, uploaded for the hosted tool). Everything shown
// comes from the skill's own text, rendered as text only.
import { LitElement, css, html, nothing } from "lit";
import { ANTHROPIC_SKILLS, SKILL_LIMITS, type SkillSummary } from "../state/package-api.ts";
import { ChangeController } from "../state/session-controller.ts";
import { anthropicEntry, type SkillLibrary } from "../state/skill-library.ts";
import { panel, shared } from "../styles/shared.ts";

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export class SkillsPanel extends LitElement {
  static override properties = {
    library: { attribute: false },
    notice: { state: true },
    busy: { state: true },
  };
  declare library: SkillLibrary | null;
  declare notice: { kind: "error" | "info"; text: string } | null;
  declare busy: boolean;
  private readonly changes = new ChangeController(this);

  constructor() {
    super();
    this.library = null;
    this.notice = null;
    this.busy = false;
  }

  static override styles = [
    shared,
    panel,
    css`
      ul.skills {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.5rem;
      }
      li.skill {
        border: 1px solid var(--border);
        border-radius: 8px;
        padding: 0.55rem 0.7rem;
        display: grid;
        gap: 0.35rem;
      }
      li.skill.enabled {
        border-color: var(--accent);
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .name {
        font-family: ui-monospace, monospace;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .description {
        margin: 0;
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
      details ul {
        margin: 0.3rem 0 0;
        padding-left: 1.1rem;
        font-family: ui-monospace, monospace;
        font-size: 0.85rem;
      }
      label.toggle {
        display: inline-flex;
        gap: 0.35rem;
        align-items: center;
      }
      .error {
        color: var(--bad);
      }
      .drop {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      fieldset.anthropic {
        border: 1px solid var(--border);
        border-radius: 8px;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1.2rem;
        padding: 0.5rem 0.8rem 0.7rem;
      }
      fieldset.anthropic legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      fieldset.anthropic legend .muted {
        font-weight: normal;
      }
      input[type="file"] {
        max-width: 16rem;
      }
    `,
  ];

  protected override willUpdate(): void {
    this.changes.observe(this.library);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.library
      ?.refresh()
      .catch((error: Error) => (this.notice = { kind: "error", text: `The skills could not be read: ${error.message}` }));
  }

  private async add(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file || !this.library) return;
    this.busy = true;
    this.notice = null;
    try {
      const skill = await this.library.addZip(new Uint8Array(await file.arrayBuffer()));
      this.notice = {
        kind: "info",
        text: `Added ${skill.name} (${skill.files.length} file${skill.files.length === 1 ? "" : "s"}, ${size(skill.size_bytes)}).`,
      };
    } catch (error) {
      this.notice = { kind: "error", text: `${file.name}: ${(error as Error).message}` };
    } finally {
      this.busy = false;
      input.value = "";
    }
  }

  private toggle(name: string, on: boolean, box: HTMLInputElement): void {
    const refused = this.library?.setEnabled(name, on) ?? null;
    if (refused) {
      box.checked = false;
      this.notice = { kind: "error", text: refused };
    } else {
      this.notice = null;
    }
  }

  private async deleteSkill(skill: SkillSummary): Promise<void> {
    if (!confirm(`Delete the skill ${skill.name} from this browser?`)) return;
    try {
      await this.library?.remove(skill.name);
    } catch (error) {
      this.notice = { kind: "error", text: (error as Error).message };
    }
  }

  protected override render() {
    const library = this.library;
    const skills = library?.skills ?? null;
    const enabled = library?.enabled ?? [];
    return html`
      <div class="bar">
        <strong>Skills</strong>
        <span class="muted" data-testid="skills-count">${enabled.length} of ${SKILL_LIMITS.perRequest} enabled</span>
        <span class="spacer"></span>
        <label class="drop">Add a skill (.zip)
          <input type="file" accept=".zip,application/zip" data-testid="skill-zip-input" ?disabled=${this.busy}
            @change=${(e: Event) => this.add(e.target as HTMLInputElement)} />
        </label>
      </div>
      <p class="muted">
        A skill is a folder with a SKILL.md whose frontmatter has a <code>name</code> and a <code>description</code>.
        Enabled skills are mounted read-only at <code>/skills/&lt;name&gt;/</code> in the local container, and Claude sees
        each one's name and description (hosted: they are uploaded through the Skills API and named in the request).
      </p>
      ${
        this.notice
          ? html`<div class=${this.notice.kind === "error" ? "error" : "muted"} role=${this.notice.kind === "error" ? "alert" : "status"} data-testid="skills-notice">${this.notice.text}</div>`
          : nothing
      }
      ${
        skills === null
          ? html`<p class="muted">Reading the skills…</p>`
          : skills.length === 0
            ? html`<p class="muted" data-testid="skills-empty">No skills yet.</p>`
            : html`<ul class="skills" data-testid="skill-list">
              ${skills.map((skill) => {
                const on = enabled.includes(skill.name);
                return html`<li class="skill ${on ? "enabled" : ""}" data-testid="skill-item" data-name=${skill.name}>
                  <div class="head">
                    <span class="name">${skill.name}</span>
                    <span class="muted">${size(skill.size_bytes)}</span>
                    <span class="spacer"></span>
                    <label class="toggle"><input type="checkbox" data-testid="skill-enabled" .checked=${on}
                      @change=${(e: Event) => this.toggle(skill.name, (e.target as HTMLInputElement).checked, e.target as HTMLInputElement)} />
                      Enabled for this conversation</label>
                    <button class="danger" @click=${() => this.deleteSkill(skill)}>Delete</button>
                  </div>
                  <p class="description">${skill.description}</p>
                  <details>
                    <summary>${skill.files.length} file${skill.files.length === 1 ? "" : "s"}</summary>
                    <ul data-testid="skill-files">
                      ${skill.files.map((file) => html`<li>${file.path} <span class="muted">(${size(file.size_bytes)})</span></li>`)}
                    </ul>
                  </details>
                </li>`;
              })}
            </ul>`
      }
      <fieldset class="anthropic">
        <legend>Anthropic's skills <span class="muted">(hosted engine only: they live in Anthropic's container)</span></legend>
        ${ANTHROPIC_SKILLS.map((id) => {
          const entry = anthropicEntry(id);
          return html`<label class="toggle"><input type="checkbox" data-testid="anthropic-skill" data-id=${id} .checked=${enabled.includes(entry)}
            @change=${(e: Event) => this.toggle(entry, (e.target as HTMLInputElement).checked, e.target as HTMLInputElement)} />
            <code>${id}</code></label>`;
        })}
      </fieldset>
    `;
  }
}
customElements.define("skills-panel", SkillsPanel);
