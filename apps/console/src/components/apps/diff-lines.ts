/** One line of a unified diff, classified for colouring. */
export interface DiffLine {
  kind: 'added' | 'removed' | 'hunk' | 'header' | 'context';
  text: string;
}

/**
 * Splits the controller's unified diff of two canonical manifests into lines to colour.
 * The `---`/`+++` file headers and `Index:`/`===` lines are told apart from removed and
 * added lines that happen to start with the same characters by their place before the
 * first hunk.
 */
export function diffLines(unified: string): DiffLine[] {
  if (unified.trim() === '') return [];
  const lines = unified.replace(/\n$/, '').split('\n');
  let isInHunk = false;
  return lines
    .filter((line) => line !== '\\ No newline at end of file')
    .map((text): DiffLine => {
      if (text.startsWith('@@')) {
        isInHunk = true;
        return { kind: 'hunk', text };
      }
      if (!isInHunk) return { kind: 'header', text };
      if (text.startsWith('+')) return { kind: 'added', text };
      if (text.startsWith('-')) return { kind: 'removed', text };
      return { kind: 'context', text };
    });
}

/** A changed value as one short line, for the per-field list of a diff. */
export function showDiffValue(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
