// CodeMirror 6 over the lesson's <textarea>: loaded only on the editor page,
// only in the browser (progressive enhancement — without JavaScript the plain
// textarea posts the same form). The textarea stays the source of truth for
// the form: every change is copied back into it.
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { markdown } from "@codemirror/lang-markdown";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorSelection, EditorState } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";

export interface MountedEditor {
  insert(text: string): void;
  goTo(line: number, column: number): void;
  destroy(): void;
}

export function mountEditor(textarea: HTMLTextAreaElement, handlers: { onChange: (text: string) => void; onBlur: () => void }): MountedEditor {
  const parent = document.createElement("div");
  parent.className = "cm-host";
  textarea.insertAdjacentElement("afterend", parent);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle),
        markdown(),
        EditorView.lineWrapping,
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ "aria-label": textarea.getAttribute("aria-label") ?? "Nội dung bài học", spellcheck: "true", lang: "vi" }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          handlers.onChange(textarea.value);
        }),
        EditorView.domEventHandlers({ blur: () => handlers.onBlur() }),
      ],
    }),
  });
  textarea.hidden = true;
  return {
    insert(text) {
      const range = view.state.selection.main;
      view.dispatch({ changes: { from: range.from, to: range.to, insert: text }, selection: EditorSelection.cursor(range.from + text.length) });
      view.focus();
    },
    goTo(line, column) {
      const l = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
      const pos = Math.min(l.from + Math.max(column - 1, 0), l.to);
      view.dispatch({ selection: EditorSelection.cursor(pos), scrollIntoView: true });
      view.focus();
    },
    destroy() {
      view.destroy();
      parent.remove();
      textarea.hidden = false;
    },
  };
}
