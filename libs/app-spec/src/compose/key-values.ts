import type { PathSegment } from '../issues.js';
import { showValue } from '../issues.js';
import { entriesOf, isRecord } from '../records.js';
import type { ImportContext } from './context.js';

/** How to treat an entry that names a key but gives no value (`KEY` or `KEY:`). */
type Missing = 'unset' | 'empty';

/**
 * Reads compose's "list or map" form used by environment, labels and sysctls:
 * `["KEY=VAL", "KEY"]` or `{KEY: VAL, KEY: null}`.
 */
export function importKeyValues(
  value: unknown,
  at: PathSegment[],
  ctx: ImportContext,
  missing: Missing,
  separator = '=',
): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  const put = (key: string, item: string | null, where: PathSegment[]) => {
    if (key === '') {
      ctx.error(where, 'an entry needs a name before the =');
      return;
    }
    if (key in out) ctx.warn(where, `${key} is given more than once; the last one wins`);
    if (item !== null) {
      out[key] = item;
    } else if (missing === 'empty') {
      out[key] = '';
    } else {
      // Compose would take the value from the shell that runs it; a gateway has none.
      delete out[key];
      ctx.warn(where, `${key} has no value; compose would take it from the shell, which a gateway does not have, so it is left unset`);
    }
  };
  if (Array.isArray(value)) {
    value.forEach((entry: unknown, index) => {
      const where = [...at, index];
      const text = ctx.text(entry, where, `a "KEY${separator}VALUE" string`);
      if (text === undefined) return;
      const cut = text.indexOf(separator);
      put(cut < 0 ? text : text.slice(0, cut), cut < 0 ? null : text.slice(cut + 1), where);
    });
  } else if (isRecord(value)) {
    for (const [key, item] of entriesOf(value)) {
      const where = [...at, key];
      if (item === null || item === undefined) put(key, null, where);
      else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') put(key, String(item), where);
      else ctx.error(where, `${showValue(item)} is not a value (use text, a number or true/false)`);
    }
  } else {
    ctx.error(at, `expected a list of "KEY${separator}VALUE" or a map, got ${showValue(value)}`);
  }
  return out;
}

/** Reads `extra_hosts` as a list (`host:ip`, `host=ip`) or a map, into `host:ip` entries. */
export function importExtraHosts(value: unknown, at: PathSegment[], ctx: ImportContext): string[] {
  if (isRecord(value)) {
    const hosts = importKeyValues(value, at, ctx, 'empty');
    return Object.entries(hosts).map(([host, ip]) => `${host}:${ip}`);
  }
  const items = ctx.strings(value, at) ?? [];
  return items.map((item) => {
    const eq = item.indexOf('=');
    return eq >= 0 ? `${item.slice(0, eq)}:${item.slice(eq + 1)}` : item;
  });
}
