import { parseDuration } from '../duration.js';
import type { PathSegment } from '../issues.js';
import { showValue } from '../issues.js';
import type { Healthcheck } from '../schema.js';
import { HealthcheckSchema } from '../schema.js';
import type { ImportContext } from './context.js';

const keys = new Set(['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable']);

const durations: [string, 'intervalMs' | 'timeoutMs' | 'startPeriodMs' | 'startIntervalMs'][] = [
  ['interval', 'intervalMs'],
  ['timeout', 'timeoutMs'],
  ['start_period', 'startPeriodMs'],
  ['start_interval', 'startIntervalMs'],
];

function composeDuration(value: unknown, at: PathSegment[], ctx: ImportContext): number | undefined {
  // A bare number has no unit in compose (is 30 seconds or nanoseconds?), so ask for one.
  if (typeof value === 'number') {
    ctx.error(at, `${showValue(value)} needs a unit (e.g. "${value}s")`);
    return undefined;
  }
  const read = parseDuration(value);
  if (!read.ok) ctx.error(at, read.message);
  return read.ok ? read.value : undefined;
}

/** Reads a compose `healthcheck:`; `disable: true` becomes the test `["NONE"]`. */
export function importHealthcheck(value: unknown, at: PathSegment[], ctx: ImportContext): Healthcheck | null | undefined {
  const map = ctx.map(value, at);
  if (!map) return undefined;
  ctx.checkKeys(map, at, keys);
  if (map.disable !== undefined && ctx.bool(map.disable, [...at, 'disable']) === true) {
    return HealthcheckSchema.parse({ test: ['NONE'] });
  }
  const check: Record<string, unknown> = {};
  if (typeof map.test === 'string') {
    check.test = ['CMD-SHELL', map.test];
  } else if (map.test !== undefined) {
    const test = ctx.strings(map.test, [...at, 'test']);
    if (test === undefined) return undefined;
    check.test = test;
  } else {
    check.test = [];
  }
  for (const [key, field] of durations) {
    if (map[key] === undefined) continue;
    const ms = composeDuration(map[key], [...at, key], ctx);
    if (ms === undefined) return undefined;
    check[field] = ms;
  }
  if (map.retries !== undefined) {
    const retries = ctx.integer(map.retries, [...at, 'retries']);
    if (retries === undefined) return undefined;
    check.retries = retries;
  }
  const parsed = HealthcheckSchema.safeParse(check);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'test');
      const key = durations.find(([, f]) => f === field)?.[0] ?? field;
      ctx.error([...at, key], issue.message);
    }
    return undefined;
  }
  return parsed.data;
}
