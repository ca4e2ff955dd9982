// Syntax highlighting for code shown in blocks: highlight.js core with only the languages the
// tool speaks, so the bundle stays small.
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";

hljs.registerLanguage("bash", bash);
hljs.registerLanguage("python", python);
hljs.registerLanguage("json", json);
hljs.registerAliases(["sh", "shell", "console"], { languageName: "bash" });
hljs.registerAliases(["py", "python3"], { languageName: "python" });

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Highlighted HTML for `code` (escaped text when the language is unknown). */
export function highlightToHtml(code: string, language: string): string {
  const lang = language.toLowerCase();
  if (lang && hljs.getLanguage(lang)) return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  return escapeHtml(code);
}

/** A language guess from a file path, for the editor's file_text and view content. */
export function languageForPath(path: string): string {
  if (/\.py$/i.test(path)) return "python";
  if (/\.(sh|bash)$/i.test(path)) return "bash";
  if (/\.json$/i.test(path)) return "json";
  return "";
}
