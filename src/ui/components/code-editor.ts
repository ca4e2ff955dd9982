// The code editor: CodeMirror 6 with Python or shell highlighting, CodeMirror's own history,
// newline-and-indent and Tab handling, plus the console's keys (run, history of runs).
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { EditorSelection, EditorState, Compartment, type Extension } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers, placeholder } from "@codemirror/view";
import { StreamLanguage, bracketMatching, defaultHighlightStyle, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { shell } from "@codemirror/legacy-modes/mode/shell";
import { oneDark } from "@codemirror/theme-one-dark";
import { LitElement, css } from "lit";

export type EditorLanguage = "bash" | "python";

export class CodeEditor extends LitElement {
  static override properties = {
    language: {},
    dark: { type: Boolean },
    readOnly: { type: Boolean, attribute: "read-only" },
    label: {},
    testId: { attribute: "input-test-id" },
  };
  declare language: EditorLanguage;
  declare dark: boolean;
  declare readOnly: boolean;
  declare label: string;
  declare testId: string;

  private view: EditorView | null = null;
  private pendingValue = "";
  private readonly languageSlot = new Compartment();
  private readonly themeSlot = new Compartment();
  private readonly readOnlySlot = new Compartment();

  constructor() {
    super();
    this.language = "python";
    this.dark = false;
    this.readOnly = false;
    this.label = "Code";
    this.testId = "";
  }

  static override styles = css`
    :host {
      display: block;
      border: 1px solid var(--border);
      border-radius: 8px;
      overflow: hidden;
      background: var(--bg);
    }
    :host(:focus-within) {
      outline: 2px solid var(--accent);
      outline-offset: 1px;
    }
    .cm-editor {
      min-height: var(--editor-min-height, 7.5rem);
      max-height: var(--editor-max-height, 24rem);
      font-size: 0.9rem;
    }
    .cm-editor.cm-focused {
      outline: none;
    }
    .cm-scroller {
      font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
      overflow: auto;
    }
  `;

  get value(): string {
    return this.view ? this.view.state.doc.toString() : this.pendingValue;
  }

  set value(text: string) {
    if (!this.view) {
      this.pendingValue = text;
      return;
    }
    if (text === this.value) return;
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: text },
      selection: EditorSelection.cursor(text.length),
    });
  }

  override focus(): void {
    this.view?.focus();
  }

  private languageExtension(): Extension {
    return this.language === "bash" ? StreamLanguage.define(shell) : python();
  }

  private themeExtension(): Extension {
    return this.dark ? oneDark : syntaxHighlighting(defaultHighlightStyle);
  }

  private emit(name: string, detail?: unknown): boolean {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    return true;
  }

  protected override firstUpdated(): void {
    const root = this.renderRoot as ShadowRoot;
    const contentAttributes: Record<string, string> = { "aria-label": this.label, "aria-multiline": "true" };
    if (this.testId) contentAttributes["data-testid"] = this.testId;
    this.view = new EditorView({
      root,
      parent: root,
      state: EditorState.create({
        doc: this.pendingValue,
        extensions: [
          lineNumbers(),
          drawSelection(),
          highlightActiveLine(),
          bracketMatching(),
          placeholder("Type code, then press Ctrl+Enter"),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of(contentAttributes),
          history(),
          indentUnit.of("    "),
          // The console's own keys first, so they win over CodeMirror's defaults.
          keymap.of([
            { key: "Mod-Enter", run: () => this.emit("run"), preventDefault: true },
            { key: "Shift-Enter", run: () => this.emit("run"), preventDefault: true },
            { key: "Alt-ArrowUp", run: () => this.emit("history", -1) },
            { key: "Alt-ArrowDown", run: () => this.emit("history", 1) },
            ...defaultKeymap,
            ...historyKeymap,
            indentWithTab,
          ]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) this.emit("change", update.state.doc.toString());
          }),
          this.languageSlot.of(this.languageExtension()),
          this.themeSlot.of(this.themeExtension()),
          this.readOnlySlot.of([EditorState.readOnly.of(this.readOnly), EditorView.editable.of(!this.readOnly)]),
        ],
      }),
    });
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    const view = this.view;
    if (!view) return;
    const effects = [];
    if (changed.has("language")) effects.push(this.languageSlot.reconfigure(this.languageExtension()));
    if (changed.has("dark")) effects.push(this.themeSlot.reconfigure(this.themeExtension()));
    if (changed.has("readOnly")) {
      effects.push(this.readOnlySlot.reconfigure([EditorState.readOnly.of(this.readOnly), EditorView.editable.of(!this.readOnly)]));
    }
    if (effects.length > 0) view.dispatch({ effects });
  }
}
customElements.define("code-editor", CodeEditor);
