import { parseSelector } from '@gantry/fleet';

/** What the selector field shows: fine, or where and why the text cannot be a selector. */
export type SelectorCheck = { ok: true; isEmpty: boolean } | { ok: false; position: number; message: string };

export const MAX_SELECTOR_LENGTH = 1024;

/**
 * Checks a selector with the controller's own parser (`@gantry/fleet`), so the form and
 * the API can never disagree. The parser's message repeats the whole text; beside the
 * field only the reason and position are useful.
 */
export function checkSelector(text: string): SelectorCheck {
  if (text.length > MAX_SELECTOR_LENGTH) return { ok: false, position: MAX_SELECTOR_LENGTH + 1, message: `at most ${MAX_SELECTOR_LENGTH} characters` };
  const parsed = parseSelector(text);
  if (parsed.ok) return { ok: true, isEmpty: parsed.selector.length === 0 };
  const prefix = `selector ${JSON.stringify(text)}: `;
  const message = parsed.error.message.startsWith(prefix) ? parsed.error.message.slice(prefix.length) : parsed.error.message;
  return { ok: false, position: parsed.error.position, message };
}
