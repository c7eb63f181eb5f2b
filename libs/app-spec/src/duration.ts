import { showValue } from './issues.js';
import type { QuantityResult } from './quantity.js';

const HINT = '(use a Go-style duration such as 30s, 1m30s, 1h2m or 500ms)';

// Nanoseconds per unit, as Go's time.ParseDuration (which compose and dockerd use) reads them.
const unitNs: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

// µ and μ escaped: one non-ASCII character in a bundle makes V8 hold its whole source at two bytes a character.
const term = /(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/** Reads a duration as whole milliseconds: `1m30s`, `1h2m`, `500ms`, `0`, or a number of milliseconds. */
export function parseDuration(input: unknown): QuantityResult {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) {
      return { ok: false, message: `${showValue(input)} is not a duration: a number of milliseconds must be a whole number, 0 or more` };
    }
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') {
    return { ok: false, message: `${showValue(input)} is not a duration ${HINT}` };
  }
  const text = input.trim();
  if (text === '0') return { ok: true, value: 0 };
  if (text === '') return { ok: false, message: `an empty string is not a duration ${HINT}` };
  let totalNs = 0n;
  term.lastIndex = 0;
  while (term.lastIndex < text.length) {
    const start = term.lastIndex;
    const match = term.exec(text);
    if (!match || match.index !== start) {
      return { ok: false, message: `${showValue(input)} is not a duration ${HINT}` };
    }
    const whole = match[1] ?? '';
    const fraction = match[2] ?? '';
    if (whole === '' && fraction === '') {
      return { ok: false, message: `${showValue(input)} is not a duration ${HINT}` };
    }
    const perUnit = unitNs[match[3] ?? ''] ?? 0n;
    const scale = 10n ** BigInt(fraction.length);
    totalNs += (BigInt(`${whole}${fraction}` || '0') * perUnit) / scale;
  }
  if (totalNs % 1_000_000n !== 0n) {
    return { ok: false, message: `${showValue(input)} is finer than a millisecond; Gantry keeps durations in whole milliseconds` };
  }
  const ms = totalNs / 1_000_000n;
  if (ms > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, message: `${showValue(input)} is too long a duration` };
  }
  return { ok: true, value: Number(ms) };
}

const parts: [string, number][] = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/** Writes milliseconds the way Go and compose read them (`90000` -> `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of parts) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
