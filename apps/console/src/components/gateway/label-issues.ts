import type { FieldIssue } from '../../lib/api';
import type { LabelRow, LabelRowErrors } from '../enrollment/label-rows';

/**
 * Places the controller's label issues (`labels.<key>`) beside the row of that key: on the
 * key input when the key itself was refused, else on the value. Issues of no row are
 * returned to be shown above the form.
 */
export function rowErrorsFromIssues(rows: readonly LabelRow[], issues: readonly FieldIssue[]): { rowErrors: LabelRowErrors[]; unplaced: FieldIssue[] } {
  const rowErrors: LabelRowErrors[] = rows.map(() => ({}));
  const unplaced: FieldIssue[] = [];
  for (const issue of issues) {
    const match = /^(?:body\.)?labels\.(.+)$/.exec(issue.path);
    const index = match === null ? -1 : rows.findIndex((row) => row.key.trim() === match[1]);
    const errors = rowErrors[index];
    if (errors === undefined) unplaced.push(issue);
    else if (/\bkey\b/i.test(issue.message)) errors.key = issue.message;
    else errors.value = issue.message;
  }
  return { rowErrors, unplaced };
}

/** The rows of a label set, in key order, with one blank row to type into when there are none. */
export function rowsFromLabels(labels: Record<string, string>): LabelRow[] {
  const rows = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value }));
  return rows.length === 0 ? [{ key: '', value: '' }] : rows;
}
