'use client';

import { yaml } from '@codemirror/lang-yaml';
import { forceLinting, lintGutter, linter, type Diagnostic } from '@codemirror/lint';
import { EditorSelection } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import CodeMirror, { type ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef } from 'react';
import { IssueList } from './issue-list';
import { issueMarks, type EditorIssue } from './manifest-check';

interface ManifestEditorProps {
  value: string;
  onChange: (text: string) => void;
  /** What is wrong with `value`, shown at its line and listed under the editor. */
  issues: readonly EditorIssue[];
  /** Names the editor for screen readers, e.g. "Manifest (YAML)". */
  label: string;
}

/** A YAML editor with line numbers whose issues appear in the gutter, at their line and in a list below. */
export function ManifestEditor({ value, onChange, issues, label }: ManifestEditorProps) {
  const editor = useRef<ReactCodeMirrorRef>(null);
  const current = useRef(issues);

  useEffect(() => {
    current.current = issues;
    const view = editor.current?.view;
    if (view !== undefined) forceLinting(view);
  }, [issues]);

  // Built once: a new extensions array makes CodeMirror reconfigure and lose its state.
  const extensions = useMemo(
    () => [
      yaml(),
      // The issues are computed by the form from the same text; the linter only places them.
      linter((view): Diagnostic[] => issueMarks(view.state.doc.toString(), current.current), { delay: 150 }),
      lintGutter(),
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ],
    [label],
  );

  const jumpTo = (line: number) => {
    const view = editor.current?.view;
    if (view === undefined) return;
    const target = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
    view.dispatch({ selection: EditorSelection.cursor(target.from), effects: EditorView.scrollIntoView(target.from, { y: 'center' }) });
    view.focus();
  };

  const hasErrors = issues.some((issue) => issue.severity === 'error');
  return (
    <div className="manifest-editor">
      <div className={hasErrors ? 'editor editor-invalid' : 'editor'}>
        <CodeMirror ref={editor} value={value} onChange={onChange} extensions={extensions} minHeight="320px" maxHeight="60vh" basicSetup={{ foldGutter: true, highlightActiveLine: true }} />
      </div>
      <IssueList issues={issues} onSelect={jumpTo} />
    </div>
  );
}
