/**
 * The JSON editors (the pack and the case): CodeMirror 6 with JSON syntax,
 * schema completion and hover, and the studio's findings as diagnostics.
 *
 * @module
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { schemaCompletion, schemaHover, type Schema } from "./schema-assist.js";

/** A located problem to show in the editor. */
export interface EditorFinding {
  readonly line: number;
  readonly column: number;
  readonly severity: "error" | "warning";
  readonly message: string;
}

/** A JSON editor. */
export interface JsonEditor {
  readonly view: EditorView;
  /** Replaces the whole text (not reported to `onChange`). */
  setText(text: string): void;
  text(): string;
  showFindings(findings: readonly EditorFinding[]): void;
  /** Moves the cursor to a line and column and focuses the editor. */
  goTo(line: number, column: number): void;
}

/** Options of a JSON editor. */
export interface EditorOptions {
  readonly parent: HTMLElement;
  readonly text: string;
  readonly label: string;
  readonly schema: () => Schema;
  readonly onChange: (text: string) => void;
  readonly testId: string;
  /** The editor's height (CSS length). */
  readonly height: string;
}

/**
 * The editor's own look. CodeMirror's styles are mounted in a shadow root,
 * where they are constructed style sheets: a strict CSP (no inline <style>)
 * allows those, while it refuses the <style> element CodeMirror would add to
 * the document.
 */
function look(height: string) {
  return EditorView.theme({
    "&": { height, fontSize: "13px", backgroundColor: "#fff" },
    ".cm-scroller": { fontFamily: '"Noto Sans Mono CJK SC", "DejaVu Sans Mono", ui-monospace, monospace', lineHeight: "1.45" },
    ".cm-gutters": { backgroundColor: "#f4f6f9", color: "#4a5263", borderRight: "1px solid #d5d9e0" },
    ".cm-activeLine": { backgroundColor: "#f2f7ff" },
    ".cm-activeLineGutter": { backgroundColor: "#e3ecf9" },
    "&.cm-focused": { outline: "3px solid #f0a400" },
    ".cm-tooltip": { maxWidth: "30rem", fontFamily: "system-ui, sans-serif" },
    ".schema-hover": { padding: "0.3rem 0.5rem", fontSize: "0.85rem" },
    ".schema-hover .meta": { color: "#4a5263" },
    ".schema-hover p": { margin: "0.2rem 0 0" },
  });
}

/** Creates a JSON editor in `parent`. */
export function createJsonEditor(options: EditorOptions): JsonEditor {
  let silent = false;
  const shadow = options.parent.attachShadow({ mode: "open" });
  const view = new EditorView({
    root: shadow,
    parent: shadow,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        json(),
        look(options.height),
        lintGutter(),
        autocompletion({ override: [schemaCompletion(options.schema)] }),
        schemaHover(options.schema),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap]),
        EditorView.domEventHandlers({
          // Text inserted in one piece (a dictation, an input tool, an automated fill) goes in as one
          // change: left to the browser, a long text with line breaks is edited line by line, slowly.
          beforeinput(event, view) {
            const data = event.data;
            if (
              (event.inputType !== "insertText" && event.inputType !== "insertReplacementText") ||
              !data ||
              (data.length < 64 && !data.includes("\n"))
            )
              return false;
            event.preventDefault();
            view.dispatch(view.state.replaceSelection(data), { scrollIntoView: true, userEvent: "input.type" });
            return true;
          },
        }),
        EditorView.contentAttributes.of({ "aria-label": options.label, "data-testid": options.testId }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !silent) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  // The scroller takes focus too (a scrollable region must be reachable by keyboard), then Tab goes to the text.
  view.scrollDOM.tabIndex = 0;
  const offsetOf = (line: number, column: number) => {
    const doc = view.state.doc;
    const at = doc.line(Math.max(1, Math.min(doc.lines, line)));
    return Math.min(at.to, at.from + Math.max(0, column - 1));
  };
  return {
    view,
    setText(text) {
      if (text === view.state.doc.toString()) return;
      silent = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      } finally {
        silent = false;
      }
    },
    text: () => view.state.doc.toString(),
    showFindings(findings) {
      const diagnostics: Diagnostic[] = findings.map((finding) => {
        const from = offsetOf(finding.line, finding.column);
        const line = view.state.doc.lineAt(from);
        return { from, to: Math.max(from, line.to), severity: finding.severity, message: finding.message };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    goTo(line, column) {
      const at = offsetOf(line, column);
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      view.focus();
    },
  };
}
