/*
 * The key=value list a user edits to give new gateways their first labels. The rules are
 * the controller's LabelsSchema (libs/protocol enrollment.ts): the Kubernetes label charset.
 */

export interface LabelRow {
  key: string;
  value: string;
}

/** What is wrong with one row, by field, for showing beside the inputs. */
export interface LabelRowErrors {
  key?: string;
  value?: string;
}

export type LabelsResult =
  | { ok: true; labels: Record<string, string> }
  | { ok: false; rowErrors: LabelRowErrors[]; message?: string };

export const MAX_LABELS = 64;

const KEY = /^[a-zA-Z0-9][a-zA-Z0-9._/-]{0,62}$/;
const VALUE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?)?$/;

function isBlank(row: LabelRow): boolean {
  return row.key.trim() === '' && row.value.trim() === '';
}

function rowErrors(row: LabelRow, seen: ReadonlySet<string>): LabelRowErrors {
  const key = row.key.trim();
  const value = row.value.trim();
  const errors: LabelRowErrors = {};
  if (key === '') errors.key = 'a label needs a key';
  else if (!KEY.test(key)) errors.key = 'use 1-63 letters, digits, ".", "_", "/" or "-", starting with a letter or digit';
  else if (seen.has(key)) errors.key = `"${key}" is already set above`;
  if (!VALUE.test(value)) errors.value = 'use at most 63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit';
  return errors;
}

/** Checks every row and builds the labels object; blank rows are ignored, an empty value is allowed. */
export function labelsFromRows(rows: readonly LabelRow[]): LabelsResult {
  const seen = new Set<string>();
  const errors: LabelRowErrors[] = [];
  const labels: Record<string, string> = {};
  let isValid = true;
  for (const row of rows) {
    if (isBlank(row)) {
      errors.push({});
      continue;
    }
    const found = rowErrors(row, seen);
    errors.push(found);
    if (found.key !== undefined || found.value !== undefined) isValid = false;
    else labels[row.key.trim()] = row.value.trim();
    seen.add(row.key.trim());
  }
  if (!isValid) return { ok: false, rowErrors: errors };
  if (Object.keys(labels).length > MAX_LABELS) return { ok: false, rowErrors: errors, message: `at most ${MAX_LABELS} labels` };
  return { ok: true, labels };
}

/**
 * Reads pasted `site=berlin, tier=edge` (commas, spaces or new lines between pairs) as rows,
 * so labels copied from a selector or a CLI line need not be typed again. Returns undefined
 * for text without a `=`, which is an ordinary key being pasted.
 */
export function rowsFromText(text: string): LabelRow[] | undefined {
  if (!text.includes('=')) return undefined;
  return text
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map((part) => {
      const at = part.indexOf('=');
      return at === -1 ? { key: part, value: '' } : { key: part.slice(0, at), value: part.slice(at + 1) };
    });
}
