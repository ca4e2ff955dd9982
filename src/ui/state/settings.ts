// User settings. Everything but the API key lives in localStorage; the key stays in memory, or in
// sessionStorage (this tab only) when the user asks for it, and is only ever handed to the SDK.
import type { Limits } from "./package-api.ts";

export type EngineChoice = "hosted" | "local" | "auto";
/** "default": what the model's capabilities call for (the agent asks the Models API). */
export type ToolVersionChoice = "default" | "code_execution_20250825" | "code_execution_20260120" | "code_execution_20260521";

/** The choices the settings and the widget offer, in the order shown. */
export const TOOL_VERSION_CHOICES: ReadonlyArray<{ value: ToolVersionChoice; label: string }> = [
  { value: "default", label: "default: from the model's capabilities (20250825 when unknown)" },
  { value: "code_execution_20250825", label: "code_execution_20250825" },
  { value: "code_execution_20260120", label: "code_execution_20260120" },
  { value: "code_execution_20260521", label: "code_execution_20260521" },
];

/** The agent's toolVersion option for a choice: undefined lets the agent decide. */
export function agentToolVersion(choice: ToolVersionChoice): Exclude<ToolVersionChoice, "default"> | undefined {
  return choice === "default" ? undefined : choice;
}

export type ThemeChoice = "system" | "light" | "dark";

export interface Settings {
  engine: EngineChoice;
  baseURL: string;
  model: string;
  toolVersion: ToolVersionChoice;
  limits: Partial<Limits>;
  theme: ThemeChoice;
  /** Keep the key in sessionStorage so a reload of this tab keeps it. */
  rememberKey: boolean;
  /** Where Python packages come from: "default", "none" or a folder URL (see package-source.ts). */
  packageSource: string;
}

export const DEFAULT_SETTINGS: Settings = {
  engine: "local",
  baseURL: "https://api.anthropic.com",
  model: "claude-sonnet-5",
  toolVersion: "default",
  limits: {},
  theme: "system",
  rememberKey: false,
  packageSource: "default",
};

const SETTINGS_KEY = "code-exec-sandbox:settings";
const KEY_KEY = "code-exec-sandbox:api-key";

function readJson(storage: Storage | undefined, key: string): unknown {
  try {
    const raw = storage?.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null; // private mode or corrupt JSON: defaults are fine
  }
}

function safeStorage(name: "localStorage" | "sessionStorage"): Storage | undefined {
  try {
    return globalThis[name];
  } catch {
    return undefined; // sandboxed iframes throw on access
  }
}

export class SettingsStore extends EventTarget {
  private current: Settings;
  private key: string;

  private readonly persist: boolean;

  /** `persist: false` (the widget) keeps everything in memory: a host page's storage is not ours. */
  constructor(options: { persist?: boolean; initial?: Partial<Settings> } = {}) {
    super();
    this.persist = options.persist ?? true;
    const saved = this.persist ? (readJson(safeStorage("localStorage"), SETTINGS_KEY) as Partial<Settings> | null) : null;
    this.current = { ...DEFAULT_SETTINGS, ...(saved ?? {}), ...(options.initial ?? {}) };
    this.current.limits = { ...(this.current.limits ?? {}) };
    this.key = this.persist && this.current.rememberKey ? (safeStorage("sessionStorage")?.getItem(KEY_KEY) ?? "") : "";
  }

  get value(): Readonly<Settings> {
    return this.current;
  }

  get apiKey(): string {
    return this.key;
  }

  update(patch: Partial<Settings>): void {
    this.current = { ...this.current, ...patch };
    if (!this.persist) {
      this.dispatchEvent(new Event("change"));
      return;
    }
    try {
      safeStorage("localStorage")?.setItem(SETTINGS_KEY, JSON.stringify(this.current));
    } catch {}
    this.persistKey();
    this.dispatchEvent(new Event("change"));
  }

  setApiKey(key: string): void {
    this.key = key.trim();
    this.persistKey();
    this.dispatchEvent(new Event("change"));
  }

  private persistKey(): void {
    if (!this.persist) return;
    const session = safeStorage("sessionStorage");
    try {
      if (this.current.rememberKey && this.key) session?.setItem(KEY_KEY, this.key);
      else session?.removeItem(KEY_KEY);
    } catch {}
  }
}
