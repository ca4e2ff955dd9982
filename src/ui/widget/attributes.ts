// The widget's attributes, each with the values it accepts and its default. A value outside them
// is reported once on the console and the default is used, so a typo never changes behaviour
// silently (language="ruby" running Python, read-only="false" making it read-only).
import { CONTAINER_ID_PATTERN } from "../../store/ids.ts";
import { TOOL_VERSION_CHOICES } from "../state/settings.ts";

const TAG = "<code-exec-sandbox>";

interface Rule<T> {
  /** The value an attribute string stands for, or undefined when it is not valid. */
  parse(raw: string): T | undefined;
  /** What is valid, for the warning. */
  expected: string;
  fallback: T;
}

const oneOf = <T extends string>(values: readonly T[], fallback: T): Rule<T> => ({
  parse: (raw) => ((values as readonly string[]).includes(raw.trim().toLowerCase()) ? (raw.trim().toLowerCase() as T) : undefined),
  expected: values.map((v) => `"${v}"`).join(", "),
  fallback,
});

/** A boolean attribute: present (empty or "true") is true; "false" is false. */
const flag = (fallback: boolean): Rule<boolean> => ({
  parse: (raw) => (raw === "" || raw.toLowerCase() === "true" ? true : raw.toLowerCase() === "false" ? false : undefined),
  expected: `no value, "true" or "false"`,
  fallback,
});

export const ATTRIBUTE_RULES = {
  engine: oneOf(["local", "hosted", "auto"] as const, "local"),
  language: oneOf(["python", "bash"] as const, "python"),
  theme: oneOf(["light", "dark", "system"] as const, "system"),
  "tool-version": oneOf(
    TOOL_VERSION_CHOICES.map((choice) => choice.value),
    "default",
  ),
  "read-only": flag(false),
  persist: flag(true),
  "container-id": {
    parse: (raw: string) => (CONTAINER_ID_PATTERN.test(raw.trim()) ? raw.trim() : undefined),
    expected: `"container_" followed by 24 letters or digits`,
    fallback: "",
  } satisfies Rule<string>,
  "pyodide-url": {
    parse: (raw: string) => {
      try {
        return new URL(raw, document.baseURI).href;
      } catch {
        return undefined;
      }
    },
    expected: "a URL of a folder with Pyodide's files",
    fallback: "",
  } satisfies Rule<string>,
  "package-index-url": {
    // The Python package source: "none", "default", or a folder URL (see package-source.ts).
    parse: (raw: string) => {
      const value = raw.trim();
      if (/^(none|default)$/i.test(value)) return value.toLowerCase();
      try {
        return new URL(value, document.baseURI).href;
      } catch {
        return undefined;
      }
    },
    expected: `"none", "default" or the URL of a folder with a pyodide-lock.json`,
    fallback: "default",
  } satisfies Rule<string>,
  height: {
    // "360" means pixels; any other CSS length is used as it is.
    parse: (raw: string) => {
      const value = raw.trim();
      if (/^\d+(\.\d+)?$/.test(value)) return `${value}px`;
      return CSS.supports("height", value) ? value : undefined;
    },
    expected: "a number of pixels or a CSS length",
    fallback: "",
  } satisfies Rule<string>,
} as const;

type Rules = typeof ATTRIBUTE_RULES;
export type AttributeName = keyof Rules;
export type AttributeValue<N extends AttributeName> = Rules[N]["fallback"];

/** The value of attribute `name` (null: absent, the default), warning about an invalid one. */
export function readAttribute<N extends AttributeName>(name: N, raw: string | null): AttributeValue<N> {
  const rule = ATTRIBUTE_RULES[name] as unknown as Rule<AttributeValue<N>>;
  if (raw === null) return rule.fallback;
  const value = rule.parse(raw);
  if (value !== undefined) return value;
  console.warn(
    `${TAG}: ${name}=${JSON.stringify(raw)} is not valid (expected ${rule.expected}); using the default${rule.fallback === "" ? "" : ` ${JSON.stringify(rule.fallback)}`}.`,
  );
  return rule.fallback;
}

/** A Lit property converter that checks the attribute against its rule. */
export function checked<N extends AttributeName>(name: N) {
  return { fromAttribute: (raw: string | null) => readAttribute(name, raw) };
}
