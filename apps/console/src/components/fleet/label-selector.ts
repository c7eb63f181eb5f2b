import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN } from '../../api/devices';

/*
 * The fleet's label filter: `key=value` terms that must all match, as `GET /devices`
 * takes them in repeated `label` parameters (ListDevicesQuerySchema).
 */

export type SelectorParse = { ok: true; selectors: string[] } | { ok: false; error: string };

/** One `key=value` term, normalised (spaces around the parts removed), or why it is not one. */
export function parseSelectorTerm(term: string): { ok: true; selector: string } | { ok: false; error: string } {
  const text = term.trim();
  const at = text.indexOf('=');
  if (at === -1) return { ok: false, error: `"${text}" needs the form key=value, e.g. site=berlin` };
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  if (key === '') return { ok: false, error: `"${text}" has no key before "="` };
  if (!LABEL_KEY_PATTERN.test(key)) return { ok: false, error: `the key "${key}" may only hold letters, digits, ".", "_", "/" or "-", starting with a letter or digit` };
  if (!LABEL_VALUE_PATTERN.test(value)) return { ok: false, error: `the value "${value}" may only hold letters, digits, ".", "_" or "-", starting and ending with a letter or digit` };
  return { ok: true, selector: `${key}=${value}` };
}

/** Reads `site=berlin, tier=edge` (commas or spaces between terms); the first bad term fails the whole text. */
export function parseSelectorText(text: string): SelectorParse {
  const terms = text
    .replace(/\s*=\s*/g, '=')
    .split(/[\s,]+/)
    .map((term) => term.trim())
    .filter((term) => term !== '');
  if (terms.length === 0) return { ok: false, error: 'type a label as key=value, e.g. site=berlin' };
  const selectors: string[] = [];
  for (const term of terms) {
    const parsed = parseSelectorTerm(term);
    if (!parsed.ok) return parsed;
    selectors.push(parsed.selector);
  }
  return { ok: true, selectors };
}

/**
 * Adds terms to a filter. A term for a key already filtered replaces it: a gateway has one
 * value per key, so two terms on one key could never both match.
 */
export function addSelectors(current: readonly string[], added: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const selector of [...current, ...added]) byKey.set(selector.slice(0, selector.indexOf('=')), selector);
  return [...byKey.values()];
}
