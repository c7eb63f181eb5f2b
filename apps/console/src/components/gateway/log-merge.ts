import type { LogLine } from '../../api/commands';

/** Most lines the viewer keeps; older ones fall off the top while following. */
export const MAX_SHOWN_LOG_LINES = 5000;

const identity = (line: LogLine) => `${line.ts}\u0000${line.text}`;

/**
 * Adds the lines of a new `logs` answer to those shown. Following asks again with `since`
 * the newest time shown, so answers overlap; a line already shown (same time and text) is
 * kept once. Lines stay in time order (stable for equal times) and only the newest `max`
 * are kept.
 */
export function mergeLogLines(shown: readonly LogLine[], incoming: readonly LogLine[], max = MAX_SHOWN_LOG_LINES): LogLine[] {
  const seen = new Set(shown.map(identity));
  const fresh: LogLine[] = [];
  for (const line of incoming) {
    const key = identity(line);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(line);
  }
  if (fresh.length === 0) return shown.length > max ? shown.slice(-max) : [...shown];
  // Fixed-format UTC timestamps sort as strings; Array.prototype.sort is stable.
  const merged = [...shown, ...fresh].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  return merged.length > max ? merged.slice(-max) : merged;
}

/** Where the next follow request starts: the newest line shown (the gateway sends lines at or after it). */
export function followSince(lines: readonly LogLine[]): string | undefined {
  return lines.at(-1)?.ts;
}
